// The precedence and distribution facts are refused when loaded if they could not mean what they
// say: a layer without its flag, a default that is not last, overlapping releases, a component no
// components/<c>.yaml describes.
#include <catch2/catch.hpp>

#include "analyzer/settings/component_spec.h"
#include "analyzer/settings/distribution_spec.h"

namespace kubeproof {
namespace {

Status ParseComponent(const std::string& body) {
  return ParseComponentSpec("component: c\nconfig_file_flag: config\n" + body, "c.yaml").status();
}

const ComponentCatalog& Components() {
  static const ComponentCatalog c = [] {
    auto loaded = LoadComponentCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/components");
    if (!loaded.ok()) FAIL(loaded.status().message());
    return std::move(loaded).value();
  }();
  return c;
}

}  // namespace

TEST_CASE("precedence layers must end with the default and match the component's config flags",
          "[precedence][facts]") {
  CHECK(ParseComponent("precedence: {layers: [command-line, config-file, default]}\n").ok());
  CHECK(ParseComponent("precedence: {layers: [command-line, default, config-file]}\n").message() ==
        "c.yaml: precedence: layers: the last layer must be 'default'");
  CHECK(ParseComponent("precedence: {layers: [command-line, default]}\n").message() ==
        "c.yaml: precedence: layer 'config-file' and config_file_flag go together");
  CHECK(ParseComponent("precedence: {layers: [command-line, config-dir, config-file, default]}\n")
            .message() == "c.yaml: precedence: layer 'config-dir' and config_dir_flag go together");
  CHECK(ParseComponent("precedence: {layers: [command-line, flags, config-file, default]}\n")
            .message() == "c.yaml: precedence: layers: unknown layer 'flags'");
  CHECK(ParseComponent("precedence: {layers: [command-line, config-file, default], "
                       "flags_ignored_with_config_file: some}\n")
            .message() ==
        "c.yaml: precedence: flags_ignored_with_config_file: expected all, {all_except: [...]} or "
        "a list of flags");
}

TEST_CASE("the shipped precedence facts say which flags a config file makes each component ignore",
          "[precedence][facts]") {
  const PrecedenceSpec& etcd = Components().Find("etcd")->precedence;
  CHECK(etcd.IgnoredWithConfigFile("client-cert-auth"));
  const PrecedenceSpec& proxy = Components().Find("kube-proxy")->precedence;
  CHECK(proxy.IgnoredWithConfigFile("metrics-bind-address"));
  CHECK_FALSE(proxy.IgnoredWithConfigFile("hostname-override"));
  const PrecedenceSpec& scheduler = Components().Find("kube-scheduler")->precedence;
  CHECK(scheduler.IgnoredWithConfigFile("profiling"));
  CHECK_FALSE(scheduler.IgnoredWithConfigFile("bind-address"));
  const PrecedenceSpec& kubelet = Components().Find("kubelet")->precedence;
  CHECK_FALSE(kubelet.IgnoredWithConfigFile("anonymous-auth"));
  CHECK(kubelet.config_dir.first_minor == 28);
  CHECK(kubelet.config_dir.extension == ".conf");
  CHECK(Components().Find("kube-apiserver")->precedence.layers ==
        std::vector<SettingLayer>{SettingLayer::kCommandLine, SettingLayer::kDefault});
}

TEST_CASE("distribution facts refuse overlapping releases, unknown keys and malformed flags",
          "[precedence][facts]") {
  const std::string head =
      "distribution: d\nprocesses: [d-server]\nembedded:\n  kube-apiserver:\n    processes: "
      "[d-server]\n"
      "    arg_option: kube-apiserver-arg\n";
  CHECK(ParseDistributionSpec(
            head + "    releases:\n      - {versions: \"1.20-1.25\", args: [profiling=false]}\n",
            "d.yaml")
            .ok());
  CHECK(ParseDistributionSpec(
            head +
                "    releases:\n      - {versions: \"1.20-1.25\"}\n      - {versions: \"1.25-\"}\n",
            "d.yaml")
            .status()
            .message() == "d.yaml: embedded kube-apiserver: releases overlap");
  CHECK(ParseDistributionSpec(
            head + "    releases:\n      - {versions: \"1.20-\", args: [--profiling=false]}\n",
            "d.yaml")
            .status()
            .message() ==
        "d.yaml: embedded kube-apiserver: releases: args: '--profiling=false' is not name=value");
  CHECK(ParseDistributionSpec(head + "    flags: []\n", "d.yaml").status().message() ==
        "d.yaml: embedded kube-apiserver: unknown key 'flags'");
  CHECK(ParseDistributionSpec("distribution: d\nprocesses: [d-server]\nembedded:\n  "
                              "kube-apiserver:\n    processes: [d-agent]\n"
                              "    arg_option: kube-apiserver-arg\n",
                              "d.yaml")
            .status()
            .message() ==
        "d.yaml: embedded kube-apiserver: process 'd-agent' is not one of the distribution's "
        "processes");
}

TEST_CASE("the shipped distribution facts load, and k3s covers every minor version from 1.19 on",
          "[precedence][facts]") {
  auto loaded =
      LoadDistributionCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/distributions", Components());
  REQUIRE(loaded.ok());
  const DistributionSpec& k3s = loaded->distributions.at("k3s");
  for (const auto& [name, e] : k3s.embedded) {
    INFO(name);
    for (int minor = 19; minor <= 35; ++minor) CHECK(e.ReleaseFor(minor) != nullptr);
  }
  CHECK(loaded->distributions.at("rke2").embedded.empty());
}

}  // namespace kubeproof
