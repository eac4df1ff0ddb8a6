// The safe list must cover every setting a rule or component fact reads: a setting missing from
// it would be redacted on every node, and its checks would silently lose their evidence.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/test.h"
#include "analyzer/settings/component_spec.h"
#include "collector/collector.h"
#include "collector/version_sources.h"
#include "common/content_filter.h"
#include "common/safe_settings.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

const std::filesystem::path kRules = KUBEPROOF_SOURCE_DIR "/benchmarks";

// The content profile of a component's own config file (--config / --config-file).
std::string ConfigProfileOf(const std::string& component) {
  if (component == "kubelet") return std::string(ContentProfileName(ContentProfile::kKubeletConfig));
  if (component == "etcd") return std::string(ContentProfileName(ContentProfile::kEtcdConfig));
  return std::string(ContentProfileName(ContentProfile::kComponentConfig));
}

// Key path segments of a config key; map entries (feature gates) are checked by one sample key.
std::vector<std::string> KeyPath(const std::string& config_key, FlagType type) {
  std::vector<std::string> path = SplitKeyPattern(config_key);
  if (type == FlagType::kMap) path.emplace_back("SomeGate");
  if (type == FlagType::kList) path.emplace_back("[]");
  return path;
}

void CollectSettings(const Test& test, const std::string& component, std::set<std::pair<std::string, std::string>>& out) {
  const std::string& owner = test.component.empty() ? component : test.component;
  if (!test.setting.empty()) out.insert({owner, test.setting});
  if (!test.other_setting.empty()) out.insert({test.other_component.empty() ? owner : test.other_component, test.other_setting});
  if (!test.file.setting.empty()) out.insert({test.file.component.empty() ? owner : test.file.component, test.file.setting});
  for (const auto& child : test.children) CollectSettings(*child, owner, out);
}

TEST_CASE("every flag and config key of the component facts is on the safe list", "[safe-list]") {
  const SafeSettings& safe = SafeSettings::Builtin();
  auto catalog = LoadComponentCatalog(kRules / "components");
  REQUIRE(catalog.ok());
  REQUIRE(catalog->components.size() >= 6);
  for (const auto& [name, spec] : catalog->components) {
    CAPTURE(name);
    for (const auto& [flag, fact] : spec.flags) {
      CAPTURE(flag);
      if (!fact.config_only) {
        CHECK(safe.IsSafeFlag(flag));
        if (fact.type == FlagType::kBool) CHECK(safe.IsBoolFlag(flag));
      }
      if (!fact.config_key.empty()) {
        CAPTURE(fact.config_key);
        CHECK(safe.TreatmentAt(ConfigProfileOf(name), KeyPath(fact.config_key, fact.type)) == KeyTreatment::kValue);
      }
    }
    for (const std::string& flag : spec.bool_flags) {
      CAPTURE(flag);
      CHECK(safe.IsBoolFlag(flag));
    }
    for (const std::string* flag : {&spec.config_file_flag, &spec.config_dir_flag}) {
      if (!flag->empty()) CHECK(safe.IsSafeFlag(*flag));
    }
    if (spec.admission_plugins) {
      for (const std::string* flag : {&spec.admission_plugins->enable_flag, &spec.admission_plugins->disable_flag,
                                      &spec.admission_plugins->legacy_flag}) {
        if (!flag->empty()) CHECK(safe.IsSafeFlag(*flag));
      }
    }
  }
}

TEST_CASE("every distribution option the distribution facts read is on the safe list", "[safe-list]") {
  const SafeSettings& safe = SafeSettings::Builtin();
  auto components = LoadComponentCatalog(kRules / "components");
  REQUIRE(components.ok());
  auto distributions = LoadDistributionCatalog(kRules / "distributions", *components);
  REQUIRE(distributions.ok());
  REQUIRE(distributions->distributions.count("k3s") == 1);
  for (const auto& [name, d] : distributions->distributions) {
    CAPTURE(name);
    for (const auto& [component, e] : d.embedded) {
      CAPTURE(component);
      CHECK(safe.IsPassThroughFlag(e.arg_option));
      if (!e.disabled_by_option.empty()) CHECK(safe.IsBoolFlag(e.disabled_by_option));
      for (const auto& r : e.releases) {
        for (const auto& w : r.args_when_option) CHECK(safe.IsSafeFlag(w.option));
      }
    }
    // The long names only: a short alias (-c, -d) means other things elsewhere (`sh -c CMD`), so
    // its value stays withheld and the analyzer says the path is unknown.
    if (!d.data_dir_options.empty()) CHECK(safe.IsSafeFlag(d.data_dir_options.front()));
    if (!d.config_file.flags.empty()) CHECK(safe.IsSafeFlag(d.config_file.flags.front()));
  }
}

