// The evidence filter (common/*_filter, safe_settings): only safe-listed values leave a node.
// Every input plants fake secrets spelled kpcanaryNNNN; none may reach the output or the log,
// the safe values beside them must survive, and filtering the output again must change nothing
// and note nothing, because the analyzer applies the filter a second time at ingest.
#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/command_line_filter.h"
#include "common/content_filter.h"
#include "common/redaction.h"
#include "common/safe_settings.h"
#include "common/structured_filter.h"
#include "common/unit_filter.h"

namespace kubeproof {
namespace {

constexpr std::string_view kCanary = "kpcanary";
const std::string kRedacted(kRedactedValue);

bool HasCanary(std::string_view text) { return text.find(kCanary) != std::string_view::npos; }

bool HasCanary(const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (HasCanary(w)) return true;
  }
  return false;
}

std::string LogText(const RedactionLog& log) {
  std::string out;
  for (const RedactedField& r : log.entries())
    out += r.field + ": " + std::string(RedactionReasonText(r.reason)) + "\n";
  return out;
}

bool Logged(const RedactionLog& log, std::string_view field, RedactionReason reason) {
  for (const RedactedField& r : log.entries()) {
    if (r.field == field && r.reason == reason) return true;
  }
  return false;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += "[" + w + "]";
  return out;
}

// FilterArguments, checked for canaries in the output and the log and for idempotence.
struct FilteredArgv {
  std::vector<std::string> argv;
  RedactionLog log;
};

FilteredArgv Args(const std::vector<std::string>& argv, std::size_t first = 1) {
  FilteredArgv out;
  out.argv = FilterArguments(argv, first, out.log);
  INFO("in:  " << Joined(argv));
  INFO("out: " << Joined(out.argv));
  INFO("log:\n" << LogText(out.log));
  CHECK(out.argv.size() == argv.size());
  CHECK_FALSE(HasCanary(out.argv));
  CHECK_FALSE(HasCanary(LogText(out.log)));
  RedactionLog again;
  CHECK(FilterArguments(out.argv, first, again) == out.argv);
  INFO("log of the second pass:\n" << LogText(again));
  CHECK(again.empty());
  return out;
}

// FilterStructured on a text that must parse, with the same checks.
struct FilteredText {
  std::string text;
  RedactionLog log;
};

FilteredText Structured(std::string_view text, std::string_view profile) {
  FilteredText out;
  Result<std::string> filtered = FilterStructured(text, profile, out.log);
  INFO("in:\n" << text);
  REQUIRE(filtered.ok());
  out.text = *filtered;
  INFO("out:\n" << out.text);
  INFO("log:\n" << LogText(out.log));
  CHECK_FALSE(HasCanary(out.text));
  CHECK_FALSE(HasCanary(LogText(out.log)));
  RedactionLog again;
  Result<std::string> refiltered = FilterStructured(out.text, profile, again);
  REQUIRE(refiltered.ok());
  CHECK(*refiltered == out.text);
  INFO("log of the second pass:\n" << LogText(again));
  CHECK(again.empty());
  return out;
}

using TextFilter = std::string (*)(std::string_view, RedactionLog&, const SafeSettings&);

FilteredText Lines(TextFilter filter, std::string_view text) {
  FilteredText out;
  out.text = filter(text, out.log, SafeSettings::Builtin());
  INFO("in:\n" << text);
  INFO("out:\n" << out.text);
  INFO("log:\n" << LogText(out.log));
  CHECK_FALSE(HasCanary(out.text));
  CHECK_FALSE(HasCanary(LogText(out.log)));
  RedactionLog again;
  CHECK(filter(out.text, again, SafeSettings::Builtin()) == out.text);
  INFO("log of the second pass:\n" << LogText(again));
  CHECK(again.empty());
  return out;
}

FilteredText Unit(std::string_view text) { return Lines(&FilterUnitFile, text); }
FilteredText EnvFile(std::string_view text) { return Lines(&FilterEnvironmentFile, text); }
FilteredText ArgsFile(std::string_view text) { return Lines(&FilterArgumentsFile, text); }

std::string Nested(std::string_view open, std::string_view middle, std::string_view close,
                   int depth) {
  std::string out;
  out.reserve((open.size() + close.size()) * static_cast<std::size_t>(depth) + middle.size());
  for (int i = 0; i < depth; ++i) out += open;
  out += middle;
  for (int i = 0; i < depth; ++i) out += close;
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Command lines.

TEST_CASE("a safe flag keeps its value whether written with = or as the next word", "[filter]") {
  FilteredArgv f = Args({"kube-apiserver", "--anonymous-auth=false", "--kubeconfig",
                         "/etc/kubernetes/admin.conf", "--read-only-port=0", "--authorization-mode",
                         "Node,RBAC"});
  CHECK(f.argv == std::vector<std::string>{"kube-apiserver", "--anonymous-auth=false",
                                           "--kubeconfig", "/etc/kubernetes/admin.conf",
                                           "--read-only-port=0", "--authorization-mode",
                                           "Node,RBAC"});
  CHECK(f.log.empty());
}

TEST_CASE("a flag not on the safe list keeps its name and loses its value in either spelling",
          "[filter]") {
  FilteredArgv f = Args(
      {"kubelet", "--token=kpcanary0001", "--bootstrap-token", "kpcanary0002", "--port=10250"});
  CHECK(f.argv == std::vector<std::string>{"kubelet", "--token=" + kRedacted, "--bootstrap-token",
                                           kRedacted, "--port=10250"});
  CHECK(Logged(f.log, "--token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--bootstrap-token", RedactionReason::kNotSafeListed));
}

TEST_CASE("a boolean flag never takes the next word as its value", "[filter]") {
  FilteredArgv f =
      Args({"kubelet", "--anonymous-auth", "kpcanary0003", "--profiling", "--kubeconfig=/x"});
  CHECK(f.argv == std::vector<std::string>{"kubelet", "--anonymous-auth", kRedacted, "--profiling",
                                           "--kubeconfig=/x"});
  CHECK(Logged(f.log, "argument 2", RedactionReason::kUnplaceable));
}

TEST_CASE("a flag not on the safe list followed by a value word withholds the word", "[filter]") {
  FilteredArgv f =
      Args({"etcd", "--initial-cluster-token", "kpcanary0004", "--data-dir", "/var/lib/etcd"});
  CHECK(f.argv == std::vector<std::string>{"etcd", "--initial-cluster-token", kRedacted,
                                           "--data-dir", "/var/lib/etcd"});
  CHECK(Logged(f.log, "--initial-cluster-token", RedactionReason::kNotSafeListed));
}

TEST_CASE("a secret that starts with a dash is withheld as the value of the flag before it",
          "[filter]") {
  // pflag and Go's flag give a non-boolean flag the next word whatever it starts with.
  FilteredArgv f = Args({"kubelet", "--token", "-kpcanary0005", "--bootstrap-token",
                         "--kpcanary0006", "-password", "-kpcanary0007"});
  CHECK(f.argv == std::vector<std::string>{"kubelet", "--token", kRedacted, "--bootstrap-token",
                                           kRedacted, "-password", kRedacted});
  CHECK(Logged(f.log, "--bootstrap-token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "-password", RedactionReason::kNotSafeListed));
}

TEST_CASE("a safe flag after a flag not on the safe list is still judged as a flag", "[filter]") {
  // An unknown boolean flag must not swallow the safe setting that follows it.
  FilteredArgv f =
      Args({"kube-apiserver", "--some-new-switch", "--anonymous-auth=false", "--other-switch",
            "--kube-apiserver-arg=audit-policy-file=/x", "--third-switch", "--", "kpcanary0008"});
  CHECK(f.argv[2] == "--anonymous-auth=false");
  CHECK(f.argv[4] == "--kube-apiserver-arg=audit-policy-file=/x");
  CHECK(f.argv[7] == kRedacted);
}

TEST_CASE("everything after -- is withheld", "[filter]") {
  FilteredArgv f = Args({"kube-proxy", "--v=2", "--", "--anonymous-auth=false", "kpcanary0009",
                         "--token=kpcanary0010"});
  CHECK(f.argv ==
        std::vector<std::string>{"kube-proxy", "--v=2", "--", kRedacted, kRedacted, kRedacted});
  CHECK(Logged(f.log, "arguments after --", RedactionReason::kUnplaceable));
  FilteredArgv last = Args({"kube-proxy", "--"});
  CHECK(last.argv == std::vector<std::string>{"kube-proxy", "--"});
  CHECK(last.log.empty());
}

TEST_CASE(
    "single-dash flags as etcd and Go's flag package write them are judged like double-dash ones",
    "[filter]") {
  FilteredArgv f = Args({"etcd", "-name=etcd0", "-data-dir", "/var/lib/etcd",
                         "-initial-cluster-token=kpcanary0011", "-client-cert-auth",
                         "-peer-client-cert-auth", "-discovery-token", "kpcanary0012"});
  CHECK(f.argv == std::vector<std::string>{"etcd", "-name=etcd0", "-data-dir", "/var/lib/etcd",
                                           "-initial-cluster-token=" + kRedacted,
                                           "-client-cert-auth", "-peer-client-cert-auth",
                                           "-discovery-token", kRedacted});
  CHECK(Logged(f.log, "-initial-cluster-token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "-discovery-token", RedactionReason::kNotSafeListed));
}

TEST_CASE("a repeated flag is judged at every occurrence", "[filter]") {
  FilteredArgv f = Args({"kube-apiserver", "--enable-admission-plugins=NodeRestriction",
                         "--token=kpcanary0013", "--enable-admission-plugins", "PodSecurity",
                         "--token", "kpcanary0014", "--token=kpcanary0015"});
  CHECK(f.argv ==
        std::vector<std::string>{"kube-apiserver", "--enable-admission-plugins=NodeRestriction",
                                 "--token=" + kRedacted, "--enable-admission-plugins",
                                 "PodSecurity", "--token", kRedacted, "--token=" + kRedacted});
  // One record for the flag, however often it is withheld.
  CHECK(f.log.entries().size() == 1);
}

TEST_CASE("the program and a k3s subcommand are kept and any other positional word is withheld",
          "[filter]") {
  FilteredArgv k3s =
      Args({"/usr/local/bin/k3s", "server", "--write-kubeconfig-mode=0644", "kpcanary0016"}, 2);
  CHECK(k3s.argv == std::vector<std::string>{"/usr/local/bin/k3s", "server",
                                             "--write-kubeconfig-mode=0644", kRedacted});
  CHECK(Logged(k3s.log, "argument 3", RedactionReason::kUnplaceable));

  // With only the program before the flags, a subcommand word is positional.
  FilteredArgv plain = Args({"kube-apiserver", "server", "--secure-port=6443"});
  CHECK(plain.argv == std::vector<std::string>{"kube-apiserver", kRedacted, "--secure-port=6443"});
}

TEST_CASE("a program word that is not a program name is withheld and stays withheld", "[filter]") {
  FilteredArgv f = Args({"kubelet kpcanary0017", "--anonymous-auth=false"});
  CHECK(f.argv == std::vector<std::string>{kRedacted, "--anonymous-auth=false"});
  CHECK(Logged(f.log, "argument 0", RedactionReason::kUnplaceable));
  FilteredArgv sub = Args({"k3s", "kpcanary0018=x", "--selinux"}, 2);
  CHECK(sub.argv == std::vector<std::string>{"k3s", kRedacted, "--selinux"});
}

TEST_CASE("a whole process title in one word with spaces is withheld", "[filter]") {
  FilteredArgv f = Args({"kube-apiserver --token=kpcanary0019 --anonymous-auth=false"});
  CHECK(f.argv == std::vector<std::string>{kRedacted});
  CHECK(Logged(f.log, "argument 0", RedactionReason::kUnplaceable));
}

TEST_CASE(
    "a variable reference is kept because systemd expands it, and a command substitution is not",
    "[filter]") {
  FilteredArgv f = Args({"kubelet", "$KUBELET_ARGS", "${KUBELET_EXTRA_ARGS}",
                         "$(cat /kpcanary0021)", "${kpcanary0022", "$"});
  CHECK(f.argv == std::vector<std::string>{"kubelet", "$KUBELET_ARGS", "${KUBELET_EXTRA_ARGS}",
                                           kRedacted, kRedacted, kRedacted});
}

TEST_CASE("a pass-through flag judges the embedded component's flag in either spelling",
          "[filter]") {
  FilteredArgv f = Args({"k3s", "server", "--kube-apiserver-arg=oidc-client-secret=kpcanary0023",
                         "--kube-apiserver-arg", "oidc-client-secret=kpcanary0024",
                         "--kube-apiserver-arg=audit-policy-file=/etc/audit.yaml", "--kubelet-arg",
                         "anonymous-auth=false", "--kubelet-arg=--token=kpcanary0025",
                         "--kube-apiserver-arg=profiling", "--etcd-arg=a b=kpcanary0026"},
                        2);
  CHECK(f.argv == std::vector<std::string>{
                      "k3s", "server", "--kube-apiserver-arg=oidc-client-secret=" + kRedacted,
                      "--kube-apiserver-arg", "oidc-client-secret=" + kRedacted,
                      "--kube-apiserver-arg=audit-policy-file=/etc/audit.yaml", "--kubelet-arg",
                      "anonymous-auth=false", "--kubelet-arg=--token=" + kRedacted,
                      "--kube-apiserver-arg=profiling", "--etcd-arg=" + kRedacted});
  CHECK(Logged(f.log, "--kube-apiserver-arg oidc-client-secret", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--kubelet-arg token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--etcd-arg", RedactionReason::kUnplaceable));
}

TEST_CASE("a URL with user-info is withheld even as the value of a safe flag", "[filter]") {
  FilteredArgv f =
      Args({"kube-apiserver", "--etcd-servers=https://root:kpcanary0027@10.0.0.1:2379",
            "--etcd-servers", "https://10.0.0.2:2379,https://kpcanary0028@10.0.0.3:2379",
            "--kube-apiserver-arg=etcd-servers=https://u:kpcanary0029@h:2379",
            "--etcd-servers=https://10.0.0.4:2379"});
  CHECK(f.argv == std::vector<std::string>{"kube-apiserver", "--etcd-servers=" + kRedacted,
                                           "--etcd-servers", kRedacted,
                                           "--kube-apiserver-arg=etcd-servers=" + kRedacted,
                                           "--etcd-servers=https://10.0.0.4:2379"});
  CHECK(Logged(f.log, "--etcd-servers", RedactionReason::kUrlCredentials));
  CHECK(Logged(f.log, "--kube-apiserver-arg etcd-servers", RedactionReason::kUrlCredentials));
}

TEST_CASE("a URL whose password holds a slash, question mark or hash is still withheld",
          "[filter]") {
  // Unencoded, these characters end the authority for a URL parser, but the operator meant a
  // password.
  for (std::string_view url :
       {"https://u:kp/canary0030@h:2379", "https://u:kp?canary0031@h:2379",
        "https://u:kp#canary0032@h:2379", "https://h1:2379;https://u:kpcanary0033@h2:2379",
        "https://h1:2379 https://u:kpcanary0034@h2:2379"}) {
    FilteredArgv f = Args({"kube-apiserver", "--etcd-servers=" + std::string(url)});
    CHECK(f.argv[1] == "--etcd-servers=" + kRedacted);
    CHECK_FALSE(Contains(f.argv[1], "kp"));
    CHECK(Logged(f.log, "--etcd-servers", RedactionReason::kUrlCredentials));
  }
  // The price: an '@' in a URL's path is taken for user-info too.
  CHECK_FALSE(SafeValue("https://h/a@b").has_value());
}

TEST_CASE("a query string and a fragment are dropped from a kept URL", "[filter]") {
  FilteredArgv f = Args({"kube-apiserver", "--etcd-servers=https://h:2379/path?token=kpcanary0035",
                         "--service-account-issuer=https://issuer.example/x#kpcanary0036",
                         "--listen-client-urls=https://a:2379?x=kpcanary0037,https://b:2379"});
  CHECK(f.argv == std::vector<std::string>{"kube-apiserver", "--etcd-servers=https://h:2379/path",
                                           "--service-account-issuer=https://issuer.example/x",
                                           "--listen-client-urls=https://a:2379,https://b:2379"});
  CHECK(SafeValue("unix:///run/containerd/containerd.sock") ==
        std::optional<std::string>("unix:///run/containerd/containerd.sock"));
  CHECK_FALSE(SafeValue("http://user@proxy:3128").has_value());
}

TEST_CASE("a bare assignment and a word whose flag name is not a flag name are withheld",
          "[filter]") {
  FilteredArgv f = Args({"k3s", "K3S_TOKEN=kpcanary0038", "--to ken=kpcanary0039",
                         "---token=kpcanary0040", "--=kpcanary0041", "-=kpcanary0042", "-",
                         "--tok\"en=kpcanary0043", "--token\n=kpcanary0044"});
  CHECK(f.argv == std::vector<std::string>{"k3s", kRedacted, kRedacted, kRedacted, kRedacted,
                                           kRedacted, kRedacted, kRedacted, kRedacted});
  CHECK(Logged(f.log, "argument 1", RedactionReason::kUnplaceable));
  CHECK(Logged(f.log, "argument 2", RedactionReason::kUnplaceable));
  CHECK(IsFlagName("kube-apiserver-arg"));
  CHECK(IsFlagName("v"));
  CHECK_FALSE(IsFlagName("-token"));
  CHECK_FALSE(IsFlagName("to ken"));
  CHECK_FALSE(IsFlagName(std::string(129, 'a')));
}

TEST_CASE("empty words and empty values are kept as they are", "[filter]") {
  FilteredArgv f = Args({"kubelet", "", "--token=", "--kubeconfig="});
  CHECK(f.argv == std::vector<std::string>{"kubelet", "", "--token=", "--kubeconfig="});
}

// ---------------------------------------------------------------------------------------------
// Splitting and joining command lines.

TEST_CASE("a command line splits at blanks with quotes, escapes and continuations honoured",
          "[filter]") {
  auto split = [](std::string_view text) {
    Result<std::vector<std::string>> words = SplitCommandLine(text);
    REQUIRE(words.ok());
    return *words;
  };
  CHECK(split("a  b\tc\n d") == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(split("--x='a b' \"c d\"") == std::vector<std::string>{"--x=a b", "c d"});
  CHECK(split(R"('a\b' "c\"d" "e\\f" "g\$h" "i\j")") ==
        std::vector<std::string>{R"(a\b)", "c\"d", R"(e\f)", "g$h", R"(i\j)"});
  CHECK(split(R"(a\ b c\"d \'e)") == std::vector<std::string>{"a b", "c\"d", "'e"});
  CHECK(split("/bin/k3s \\\n  server \\\n  --token kp") ==
        std::vector<std::string>{"/bin/k3s", "server", "--token", "kp"});
  CHECK(split("ab\\\ncd") == std::vector<std::string>{"abcd"});
  CHECK(split("'' \"\"") == std::vector<std::string>{"", ""});
  CHECK(split("'a'\"b\"c") == std::vector<std::string>{"abc"});
  CHECK(split("trailing\\") == std::vector<std::string>{"trailing\\"});
  CHECK(split("").empty());
}

TEST_CASE("a command line with an unterminated quote does not split", "[filter]") {
  for (std::string_view text :
       {"--token 'kpcanary", "--token \"kpcanary", "--token \"kp\\\"", "'a'\"b"}) {
    INFO(text);
    Result<std::vector<std::string>> words = SplitCommandLine(text);
    REQUIRE_FALSE(words.ok());
    CHECK(words.status().code() == Status::Code::kCorrupt);
  }
}

TEST_CASE("joined words split back into the same words", "[filter]") {
  std::vector<std::vector<std::string>> cases = {
      {"plain", "--flag=value", "/path/to/x", "${VAR}", "$VAR", kRedacted},
      {"with space", "tab\there", "new\nline", "cr\rx", ""},
      {"'single'", "\"double\"", "back\\slash", "end\\", "\\\"", "\\\n", "$(x)", "a;b", "#x", "`x`",
       "*?[]", "~"},
  };
  std::mt19937 random(20240607);
  const std::string alphabet = "ab -=$'\"\\\n\t{}#;*";
  for (int n = 0; n < 500; ++n) {
    std::vector<std::string> words(random() % 5);
    for (std::string& w : words) {
      std::size_t length = random() % 8;
      for (std::size_t i = 0; i < length; ++i) w += alphabet[random() % alphabet.size()];
    }
    cases.push_back(words);
  }
  for (const std::vector<std::string>& words : cases) {
    std::string joined = JoinCommandLine(words);
    INFO("words: " << Joined(words) << "\njoined: " << joined);
    Result<std::vector<std::string>> split = SplitCommandLine(joined);
    REQUIRE(split.ok());
    CHECK(*split == words);
  }
  CHECK(JoinCommandLine({"--anonymous-auth=false", "/x"}) == "--anonymous-auth=false /x");
}

// ---------------------------------------------------------------------------------------------
// Structured files.

TEST_CASE("a kubelet config keeps its safe settings and withholds the rest", "[filter]") {
  FilteredText f = Structured(R"(# kpcanary0100 in a comment
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
featureGates:
  RotateKubeletServerCertificate: true
  SomeGate: false
tlsCipherSuites:
  - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
staticPodURL: https://pods.example/x
staticPodURLHeader:
  Authorization:
    - Bearer kpcanary0101
providerID: kpcanary0102  # trailing comment kpcanary0103
)",
                              "kubelet-config");
  for (std::string_view kept :
       {"apiVersion: kubelet.config.k8s.io/v1beta1", "kind: KubeletConfiguration",
        "readOnlyPort: 0", "enabled: false", "enabled: true",
        "clientCAFile: /etc/kubernetes/pki/ca.crt", "mode: Webhook",
        "RotateKubeletServerCertificate: true", "SomeGate: false",
        "- TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "- TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "staticPodURL: \"<redacted>\"", "Authorization:", "providerID: \"<redacted>\""}) {
    INFO(kept);
    CHECK(Contains(f.text, kept));
  }
  CHECK_FALSE(Contains(f.text, "#"));
  CHECK(Logged(f.log, "staticPodURLHeader.Authorization[]", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "providerID", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "staticPodURL", RedactionReason::kNotSafeListed));
}

TEST_CASE("a literal dotted key is not the nested safe path it spells", "[filter]") {
  FilteredText f = Structured(
      "authentication.anonymous.enabled: kpcanary0104\n\"readOnlyPort\": 0\n", "kubelet-config");
  CHECK(Contains(f.text, "authentication.anonymous.enabled: \"<redacted>\""));
  CHECK(Contains(f.text, "\"readOnlyPort\": 0"));
  CHECK(Logged(f.log, "authentication.anonymous.enabled", RedactionReason::kNotSafeListed));
}

TEST_CASE("a map key spelled [] is not a sequence element of a safe path", "[filter]") {
  FilteredText f =
      Structured("tlsCipherSuites:\n  \"[]\": kpcanary0105\nclusterDNS: {\"[]\": kpcanary0106}\n",
                 "kubelet-config");
  CHECK_FALSE(Contains(f.text, "kpcanary"));
  FilteredText kubeconfig = Structured("users:\n  \"[]\":\n    name: kpcanary0107\n", "kubeconfig");
  CHECK_FALSE(Contains(kubeconfig.text, "kpcanary"));
}

TEST_CASE("a complex key is dropped with its value and named in the log", "[filter]") {
  FilteredText f = Structured(R"(? token
: kpcanary0108
? {kpcanary0109: x}
: kpcanary0110
? [kpcanary0111]
: readOnlyPort
readOnlyPort: 0
)",
                              "kubelet-config");
  CHECK(Contains(f.text, "token: \"<redacted>\""));
  CHECK(Contains(f.text, "readOnlyPort: 0"));
  CHECK(Logged(f.log, "token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "(document) (complex key)", RedactionReason::kComplexKey));
  FilteredText nested =
      Structured("authentication:\n  ? {a: b}\n  : kpcanary0112\n", "kubelet-config");
  CHECK(Logged(nested.log, "authentication (complex key)", RedactionReason::kComplexKey));
}

TEST_CASE("escaped, folded and block scalars are judged after they are decoded", "[filter]") {
  FilteredText f = Structured(R"("\x74oken": kpcanary0113
'read''OnlyPort': kpcanary0114
password: "kpcanary0115
  continued kpcanary0116"
literal: |
  kpcanary0117
  kpcanary0118
folded: >-
  kpcanary0119
  kpcanary0120
tagged: !!str kpcanary0121
custom: !local kpcanary0122
binary: !!binary a3BjYW5hcnkwMTIz
readOnlyPort: !!int "0"
clusterDomain: >
  cluster.local
)",
                              "kubelet-config");
  CHECK(Contains(f.text, "\"token\": \"<redacted>\""));
  CHECK(Contains(f.text, "password: \"<redacted>\""));
  CHECK(Contains(f.text, "literal: \"<redacted>\""));
  CHECK(Contains(f.text, "folded: \"<redacted>\""));
  CHECK(Contains(f.text, "tagged: \"<redacted>\""));
  CHECK(Contains(f.text, "binary: \"<redacted>\""));
  CHECK(Contains(f.text, "cluster.local"));
  CHECK(Contains(f.text, "readOnlyPort: !!int \"0\""));
  CHECK(Logged(f.log, "token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "read'OnlyPort", RedactionReason::kNotSafeListed));
}

TEST_CASE("a tag carries no text of the file out", "[filter]") {
  FilteredText f = Structured(R"(%TAG !e! tag:kpcanary0123,2024:
---
apiVersion: !kpcanary0124 v1
kind: !<tag:yaml.org,2002:kpcanary0125> KubeletConfiguration
authentication: !kpcanary0126
  anonymous: !e!x
    enabled: false
featureGates: !!map {A: true}
tlsCipherSuites: !<kpcanary0127> [TLS_X]
token: !kpcanary0128 {a: b}
)",
                              "kubelet-config");
  CHECK(Contains(f.text, "apiVersion: v1\n"));
  CHECK(Contains(f.text, "kind: KubeletConfiguration\n"));
  CHECK(Contains(f.text, "enabled: false"));
  CHECK(Contains(f.text, "- TLS_X"));
  // YAML's own tags say how a value reads and stay.
  CHECK(Contains(f.text, "featureGates: !!map"));
}

TEST_CASE("every document of a YAML stream is filtered", "[filter]") {
  FilteredText f = Structured(
      "apiVersion: v1\nkind: Config\n--- {\"token\": \"kpcanary0129\", \"kind\": \"Secret\"}\n"
      "---\n- kpcanary0130\n...\n--- kpcanary0131\n",
      "other");
  CHECK(Contains(f.text, "apiVersion: v1"));
  CHECK(Contains(f.text, "\"kind\": \"Secret\""));
  CHECK(Logged(f.log, "token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "[]", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "(document)", RedactionReason::kNotSafeListed));
}

TEST_CASE("a byte order mark does not hide a document from the filter", "[filter]") {
  FilteredText f =
      Structured("\xEF\xBB\xBFtoken: kpcanary0132\nreadOnlyPort: 0\n", "kubelet-config");
  CHECK(Contains(f.text, "readOnlyPort: 0"));
  CHECK(Logged(f.log, "token", RedactionReason::kNotSafeListed));
}

TEST_CASE("an alias repeats the filtered value and never the anchored secret", "[filter]") {
  FilteredText f = Structured(R"(x: &a kpcanary0133
token: *a
m: &m {password: kpcanary0134, readOnlyPort: 0}
authentication: *m
readOnlyPort: &p 0
port: *p
)",
                              "kubelet-config");
  CHECK(Contains(f.text, "token: \"<redacted>\""));
  CHECK(Contains(f.text, "port: 0"));
  CHECK_FALSE(Contains(f.text, "&"));
  CHECK_FALSE(Contains(f.text, "*"));
  CHECK(Logged(f.log, "token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "authentication.password", RedactionReason::kNotSafeListed));
}

TEST_CASE("a merge key is judged at its own path, never at the path it would merge into",
          "[filter]") {
  FilteredText f = Structured(R"(base: &b {token: kpcanary0183, enabled: kpcanary0184}
authentication:
  anonymous:
    <<: *b
  <<: {webhook: {enabled: kpcanary0185}}
)",
                              "kubelet-config");
  CHECK(Logged(f.log, "authentication.anonymous.<<.enabled", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "authentication.<<.webhook.enabled", RedactionReason::kNotSafeListed));
}

TEST_CASE("a JSON kubelet config is filtered like YAML", "[filter]") {
  FilteredText f =
      Structured(R"({"apiVersion":"kubelet.config.k8s.io/v1beta1","kind":"KubeletConfiguration",
 "readOnlyPort":0,"authentication":{"anonymous":{"enabled":false},"token":"kpcanary0135"},
 "featureGates":{"A":true},"tlsCipherSuites":["TLS_A","TLS_B"],
 "staticPodURLHeader":{"X-Token":["kpcanary0136"]}})",
                 "kubelet-config");
  // JSON's quoted strings stay quoted.
  CHECK(Contains(f.text, "\"readOnlyPort\": 0"));
  CHECK(Contains(f.text, "\"enabled\": false"));
  CHECK(Contains(f.text, "\"A\": true"));
  CHECK(Contains(f.text, "TLS_A"));
  CHECK(Contains(f.text, "TLS_B"));
  CHECK(Logged(f.log, "authentication.token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "staticPodURLHeader.X-Token[]", RedactionReason::kNotSafeListed));
}

TEST_CASE("flow collections are filtered element by element", "[filter]") {
  FilteredText f = Structured(
      "clusterDNS: [10.96.0.10, 10.96.0.11]\nevictionHard: {memory.available: 100Mi}\n"
      "secrets: [kpcanary0138, {a: kpcanary0139}, [kpcanary0140]]\n",
      "kubelet-config");
  CHECK(Contains(f.text, "clusterDNS:\n- 10.96.0.10\n- 10.96.0.11\n"));
  CHECK(Contains(f.text, "memory.available: 100Mi"));
  CHECK(Logged(f.log, "secrets[]", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "secrets[].a", RedactionReason::kNotSafeListed));
}

TEST_CASE("null values stay null and a collection where a safe scalar belongs is withheld",
          "[filter]") {
  FilteredText f = Structured(
      "token: ~\nkey: null\nempty:\nreadOnlyPort: {a: kpcanary0141}\nport: [kpcanary0142]\n",
      "kubelet-config");
  CHECK(Contains(f.text, "token: ~"));
  CHECK(Contains(f.text, "key: null"));
  CHECK(Logged(f.log, "readOnlyPort.a", RedactionReason::kNotSafeListed));
}

TEST_CASE("a kubeconfig keeps servers and file paths and withholds credentials", "[filter]") {
  FilteredText f = Structured(R"(apiVersion: v1
kind: Config
current-context: default
clusters:
- name: default
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority: /etc/kubernetes/pki/ca.crt
    certificate-authority-data: kpcanary0143
    proxy-url: http://user:kpcanary0144@proxy:3128
- name: other
  cluster:
    server: https://admin:kpcanary0145@10.0.0.2:6443
contexts:
- name: default
  context: {cluster: default, user: admin}
users:
- name: admin
  user:
    token: kpcanary0146
    client-certificate: /etc/kubernetes/pki/admin.crt
    client-key: /etc/kubernetes/pki/admin.key
    client-key-data: kpcanary0147
    password: kpcanary0148
    exec:
      command: /usr/bin/aws-iam-authenticator
      args: [token, -i, kpcanary0149]
      env:
      - name: AWS_SECRET_ACCESS_KEY
        value: kpcanary0150
    auth-provider:
      config: {client-secret: kpcanary0151, id-token: kpcanary0152}
)",
                              "kubeconfig");
  for (std::string_view kept :
       {"server: https://10.0.0.1:6443", "certificate-authority: /etc/kubernetes/pki/ca.crt",
        "client-certificate: /etc/kubernetes/pki/admin.crt",
        "client-key: /etc/kubernetes/pki/admin.key", "current-context: default", "user: admin",
        "token: \"<redacted>\"", "client-key-data: \"<redacted>\""}) {
    INFO(kept);
    CHECK(Contains(f.text, kept));
  }
  CHECK(Logged(f.log, "users[].user.token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "users[].user.client-key-data", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "users[].user.exec.env[].value", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "clusters[].cluster.proxy-url", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "clusters[].cluster.server", RedactionReason::kUrlCredentials));
}

TEST_CASE("a pod manifest's command and args are filtered as a command line", "[filter]") {
  FilteredText f = Structured(R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  annotations: {note: kpcanary0153}
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.30.0
    command:
    - kube-apiserver
    - --anonymous-auth=false
    - --token-auth-file=/etc/kubernetes/tokens.csv
    - --oidc-client-secret=kpcanary0154
    - --etcd-servers=https://u:kpcanary0155@127.0.0.1:2379
    - {nested: kpcanary0156}
    args: ["--service-account-key-file", "/etc/kubernetes/pki/sa.pub", "--token", "kpcanary0157"]
    env:
    - name: ETCD_PASSWORD
      value: kpcanary0158
  - name: shell
    image: busybox
    command: ["sh", "-c", "kube-apiserver --token \"kpcanary0159\" --anonymous-auth=false"]
)",
                              "pod-manifest");
  for (std::string_view kept :
       {"- kube-apiserver", "- --anonymous-auth=false",
        "- --token-auth-file=/etc/kubernetes/tokens.csv", "- \"--oidc-client-secret=<redacted>\"",
        "- \"--etcd-servers=<redacted>\"", "- \"--service-account-key-file\"",
        "- \"/etc/kubernetes/pki/sa.pub\"", "- \"sh\"", "- \"-c\"",
        "image: registry.k8s.io/kube-apiserver:v1.30.0", "hostNetwork: true",
        "name: kube-apiserver"}) {
    INFO(kept);
    CHECK(Contains(f.text, kept));
  }
  CHECK(Logged(f.log, "spec.containers[].command --oidc-client-secret",
               RedactionReason::kNotSafeListed));
  CHECK(
      Logged(f.log, "spec.containers[].command --etcd-servers", RedactionReason::kUrlCredentials));
  CHECK(Logged(f.log, "spec.containers[].args --token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "spec.containers[].command -c", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "spec.containers[].env[].value", RedactionReason::kNotSafeListed));
}

TEST_CASE("a k3s config keeps safe flags and judges pass-through arguments item by item",
          "[filter]") {
  FilteredText f = Structured(R"(token: kpcanary0160
agent-token: kpcanary0161
write-kubeconfig-mode: "0644"
selinux: true
node-label: [kpcanary0162]
kube-apiserver-arg:
  - oidc-client-secret=kpcanary0163
  - audit-policy-file=/etc/rancher/audit.yaml
  - anonymous-auth=false
kubelet-arg: "--token=kpcanary0164"
etcd-servers: https://u:kpcanary0165@h:2379
datastore-endpoint: {a: kpcanary0166}
)",
                              "rancher-config");
  for (std::string_view kept :
       {"token: \"<redacted>\"", "write-kubeconfig-mode: \"0644\"", "selinux: true",
        "- audit-policy-file=/etc/rancher/audit.yaml", "- anonymous-auth=false",
        "- \"oidc-client-secret=<redacted>\"", "etcd-servers: \"<redacted>\""}) {
    INFO(kept);
    CHECK(Contains(f.text, kept));
  }
  CHECK(Logged(f.log, "--token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--kube-apiserver-arg oidc-client-secret", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--kubelet-arg token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--etcd-servers", RedactionReason::kUrlCredentials));
}

TEST_CASE("k3s's appending spellings, key+: and name+=value, are judged as the flag they add to", "[filter]") {
  FilteredText f = Structured(R"(kube-apiserver-arg+:
  - enable-admission-plugins+=EventRateLimit
  - oidc-client-secret+=kpcanary0172
kubelet-arg+: [tls-cipher-suites-=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
token+: kpcanary0173
)",
                              "rancher-config");
  CHECK_FALSE(Contains(f.text, "kpcanary"));
  CHECK(Contains(f.text, "- enable-admission-plugins+=EventRateLimit"));
  CHECK(Contains(f.text, "tls-cipher-suites-=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
  CHECK(Logged(f.log, "--kube-apiserver-arg oidc-client-secret", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "--token", RedactionReason::kNotSafeListed));
}

TEST_CASE("a k3s config key that is not a flag name is withheld without a crash", "[filter]") {
  FilteredText f = Structured(
      "\"my secret token\": kpcanary0167\n\"token=x\": kpcanary0168\n\"name=y\": kpcanary0169\n"
      "\"a b\": [kpcanary0170]\n\"-x\": kpcanary0171\n",
      "rancher-config");
  CHECK_FALSE(Contains(f.text, "kpcanary"));
  CHECK(Contains(f.text, "\"my secret token\": \"<redacted>\""));
  CHECK(Logged(f.log, "my secret token", RedactionReason::kUnplaceable));
}

TEST_CASE("kubeadm extraArgs in the v1beta4 list form are withheld", "[filter]") {
  FilteredText f = Structured(R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.31.0
apiServer:
  extraArgs:
  - name: token
    value: kpcanary0172
bootstrapTokens:
- token: kpcanary0173
)",
                              "kubeadm-config");
  CHECK(Contains(f.text, "kubernetesVersion: v1.31.0"));
  CHECK(Contains(f.text, "kind: ClusterConfiguration"));
  CHECK(Logged(f.log, "apiServer.extraArgs[].value", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "bootstrapTokens[].token", RedactionReason::kNotSafeListed));
}

TEST_CASE("a credential provider config withholds its environment values", "[filter]") {
  FilteredText f = Structured(R"(apiVersion: kubelet.config.k8s.io/v1
kind: CredentialProviderConfig
providers:
- name: ecr-credential-provider
  matchImages: ["*.dkr.ecr.*.amazonaws.com"]
  args: [get-credentials, --password, kpcanary0174]
  env:
  - name: AWS_SECRET_ACCESS_KEY
    value: kpcanary0175
)",
                              "other");
  CHECK(Contains(f.text, "kind: CredentialProviderConfig"));
  CHECK(Logged(f.log, "providers[].env[].value", RedactionReason::kNotSafeListed));
}

TEST_CASE("an encryption config keeps its resources and withholds its keys", "[filter]") {
  FilteredText f = Structured(R"(apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets, configmaps]
    providers:
    - aescbc:
        keys:
        - name: key1
          secret: kpcanary0176
    - identity: {}
)",
                              "encryption-config");
  CHECK(Contains(f.text, "- secrets"));
  CHECK(Contains(f.text, "- configmaps"));
  CHECK(Contains(f.text, "aescbc:"));
  CHECK(Contains(f.text, "identity: {}"));
  CHECK(Logged(f.log, "resources[].providers[].aescbc.keys[].secret",
               RedactionReason::kNotSafeListed));
}

TEST_CASE("an unknown profile keeps keys and structure only", "[filter]") {
  FilteredText f = Structured("apiVersion: v1\nreadOnlyPort: 0\nlist: [a, b]\n", "no-such-profile");
  CHECK(Contains(f.text, "apiVersion: \"<redacted>\""));
  CHECK(Contains(f.text, "readOnlyPort: \"<redacted>\""));
}

TEST_CASE("nesting a hundred thousand deep is refused as a limit, quickly", "[filter]") {
  for (const std::string& text :
       {Nested("{\"a\":", "1", "}", 100000), Nested("[", "kpcanary0177", "]", 100000),
        Nested("- ", "x", "", 100000), "a: " + Nested("{b: ", "c", "}", 100000)}) {
    INFO(text.substr(0, 24));
    auto start = std::chrono::steady_clock::now();
    RedactionLog log;
    Result<std::string> filtered = FilterStructured(text, "kubelet-config", log);
    REQUIRE_FALSE(filtered.ok());
    CHECK(filtered.status().code() == Status::Code::kLimit);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  }
}

TEST_CASE("the depth and node limits are bounds the caller chooses", "[filter]") {
  StructuredLimits limits;
  limits.max_depth = 3;
  RedactionLog log;
  CHECK(FilterStructured("a: {b: {c: d}}", "other", log, SafeSettings::Builtin(), limits).ok());
  Result<std::string> deep =
      FilterStructured("a: {b: {c: {d: e}}}", "other", log, SafeSettings::Builtin(), limits);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.status().code() == Status::Code::kLimit);
  limits = StructuredLimits();
  limits.max_nodes = 10;
  // Counted over the whole stream, not per document.
  Result<std::string> many = FilterStructured("[a, b, c, d]\n--- [e, f, g, h]\n--- [i, j]\n",
                                              "other", log, SafeSettings::Builtin(), limits);
  REQUIRE_FALSE(many.ok());
  CHECK(many.status().code() == Status::Code::kLimit);
  CHECK(FilterStructured(Nested("[", "x", "]", 60), "other", log).ok());
}

TEST_CASE("an alias bomb is refused as a limit", "[filter]") {
  std::string text = "a0: &a0 [kpcanary0178, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
    std::string prev = "*a";
    prev += std::to_string(i - 1);
    text += "a";
    text += std::to_string(i);
    text += ": &a";
    text += std::to_string(i);
    text += " [";
    text += prev;
    for (int k = 0; k < 8; ++k) text += ", " + prev;
    text += "]\n";
  }
  RedactionLog log;
  Result<std::string> filtered = FilterStructured(text, "other", log);
  REQUIRE_FALSE(filtered.ok());
  CHECK(filtered.status().code() == Status::Code::kLimit);
}

TEST_CASE("text that is not YAML is refused as corrupt and nothing of it is kept", "[filter]") {
  for (std::string_view text :
       {"token: [kpcanary0179", "{\"token\": \"kpcanary0180\"", "a: b\n\t- kpcanary0181",
        "token: \"kpcanary0182", "x: *undefined", "a: b: c", "- a\nb: c"}) {
    INFO(text);
    RedactionLog log;
    Result<std::string> filtered = FilterStructured(text, "other", log);
    REQUIRE_FALSE(filtered.ok());
    CHECK(filtered.status().code() == Status::Code::kCorrupt);
    CHECK_FALSE(HasCanary(filtered.status().message()));
  }
}

// ---------------------------------------------------------------------------------------------
// systemd units, environment files and argument files.

TEST_CASE("an ExecStart with continuations and quoted values is filtered flag by flag",
          "[filter]") {
  FilteredText f = Unit(R"([Unit]
Description=Kubernetes Kubelet
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet \
    --kubeconfig=/etc/kubernetes/kubelet.conf \
    --password 'kpcanary0200' \
    --bootstrap-token="kpcanary0201" \
    --anonymous-auth=false \
    --read-only-port 0 \
    $KUBELET_EXTRA_ARGS
ExecStartPre=-/sbin/modprobe br_netfilter
Restart=always
)");
  CHECK(Contains(f.text, "[Unit]\n"));
  CHECK(Contains(f.text, "[Service]\n"));
  CHECK(Contains(f.text, "Description=Kubernetes Kubelet\n"));
  CHECK(Contains(f.text, "After=network-online.target\n"));
  CHECK(Contains(
      f.text,
      "ExecStart=/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --password <redacted> "
      "--bootstrap-token=<redacted> --anonymous-auth=false --read-only-port 0 "
      "$KUBELET_EXTRA_ARGS\n"));
  CHECK(Contains(f.text, "ExecStartPre=-/sbin/modprobe <redacted>\n"));
  CHECK(Contains(f.text, "Restart=always\n"));
  CHECK(Logged(f.log, "ExecStart --password", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "ExecStart --bootstrap-token", RedactionReason::kNotSafeListed));
}

TEST_CASE("an install script's quoted ExecStart words are filtered", "[filter]") {
  FilteredText f = Unit(
      "[Service]\nExecStart=/usr/local/bin/k3s \\\n    server \\\n\t'--token' \\\n\t'kpcanary0202' "
      "\\\n"
      "\t'--write-kubeconfig-mode' \\\n\t'0644' \\\n");
  CHECK(Contains(
      f.text,
      "ExecStart=/usr/local/bin/k3s <redacted> --token <redacted> --write-kubeconfig-mode 0644\n"));
  CHECK(Logged(f.log, "ExecStart --token", RedactionReason::kNotSafeListed));
}

TEST_CASE("an Environment directive keeps only command-line variables, filtered", "[filter]") {
  FilteredText f = Unit(R"([Service]
Environment=K3S_TOKEN=kpcanary0203
Environment="KUBELET_EXTRA_ARGS=--token=kpcanary0204 --read-only-port=0"
Environment="A=kpcanary0205" B=kpcanary0206 KUBELET_ARGS=--anonymous-auth=false
Environment=kpcanary0207
Environment="K3S_TOKEN=kpcanary0208 kpcanary0209"
Environment="KUBELET_ARGS=--token 'kpcanary0210
)");
  CHECK(Contains(f.text, "Environment=K3S_TOKEN=<redacted>\n"));
  CHECK(Contains(f.text,
                 "Environment=\"KUBELET_EXTRA_ARGS=--token=<redacted> --read-only-port=0\"\n"));
  CHECK(Contains(f.text,
                 "Environment=A=<redacted> B=<redacted> KUBELET_ARGS=--anonymous-auth=false\n"));
  CHECK(Contains(f.text, "Environment=<redacted>\n"));
  CHECK(Logged(f.log, "K3S_TOKEN", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "KUBELET_EXTRA_ARGS --token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "Environment", RedactionReason::kUnplaceable));
}

TEST_CASE("unknown unit directives are withheld, structure kept and comments dropped", "[filter]") {
  FilteredText f = Unit(R"(# K3S_TOKEN=kpcanary0211
; kpcanary0212
[Service]
#K3S_TOKEN=kpcanary0213
EnvironmentFile=-/etc/default/k3s
EnvironmentFile=-/etc/systemd/system/k3s.service.env
PassEnvironment=kpcanary0214
LoadCredential=token:/run/kpcanary0215
SetCredential=token:kpcanary0216
this line is not a directive kpcanary0217
Type=notify
User=root
Documentation=https://u:kpcanary0218@docs.example
)");
  CHECK(Contains(f.text, "EnvironmentFile=-/etc/default/k3s\n"));
  CHECK(Contains(f.text, "EnvironmentFile=-/etc/systemd/system/k3s.service.env\n"));
  CHECK(Contains(f.text, "SetCredential=<redacted>\n"));
  CHECK(Contains(f.text, "Type=notify\n"));
  CHECK(Contains(f.text, "User=root\n"));
  CHECK_FALSE(Contains(f.text, "#"));
  CHECK_FALSE(Contains(f.text, ";"));
  CHECK(Logged(f.log, "SetCredential", RedactionReason::kNotSafeListed));
  CHECK(Contains(f.text, "Documentation=<redacted>\n"));
  CHECK(Logged(f.log, "unit line", RedactionReason::kUnplaceable));
  CHECK(Logged(f.log, "Documentation", RedactionReason::kUrlCredentials));
  CHECK(Logged(f.log, "comments", RedactionReason::kComment));
}

TEST_CASE("an environment file keeps command-line variables, filtered, and withholds the rest",
          "[filter]") {
  FilteredText f = EnvFile(R"(# K3S_TOKEN=kpcanary0219
K3S_TOKEN=kpcanary0220
export K3S_URL=https://server:6443
HTTPS_PROXY=http://user:kpcanary0221@proxy:3128
KUBELET_ARGS="--token=kpcanary0222 --anonymous-auth=false"
KUBELET_EXTRA_ARGS=--read-only-port=0 \
  --bootstrap-token kpcanary0223 \
  --node-labels='a=b'
K3S_AGENT_TOKEN=kpcanary\
0224
EMPTY=
export DAEMON_OPTS='--password "kpcanary0225" -v 2'
K3S_OPTS='--token kpcanary0234'
not an assignment kpcanary0226
kpcanary0227
)");
  CHECK(Contains(f.text, "K3S_TOKEN=<redacted>\n"));
  CHECK(Contains(f.text, "export K3S_URL=<redacted>\n"));
  CHECK(Contains(f.text, "HTTPS_PROXY=<redacted>\n"));
  CHECK(Contains(f.text, "KUBELET_ARGS=\"--token=<redacted> --anonymous-auth=false\"\n"));
  CHECK(Contains(f.text,
                 "KUBELET_EXTRA_ARGS=\"--read-only-port=0 --bootstrap-token <redacted> "
                 "--node-labels=a=b\"\n"));
  CHECK(Contains(f.text, "K3S_AGENT_TOKEN=<redacted>\n"));
  CHECK(Contains(f.text, "EMPTY=\n"));
  CHECK(Contains(f.text, "export DAEMON_OPTS=\"--password <redacted> -v 2\"\n"));
  CHECK(Contains(f.text, "K3S_OPTS=\"--token <redacted>\"\n"));
  CHECK_FALSE(Contains(f.text, "#"));
  CHECK(Logged(f.log, "K3S_TOKEN", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "HTTPS_PROXY", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "KUBELET_ARGS --token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "KUBELET_EXTRA_ARGS --bootstrap-token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "DAEMON_OPTS --password", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "environment line", RedactionReason::kUnplaceable));
  CHECK(Logged(f.log, "comments", RedactionReason::kComment));
}

TEST_CASE("a command-line variable holding a secret that starts with a dash is withheld",
          "[filter]") {
  FilteredText f = EnvFile("K3S_OPTS=--token -kpcanary0228\n");
  CHECK(Contains(f.text, "K3S_OPTS=\"--token <redacted>\"\n"));
}

TEST_CASE("an arguments file is filtered line by line as flags", "[filter]") {
  FilteredText f = ArgsFile(R"(--kubeconfig=${SNAP_DATA}/credentials/kubelet.config
--anonymous-auth=false
# --token=kpcanary0229
--token kpcanary0230
--node-labels="a=b c"
kpcanary0231
--password='kpcanary0232' --read-only-port=0
--oidc-client-secret "kpcanary0233
)");
  CHECK(Contains(f.text, "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n"));
  CHECK(Contains(f.text, "--anonymous-auth=false\n"));
  CHECK(Contains(f.text, "--token <redacted>\n"));
  CHECK(Contains(f.text, "\"--node-labels=a=b c\"\n"));
  CHECK(Contains(f.text, "--password=<redacted> --read-only-port=0\n"));
  CHECK(Logged(f.log, "arguments --token", RedactionReason::kNotSafeListed));
  CHECK(Logged(f.log, "arguments", RedactionReason::kUnplaceable));
  CHECK(Logged(f.log, "comments", RedactionReason::kComment));
}

TEST_CASE("logical lines join continuations and drop comment and blank lines", "[filter]") {
  bool comments = false;
  CHECK(LogicalLines("a \\\n b\n# c\n; d\ne\\\n", &comments) ==
        std::vector<std::string>{"a  b", "e"});
  CHECK(comments);
  comments = false;
  CHECK(LogicalLines("x\n\n  \ny\r\n", &comments) == std::vector<std::string>{"x", "y"});
  CHECK_FALSE(comments);
}

// ---------------------------------------------------------------------------------------------
// Content profiles.

TEST_CASE("a PEM private key is refused in whatever a profile would keep", "[filter]") {
  std::string pem =
      "-----BEGIN RSA PRIVATE KEY-----\nkpcanary0300\n-----END RSA PRIVATE KEY-----\n";
  Result<FilteredContent> plain = FilterContent(pem, ContentProfile::kPlain);
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.status().code() == Status::Code::kInvalidArgument);
  CHECK_FALSE(HasCanary(plain.status().message()));

  Result<FilteredContent> key =
      FilterContent("\"-----BEGIN PRIVATE KEY-----\": x\n", ContentProfile::kOtherConfig);
  REQUIRE_FALSE(key.ok());
  CHECK(key.status().code() == Status::Code::kInvalidArgument);

  // A key withheld by the filter is no reason to refuse the file.
  Result<FilteredContent> kubeconfig = FilterContent(
      "users:\n- user:\n    client-key-data: \"-----BEGIN EC PRIVATE KEY-----kpcanary0301\"\n",
      ContentProfile::kKubeconfig);
  REQUIRE(kubeconfig.ok());
  CHECK_FALSE(HasCanary(kubeconfig->content));
}

TEST_CASE("the plain profile keeps text whole and the others filter it", "[filter]") {
  std::string passwd = "root:x:0:0:root:/root:/bin/bash\n# a comment\n";
  Result<FilteredContent> plain = FilterContent(passwd, ContentProfile::kPlain);
  REQUIRE(plain.ok());
  CHECK(plain->content == passwd);
  CHECK(plain->log.empty());

  Result<FilteredContent> unit = FilterContent("[Service]\nEnvironment=K3S_TOKEN=kpcanary0302\n",
                                               ContentProfile::kSystemdUnit);
  REQUIRE(unit.ok());
  CHECK(unit->content == "[Service]\nEnvironment=K3S_TOKEN=<redacted>\n");
  Result<FilteredContent> env =
      FilterContent("K3S_TOKEN=kpcanary0303\n", ContentProfile::kEnvironmentFile);
  REQUIRE(env.ok());
  CHECK(env->content == "K3S_TOKEN=<redacted>\n");
  Result<FilteredContent> args =
      FilterContent("--token=kpcanary0304\n", ContentProfile::kArgumentsFile);
  REQUIRE(args.ok());
  CHECK(args->content == "--token=<redacted>\n");
  Result<FilteredContent> corrupt =
      FilterContent("token: [kpcanary0305", ContentProfile::kKubeletConfig);
  REQUIRE_FALSE(corrupt.ok());
  CHECK(corrupt.status().code() == Status::Code::kCorrupt);

  CHECK(IsPlainPath("/etc/passwd"));
  CHECK_FALSE(IsPlainPath("/etc/shadow"));
  CHECK_FALSE(IsPlainPath("/etc/passwd/../shadow"));
}

TEST_CASE("every content profile name parses back to its profile", "[filter]") {
  for (ContentProfile p :
       {ContentProfile::kKubeletConfig, ContentProfile::kComponentConfig,
        ContentProfile::kKubeconfig, ContentProfile::kPodManifest,
        ContentProfile::kEncryptionConfig, ContentProfile::kAuditPolicy,
        ContentProfile::kAdmissionConfig, ContentProfile::kEtcdConfig,
        ContentProfile::kRancherConfig, ContentProfile::kKubeadmConfig, ContentProfile::kCniConfig,
        ContentProfile::kOtherConfig, ContentProfile::kSystemdUnit,
        ContentProfile::kEnvironmentFile, ContentProfile::kArgumentsFile, ContentProfile::kPlain}) {
    INFO(ContentProfileName(p));
    CHECK(ParseContentProfile(ContentProfileName(p)) == p);
  }
  CHECK_FALSE(ParseContentProfile("Plain").has_value());
}

// ---------------------------------------------------------------------------------------------
// The safe list itself.

TEST_CASE("the built-in safe list parses and marks boolean flags as safe flags", "[filter]") {
  const SafeSettings& safe = SafeSettings::Builtin();
  CHECK(safe.IsSafeFlag("anonymous-auth"));
  CHECK(safe.IsBoolFlag("anonymous-auth"));
  CHECK_FALSE(safe.IsBoolFlag("kubeconfig"));
  CHECK_FALSE(safe.IsSafeFlag("token"));
  CHECK(safe.IsPassThroughFlag("kube-apiserver-arg"));
  CHECK(safe.IsArgsVariable("KUBELET_EXTRA_ARGS"));
  CHECK_FALSE(safe.IsArgsVariable("K3S_TOKEN"));
  for (const std::string& flag : safe.flags()) {
    INFO(flag);
    CHECK(IsFlagName(flag));
    CHECK_FALSE(safe.IsPassThroughFlag(flag));
  }
  CHECK(safe.TreatmentAt("kubelet-config", {"authentication", "anonymous", "enabled"}) ==
        KeyTreatment::kValue);
  CHECK(safe.TreatmentAt("kubelet-config", {"featureGates", "[]"}) == std::nullopt);
  CHECK(safe.TreatmentAt("nope", {"apiVersion"}) == std::nullopt);
  CHECK(SplitKeyPattern("spec.containers[].command") ==
        std::vector<std::string>{"spec", "containers", "[]", "command"});
}

TEST_CASE("safe list errors name the line", "[filter]") {
  struct Bad {
    std::string text;
    std::string message;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"# comment\n\n[nope]\n", "line 3: unknown section [nope]"},
           {"[flags]\nanonymous-auth bool\n[keys kubelet-config]\nreadOnlyPort keep\n",
            "line 4: unknown treatment keep"},
           {"anonymous-auth\n", "line 1: entry before any section"},
           {"[flags]\nx boolean\n", "line 2: expected `name` or `name bool`"},
           {"[keys]\n", "line 1: unknown section [keys]"},
           {"[flags extra]\n", "line 1: unknown section [flags extra]"},
           {"[flags\n", "line 1: unclosed section header"},
           {"[ ]\n", "line 1: empty section header"},
           {"[pass-through]\na b\n", "line 2: expected one flag name"},
           {"[variables]\n\n\nA B\n", "line 4: expected one variable pattern"},
           {"[keys other]\napiVersion\n", "line 2: expected `key.path treatment`"},
       }) {
    INFO(bad.text);
    Result<SafeSettings> parsed = SafeSettings::Parse(bad.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK(parsed.status().message() == "safe list " + bad.message);
  }
  Result<SafeSettings> good =
      SafeSettings::Parse("[flags]\nx bool\n[variables]\nX_*\n[keys p]\na.b[].* args\n");
  REQUIRE(good.ok());
  CHECK(good->IsBoolFlag("x"));
  CHECK(good->IsArgsVariable("X_Y"));
  CHECK(good->TreatmentAt("p", {"a", "b", "[]", "c"}) == KeyTreatment::kArgs);
  CHECK(good->TreatmentAt("p", {"a", "b", "[]", "[]"}) == std::nullopt);
}

TEST_CASE("a filter given its own safe list keeps only what that list names", "[filter]") {
  Result<SafeSettings> safe =
      SafeSettings::Parse("[flags]\ntoken\n[keys kubelet-config]\ntoken value\n");
  REQUIRE(safe.ok());
  RedactionLog log;
  CHECK(FilterArguments({"x", "--token=t", "--anonymous-auth=false"}, 1, log, *safe) ==
        std::vector<std::string>{"x", "--token=t", "--anonymous-auth=" + kRedacted});
  Result<std::string> yaml =
      FilterStructured("token: t\nreadOnlyPort: 0\n", "kubelet-config", log, *safe);
  REQUIRE(yaml.ok());
  CHECK(*yaml == "token: t\nreadOnlyPort: \"<redacted>\"\n");
}

TEST_CASE("a redaction log records each field and reason once and is bounded", "[filter]") {
  RedactionLog log;
  CHECK(log.empty());
  log.Note("--token", RedactionReason::kNotSafeListed);
  log.Note("--token", RedactionReason::kNotSafeListed);
  log.Note("--token", RedactionReason::kUrlCredentials);
  CHECK(log.entries().size() == 2);
  for (std::size_t i = 0; i < RedactionLog::kMaxEntries + 10; ++i)
    log.Note(std::string("k").append(std::to_string(i)), RedactionReason::kNotSafeListed);
  CHECK(log.entries().size() == RedactionLog::kMaxEntries);
  CHECK(log.dropped() == 12);
  CHECK_FALSE(log.empty());
  CHECK(RedactionReasonText(RedactionReason::kComment) == "comment dropped");
}

}  // namespace kubeproof

namespace kubeproof {
namespace {

TEST_CASE("a safe flag's value that holds a glued command line or scheme-less credentials is redacted", "[filter]") {
  RedactionLog log;
  std::vector<std::string> out = FilterArguments(
      {"kube-apiserver", "--kubeconfig=/x --token=kpcanary2001", "--etcd-servers=u:kpcanary2002@h:2379",
       "--etcd-servers=https://10.0.0.1:2379,https://10.0.0.2:2379", "--bind-address=0.0.0.0"},
      1, log);
  CHECK(out[1] == "--kubeconfig=<redacted>");
  CHECK(out[2] == "--etcd-servers=<redacted>");
  CHECK(out[3] == "--etcd-servers=https://10.0.0.1:2379,https://10.0.0.2:2379");
  CHECK(out[4] == "--bind-address=0.0.0.0");
  for (const std::string& word : out) CHECK(word.find("kpcanary") == std::string::npos);
}

}  // namespace
}  // namespace kubeproof
