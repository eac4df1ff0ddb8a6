#include "collector/redactor.h"

#include <catch2/catch.hpp>

namespace kubeproof {
namespace {

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST_CASE("kubeconfig redaction drops credentials and keeps server, CA and names", "[collector][redactor]") {
  const std::string kubeconfig = R"(apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tQ0EtREFUQS0tLQ==
    server: https://10.0.0.10:6443
  name: kubernetes
users:
- name: kubernetes-admin
  user:
    client-certificate-data: KUBEPROOF-CANARY-CERT-1
    client-key-data: KUBEPROOF-CANARY-KEY-1
    token: KUBEPROOF-CANARY-TOKEN-1
    password: "KUBEPROOF-CANARY-PASSWORD-1"
- name: oidc
  user:
    auth-provider:
      name: oidc
      config:
        id-token: KUBEPROOF-CANARY-IDTOKEN-1
        refresh-token: KUBEPROOF-CANARY-REFRESH-1
- name: aws
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      env:
      - name: AWS_SECRET
        value: KUBEPROOF-CANARY-EXEC-1
    username: admin
)";
  Redaction r = Redact(kubeconfig, RedactionProfile::kKubeconfig);
  REQUIRE(r.ok);
  CHECK_FALSE(Has(r.content, "KUBEPROOF-CANARY"));
  CHECK(Has(r.content, "server: https://10.0.0.10:6443"));
  CHECK(Has(r.content, "certificate-authority-data: LS0tQ0EtREFUQS0tLQ=="));
  CHECK(Has(r.content, "name: kubernetes-admin"));
  CHECK(Has(r.content, "exec: <redacted>"));
  CHECK(Has(r.content, "auth-provider: <redacted>"));
  // The sibling after a dropped block survives: indentation ends the block, not the file.
  CHECK(Has(r.content, "    username: admin"));
  CHECK(r.fields.size() == 6);
}

TEST_CASE("a secret key given as a block scalar is dropped with every line of the block", "[collector][redactor]") {
  const std::string text = "data:\n  token: |\n    KUBEPROOF-CANARY-BLOCK-1\n    KUBEPROOF-CANARY-BLOCK-2\n  other: kept\n";
  Redaction r = Redact(text, RedactionProfile::kGeneric);
  REQUIRE(r.ok);
  CHECK(r.content == "data:\n  token: <redacted>\n  other: kept\n");
}

TEST_CASE("a secret held in a YAML flow mapping makes the file stat-only", "[collector][redactor]") {
  Redaction r = Redact("users:\n- name: a\n  user: {token: KUBEPROOF-CANARY-FLOW-1}\n",
                       RedactionProfile::kKubeconfig);
  CHECK_FALSE(r.ok);
  CHECK(Has(r.refusal, "flow"));
  CHECK(r.content.empty());
}

TEST_CASE("a secret value taken from a YAML alias is refused", "[collector][redactor]") {
  Redaction r = Redact("x: &t KUBEPROOF-CANARY-ALIAS-1\ntoken: *t\n", RedactionProfile::kGeneric);
  CHECK_FALSE(r.ok);
}

TEST_CASE("a JSON kubeconfig is redacted structurally", "[collector][redactor]") {
  const std::string json = R"({"users":[{"name":"u","user":{"token":"KUBEPROOF-CANARY-JSON-1",
    "exec":{"command":"x","args":["KUBEPROOF-CANARY-JSON-2"]}}}],
    "clusters":[{"name":"c","cluster":{"server":"https://api:6443"}}]})";
  Redaction r = Redact(json, RedactionProfile::kKubeconfig);
  REQUIRE(r.ok);
  CHECK_FALSE(Has(r.content, "KUBEPROOF-CANARY"));
  CHECK(Has(r.content, "https://api:6443"));
  CHECK(r.fields.size() == 2);
}

TEST_CASE("JSON that does not parse is refused rather than guessed at", "[collector][redactor]") {
  Redaction r = Redact("{\"token\": \"KUBEPROOF-CANARY-BAD-1\",", RedactionProfile::kGeneric);
  CHECK_FALSE(r.ok);
}

TEST_CASE("encryption config redaction removes secrets and keeps the provider layout", "[collector][redactor]") {
  const std::string text = R"(apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: KUBEPROOF-CANARY-ENC-1
      - identity: {}
)";
  Redaction r = Redact(text, RedactionProfile::kEncryptionConfig);
  REQUIRE(r.ok);
  CHECK_FALSE(Has(r.content, "KUBEPROOF-CANARY"));
  CHECK(Has(r.content, "- aescbc:"));
  CHECK(Has(r.content, "- name: key1"));
  CHECK(Has(r.content, "- identity: {}"));
  REQUIRE(r.fields.size() == 1);
  CHECK(r.fields[0].reason == "encryption key");
}

