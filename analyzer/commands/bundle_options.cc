#include "analyzer/commands/bundle_options.h"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace kubeproof {
namespace {

bool IsBundleName(const std::string& name) {
  for (std::string_view suffix : {".tar.gz", ".tgz", ".tar.zst"}) {
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
  }
  return false;
}

}  // namespace

std::vector<OptionSpec> ArchiveLimitOptions() {
  return {
      {"max-entries", true, false, "refuse bundles with more archive entries (default 20000)", "N"},
      {"max-member-bytes", true, false, "refuse a member larger than N bytes decompressed (default 32 MiB)", "N"},
      {"max-total-bytes", true, false, "refuse bundles larger than N bytes decompressed (default 128 MiB)", "N"},
  };
}

Result<std::uint64_t> ParseCount(const std::string& flag, const std::string& text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Status::InvalidArgument("--" + flag + " wants a whole number, not '" + text + "'");
  }
  return value;
}

Status ApplyArchiveLimits(const Arguments& args, ArchiveLimits* limits) {
  struct Target {
    const char* flag;
    std::uint64_t* value;
  };
  std::uint64_t entries = limits->max_entries;
  for (Target t : {Target{"max-entries", &entries}, Target{"max-member-bytes", &limits->max_member_bytes},
                   Target{"max-total-bytes", &limits->max_total_bytes}}) {
    if (auto text = args.Get(t.flag)) {
      auto value = ParseCount(t.flag, *text);
      if (!value.ok()) return value.status();
      *t.value = *value;
    }
  }
  limits->max_entries = static_cast<std::size_t>(entries);
  return Status::Ok();
}

Result<std::vector<std::string>> ExpandBundlePaths(const std::vector<std::string>& words) {
  std::vector<std::string> paths;
  for (const auto& word : words) {
    std::error_code ec;
    if (!std::filesystem::is_directory(word, ec)) {
      paths.emplace_back(word);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(word, ec)) {
      if (IsBundleName(entry.path().filename().string())) found.push_back(entry.path().string());
    }
    if (ec) return Status::IoError("cannot list " + word + ": " + ec.message());
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return paths;
}

}  // namespace kubeproof
