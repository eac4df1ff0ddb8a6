#include "collector/content_references.h"

#include <array>
#include <optional>
#include <cctype>

#include "collector/flag_table.h"
#include "common/toml_lines.h"

namespace kubeproof {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view Trim(std::string_view s, std::string_view chars = " \t\r") {
  size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(chars);
  return s.substr(b, e - b + 1);
}

// Splits text into shell-like words and cuts each at its first flag, so that
// `Environment="KUBELET_ARGS=--config=/x` yields `--config=/x`.
std::vector<std::string> FlagWords(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    std::string_view word = text.substr(start, i - start);
    size_t dash = std::string_view::npos;
    for (size_t k = 0; k + 1 < word.size(); ++k) {
      if (word[k] == '-' && (k == 0 || word[k - 1] == '=' || word[k - 1] == '"' ||
                             word[k - 1] == '\'' || word[k - 1] == '[')) {
        dash = k;
        break;
      }
    }
    std::string_view cut = dash == std::string_view::npos ? word : word.substr(dash);
    cut = Trim(cut, "\"',[]\\");
    if (!cut.empty()) words.emplace_back(cut);
  }
  return words;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

struct KeyRule {
  std::string_view key;
  FileKind kind;
};

constexpr std::array kKubeletConfigKeys = {
    KeyRule{"clientCAFile", FileKind::kCertificate},
    KeyRule{"tlsCertFile", FileKind::kCertificate},
    KeyRule{"tlsPrivateKeyFile", FileKind::kPrivateKey},
    KeyRule{"staticPodPath", FileKind::kStaticPodDir},
};
constexpr std::array kComponentConfigKeys = {
    KeyRule{"kubeconfig", FileKind::kKubeconfig},
};
constexpr std::array kKubeconfigKeys = {
    KeyRule{"certificate-authority", FileKind::kCertificate},
    KeyRule{"client-certificate", FileKind::kCertificate},
    KeyRule{"client-key", FileKind::kPrivateKey},
    KeyRule{"tokenFile", FileKind::kSecretFile},
};

}  // namespace

std::vector<FileReference> EnvironmentFileReferences(std::string_view unit_text) {
  std::vector<FileReference> refs;
  for (std::string_view line : Lines(unit_text)) {
    line = Trim(line);
    constexpr std::string_view kKey = "EnvironmentFile";
    if (line.substr(0, kKey.size()) != kKey) continue;
    std::string_view rest = Trim(line.substr(kKey.size()));
    if (rest.empty() || rest[0] != '=') continue;
    rest = Trim(Trim(rest.substr(1)), "\"'");
    if (!rest.empty() && rest[0] == '-') rest = rest.substr(1);
    if (!rest.empty() && rest[0] == '/' && rest.find('%') == std::string_view::npos) {
      refs.push_back({std::string(rest), FileKind::kEnvFile, "EnvironmentFile"});
    }
  }
  return refs;
}

std::vector<FileReference> FlagReferences(std::string_view text, std::uint32_t component) {
  std::vector<FileReference> refs;
  if (component == 0) return refs;
  std::vector<std::string> words = FlagWords(text);
  for (const PathFlagUse& use : FindPathFlagUses(words, 0, component)) {
    // Unexpanded variables and relative paths cannot be resolved from a file alone.
    if (use.value[0] != '/' || use.value.find('$') != std::string::npos) continue;
    refs.push_back({use.value, use.rule->kind, "--" + use.flag});
  }
  return refs;
}

std::vector<FileReference> ConfigKeyReferences(std::string_view text, FileKind kind) {
  std::vector<FileReference> refs;
  std::vector<KeyRule> rules;
  if (kind == FileKind::kKubeletConfig) rules.assign(kKubeletConfigKeys.begin(), kKubeletConfigKeys.end());
  if (kind == FileKind::kComponentConfig) rules.assign(kComponentConfigKeys.begin(), kComponentConfigKeys.end());
  if (kind == FileKind::kKubeconfig) rules.assign(kKubeconfigKeys.begin(), kKubeconfigKeys.end());
  for (const KeyRule& rule : rules) {
    size_t at = 0;
    while ((at = text.find(rule.key, at)) != std::string_view::npos) {
      size_t k = at + rule.key.size();
      bool boundary = (at == 0 || !IsNameChar(text[at - 1])) && (k >= text.size() || !IsNameChar(text[k]));
      at = k;
      if (!boundary) continue;
      if (k < text.size() && (text[k] == '"' || text[k] == '\'')) ++k;
      while (k < text.size() && text[k] == ' ') ++k;
      if (k >= text.size() || text[k] != ':') continue;
      ++k;
      while (k < text.size() && (text[k] == ' ' || text[k] == '"' || text[k] == '\'')) ++k;
      size_t end = k;
      while (end < text.size() && text[end] != '"' && text[end] != '\'' && text[end] != ',' &&
             text[end] != '}' && text[end] != '\n' && text[end] != '\r' && text[end] != ' ' &&
             text[end] != '#') {
        ++end;
      }
      std::string_view value = text.substr(k, end - k);
      if (!value.empty() && value[0] == '/' && value.find('$') == std::string_view::npos) {
        refs.push_back({std::string(value), rule.kind, std::string(rule.key)});
      }
    }
  }
  return refs;
}

