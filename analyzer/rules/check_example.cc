#include "analyzer/rules/check_example.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/documents/rule_files.h"
#include "analyzer/documents/yaml_fields.h"
#include "common/sha256.h"

namespace kubeproof {
namespace {

constexpr const char* kComponents[] = {
    "kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet", "kube-proxy"};

Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where + ": " + what);
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// `k3s server` and `rke2 server` run the control plane in-process, as the collector names them.
std::string ComponentOf(const std::vector<std::string>& argv) {
  std::string program = argv.front().substr(argv.front().rfind('/') + 1);
  if ((program == "k3s" || program == "rke2") && argv.size() > 1) {
    if (argv[1] == "server") return "k3s-server";
    if (argv[1] == "agent") return "k3s-agent";
  }
  return program;
}

Result<ProcessEvidence> ParseProcess(const YAML::Node& node, std::int64_t pid,
                                     const std::string& where) {
  ProcessEvidence p;
  p.pid = pid;
  p.start_time = 1000;
  p.uid = 0;
  p.cwd_state = CwdState::kKnown;
  p.cwd = "/";
  if (node.IsScalar()) {
    p.argv = SplitWords(node.as<std::string>());
  } else {
    Status s = CheckKeys(node, {"component", "argv", "cwd"}, where);
    if (!s.ok()) return s;
    if (!node["argv"] || !node["argv"].IsSequence())
      return Bad(where, "'argv' must be a list of words");
    for (const auto& w : node["argv"]) p.argv.push_back(w.as<std::string>());
    if (node["component"]) p.component = node["component"].as<std::string>();
    if (node["cwd"]) p.cwd = node["cwd"].as<std::string>();
  }
  if (p.argv.empty()) return Bad(where, "a process needs a command line");
  if (p.component.empty()) p.component = ComponentOf(p.argv);
  return p;
}

Result<std::uint32_t> ParseMode(const std::string& text, const std::string& where) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("01234567") != std::string::npos) {
    return Bad(where, "mode '" + text + "' is not a quoted octal such as \"0600\"");
  }
  return static_cast<std::uint32_t>(std::stoul(text, nullptr, 8));
}

// The name the node's passwd or group gives an id: as written; `null` (or `~`) for none, even for
// id 0; unwritten, root for id 0 and none otherwise.
std::optional<std::string> NodeName(const YAML::Node& written, std::int64_t id) {
  if (written && written.IsNull()) return std::nullopt;
  if (written) return written.as<std::string>();
  if (id == 0) return "root";
  return std::nullopt;
}

Result<FileEvidence> ParseFile(const std::string& path, const YAML::Node& node,
                               const std::string& where) {
  FileEvidence f;
  f.path = path;
  f.why = {"example"};
  if (node.IsScalar()) {
    std::string state = node.as<std::string>();
    if (state == "absent") {
      f.status = "absent";
    } else if (state == "denied" || state == "error") {
      f.status = state;
      f.error = state == "denied" ? "Permission denied" : "Input/output error";
    } else {
      return Bad(where, "a file is a map, or one of absent, denied, error; not '" + state + "'");
    }
    return f;
  }
  Status s = CheckKeys(
      node, {"mode", "uid", "gid", "owner", "group", "content", "directory", "link"}, where);
  if (!s.ok()) return s;
  f.status = "ok";
  f.mtime = "2026-01-01T00:00:00Z";
  if (node["link"]) {
    f.type = "symlink";
    f.link_target = node["link"].as<std::string>();
    return f;
  }
  // The collector's type names (collector/file_examiner.cc).
  f.type = node["directory"] && node["directory"].as<bool>() ? "dir" : "file";
  auto mode = ParseMode(
      node["mode"] ? node["mode"].as<std::string>() : (*f.type == "dir" ? "0755" : "0644"),
      where);
  if (!mode.ok()) return mode.status();
  f.mode = *mode;
  f.uid = node["uid"] ? node["uid"].as<std::int64_t>() : 0;
  f.gid = node["gid"] ? node["gid"].as<std::int64_t>() : 0;
  f.owner = NodeName(node["owner"], *f.uid);
  f.group = NodeName(node["group"], *f.gid);
  if (node["content"]) {
    std::string content = node["content"].as<std::string>();
    f.size = static_cast<std::int64_t>(content.size());
    f.content_member = "files" + path;
    f.content_policy = "copied";
    f.content_sha256 = Sha256Hex(content);
    f.content = std::move(content);
  } else {
    f.size = 0;
    f.content_policy = "stat-only";
  }
  return f;
}

// The evidence keys an example and a base share.
const std::set<std::string> kEvidenceKeys = {"kubernetes", "process_view", "processes", "files"};

// Applies one evidence map over `evidence`: processes replace, files merge path by path.
Status ApplyEvidence(const YAML::Node& node, const std::string& where, NodeEvidence& evidence,
                     std::map<std::string, FileEvidence>& files) {
  if (node["kubernetes"]) {
    std::string version = node["kubernetes"].as<std::string>();
    evidence.bundle.kubernetes_versions.clear();
    for (const char* c : kComponents)
      evidence.bundle.kubernetes_versions.push_back({c, version, "the example"});
  }
  if (node["process_view"]) {
    std::string view = node["process_view"].as<std::string>();
    if (view != "full" && view != "limited")
      return Bad(where, "process_view is full or limited, not '" + view + "'");
    evidence.bundle.process_view = view;
  }
  if (node["processes"]) {
    if (!node["processes"].IsSequence()) return Bad(where, "'processes' must be a list");
    evidence.processes.clear();
    std::int64_t pid = 100;
    for (const auto& p : node["processes"]) {
      auto process = ParseProcess(p, pid, where + ": process " + std::to_string(pid - 99));
      ++pid;
      if (!process.ok()) return process.status();
      evidence.processes.push_back(std::move(*process));
    }
  }
  if (node["files"]) {
    if (!node["files"].IsMap()) return Bad(where, "'files' must map node paths to records");
    for (const auto& kv : node["files"]) {
      std::string path = kv.first.as<std::string>();
      if (path.empty() || path.front() != '/')
        return Bad(where, "file path '" + path + "' is not absolute");
      auto file = ParseFile(path, kv.second, where + ": file " + path);
      if (!file.ok()) return file.status();
      files[path] = std::move(*file);
    }
  }
  return Status::Ok();
}

