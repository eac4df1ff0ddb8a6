#include "analyzer/rules/benchmark.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

#include "analyzer/documents/rule_files.h"
#include "analyzer/documents/yaml_fields.h"
#include "analyzer/rules/test.h"
#include "analyzer/rules/test_validation.h"

namespace kubeproof {
namespace {

constexpr const char* kBenchmarkFile = "benchmark.yaml";
constexpr const char* kNodeComponent = "node";  // node-wide files, no component to find

// The check files of a benchmark directory, in name order: every *.yaml but benchmark.yaml.
Result<std::vector<std::filesystem::path>> CheckFiles(const std::filesystem::path& dir) {
  auto files = YamlFilesIn(dir);
  if (files.ok()) {
    std::erase_if(*files, [](const std::filesystem::path& p) { return p.filename() == kBenchmarkFile; });
  }
  return files;
}

// Components named by a test tree (setting tests, file tests by setting, differs_from).
void CollectComponents(const Test& t, std::set<std::string>& out) {
  if (!t.component.empty()) out.insert(t.component);
  if (!t.other_component.empty()) out.insert(t.other_component);
  if (!t.file.component.empty()) out.insert(t.file.component);
  for (const auto& c : t.children) CollectComponents(*c, out);
}

bool UsesSettingsOrManifest(const Test& t) {
  if (t.kind == TestKind::kSetting) return true;
  if (t.kind == TestKind::kFile && (t.file.manifest || t.file.unit || (!t.file.setting.empty() && t.file.component.empty()))) return true;
  return std::any_of(t.children.begin(), t.children.end(), [](const auto& c) { return UsesSettingsOrManifest(*c); });
}

std::vector<int> IdNumbers(const std::string& id) {
  std::vector<int> out;
  std::stringstream ss(id);
  std::string part;
  while (std::getline(ss, part, '.')) out.push_back(std::atoi(part.c_str()));
  return out;
}

Status ParseCheck(const YAML::Node& node, const std::string& file, const Benchmark& b,
                  CheckDefinition& check) {
  if (!node.IsMap()) return Status::InvalidArgument(file + ": every check must be a map");
  std::string id = node["id"] ? node["id"].as<std::string>() : "?";
  std::string where = file + ": check " + id;
  Status s = CheckKeys(node, {"id", "section", "title", "scored", "automated", "component", "expected",
                             "remediation", "test", "notes", "audit"}, where);
  if (!s.ok()) return s;
  for (const char* required : {"id", "section", "title", "scored", "automated", "component", "expected", "remediation"}) {
    if (!node[required]) return Status::InvalidArgument(where + ": missing key '" + required + "'");
  }
  check.id = id;
  check.section = node["section"].as<std::string>();
  check.title = node["title"].as<std::string>();
  check.scored = node["scored"].as<bool>();
  check.automated = node["automated"].as<bool>();
  check.component = node["component"].as<std::string>();
  check.expected = node["expected"].as<std::string>();
  check.remediation = node["remediation"].as<std::string>();
  if (node["audit"]) {
    if (check.automated) return Status::InvalidArgument(where + ": 'audit' is for manual checks only");
    check.audit = node["audit"].as<std::string>();
  }
  if (b.FindSection(check.section) == nullptr) {
    return Status::InvalidArgument(where + ": section '" + check.section + "' is not in benchmark.yaml");
  }
  if (check.id.rfind(check.section + ".", 0) != 0) {
    return Status::InvalidArgument(where + ": id does not belong to section " + check.section);
  }
  std::set<std::string> components = {check.component};
  if (node["test"]) {
    auto t = ParseTest(node["test"], where + ": test");
    if (!t.ok()) return t.status();
    check.test = *t;
    CollectComponents(**t, components);
    if (check.component == kNodeComponent && UsesSettingsOrManifest(**t)) {
      return Status::InvalidArgument(where + ": component 'node' has no settings or manifest; name a component");
    }
  } else if (check.automated) {
    return Status::InvalidArgument(where + ": automated check without 'test'");
  }
  for (const auto& c : components) {
    if (c != kNodeComponent && b.components->Find(c) == nullptr) {
      return Status::InvalidArgument(where + ": unknown component '" + c + "' (no components/" + c + ".yaml)");
    }
  }
  if (check.test) return ValidateTest(*check.test, check.component, *b.components, where + ": test");
  return Status::Ok();
}

Result<Benchmark> Load(const std::filesystem::path& rules_dir, const std::string& benchmark_id,
                       const RuleCatalogs& catalogs) {
  Benchmark b;
  b.components = catalogs.components;
  b.distributions = catalogs.distributions;
  b.platforms = catalogs.platforms;

  const std::filesystem::path dir = rules_dir / benchmark_id;
  const std::string header_path = (dir / kBenchmarkFile).string();
  auto header_text = ReadWholeFile(dir / kBenchmarkFile);
  if (!header_text.ok()) return Status::NotFound("no benchmark '" + benchmark_id + "' in " + rules_dir.string());
  auto header_document = LoadRuleDocument(*header_text, header_path);
  if (!header_document.ok()) return header_document.status();
  const YAML::Node& header = *header_document;
  Status s = CheckKeys(header, {"id", "title", "platform", "kubernetes", "assumed_kubernetes", "sections"},
                      header_path);
  if (!s.ok()) return s;
  for (const char* required : {"id", "title", "kubernetes", "assumed_kubernetes", "sections"}) {
    if (!header[required]) return Status::InvalidArgument(header_path + ": missing key '" + required + "'");
  }
  b.id = header["id"].as<std::string>();
  if (b.id != benchmark_id) {
    return Status::InvalidArgument(header_path + ": id '" + b.id + "' differs from its folder name");
  }
  b.title = header["title"].as<std::string>();
  b.assumed_kubernetes = header["assumed_kubernetes"].as<std::string>();
  if (header["platform"]) {
    b.platform = header["platform"].as<std::string>();
    if (b.platforms->Find(b.platform) == nullptr) {
      return Status::InvalidArgument(header_path + ": platform '" + b.platform + "' is not described in platforms/");
    }
  }
  auto range = ParseVersionRange(header["kubernetes"].as<std::string>());
  if (!range.ok() || range->first < 1 || range->second >= 1000) {
    return Status::InvalidArgument(header_path + ": kubernetes: '" + header["kubernetes"].as<std::string>() +
                                   "' is not a closed range of Kubernetes versions such as \"1.32-1.34\"");
  }
  std::tie(b.first_minor, b.last_minor) = *range;
  for (const auto& sec : header["sections"]) {
    s = CheckKeys(sec, {"id", "title"}, header_path + ": section");
    if (!s.ok()) return s;
    b.sections.push_back({sec["id"].as<std::string>(), sec["title"].as<std::string>()});
  }

  auto files = CheckFiles(dir);
  if (!files.ok()) return files.status();
  std::set<std::string> ids;
  for (const auto& path : *files) {
    const std::string file = path.string();
    auto text = ReadWholeFile(path);
    if (!text.ok()) return text.status();
    auto document = LoadRuleDocument(*text, file);
    if (!document.ok()) return document.status();
    const YAML::Node& root = *document;
    if (root.IsNull()) continue;
    s = CheckKeys(root, {"checks"}, file);
    if (!s.ok()) return s;
    for (const auto& node : root["checks"]) {
      CheckDefinition check;
      try {
        s = ParseCheck(node, file, b, check);
      } catch (const YAML::Exception& e) {
        std::string id = node.IsMap() && node["id"] ? node["id"].as<std::string>() : "?";
        return Status::InvalidArgument(file + ": check " + id + ": " + e.what());
      }
      if (!s.ok()) return s;
      if (!ids.insert(check.id).second) return Status::InvalidArgument(file + ": check " + check.id + " defined twice");
      b.checks.push_back(std::move(check));
    }
  }
  auto section_pos = [&](const std::string& id) {
    for (std::size_t i = 0; i < b.sections.size(); ++i) {
      if (b.sections[i].id == id) return i;
    }
    return b.sections.size();
  };
  std::stable_sort(b.checks.begin(), b.checks.end(), [&](const CheckDefinition& x, const CheckDefinition& y) {
    std::size_t sx = section_pos(x.section), sy = section_pos(y.section);
    if (sx != sy) return sx < sy;
    return IdNumbers(x.id) < IdNumbers(y.id);
  });
  return b;
}

}  // namespace

const SectionInfo* Benchmark::FindSection(const std::string& section_id) const {
  for (const auto& s : sections) {
    if (s.id == section_id) return &s;
  }
  return nullptr;
}

std::string Benchmark::KubernetesRange() const {
  std::string first = "1." + std::to_string(first_minor);
  return first_minor == last_minor ? first : first + "-1." + std::to_string(last_minor);
}

const CheckDefinition* Benchmark::FindCheck(const std::string& check_id) const {
  for (const auto& c : checks) {
    if (c.id == check_id) return &c;
  }
  return nullptr;
}

std::filesystem::path RulesDirectory(const std::optional<std::filesystem::path>& override_dir) {
  if (override_dir) return *override_dir;
  if (const char* env = std::getenv("KUBEPROOF_RULES"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "share/kubeproof/benchmarks";
  return (exe.parent_path() / ".." / "share" / "kubeproof" / "benchmarks").lexically_normal();
}

Result<RuleCatalogs> LoadRuleCatalogs(const std::filesystem::path& rules_dir) {
  RuleCatalogs catalogs;
  auto components = LoadComponentCatalog(rules_dir / "components");
  if (!components.ok()) return components.status();
  catalogs.components = std::make_shared<const ComponentCatalog>(std::move(components).value());
  auto distributions = LoadDistributionCatalog(rules_dir / "distributions", *catalogs.components);
  if (!distributions.ok()) return distributions.status();
  catalogs.distributions = std::make_shared<const DistributionCatalog>(std::move(distributions).value());
  auto platforms = LoadPlatformCatalog(rules_dir / "platforms");
  if (!platforms.ok()) return platforms.status();
  catalogs.platforms = std::make_shared<const PlatformCatalog>(std::move(platforms).value());
  return catalogs;
}

Result<Benchmark> LoadBenchmark(const std::filesystem::path& rules_dir, const std::string& benchmark_id,
                                const RuleCatalogs& catalogs) {
  if (benchmark_id.empty() || benchmark_id.find('/') != std::string::npos || benchmark_id == "." ||
      benchmark_id == ".." || benchmark_id == "components" || benchmark_id == "distributions" ||
      benchmark_id == "platforms") {
    return Status::InvalidArgument("bad benchmark id '" + benchmark_id + "'");
  }
  try {
    return Load(rules_dir, benchmark_id, catalogs);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(rules_dir.string() + "/" + benchmark_id + ": " + e.what());
  }
}

Result<Benchmark> LoadBenchmark(const std::filesystem::path& rules_dir, const std::string& benchmark_id) {
  auto catalogs = LoadRuleCatalogs(rules_dir);
  if (!catalogs.ok()) return catalogs.status();
  return LoadBenchmark(rules_dir, benchmark_id, *catalogs);
}

Result<std::vector<std::string>> ListBenchmarks(const std::filesystem::path& rules_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(rules_dir, ec)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / kBenchmarkFile)) {
      ids.push_back(entry.path().filename().string());
    }
  }
  if (ec) return Status::NotFound("cannot list rules directory " + rules_dir.string() + ": " + ec.message());
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace kubeproof