std::vector<PassThroughReference> RancherConfigReferences(std::string_view text) {
  std::vector<PassThroughReference> refs;
  std::uint32_t current = 0;
  auto add_item = [&](std::string_view item) {
    item = Trim(Trim(item), "\"'[] ");
    while (!item.empty() && item[0] == '-') item.remove_prefix(1);
    size_t eq = item.find('=');
    if (current == 0 || eq == std::string_view::npos) return;
    std::string name(item.substr(0, eq));
    std::string_view value = item.substr(eq + 1);
    const PathFlag* rule = FindPathFlag(current, name);
    if (rule == nullptr || value.empty() || value[0] != '/') return;
    refs.push_back({{std::string(value), rule->kind, "--" + name}, current});
  };
  for (std::string_view line : Lines(text)) {
    std::string_view body = Trim(line);
    if (body.empty() || body[0] == '#') continue;
    if (line[0] != ' ' && line[0] != '-') {
      size_t colon = body.find(':');
      current = 0;
      if (colon == std::string_view::npos) continue;
      if (std::optional<std::uint32_t> target = PassThroughTarget(Trim(body.substr(0, colon), "\"' "))) {
        current = *target;
        std::string_view rest = Trim(body.substr(colon + 1));
        size_t start = 0;
        while (start < rest.size()) {
          size_t comma = rest.find(',', start);
          if (comma == std::string_view::npos) comma = rest.size();
          add_item(rest.substr(start, comma - start));
          start = comma + 1;
        }
      }
      continue;
    }
    if (body.substr(0, 2) == "- ") add_item(body.substr(2));
  }
  return refs;
}

std::vector<FileReference> RuntimeConfigReferences(std::string_view filtered_toml) {
  std::vector<FileReference> refs;
  Result<std::vector<TomlEntry>> entries = ParseTomlLines(filtered_toml);
  if (!entries.ok()) return refs;
  for (const TomlEntry& e : *entries) {
    if (e.key.empty() || !e.is_string || e.value.empty() || e.value[0] != '/') continue;
    const std::string& key = e.key.back();
    if (key == "conf_dir" || key == "network_dir") refs.push_back({e.value, FileKind::kCniConfigDir, key});
  }
  return refs;
}

std::uint32_t ComponentOfFile(std::string_view path, std::string_view text) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  struct Hint {
    std::string_view word;
    std::uint32_t component;
  };
  // More specific words first: "kube-proxy" before "proxy", "kubelet" before "kube".
  constexpr std::array kHints = {
      Hint{"kube-apiserver", kApiServer},   Hint{"controller-manager", kControllerManager},
      Hint{"kube-scheduler", kScheduler},   Hint{"kube-proxy", kKubeProxy},
      Hint{"kubelet", kKubelet},            Hint{"kubeadm-flags", kKubelet},
      Hint{"etcd", kEtcd},                  Hint{"k3s-agent", kK3sAgent},
      Hint{"rke2-agent", kK3sAgent},        Hint{"k3s", kK3sServer},
      Hint{"rke2", kK3sServer},             Hint{"apiserver", kApiServer},
      Hint{"scheduler", kScheduler},        Hint{"proxy", kKubeProxy},
  };
  for (const Hint& hint : kHints) {
    if (base.find(hint.word) != std::string_view::npos) return hint.component;
  }
  // A manifest names its program in `command:`; the first component named wins.
  size_t best = std::string_view::npos;
  std::uint32_t found = 0;
  for (const Hint& hint : kHints) {
    if (hint.word.find('-') == std::string_view::npos && hint.word != "etcd") continue;
    size_t at = text.find(hint.word);
    if (at < best) {
      best = at;
      found = hint.component;
    }
  }
  return found;
}

}  // namespace kubeproof
