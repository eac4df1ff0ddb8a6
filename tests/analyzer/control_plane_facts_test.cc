// The control-plane components' facts (benchmarks/components/*.yaml) as the shipped rules use
// them: every setting a rule names is declared, default ranges are well formed, and the
// compiled-in defaults and default admission plugins hold for every version from 1.16 to 1.33.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/evaluator.h"
#include "analyzer/rules/test.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;

constexpr int kFirstMinor = 16;
constexpr int kLastMinor = 33;

using testing::Cis16;

const ComponentSpec& Spec(const std::string& component) {
  const ComponentSpec* spec = Cis16().components->Find(component);
  if (spec == nullptr) FAIL("no facts for " << component);
  return *spec;
}

// Every control-plane component running with nothing but its program name on the command line,
// so each setting comes from the compiled-in default.
NodeEvidence BareControlPlane() {
  return EvidenceBuilder()
      .Process("etcd", {"etcd"})
      .Process("kube-apiserver", {"kube-apiserver"})
      .Process("kube-controller-manager", {"kube-controller-manager"})
      .Process("kube-scheduler", {"kube-scheduler"})
      .Build();
}

Evaluation EvaluateAt(int minor) {
  EvaluationOptions options;
  options.kubernetes_version = "1." + std::to_string(minor);
  return Evaluate(Cis16(), BareControlPlane(), options);
}

const EffectiveSetting* SettingOf(const Evaluation& ev, const std::string& component, const std::string& name) {
  for (const auto& s : ev.settings) {
    if (s.component == component && s.name == name) return &s;
  }
  return nullptr;
}

using testing::FindingFor;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Collects "component --setting" for every setting a test tree reads that its component's
// facts do not declare.
void UndeclaredSettings(const Test& t, const std::string& check_component, std::vector<std::string>& out) {
  auto need = [&](const std::string& component, const std::string& setting) {
    const std::string& c = component.empty() ? check_component : component;
    const ComponentSpec* spec = Cis16().components->Find(c);
    if (spec == nullptr || spec->FindFlag(setting) == nullptr) out.push_back(c + " --" + setting);
  };
  if (t.kind == TestKind::kSetting) {
    if (t.op == SettingOp::kPluginEnabled || t.op == SettingOp::kPluginDisabled) {
      const ComponentSpec* spec = Cis16().components->Find(t.component.empty() ? check_component : t.component);
      if (spec == nullptr || !spec->admission_plugins) out.push_back(check_component + " admission plugins");
    } else {
      need(t.component, t.setting);
    }
    if (t.op == SettingOp::kDiffersFrom) need(t.other_component, t.other_setting);
  }
  if (t.kind == TestKind::kFile && !t.file.setting.empty()) need(t.file.component, t.file.setting);
  for (const auto& child : t.children) UndeclaredSettings(*child, check_component, out);
}

}  // namespace

TEST_CASE("every setting a CIS 1.6.0 rule reads is a flag its component's facts declare", "[rules][facts]") {
  // A misspelt setting would read as unset everywhere and turn "is not set" checks into passes.
  std::vector<std::string> undeclared;
  for (const auto& check : Cis16().checks) {
    if (!check.test) continue;
    std::vector<std::string> here;
    UndeclaredSettings(*check.test, check.component, here);
    for (const auto& u : here) undeclared.push_back(check.id + ": " + u);
  }
  INFO([&] {
    std::string all;
    for (const auto& u : undeclared) all += u + "\n";
    return all;
  }());
  CHECK(undeclared.empty());
}

