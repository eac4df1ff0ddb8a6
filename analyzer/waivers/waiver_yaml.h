// The entries of a YAML waiver file, read straight from libyaml's events: a fleet's file of
// 150,000 waivers never becomes a tree of nodes.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "analyzer/documents/document_limits.h"
#include "common/status.h"

namespace kubeproof {

// One waiver as written: key -> text, a null value as "".
using WaiverEntry = std::map<std::string, std::string>;

// Receives each entry as it is read, in file order; an error stops the reading.
using WaiverEntryVisitor = std::function<Status(WaiverEntry&&)>;

// Visits the waivers of the first document: a list of maps, or a map whose only key `waivers`
// holds that list (null or empty for none). Errors name `origin` and, for an entry, its number.
Status ReadYamlWaiverEntries(std::string_view text, const DocumentLimits& limits, const std::string& origin,
                             const WaiverEntryVisitor& visit);

}  // namespace kubeproof
