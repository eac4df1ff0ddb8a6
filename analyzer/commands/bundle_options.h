// Flags and arguments shared by the commands that read bundles (verify, ingest).
#pragma once

#include <filesystem>
#include <vector>

#include "analyzer/bundle/archive_reader.h"
#include "analyzer/commands/arguments.h"

namespace kubeproof {

// --max-entries, --max-member-bytes, --max-total-bytes.
std::vector<OptionSpec> ArchiveLimitOptions();
Status ApplyArchiveLimits(const Arguments& args, ArchiveLimits* limits);

// Bundle files named directly, and the *.tar.gz / *.tgz / *.tar.zst files of named directories,
// each directory's in name order. Plain strings: a run may name tens of thousands.
Result<std::vector<std::string>> ExpandBundlePaths(const std::vector<std::string>& words);

// Parses a non-negative decimal number for a flag.
Result<std::uint64_t> ParseCount(const std::string& flag, const std::string& text);

}  // namespace kubeproof
