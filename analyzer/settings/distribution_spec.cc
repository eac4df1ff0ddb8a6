#include "analyzer/settings/distribution_spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "analyzer/documents/rule_files.h"
#include "analyzer/settings/component_spec.h"
#include "analyzer/documents/yaml_fields.h"

namespace kubeproof {
namespace {

std::map<std::string, std::vector<std::string>> ListMap(const YAML::Node& node) {
  std::map<std::string, std::vector<std::string>> out;
  if (!node) return out;
  for (const auto& kv : node) out[kv.first.as<std::string>()] = StringList(kv.second);
  return out;
}

Status CheckArgs(const std::vector<std::string>& args, const std::string& where) {
  for (const auto& a : args) {
    if (a.empty() || a[0] == '-' || SplitArg(a).first.empty()) {
      return Status::InvalidArgument(where + ": '" + a + "' is not name=value");
    }
  }
  return Status::Ok();
}

Result<EmbeddedRelease> ParseRelease(const YAML::Node& node, const std::string& where) {
  Status s = CheckKeys(node,
                       {"versions", "args", "args_when_option", "omitted_when_user_passes",
                        "undetermined", "varies_with_options", "consumed_args", "notes"},
                       where);
  if (!s.ok()) return s;
  if (!node["versions"]) return Status::InvalidArgument(where + ": missing key 'versions'");
  auto range = ParseVersionRange(node["versions"].as<std::string>());
  if (!range.ok()) return range.status().WithContext(where);
  EmbeddedRelease r;
  r.first_minor = range->first;
  r.last_minor = range->second;
  r.args = StringList(node["args"]);
  if (s = CheckArgs(r.args, where + ": args"); !s.ok()) return s;
  for (const auto& c : node["args_when_option"]) {
    s = CheckKeys(c, {"option", "equals", "args"}, where + ": args_when_option");
    if (!s.ok()) return s;
    if (!c["option"]) return Status::InvalidArgument(where + ": args_when_option without option");
    ArgsWhenOption w;
    w.option = c["option"].as<std::string>();
    if (c["equals"]) w.equals = c["equals"].as<std::string>();
    w.args = StringList(c["args"]);
    if (s = CheckArgs(w.args, where + ": args_when_option " + w.option); !s.ok()) return s;
    r.args_when_option.push_back(std::move(w));
  }
  r.omitted_when_user_passes = ListMap(node["omitted_when_user_passes"]);
  r.varies_with_options = ListMap(node["varies_with_options"]);
  for (const auto& kv : node["undetermined"])
    r.undetermined[kv.first.as<std::string>()] = kv.second.as<std::string>();
  r.consumed_args = StringList(node["consumed_args"]);
  return r;
}

Result<EmbeddedComponent> ParseEmbedded(const std::string& name, const YAML::Node& node,
                                        const std::string& where,
                                        const std::vector<std::string>& processes) {
  Status s = CheckKeys(
      node,
      {"processes", "arg_option", "disabled_by_option", "present_if_file", "releases", "notes"},
      where);
  if (!s.ok()) return s;
  EmbeddedComponent e;
  e.component = name;
  e.processes = StringList(node["processes"]);
  if (e.processes.empty()) return Status::InvalidArgument(where + ": missing key 'processes'");
  for (const auto& p : e.processes) {
    if (std::find(processes.begin(), processes.end(), p) == processes.end()) {
      return Status::InvalidArgument(where + ": process '" + p +
                                     "' is not one of the distribution's processes");
    }
  }
  if (!node["arg_option"]) return Status::InvalidArgument(where + ": missing key 'arg_option'");
  e.arg_option = node["arg_option"].as<std::string>();
  if (node["disabled_by_option"])
    e.disabled_by_option = node["disabled_by_option"].as<std::string>();
  if (node["present_if_file"]) e.present_if_file = node["present_if_file"].as<std::string>();
  for (const auto& r : node["releases"]) {
    auto release = ParseRelease(r, where + ": releases");
    if (!release.ok()) return release.status();
    for (const auto& other : e.releases) {
      if (release->first_minor <= other.last_minor && other.first_minor <= release->last_minor) {
        return Status::InvalidArgument(where + ": releases overlap");
      }
    }
    e.releases.push_back(std::move(release).value());
  }
  std::sort(e.releases.begin(), e.releases.end(),
            [](const EmbeddedRelease& a, const EmbeddedRelease& b) {
              return a.first_minor < b.first_minor;
            });
  return e;
}

Result<DistributionSpec> Parse(const YAML::Node& root, const std::string& origin) {
  Status s = CheckKeys(
      root,
      {"distribution", "processes", "config_file", "data_dir", "bool_options", "embedded", "notes"},
      origin);
  if (!s.ok()) return s;
  DistributionSpec d;
  if (!root["distribution"])
    return Status::InvalidArgument(origin + ": missing key 'distribution'");
  d.distribution = root["distribution"].as<std::string>();
  d.processes = StringList(root["processes"]);
  if (const YAML::Node c = root["config_file"]) {
    s = CheckKeys(c, {"flags", "default", "drop_in_suffix", "drop_in_extensions"},
                  origin + ": config_file");
    if (!s.ok()) return s;
    d.config_file.flags = StringList(c["flags"]);
    if (c["default"]) d.config_file.default_path = c["default"].as<std::string>();
    if (c["drop_in_suffix"]) d.config_file.drop_in_suffix = c["drop_in_suffix"].as<std::string>();
    d.config_file.drop_in_extensions = StringList(c["drop_in_extensions"]);
  }
  if (const YAML::Node dd = root["data_dir"]) {
    s = CheckKeys(dd, {"options", "default"}, origin + ": data_dir");
    if (!s.ok()) return s;
    d.data_dir_options = StringList(dd["options"]);
    if (dd["default"]) d.data_dir_default = dd["default"].as<std::string>();
  }
  d.bool_options = StringList(root["bool_options"]);
  if (const YAML::Node embedded = root["embedded"]) {
    if (!embedded.IsMap()) return Status::InvalidArgument(origin + ": embedded must be a map");
    for (const auto& kv : embedded) {
      std::string name = kv.first.as<std::string>();
      auto e = ParseEmbedded(name, kv.second, origin + ": embedded " + name, d.processes);
      if (!e.ok()) return e.status();
      d.embedded[name] = std::move(e).value();
    }
  }
  return d;
}

}  // namespace

std::pair<std::string, std::string> SplitArg(const std::string& arg) {
  std::size_t start = arg.find_first_not_of('-');
  if (start == std::string::npos) return {"", "true"};
  std::size_t eq = arg.find('=', start);
  if (eq == std::string::npos) return {arg.substr(start), "true"};
  return {arg.substr(start, eq - start), arg.substr(eq + 1)};
}

const EmbeddedRelease* EmbeddedComponent::ReleaseFor(int minor) const {
  for (const auto& r : releases) {
    if (minor >= r.first_minor && minor <= r.last_minor) return &r;
  }
  return nullptr;
}

std::string EmbeddedComponent::CoveredVersions() const {
  if (releases.empty()) return "no Kubernetes version";
  int first = releases.front().first_minor, last = releases.back().last_minor;
  return "Kubernetes 1." + std::to_string(first) +
         (last >= 1000 ? " and later" : "-1." + std::to_string(last));
}

std::vector<std::pair<const DistributionSpec*, const EmbeddedComponent*>>
DistributionCatalog::Embedding(const std::string& component) const {
  std::vector<std::pair<const DistributionSpec*, const EmbeddedComponent*>> out;
  for (const auto& [name, d] : distributions) {
    auto it = d.embedded.find(component);
    if (it != d.embedded.end()) out.emplace_back(&d, &it->second);
  }
  return out;
}

Result<DistributionSpec> ParseDistributionSpec(const std::string& yaml_text,
                                               const std::string& origin) {
  return ParseRuleDocument(yaml_text, origin, [&](const YAML::Node& root) { return Parse(root, origin); });
}

Result<DistributionCatalog> LoadDistributionCatalog(const std::filesystem::path& dir,
                                                    const ComponentCatalog& components) {
  DistributionCatalog catalog;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return catalog;
  auto files = ReadYamlFilesIn(dir);
  if (!files.ok()) return files.status();
  for (const auto& [path, text] : *files) {
    auto spec = ParseDistributionSpec(text, path.string());
    if (!spec.ok()) return spec.status();
    for (const auto& [name, e] : spec->embedded) {
      if (components.Find(name) == nullptr) {
        return Status::InvalidArgument(path.string() + ": embedded " + name + ": no components/" +
                                       name + ".yaml");
      }
    }
    if (catalog.distributions.count(spec->distribution)) {
      return Status::InvalidArgument(path.string() + ": distribution " + spec->distribution +
                                     " defined twice");
    }
    std::string name = spec->distribution;
    catalog.distributions[name] = std::move(spec).value();
  }
  return catalog;
}

}  // namespace kubeproof
