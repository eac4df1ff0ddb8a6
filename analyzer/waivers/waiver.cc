#include "analyzer/waivers/waiver.h"

#include <fstream>
#include <map>
#include <set>

#include "analyzer/documents/json_document.h"
#include "analyzer/documents/yaml_document.h"

namespace kubeproof {
namespace {

const std::set<std::string> kRequiredKeys = {"check", "justification", "approved_by", "expires"};
const std::set<std::string> kKnownKeys = {"check",         "benchmark",   "cluster", "nodes",
                                          "justification", "approved_by", "expires"};

// Room for a fleet's waivers, one entry per node and check (150,000 short entries); anything
// near these bounds is a mistake or an attack.
const DocumentLimits kWaiverLimits{32 << 20, 64, 2'000'000};

// One entry as plain key -> text, whichever parser read it.
using Entry = std::map<std::string, std::string>;

Result<Waiver> MakeWaiver(const Entry& entry, const std::string& origin) {
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

Result<std::vector<Entry>> YamlEntries(std::string_view text, const std::string& origin) {
  auto document = LoadYamlDocument(text, kWaiverLimits);
  if (!document.ok()) return Status::InvalidArgument(origin + ": " + document.status().message());
  try {
    const YAML::Node& root = *document;
    if (root.IsNull()) return std::vector<Entry>{};
    YAML::Node list = root;
    if (root.IsMap()) {
      for (const auto& kv : root) {
        if (kv.first.as<std::string>() != "waivers") return Status::InvalidArgument(origin + ": unknown top-level key " + kv.first.as<std::string>());
      }
      list = root["waivers"];
      if (list.IsNull()) return std::vector<Entry>{};
    }
    if (!list.IsSequence()) return Status::InvalidArgument(origin + ": expected a list of waivers, or a map with the key waivers");
    std::vector<Entry> entries;
    size_t index = 0;
    for (const auto& item : list) {
      ++index;
      std::string where = origin + " entry " + std::to_string(index);
      if (!item.IsMap()) return Status::InvalidArgument(where + ": a waiver is a map of keys");
      Entry entry;
      for (const auto& kv : item) {
        std::string key = kv.first.as<std::string>();
        if (!kv.second.IsScalar() && !kv.second.IsNull()) return Status::InvalidArgument(where + ": " + key + " must be a single value");
        entry[key] = kv.second.IsNull() ? "" : kv.second.as<std::string>();
      }
      entries.push_back(std::move(entry));
    }
    return entries;
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(origin + ": not valid YAML: " + e.what());
  }
}

Result<std::vector<Entry>> JsonEntries(std::string_view text, const std::string& origin) {
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
  std::vector<Entry> entries;
  size_t index = 0;
  for (const auto& item : *list) {
    ++index;
    std::string where = origin + " entry " + std::to_string(index);
    if (!item.is_object()) return Status::InvalidArgument(where + ": a waiver is an object");
    Entry entry;
    for (const auto& [key, value] : item.items()) {
      if (!value.is_string()) return Status::InvalidArgument(where + ": " + key + " must be a string");
      entry[key] = value.get<std::string>();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
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
  auto entries = format == WaiverFormat::kJson ? JsonEntries(text, origin) : YamlEntries(text, origin);
  if (!entries.ok()) return entries.status();
  std::vector<Waiver> waivers;
  for (size_t i = 0; i < entries->size(); ++i) {
    auto w = MakeWaiver((*entries)[i], origin + " entry " + std::to_string(i + 1));
    if (!w.ok()) return w.status();
    waivers.push_back(std::move(*w));
  }
  return waivers;
}

Result<std::vector<Waiver>> LoadWaivers(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read waiver file " + path.string());
  // One byte past the limit is enough to know it is passed, whatever the file's size.
  std::string text(kWaiverLimits.max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::IoError("cannot read waiver file " + path.string());
  text.resize(static_cast<std::size_t>(in.gcount()));
  WaiverFormat format = path.extension() == ".json" ? WaiverFormat::kJson : WaiverFormat::kYaml;
  return ParseWaivers(text, format, path.string());
}

}  // namespace kubeproof