NodeEvidence EmptyNode() {
  NodeEvidence e;
  e.bundle.format_version = 1;
  e.bundle.collector_name = "kubeproof-collect";
  e.bundle.node = "example";
  e.bundle.process_view = "full";
  e.bundle.options_json = "{}";
  return e;
}

Result<CheckExample> ParseExample(const YAML::Node& node,
                                  const std::map<std::string, YAML::Node>& bases,
                                  const Benchmark& benchmark, const std::string& where) {
  std::set<std::string> allowed = kEvidenceKeys;
  allowed.insert(
      {"check", "status", "why", "base", "source_contains", "reason_contains", "actual_contains"});
  Status s = CheckKeys(node, allowed, where);
  if (!s.ok()) return s;
  for (const char* required : {"check", "status"}) {
    if (!node[required]) return Bad(where, std::string("missing key '") + required + "'");
  }
  CheckExample ex;
  ex.check_id = node["check"].as<std::string>();
  ex.where = where + " (check " + ex.check_id + ")";
  if (benchmark.FindCheck(ex.check_id) == nullptr)
    return Bad(where, "no check " + ex.check_id + " in " + benchmark.id);
  auto status = ParseCheckStatus(node["status"].as<std::string>());
  if (!status || *status == CheckStatus::kWaived) {
    return Bad(ex.where, "status is PASS, FAIL, UNVERIFIABLE or MANUAL, not '" +
                             node["status"].as<std::string>() + "'");
  }
  ex.status = *status;
  if (node["why"]) ex.why = node["why"].as<std::string>();
  ex.evidence = EmptyNode();
  std::map<std::string, FileEvidence> files;
  if (node["base"]) {
    auto base = bases.find(node["base"].as<std::string>());
    if (base == bases.end())
      return Bad(ex.where, "no base '" + node["base"].as<std::string>() + "' in this file");
    s = ApplyEvidence(base->second, ex.where + ": base " + base->first, ex.evidence, files);
    if (!s.ok()) return s;
  }
  s = ApplyEvidence(node, ex.where, ex.evidence, files);
  if (!s.ok()) return s;
  for (auto& [path, record] : files)
    ex.evidence.files.push_back(std::move(record));  // sorted by path
  if (node["source_contains"]) ex.source_contains = node["source_contains"].as<std::string>();
  if (node["reason_contains"]) ex.reason_contains = node["reason_contains"].as<std::string>();
  if (node["actual_contains"]) ex.actual_contains = node["actual_contains"].as<std::string>();
  return ex;
}

Result<std::vector<CheckExample>> ParseExampleFile(const std::string& text, const std::string& file,
                                                   const Benchmark& benchmark) {
  auto document = LoadRuleDocument(text, file);
  if (!document.ok()) return document.status();
  const YAML::Node& root = *document;
  std::vector<CheckExample> out;
  if (root.IsNull()) return out;
  Status s = CheckKeys(root, {"bases", "examples"}, file);
  if (!s.ok()) return s;
  std::map<std::string, YAML::Node> bases;
  if (root["bases"]) {
    if (!root["bases"].IsMap()) return Bad(file, "'bases' must map names to evidence");
    for (const auto& kv : root["bases"]) {
      std::string name = kv.first.as<std::string>();
      s = CheckKeys(kv.second, kEvidenceKeys, file + ": base " + name);
      if (!s.ok()) return s;
      bases[name] = kv.second;
    }
  }
  if (!root["examples"] || !root["examples"].IsSequence())
    return Bad(file, "'examples' must be a list");
  std::size_t position = 0;
  for (const auto& node : root["examples"]) {
    std::string where = file + ": example " + std::to_string(++position);
    try {
      auto ex = ParseExample(node, bases, benchmark, where);
      if (!ex.ok()) return ex.status();
      out.push_back(std::move(*ex));
    } catch (const YAML::Exception& e) {
      return Bad(where, e.what());
    }
  }
  return out;
}

}  // namespace

Result<std::vector<CheckExample>> LoadCheckExamples(const std::filesystem::path& rules_dir,
                                                    const Benchmark& benchmark) {
  const std::filesystem::path dir = rules_dir / benchmark.id / "examples";
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return std::vector<CheckExample>{};
  auto files = ReadYamlFilesIn(dir);
  if (!files.ok()) return files.status();
  std::vector<CheckExample> all;
  for (const auto& [path, text] : *files) {
    std::string name = benchmark.id + "/examples/" + path.filename().string();
    auto examples = ParseExampleFile(text, name, benchmark);
    if (!examples.ok()) return examples.status();
    for (auto& ex : *examples) all.push_back(std::move(ex));
  }
  return all;
}

}  // namespace kubeproof