TEST_CASE("no control-plane flag has two defaults for the same Kubernetes version", "[rules][facts]") {
  for (const char* component : {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"}) {
    for (const auto& [name, flag] : Spec(component).flags) {
      for (std::size_t i = 0; i < flag.defaults.size(); ++i) {
        const DefaultRange& a = flag.defaults[i];
        CHECK(a.first_minor <= a.last_minor);
        for (std::size_t j = i + 1; j < flag.defaults.size(); ++j) {
          const DefaultRange& b = flag.defaults[j];
          INFO(component << " --" << name << ": ranges " << i << " and " << j);
          CHECK((a.last_minor < b.first_minor || b.last_minor < a.first_minor));
        }
      }
    }
  }
}

TEST_CASE("the API server's default admission plugins are known for exactly one range per version", "[rules][facts]") {
  const ComponentSpec& api = Spec("kube-apiserver");
  REQUIRE(api.admission_plugins.has_value());
  for (int minor = kFirstMinor; minor <= kLastMinor; ++minor) {
    auto covering = std::count_if(api.admission_plugins->default_enabled.begin(),
                                  api.admission_plugins->default_enabled.end(), [&](const PluginRange& r) {
                                    return r.first_minor <= minor && minor <= r.last_minor;
                                  });
    INFO("Kubernetes 1." << minor);
    CHECK(covering == 1);
  }
}

TEST_CASE("the API server's compiled-in defaults hold in every version from 1.16 to 1.33", "[rules][facts]") {
  struct Expect {
    const char* name;
    const char* value;
  };
  const std::vector<Expect> always = {{"anonymous-auth", "true"},     {"profiling", "true"},
                                      {"authorization-mode", "AlwaysAllow"}, {"secure-port", "6443"},
                                      {"service-account-lookup", "true"}, {"bind-address", "0.0.0.0"}};
  for (int minor = kFirstMinor; minor <= kLastMinor; ++minor) {
    Evaluation ev = EvaluateAt(minor);
    const std::string version = "1." + std::to_string(minor);
    for (const auto& e : always) {
      const EffectiveSetting* s = SettingOf(ev, "kube-apiserver", e.name);
      INFO("Kubernetes " << version << " --" << e.name);
      REQUIRE(s != nullptr);
      CHECK(s->value == e.value);
      CHECK(s->source == "default for Kubernetes " + version + " without a config file");
    }
    const EffectiveSetting* timeout = SettingOf(ev, "kube-apiserver", "request-timeout");
    REQUIRE(timeout != nullptr);
    CHECK(Contains(timeout->source, "default for Kubernetes " + version));
    // The audit log limits have no default worth keeping: unset in every version.
    for (const char* audit : {"audit-log-path", "audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize"}) {
      INFO("Kubernetes " << version << " --" << audit);
      CHECK(SettingOf(ev, "kube-apiserver", audit) == nullptr);
    }
  }
}

TEST_CASE("removed API server flags have defaults only in the versions that had them", "[rules][facts]") {
  for (int minor = kFirstMinor; minor <= kLastMinor; ++minor) {
    Evaluation ev = EvaluateAt(minor);
    INFO("Kubernetes 1." << minor);
    const EffectiveSetting* port = SettingOf(ev, "kube-apiserver", "insecure-port");
    if (minor <= 19) {
      REQUIRE(port != nullptr);
      CHECK(port->value == "8080");
    } else if (minor <= 23) {
      REQUIRE(port != nullptr);
      CHECK(port->value == "0");
    } else {
      CHECK(port == nullptr);
    }
    const EffectiveSetting* https = SettingOf(ev, "kube-apiserver", "kubelet-https");
    if (minor <= 21) {
      REQUIRE(https != nullptr);
      CHECK(https->value == "true");
    } else {
      CHECK(https == nullptr);
    }
    // Its compiled-in 127.0.0.1 is deliberately not a default: "not set" means not given.
    CHECK(SettingOf(ev, "kube-apiserver", "insecure-bind-address") == nullptr);
    CHECK(FindingFor(ev, "1.2.18").status == CheckStatus::kPass);
  }
}

TEST_CASE("ServiceAccount and NamespaceLifecycle are on by default in every version and the plugins the benchmark asks for never are",
          "[rules][facts]") {
  for (int minor = kFirstMinor; minor <= kLastMinor; ++minor) {
    Evaluation ev = EvaluateAt(minor);
    const std::string version = "1." + std::to_string(minor);
    for (const char* id : {"1.2.14", "1.2.15"}) {
      const Finding& f = FindingFor(ev, id);
      INFO("Kubernetes " << version << " " << id << ": " << f.actual << " | " << f.source);
      CHECK(f.status == CheckStatus::kPass);
      CHECK(Contains(f.actual, "on by default"));
      CHECK(Contains(f.source, "default plugins of Kubernetes " + version));
    }
    // EventRateLimit, AlwaysPullImages, SecurityContextDeny/PodSecurityPolicy, PodSecurityPolicy and
    // NodeRestriction must be asked for; AlwaysAdmit is never on unless asked for.
    for (const char* id : {"1.2.10", "1.2.12", "1.2.13", "1.2.16", "1.2.17"}) {
      const Finding& f = FindingFor(ev, id);
      INFO("Kubernetes " << version << " " << id << ": " << f.actual);
      CHECK(f.status == CheckStatus::kFail);
    }
    CHECK(FindingFor(ev, "1.2.11").status == CheckStatus::kPass);
  }
}

TEST_CASE("controller manager, scheduler and etcd defaults are the same in every version from 1.16 to 1.33",
          "[rules][facts]") {
  struct Expect {
    const char* component;
    const char* name;
    const char* value;
  };
  const std::vector<Expect> expected = {
      {"kube-controller-manager", "terminated-pod-gc-threshold", "12500"},
      {"kube-controller-manager", "use-service-account-credentials", "false"},
      {"kube-controller-manager", "profiling", "true"},
      {"kube-controller-manager", "bind-address", "0.0.0.0"},
      {"kube-scheduler", "profiling", "true"},
      {"kube-scheduler", "bind-address", "0.0.0.0"},
      {"etcd", "client-cert-auth", "false"},
      {"etcd", "auto-tls", "false"},
      {"etcd", "peer-client-cert-auth", "false"},
      {"etcd", "peer-auto-tls", "false"},
  };
  for (int minor = kFirstMinor; minor <= kLastMinor; ++minor) {
    Evaluation ev = EvaluateAt(minor);
    for (const auto& e : expected) {
      const EffectiveSetting* s = SettingOf(ev, e.component, e.name);
      INFO("Kubernetes 1." << minor << " " << e.component << " --" << e.name);
      REQUIRE(s != nullptr);
      CHECK(s->value == e.value);
      CHECK(Contains(s->source, "default for Kubernetes"));
    }
    const Finding& gate = FindingFor(ev, "1.3.6");
    INFO("Kubernetes 1." << minor << " 1.3.6: " << gate.actual << " | " << gate.source);
    CHECK(gate.status == CheckStatus::kPass);
    CHECK(Contains(gate.source, "default for Kubernetes 1." + std::to_string(minor)));
  }
}

TEST_CASE("a bare control plane fails the checks its defaults break and passes those they satisfy", "[rules][facts]") {
  Evaluation ev = EvaluateAt(18);
  for (const char* id : {"1.2.1", "1.2.7", "1.2.19", "1.2.21", "1.3.2", "1.3.3", "1.3.7", "1.4.1", "1.4.2", "2.2",
                         "2.5"}) {
    const Finding& f = FindingFor(ev, id);
    INFO(id << ": " << f.actual << " | " << f.source);
    CHECK(f.status == CheckStatus::kFail);
    CHECK(Contains(f.source, "default for Kubernetes 1.18"));
  }
  for (const char* id : {"1.2.4", "1.2.20", "1.2.27", "1.3.1", "2.3", "2.6"}) {
    const Finding& f = FindingFor(ev, id);
    INFO(id << ": " << f.actual << " | " << f.source);
    CHECK(f.status == CheckStatus::kPass);
    CHECK(Contains(f.source, "default for Kubernetes 1.18"));
  }
}

}  // namespace kubeproof
