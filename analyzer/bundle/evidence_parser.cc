#include "analyzer/bundle/evidence_parser.h"

#include <algorithm>

#include "analyzer/documents/json_document.h"
#include "analyzer/evidence/evidence_filter.h"
#include "analyzer/evidence/os_release.h"
#include "common/bundle_layout.h"
#include "common/member_name.h"

namespace kubeproof {
namespace {

using nlohmann::json;

// Reads typed fields of one JSON object, remembering the first problem with its location.
class FieldReader {
 public:
  FieldReader(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) Fail("not an object");
  }

  std::string String(const char* key) {
    auto v = OptionalString(key);
    if (!v && status_.ok()) Fail(std::string(key) + " missing");
    return v.value_or("");
  }
  std::optional<std::string> OptionalString(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) return Fail(std::string(key) + " not a string"), std::nullopt;
    return v->get<std::string>();
  }
  int64_t Int(const char* key) {
    auto v = OptionalInt(key);
    if (!v && status_.ok()) Fail(std::string(key) + " missing");
    return v.value_or(0);
  }
  std::optional<int64_t> OptionalInt(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number_integer()) return Fail(std::string(key) + " not an integer"), std::nullopt;
    return v->get<int64_t>();
  }
  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> out;
    const json* v = Find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) return Fail(std::string(key) + " not an array"), out;
    for (const auto& item : *v) {
      if (!item.is_string()) return Fail(std::string(key) + " holds a non-string"), out;
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  const json* Array(const char* key) {
    const json* v = Find(key);
    if (v != nullptr && !v->is_array()) Fail(std::string(key) + " not an array");
    return v != nullptr && v->is_array() ? v : nullptr;
  }
  const json* Object(const char* key) {
    const json* v = Find(key);
    if (v != nullptr && !v->is_object()) Fail(std::string(key) + " not an object");
    return v != nullptr && v->is_object() ? v : nullptr;
  }
  const Status& status() const { return status_; }

 private:
  // A JSON null counts as absent.
  const json* Find(const char* key) const {
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  void Fail(const std::string& what) {
    if (status_.ok()) status_ = Status::Corrupt(where_ + ": " + what);
  }

  const json& object_;
  std::string where_;
  Status status_;
};

Result<json> ParseMember(const VerifiedBundle& bundle, std::string_view name) {
  auto it = bundle.members.find(std::string(name));
  if (it == bundle.members.end()) return Status::Corrupt(std::string(name) + " missing");
  auto parsed = ParseJsonDocument(it->second, BundleJsonLimits());
  if (!parsed.ok()) return parsed.status().WithContext(std::string(name));
  return parsed;
}

Status ParseManifestFields(const json& manifest, NodeEvidence* evidence) {
  BundleInfo& info = evidence->bundle;
  FieldReader top(manifest, "manifest.json");
  info.format_version = static_cast<int>(top.Int("format_version"));
  const json* collector = top.Object("collector");
  const json* node = top.Object("node");
  const json* collection = top.Object("collection");
  if (!top.status().ok()) return top.status();
  if (collector == nullptr || node == nullptr || collection == nullptr) {
    return Status::Corrupt("manifest.json: collector, node or collection missing");
  }
  FieldReader c(*collector, "manifest.json collector");
  info.collector_name = c.String("name");
  info.collector_version = c.String("version");
  FieldReader n(*node, "manifest.json node");
  info.node = n.String("name");
  info.cluster = n.OptionalString("cluster");
  info.hostname = n.OptionalString("hostname");
  info.os_release = n.OptionalString("os_release");
  info.kernel_release = n.OptionalString("kernel_release");
  FieldReader col(*collection, "manifest.json collection");
  info.started_at = col.String("started_at");
  info.finished_at = col.String("finished_at");
  info.process_view = col.String("process_view");
  const json* options = col.Object("options");
  info.options_json = options != nullptr ? options->dump() : "{}";
  for (const Status* s : {&c.status(), &n.status(), &col.status()}) {
    if (!s->ok()) return *s;
  }
  if (info.node.empty()) return Status::Corrupt("manifest.json node: name empty");
  if (info.process_view != bundle::kProcessViewFull && info.process_view != bundle::kProcessViewLimited) {
    return Status::Corrupt("manifest.json collection: process_view is neither full nor limited");
  }
  if (const json* versions = top.Array("kubernetes_versions")) {
    for (const auto& v : *versions) {
      FieldReader r(v, "manifest.json kubernetes_versions");
      KubernetesVersionSeen seen{r.String("component"), r.String("version"), r.String("source")};
      if (!r.status().ok()) return r.status();
      info.kubernetes_versions.push_back(std::move(seen));
    }
  }
  if (const json* redactions = top.Array("redactions")) {
    for (const auto& v : *redactions) {
      FieldReader r(v, "manifest.json redactions");
      Redaction red{r.String("member"), r.String("field"), r.String("reason")};
      if (!r.status().ok()) return r.status();
      evidence->redactions.push_back(std::move(red));
    }
  }
  struct NoteList {
    const char* key;
    const char* detail_key;
  };
  for (NoteList list : {NoteList{"skipped", "reason"}, NoteList{"truncated", "limit"}, NoteList{"problems", "problem"}}) {
    const json* notes = top.Array(list.key);
    if (notes == nullptr) continue;
    for (const auto& v : *notes) {
      FieldReader r(v, std::string("manifest.json ") + list.key);
      CollectionNote note;
      note.kind = std::string(list.key) == "problems" ? "problem" : list.key;
      note.path = r.String("path");
      const json* detail = v.is_object() && v.contains(list.detail_key) ? &v[list.detail_key] : nullptr;
      note.detail = detail == nullptr ? "" : detail->is_string() ? detail->get<std::string>() : detail->dump();
      if (!r.status().ok()) return r.status();
      evidence->notes.push_back(std::move(note));
    }
  }
  return top.status();
}

// "cwd": a path, null when unreadable; a bundle written before it was recorded has no key.
Status ParseCwd(const json& item, ProcessEvidence* p) {
  if (!item.is_object() || !item.contains("cwd")) return Status::Ok();
  const json& cwd = item["cwd"];
  if (cwd.is_null()) {
    p->cwd_state = CwdState::kUnreadable;
    return Status::Ok();
  }
  if (!cwd.is_string() || cwd.get<std::string>().empty() || cwd.get<std::string>()[0] != '/') {
    return Status::Corrupt(std::string(bundle::kProcessesMember) + " process: cwd is not an absolute path");
  }
  p->cwd_state = CwdState::kKnown;
  p->cwd = cwd.get<std::string>();
  return Status::Ok();
}

Status ParseProcesses(const json& doc, NodeEvidence* evidence) {
  FieldReader top(doc, std::string(bundle::kProcessesMember));
  const json* list = top.Array("processes");
  if (!top.status().ok()) return top.status();
  if (list == nullptr) return Status::Corrupt(std::string(bundle::kProcessesMember) + ": processes missing");
  for (const auto& item : *list) {
    FieldReader r(item, std::string(bundle::kProcessesMember) + " process");
    ProcessEvidence p;
    p.pid = r.Int("pid");
    p.start_time = r.OptionalInt("start_time");
    p.uid = r.OptionalInt("uid");
    p.component = r.String("component");
    p.argv = r.Strings("argv");
    if (const json* redacted = r.Array("redacted_args")) {
      for (const auto& index : *redacted) {
        if (!index.is_number_integer() || index.get<int64_t>() < 0 ||
            index.get<uint64_t>() >= p.argv.size()) {
          return Status::Corrupt(std::string(bundle::kProcessesMember) + ": redacted_args index out of range");
        }
        p.redacted_args.push_back(index.get<int>());
      }
    }
    if (Status s = ParseCwd(item, &p); !s.ok()) return s;
    if (!r.status().ok()) return r.status();
    evidence->processes.push_back(std::move(p));
  }
  return Status::Ok();
}

std::optional<uint32_t> ParseMode(const std::optional<std::string>& text) {
  if (!text || text->size() != 4) return std::nullopt;
  uint32_t mode = 0;
  for (char c : *text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = mode * 8 + static_cast<uint32_t>(c - '0');
  }
  return mode;
}

Status ParseFiles(const json& doc, const VerifiedBundle& bundle, NodeEvidence* evidence) {
  const std::string member(bundle::kFilesMember);
  FieldReader top(doc, member);
  const json* list = top.Array("files");
  if (!top.status().ok()) return top.status();
  if (list == nullptr) return Status::Corrupt(member + ": files missing");
  for (const auto& item : *list) {
    FieldReader r(item, member + " record");
    FileEvidence f;
    f.path = r.String("path");
    f.status = r.String("status");
    f.type = r.OptionalString("type");
    auto mode_text = r.OptionalString("mode");
    f.mode = ParseMode(mode_text);
    f.uid = r.OptionalInt("uid");
    f.gid = r.OptionalInt("gid");
    f.owner = r.OptionalString("owner");
    f.group = r.OptionalString("group");
    f.size = r.OptionalInt("size");
    f.mtime = r.OptionalString("mtime");
    f.link_target = r.OptionalString("link_target");
    f.error = r.OptionalString("error");
    f.why = r.Strings("why");
    if (const json* content = r.Object("content")) {
      FieldReader cr(*content, member + " " + DisplayName(f.path) + " content");
      f.content_member = cr.OptionalString("member");
      f.content_policy = cr.String("policy");
      f.content_sha256 = cr.OptionalString("sha256");
      f.content_profile = cr.OptionalString("profile");
      if (!cr.status().ok()) return cr.status();
    }
    if (!r.status().ok()) return r.status();
    std::string where = member + " " + DisplayName(f.path);
    if (f.path.empty() || f.path[0] != '/') return Status::Corrupt(where + ": path not absolute");
    if (mode_text && !f.mode) return Status::Corrupt(where + ": mode is not four octal digits");
    if (f.content_member) {
      auto data = bundle.members.find(*f.content_member);
      if (data == bundle.members.end()) {
        return Status::Corrupt(where + ": content member " + DisplayName(*f.content_member) + " missing");
      }
      f.content = data->second;
    }
    evidence->files.push_back(std::move(f));
  }
  std::sort(evidence->files.begin(), evidence->files.end(),
            [](const FileEvidence& a, const FileEvidence& b) { return a.path < b.path; });
  auto dup = std::adjacent_find(evidence->files.begin(), evidence->files.end(),
                                [](const FileEvidence& a, const FileEvidence& b) { return a.path == b.path; });
  if (dup != evidence->files.end()) return Status::Corrupt(member + ": " + DisplayName(dup->path) + " recorded twice");
  return Status::Ok();
}

}  // namespace

Result<NodeEvidence> ParseEvidence(const VerifiedBundle& bundle) {
  NodeEvidence evidence;
  evidence.bundle.sha256 = bundle.sha256;
  if (bundle.signer) evidence.bundle.signer = bundle.signer->fingerprint;
  if (Status s = ParseManifestFields(bundle.manifest, &evidence); !s.ok()) return s;
  auto processes = ParseMember(bundle, bundle::kProcessesMember);
  if (!processes.ok()) return processes.status();
  if (Status s = ParseProcesses(*processes, &evidence); !s.ok()) return s;
  auto files = ParseMember(bundle, bundle::kFilesMember);
  if (!files.ok()) return files.status();
  if (Status s = ParseFiles(*files, bundle, &evidence); !s.ok()) return s;
  if (Status s = ApplySafeList(&evidence); !s.ok()) return s;
  AddOsReleaseKubernetesVersion(&evidence);
  return evidence;
}

}  // namespace kubeproof
