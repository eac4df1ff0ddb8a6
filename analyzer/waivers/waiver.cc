#include "analyzer/waivers/waiver.h"

#include <fstream>
#include <map>
#include <set>

#include "analyzer/documents/json_document.h"
#include "analyzer/waivers/waiver_yaml.h"

namespace kubeproof {
namespace {

const std::set<std::string> kRequiredKeys = {"check", "justification", "approved_by", "expires"};
const std::set<std::string> kKnownKeys = {"check",         "benchmark",   "cluster", "nodes",
                                          "justification", "approved_by", "expires"};

// Room for a fleet's waivers, one entry per node and check (150,000 short entries); anything
// near these bounds is a mistake or an attack.
const DocumentLimits kWaiverLimits{32 << 20, 64, 2'000'000};

Result<Waiver> MakeWaiver(const WaiverEntry& entry, const std::string& origin) {
  for (const auto& [key, value] : entry) {
    if (kKnownKeys.count(key) == 0) return Status::InvalidArgument(origin + ": unknown key " + key);
  }
  for (const auto& key : kRequiredKeys) {
    auto it = entry.find(key);
    if (it == entry.end() || it->second.empty()) return Status::InvalidArgument(origin + ": " + key + " is required");
  }
  Waiver w;
  w.origin = origin;
  w.check = entry.at("check");
  w.justification = entry.at("justification");
  w.approved_by = entry.at("approved_by");
  w.expires = entry.at("expires");
  if (!IsIsoDate(w.expires)) return Status::InvalidArgument(origin + ": expires must be a date YYYY-MM-DD, not " + w.expires);
  for (auto [key, slot] : {std::pair{"benchmark", &w.benchmark}, {"cluster", &w.cluster}, {"nodes", &w.nodes}}) {
    auto it = entry.find(key);
    if (it == entry.end()) continue;
    if (it->second.empty()) return Status::InvalidArgument(origin + ": " + key + " is empty; leave it out to mean any");
    *slot = it->second;
  }
  return w;
}

Status JsonEntries(std::string_view text, const std::string& origin, const WaiverEntryVisitor& visit) {
  auto document = ParseJsonDocument(text, kWaiverLimits);
  if (!document.ok()) return Status::InvalidArgument(origin + ": " + document.status().message());
  const nlohmann::json& root = *document;
  const nlohmann::json empty = nlohmann::json::array();
  const nlohmann::json* list = &root;
  if (root.is_object()) {
    for (const auto& [key, value] : root.items()) {
      if (key != "waivers") return Status::InvalidArgument(origin + ": unknown top-level key " + key);
    }
    auto waivers = root.find("waivers");
    list = waivers == root.end() ? &empty : &*waivers;
  }
  if (!list->is_array()) return Status::InvalidArgument(origin + ": expected a list of waivers, or an object with the key waivers");
  size_t index = 0;
  for (const auto& item : *list) {
    ++index;
    std::string where = origin + " entry " + std::to_string(index);
    if (!item.is_object()) return Status::InvalidArgument(where + ": a waiver is an object");
    WaiverEntry entry;
    for (const auto& [key, value] : item.items()) {
      if (!value.is_string()) return Status::InvalidArgument(where + ": " + key + " must be a string");
      entry[key] = value.get<std::string>();
    }
    if (Status s = visit(std::move(entry)); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

bool IsIsoDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  auto number = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

Result<std::vector<Waiver>> ParseWaivers(std::string_view text, WaiverFormat format, const std::string& origin) {
  std::vector<Waiver> waivers;
  auto add = [&](WaiverEntry&& entry) -> Status {
    auto w = MakeWaiver(entry, origin + " entry " + std::to_string(waivers.size() + 1));
    if (!w.ok()) return w.status();
    waivers.push_back(std::move(*w));
    return Status::Ok();
  };
  Status s = format == WaiverFormat::kJson ? JsonEntries(text, origin, add)
                                           : ReadYamlWaiverEntries(text, kWaiverLimits, origin, add);
  if (!s.ok()) return s;
  return waivers;
}

WaiverList NoWaivers() { return std::make_shared<const std::vector<Waiver>>(); }

std::string ApprovalText(const std::string& justification, const std::string& approved_by, const std::string& expires) {
  return justification + " (approved by " + approved_by + ", expires " + expires + ")";
}

Result<std::vector<Waiver>> LoadWaivers(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read waiver file " + path.string());
  // Read as it comes, stopping once past the limit: a small file costs its size, not the limit's.
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= kWaiverLimits.max_bytes && in.read(chunk, sizeof chunk).gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IoError("cannot read waiver file " + path.string());
  WaiverFormat format = path.extension() == ".json" ? WaiverFormat::kJson : WaiverFormat::kYaml;
  return ParseWaivers(text, format, path.string());
}

}  // namespace kubeproof