TEST_CASE("pod manifest redaction replaces secret flag values and env values, keeping path flags", "[collector][redactor]") {
  const std::string text = R"(spec:
  containers:
  - command:
    - kube-apiserver
    - --token-auth-file=/etc/kubernetes/auth/tokens.csv
    - --oidc-client-secret=KUBEPROOF-CANARY-FLAG-1
    - --token
    - KUBEPROOF-CANARY-FLAG-2
    - --anonymous-auth=false
    env:
    - name: DB_PASSWORD
      value: KUBEPROOF-CANARY-ENV-1
    - name: SOMETHING
      value: "KUBEPROOF-CANARY-ENV-2"
)";
  Redaction r = Redact(text, RedactionProfile::kPodManifest);
  REQUIRE(r.ok);
  CHECK_FALSE(Has(r.content, "KUBEPROOF-CANARY"));
  CHECK(Has(r.content, "--token-auth-file=/etc/kubernetes/auth/tokens.csv"));
  CHECK(Has(r.content, "--anonymous-auth=false"));
  CHECK(Has(r.content, "- name: DB_PASSWORD"));
}

TEST_CASE("env file redaction covers secret variables and secret flags on KUBELET lines", "[collector][redactor]") {
  const std::string text =
      "KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5 --bootstrap-token KUBEPROOF-CANARY-ENVF-1\n"
      "K3S_TOKEN=KUBEPROOF-CANARY-ENVF-2\n"
      "Environment=\"K3S_AGENT_TOKEN=KUBEPROOF-CANARY-ENVF-3\" \"OTHER=1\"\n"
      "K3S_TOKEN_FILE=/var/lib/rancher/k3s/server/token\n";
  Redaction r = Redact(text, RedactionProfile::kEnvFile);
  REQUIRE(r.ok);
  CHECK_FALSE(Has(r.content, "KUBEPROOF-CANARY"));
  CHECK(Has(r.content, "--node-ip=10.0.0.5"));
  CHECK(Has(r.content, "\"OTHER=1\""));
  CHECK(Has(r.content, "K3S_TOKEN_FILE=/var/lib/rancher/k3s/server/token"));
}

TEST_CASE("content still holding a PEM private key after redaction is never stored", "[collector][redactor]") {
  const std::string text =
      "note: x\nkey: |\n  -----BEGIN RSA PRIVATE KEY-----\n  KUBEPROOF-CANARY-PEM-1\n  -----END RSA PRIVATE KEY-----\n";
  Redaction r = Redact(text, RedactionProfile::kGeneric);
  CHECK_FALSE(r.ok);
  CHECK(Has(r.refusal, "private key"));
}

TEST_CASE("a commented-out secret is redacted too", "[collector][redactor]") {
  Redaction r = Redact("a: 1\n# token: KUBEPROOF-CANARY-COMMENT-1\n", RedactionProfile::kGeneric);
  REQUIRE(r.ok);
  CHECK_FALSE(Has(r.content, "KUBEPROOF-CANARY"));
}

TEST_CASE("a file without secrets is stored byte for byte", "[collector][redactor]") {
  const std::string text = "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n";
  Redaction r = Redact(text, RedactionProfile::kGeneric);
  REQUIRE(r.ok);
  CHECK(r.content == text);
  CHECK(r.fields.empty());
}

TEST_CASE("argument redaction replaces secret values and keeps paths to secrets", "[collector][redactor]") {
  std::vector<std::string> argv = {"k3s", "server", "--token=KUBEPROOF-CANARY-ARG-1", "-t",
                                   "KUBEPROOF-CANARY-ARG-2", "--token-file=/var/lib/rancher/k3s/server/token",
                                   "--kube-apiserver-arg=oidc-client-secret=KUBEPROOF-CANARY-ARG-3",
                                   "--disable-agent"};
  std::vector<RedactedArg> redacted = RedactArguments(argv, 2);
  REQUIRE(redacted.size() == 3);
  CHECK(argv[2] == "--token=<redacted>");
  CHECK(argv[4] == "<redacted>");
  CHECK(argv[5] == "--token-file=/var/lib/rancher/k3s/server/token");
  CHECK(argv[6] == "--kube-apiserver-arg=oidc-client-secret=<redacted>");
  CHECK(argv[7] == "--disable-agent");
  CHECK(redacted[1].index == 4);
}

}  // namespace
}  // namespace kubeproof