TEST_CASE("every setting a check of an installed benchmark reads is on the safe list", "[safe-list]") {
  const SafeSettings& safe = SafeSettings::Builtin();
  auto ids = ListBenchmarks(kRules);
  REQUIRE(ids.ok());
  REQUIRE_FALSE(ids->empty());
  for (const std::string& id : *ids) {
    auto benchmark = LoadBenchmark(kRules, id);
    REQUIRE(benchmark.ok());
    std::set<std::pair<std::string, std::string>> settings;
    for (const CheckDefinition& check : benchmark->checks) {
      if (check.test) CollectSettings(*check.test, check.component, settings);
    }
    REQUIRE_FALSE(settings.empty());
    for (const auto& [component, setting] : settings) {
      CAPTURE(id, component, setting);
      const ComponentSpec* spec = benchmark->components->Find(component);
      REQUIRE(spec != nullptr);
      const FlagSpec* fact = spec->FindFlag(setting);
      REQUIRE(fact != nullptr);
      if (!fact->config_only) CHECK(safe.IsSafeFlag(setting));
      if (!fact->config_key.empty()) {
        CHECK(safe.TreatmentAt(ConfigProfileOf(component), KeyPath(fact->config_key, fact->type)) == KeyTreatment::kValue);
      }
    }
  }
}

TEST_CASE("the safe list names no flag or key whose value is a credential", "[safe-list]") {
  // A reviewer's guard: names that say token, password, secret, credential, header, *-data or
  // *auth (basic-auth, vpn-auth) never belong here, unless they name a file.
  const SafeSettings& safe = SafeSettings::Builtin();
  // Matched by the words below, reviewed: booleans, header names, a provider's config path.
  const std::set<std::string> reviewed = {
      "anonymous-auth", "authentication-token-webhook", "client-cert-auth", "peer-client-cert-auth",
      "enable-bootstrap-token-auth", "image-credential-provider-config", "requestheader-allowed-names",
      "requestheader-extra-headers-prefix", "requestheader-group-headers", "requestheader-username-headers",
      "secrets-encryption", "service-account-extend-token-expiration", "skip-headers", "skip-log-headers",
      "use-service-account-credentials"};
  auto suspicious = [&](std::string name) {
    if (reviewed.count(name) != 0) return false;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool names_file = name.find("file") != std::string::npos || name.find("dir") != std::string::npos;
    auto ends_with = [&](std::string_view suffix) {
      return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    bool secretish = name.find("token") != std::string::npos || name.find("passw") != std::string::npos ||
                     name.find("secret") != std::string::npos || name.find("credential") != std::string::npos ||
                     name.find("header") != std::string::npos || ends_with("-data") || ends_with("auth");
    return secretish && !names_file;
  };
  for (const std::string& flag : safe.flags()) {
    CAPTURE(flag);
    CHECK_FALSE(suspicious(flag));
  }
  for (const auto& [profile, patterns] : safe.keys()) {
    for (const KeyPattern& pattern : patterns) {
      for (const std::string& segment : pattern.segments) {
        CAPTURE(profile, segment);
        CHECK_FALSE(suspicious(segment));
      }
    }
  }
}

TEST_CASE("every file read only for Kubernetes versions says why and leaves nothing of itself", "[safe-list]") {
  // The version sources are outside the safe list: no value of theirs is kept but a version
  // string. Each gets a canary beside a real record, and none may reach the bundle.
  testing::TempDir dir;
  const std::string canary = "KUBEPROOF-CANARY-VERSION-SOURCE";
  for (const VersionSource& source : VersionSources()) {
    CAPTURE(source.path);
    CHECK_FALSE(source.why.empty());
    std::string path(source.path.substr(1));
    switch (source.format) {
      case VersionFormat::kDpkgStatus:
        testing::WriteFile(dir.path(), path, "Package: kubelet\nStatus: install ok installed\nVersion: 1.33.1-1.1\n"
                                             "Description: " + canary + "\n\nPackage: " + canary + "\n");
        break;
      case VersionFormat::kRpmHistory:
        testing::WriteFile(dir.path(), path, "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-1.33.1-1.x86_64\n"
                                             "2024-01-10T09:00:00+0000 INFO " + canary + "\n");
        testing::WriteFile(dir.path(), path + ".1", canary + "\n");
        break;
      case VersionFormat::kKubeletVersionOutput:
        testing::WriteFile(dir.path(), path, "Kubernetes v1.33.1\n" + canary + "\n");
        break;
      case VersionFormat::kRke2RuntimeLink:
      case VersionFormat::kRke2RuntimeDirectories:
        std::filesystem::create_directories(dir.path() + "/var/lib/rancher/rke2/data/v1.33.1-rke2r1-0123456789ab/" + canary);
        break;
    }
  }
  std::filesystem::create_directories(dir.path() + "/proc");
  CollectOptions options;
  options.root = dir.path();
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = testing::UnpackBundle(bundle->bytes);
  CHECK_FALSE(testing::AnyMemberContains(members, canary));
  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  CHECK(manifest["kubernetes_versions"].size() >= 4);
  for (const VersionSource& source : VersionSources()) {
    CAPTURE(source.path);
    nlohmann::json record = testing::FileRecord(members, std::string(source.path));
    REQUIRE(record.is_object());
    CHECK(record["content"].is_null());
    CHECK(members.count("files" + std::string(source.path)) == 0);
  }
}

}  // namespace
}  // namespace kubeproof
