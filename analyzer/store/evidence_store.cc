#include "analyzer/store/evidence_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analyzer/store/dictionary.h"
#include "common/status.h"

namespace kubeproof {
namespace {

std::optional<std::string> ModeOctal(const std::optional<std::uint32_t>& mode) {
  if (!mode) return std::nullopt;
  char text[8];
  std::snprintf(text, sizeof(text), "%04o", *mode & 07777u);
  return std::string(text);
}

std::optional<std::int64_t> ToOptionalInt(const std::optional<std::uint32_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<std::int64_t>(*v);
}

Status InsertBundleRow(Database* db, const NodeEvidence& e, const std::string& ingested_at,
                       std::int64_t ingest_run, std::int64_t* id) {
  auto stmt = db->Prepare(
      "INSERT INTO bundles (sha256, format_version, collector_name, collector_version, node, cluster,"
      " hostname, os_release, kernel_release, started_at, finished_at, process_view, options_json,"
      " ingested_at, ingest_run, signer, signer_trusted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt.ok()) return stmt.status();
  const BundleInfo& b = e.bundle;
  stmt->Bind(1, b.sha256).Bind(2, std::int64_t{b.format_version}).Bind(3, b.collector_name)
      .Bind(4, b.collector_version).Bind(5, b.node).Bind(6, b.cluster).Bind(7, b.hostname)
      .Bind(8, b.os_release).Bind(9, b.kernel_release).Bind(10, b.started_at).Bind(11, b.finished_at)
      .Bind(12, b.process_view).Bind(13, b.options_json).Bind(14, ingested_at).Bind(15, ingest_run)
      .Bind(16, b.signer).Bind(17, b.signer ? std::optional<std::int64_t>(b.signer_trusted ? 1 : 0) : std::nullopt);
  if (Status s = stmt->Run(); !s.ok()) return s;
  *id = db->LastInsertId();
  auto version = db->Prepare("INSERT INTO kubernetes_versions (bundle_id, component, version, source) VALUES (?,?,?,?)");
  if (!version.ok()) return version.status();
  for (const auto& v : b.kubernetes_versions) {
    if (Status s = version->Bind(1, *id).Bind(2, v.component).Bind(3, v.version).Bind(4, v.source).Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status InsertProcesses(Database* db, std::int64_t bundle_id, const NodeEvidence& e, const DerivedRows& derived) {
  auto process = db->Prepare(
      "INSERT INTO processes (bundle_id, pid, start_time, uid, component, argv_json, cwd, cwd_status) "
      "VALUES (?,?,?,?,?,?,?,?)");
  auto arg = db->Prepare("INSERT INTO process_args (process_id, position, flag, value, redacted) VALUES (?,?,?,?,?)");
  if (!process.ok()) return process.status();
  if (!arg.ok()) return arg.status();
  for (size_t i = 0; i < e.processes.size(); ++i) {
    const ProcessEvidence& p = e.processes[i];
    process->Bind(1, bundle_id).Bind(2, p.pid).Bind(3, p.start_time).Bind(4, p.uid).Bind(5, p.component)
        .Bind(6, nlohmann::json(p.argv).dump())
        .Bind(7, p.cwd_state == CwdState::kKnown ? std::optional<std::string>(p.cwd) : std::nullopt)
        .Bind(8, std::string(CwdStateName(p.cwd_state)));
    if (Status s = process->Run(); !s.ok()) return s;
    std::int64_t process_id = db->LastInsertId();
    if (i >= derived.arguments.size()) continue;
    for (const ArgumentRow& a : derived.arguments[i]) {
      arg->Bind(1, process_id).Bind(2, std::int64_t{a.position}).Bind(3, a.flag).Bind(4, a.value)
          .Bind(5, std::int64_t{a.redacted ? 1 : 0});
      if (Status s = arg->Run(); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

// A lookup that found nothing and recorded nothing but its path and why: stored in the bundle's
// shared absent listing instead of a row of its own (schema/SCHEMA.md, "files").
bool PlainAbsent(const FileEvidence& f, const DerivedRows& derived) {
  return f.status == "absent" && !f.type && !f.mode && !f.uid && !f.gid && !f.owner && !f.group && !f.size &&
         !f.mtime && !f.link_target && !f.error && !f.content_policy && !f.content_sha256 &&
         !(f.content && f.content_member) && derived.config_values.count(f.path) == 0;
}

// The listing of absent_sets: [path, why] pairs in path order, `why` as the JSON text the files
// view shows. Sorted, so every bundle that looked up the same paths for the same reasons shares it.
std::string AbsentListing(std::vector<std::pair<std::string, std::string>> absent) {
  std::sort(absent.begin(), absent.end());
  nlohmann::json listing = nlohmann::json::array();
  for (auto& [path, why] : absent) listing.push_back(nlohmann::json::array({std::move(path), std::move(why)}));
  return listing.dump();
}

Status InsertAbsentLookups(Database* db, std::int64_t bundle_id, std::vector<std::pair<std::string, std::string>> absent) {
  if (absent.empty()) return Status::Ok();
  auto set = InternAbsentSet(db, AbsentListing(std::move(absent)));
  if (!set.ok()) return set.status();
  auto lookup = db->Prepare("INSERT INTO absent_lookups (bundle_id, absent_set_id) VALUES (?,?)");
  if (!lookup.ok()) return lookup.status();
  return lookup->Bind(1, bundle_id).Bind(2, *set).Run();
}

Status InsertFiles(Database* db, std::int64_t bundle_id, const NodeEvidence& e, const DerivedRows& derived) {
  auto file = db->Prepare(
      "INSERT INTO file_records (bundle_id, path, status, type, mode, mode_octal, uid, gid, owner, group_name, size,"
      " mtime, link_target, error, content_policy, content_sha256, why) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  auto content = db->Prepare("INSERT INTO file_members (file_id, member, content_id) VALUES (?,?,?)");
  auto value = db->Prepare(
      "INSERT INTO config_values (file_id, document, key_path, value, value_type) VALUES (?,?,?,?,?)");
  for (const Status* s : {&file.status(), &content.status(), &value.status()}) {
    if (!s->ok()) return *s;
  }
  std::vector<std::pair<std::string, std::string>> absent;
  for (const FileEvidence& f : e.files) {
    if (PlainAbsent(f, derived)) {
      absent.emplace_back(f.path, nlohmann::json(f.why).dump());
      continue;
    }
    file->Bind(1, bundle_id).Bind(2, f.path).Bind(3, f.status).Bind(4, f.type).Bind(5, ToOptionalInt(f.mode))
        .Bind(6, ModeOctal(f.mode)).Bind(7, f.uid).Bind(8, f.gid).Bind(9, f.owner).Bind(10, f.group)
        .Bind(11, f.size).Bind(12, f.mtime).Bind(13, f.link_target).Bind(14, f.error)
        .Bind(15, f.content_policy).Bind(16, f.content_sha256).Bind(17, nlohmann::json(f.why).dump());
    if (Status s = file->Run(); !s.ok()) return s;
    std::int64_t file_id = db->LastInsertId();
    if (f.content && f.content_member) {
      auto content_id = InternContent(db, *f.content);
      if (!content_id.ok()) return content_id.status();
      if (Status s = content->Bind(1, file_id).Bind(2, *f.content_member).Bind(3, *content_id).Run(); !s.ok()) return s;
    }
    auto values = derived.config_values.find(f.path);
    if (values == derived.config_values.end()) continue;
    for (const ConfigValue& v : values->second) {
      value->Bind(1, file_id).Bind(2, std::int64_t{v.document}).Bind(3, v.key_path).Bind(4, v.value).Bind(5, v.value_type);
      if (Status s = value->Run(); !s.ok()) return s;
    }
  }
  return InsertAbsentLookups(db, bundle_id, std::move(absent));
}

Status InsertNotes(Database* db, std::int64_t bundle_id, const NodeEvidence& e, const DerivedRows& derived) {
  auto redaction = db->Prepare("INSERT INTO redactions (bundle_id, member, field, reason) VALUES (?,?,?,?)");
  auto note = db->Prepare("INSERT INTO collection_notes (bundle_id, kind, path, detail) VALUES (?,?,?,?)");
  if (!redaction.ok()) return redaction.status();
  if (!note.ok()) return note.status();
  for (const Redaction& r : e.redactions) {
    if (Status s = redaction->Bind(1, bundle_id).Bind(2, r.member).Bind(3, r.field).Bind(4, r.reason).Run(); !s.ok()) return s;
  }
  for (const auto* list : {&e.notes, &derived.parse_notes}) {
    for (const CollectionNote& n : *list) {
      if (Status s = note->Bind(1, bundle_id).Bind(2, n.kind).Bind(3, n.path).Bind(4, n.detail).Run(); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

// A stored JSON array of strings; anything else is a damaged database, never an empty list
// (an argv read as empty would turn every flag into its default).
Result<std::vector<std::string>> ParseStringArray(const std::string& text, const std::string& what) {
  try {
    nlohmann::json j = nlohmann::json::parse(text);
    if (j.is_array() && std::all_of(j.begin(), j.end(), [](const nlohmann::json& v) { return v.is_string(); })) {
      return j.get<std::vector<std::string>>();
    }
  } catch (const nlohmann::json::exception&) {
  }
  return Status::Corrupt(what + " is not a JSON array of strings");
}

}  // namespace

Result<std::optional<std::int64_t>> FindBundle(Database* db, const std::string& sha256) {
  auto stmt = db->Prepare("SELECT bundle_id FROM bundles WHERE sha256 = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, sha256);
  std::optional<std::int64_t> id;
  if (stmt->Step()) id = stmt->Int(0);
  if (!stmt->status().ok()) return stmt->status();
  return id;
}

Result<std::int64_t> InsertEvidence(Database* db, const NodeEvidence& evidence, const DerivedRows& derived,
                                    const std::string& ingested_at, std::int64_t ingest_run) {
  std::int64_t id = 0;
  if (Status s = InsertBundleRow(db, evidence, ingested_at, ingest_run, &id); !s.ok()) return s;
  if (Status s = InsertProcesses(db, id, evidence, derived); !s.ok()) return s;
  if (Status s = InsertFiles(db, id, evidence, derived); !s.ok()) return s;
  if (Status s = InsertNotes(db, id, evidence, derived); !s.ok()) return s;
  return id;
}

Result<std::int64_t> NextIngestRun(Database* db) {
  auto stmt = db->Prepare("SELECT COALESCE(MAX(ingest_run), 0) + 1 FROM bundles");
  if (!stmt.ok()) return stmt.status();
  if (!stmt->Step()) return stmt->status().ok() ? Status::Corrupt("no answer to MAX(ingest_run)") : stmt->status();
  return stmt->Int(0);
}

Result<NodeEvidence> LoadEvidence(Database* db, std::int64_t bundle_id) {
  NodeEvidence e;
  BundleInfo& b = e.bundle;
  auto bundle = db->Prepare(
      "SELECT sha256, format_version, collector_name, collector_version, node, cluster, hostname, os_release,"
      " kernel_release, started_at, finished_at, process_view, options_json FROM bundles WHERE bundle_id = ?");
  if (!bundle.ok()) return bundle.status();
  bundle->Bind(1, bundle_id);
  if (!bundle->Step()) {
    if (!bundle->status().ok()) return bundle->status();
    return Status::NotFound("no bundle " + std::to_string(bundle_id));
  }
  b.bundle_id = bundle_id;
  b.sha256 = bundle->Text(0);
  b.format_version = static_cast<int>(bundle->Int(1));
  b.collector_name = bundle->Text(2);
  b.collector_version = bundle->Text(3);
  b.node = bundle->Text(4);
  b.cluster = bundle->OptionalText(5);
  b.hostname = bundle->OptionalText(6);
  b.os_release = bundle->OptionalText(7);
  b.kernel_release = bundle->OptionalText(8);
  b.started_at = bundle->Text(9);
  b.finished_at = bundle->Text(10);
  b.process_view = bundle->Text(11);
  b.options_json = bundle->Text(12);

  auto versions = db->Prepare("SELECT component, version, source FROM kubernetes_versions WHERE bundle_id = ? ORDER BY rowid");
  if (!versions.ok()) return versions.status();
  versions->Bind(1, bundle_id);
  while (versions->Step()) b.kubernetes_versions.push_back({versions->Text(0), versions->Text(1), versions->Text(2)});

  auto processes = db->Prepare(
      "SELECT process_id, pid, start_time, uid, component, argv_json, cwd, cwd_status FROM processes "
      "WHERE bundle_id = ? ORDER BY process_id");
  auto redacted = db->Prepare("SELECT position FROM process_args WHERE process_id = ? AND redacted = 1 ORDER BY position");
  if (!processes.ok()) return processes.status();
  if (!redacted.ok()) return redacted.status();
  processes->Bind(1, bundle_id);
  while (processes->Step()) {
    ProcessEvidence p;
    p.pid = processes->Int(1);
    p.start_time = processes->OptionalInt(2);
    p.uid = processes->OptionalInt(3);
    p.component = processes->Text(4);
    auto argv = ParseStringArray(processes->Text(5), "bundle " + std::to_string(bundle_id) + ": processes.argv_json of pid " +
                                                         std::to_string(p.pid));
    if (!argv.ok()) return argv.status();
    p.argv = std::move(*argv);
    p.cwd_state = ParseCwdState(processes->Text(7)).value_or(CwdState::kNotRecorded);
    if (p.cwd_state == CwdState::kKnown) p.cwd = processes->Text(6);
    redacted->Bind(1, processes->Int(0));
    while (redacted->Step()) p.redacted_args.push_back(static_cast<int>(redacted->Int(0)));
    // Reset clears the status: a failed read of the redacted positions must stop here.
    if (!redacted->status().ok()) return redacted->status().WithContext("bundle " + std::to_string(bundle_id) + ": process_args");
    redacted->Reset();
    e.processes.push_back(std::move(p));
  }

  auto files = db->Prepare(
      "SELECT f.path, f.status, f.type, f.mode, f.uid, f.gid, f.owner, f.group_name, f.size, f.mtime, f.link_target,"
      " f.error, f.content_policy, f.content_sha256, f.why, c.member, c.content FROM files f"
      " LEFT JOIN file_contents c ON c.file_id = f.file_id WHERE f.bundle_id = ? ORDER BY f.path");
  if (!files.ok()) return files.status();
  files->Bind(1, bundle_id);
  while (files->Step()) {
    FileEvidence f;
    f.path = files->Text(0);
    f.status = files->Text(1);
    f.type = files->OptionalText(2);
    if (auto mode = files->OptionalInt(3)) f.mode = static_cast<std::uint32_t>(*mode);
    f.uid = files->OptionalInt(4);
    f.gid = files->OptionalInt(5);
    f.owner = files->OptionalText(6);
    f.group = files->OptionalText(7);
    f.size = files->OptionalInt(8);
    f.mtime = files->OptionalText(9);
    f.link_target = files->OptionalText(10);
    f.error = files->OptionalText(11);
    f.content_policy = files->OptionalText(12);
    f.content_sha256 = files->OptionalText(13);
    auto why = ParseStringArray(files->Text(14), "bundle " + std::to_string(bundle_id) + ": files.why of " + f.path);
    if (!why.ok()) return why.status();
    f.why = std::move(*why);
    f.content_member = files->OptionalText(15);
    f.content = files->OptionalText(16);
    e.files.push_back(std::move(f));
  }

  auto redactions = db->Prepare("SELECT member, field, reason FROM redactions WHERE bundle_id = ? ORDER BY rowid");
  if (!redactions.ok()) return redactions.status();
  redactions->Bind(1, bundle_id);
  while (redactions->Step()) e.redactions.push_back({redactions->Text(0), redactions->Text(1), redactions->Text(2)});

  auto notes = db->Prepare("SELECT kind, path, detail FROM collection_notes WHERE bundle_id = ? AND kind <> 'parse' ORDER BY rowid");
  if (!notes.ok()) return notes.status();
  notes->Bind(1, bundle_id);
  while (notes->Step()) e.notes.push_back({notes->Text(0), notes->Text(1), notes->Text(2)});

  for (const Statement* s : {&*versions, &*processes, &*files, &*redactions, &*notes}) {
    if (!s->status().ok()) return s->status();
  }
  return e;
}

Result<std::vector<std::int64_t>> ListBundleIds(Database* db, std::int64_t after, std::size_t limit) {
  auto stmt = db->Prepare("SELECT bundle_id FROM bundles WHERE bundle_id > ? ORDER BY bundle_id LIMIT ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> ids;
  while (stmt->Step()) ids.push_back(stmt->Int(0));
  if (!stmt->status().ok()) return stmt->status();
  return ids;
}

}  // namespace kubeproof
