// YAML read from untrusted text within DocumentLimits into yaml-cpp's nodes. yaml-cpp builds,
// copies and frees nodes recursively and without a useful bound, so libyaml's events are scanned
// first: size, depth, nodes and repeated keys are checked before yaml-cpp sees the text.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "analyzer/documents/document_limits.h"
#include "common/status.h"

namespace kubeproof {

// Reads every document's events without building anything. Errors: Status::Limit naming the
// bound passed (size, depth, nodes); Status::Corrupt for malformed YAML or a key repeated in one
// mapping, with its line.
Status CheckYamlLimits(std::string_view text, const DocumentLimits& limits);

// The first document of `text`, after CheckYamlLimits. Errors: Status::Limit naming the bound passed; Status::Corrupt for
// malformed YAML or a key repeated in one mapping, with its line.
Result<YAML::Node> LoadYamlDocument(std::string_view text, const DocumentLimits& limits);

}  // namespace kubeproof
