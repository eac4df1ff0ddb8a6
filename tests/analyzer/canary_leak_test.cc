// The canary leak suite (tests/canary/CANARIES.md): six node trees with planted fake secrets go
// through the collector and every analyzer command; no canary may appear in anything they write.
#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/collector/collector_test_util.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

namespace fs = std::filesystem;
using testing::KubeproofBinary;
using testing::ProgramResult;
using testing::RunProgram;

const fs::path kCanaryDir = fs::path(KUBEPROOF_SOURCE_DIR) / "tests/canary";
const fs::path kNodesDir = kCanaryDir / "nodes";

// In letter order: a canary's last letter names its layout (CANARIES.md).
const std::vector<std::string> kLayouts = {"kubeadm-control-plane", "k3s-server",  "rke2-server",
                                           "eks-al2023-worker",     "aks-worker", "openshift-master"};

constexpr std::string_view kCanaryPrefix = "kpcanary";
constexpr std::size_t kCanaryLength = 13;  // kpcanary + 4 digits + 1 letter

// Every distinct match of kpcanary[0-9]{4}[a-z] in `text`.
std::set<std::string> CanariesIn(std::string_view text) {
  std::set<std::string> found;
  for (std::size_t at = text.find(kCanaryPrefix); at != std::string_view::npos;
       at = text.find(kCanaryPrefix, at + 1)) {
    if (at + kCanaryLength > text.size()) break;
    std::string_view tail = text.substr(at + kCanaryPrefix.size(), 5);
    bool digits = std::isdigit(static_cast<unsigned char>(tail[0])) && std::isdigit(static_cast<unsigned char>(tail[1])) &&
                  std::isdigit(static_cast<unsigned char>(tail[2])) && std::isdigit(static_cast<unsigned char>(tail[3]));
    if (digits && tail[4] >= 'a' && tail[4] <= 'z') found.emplace(text.substr(at, kCanaryLength));
  }
  return found;
}

std::string ClassOf(const std::string& canary) { return canary.substr(kCanaryPrefix.size(), 2); }

std::string LayoutOf(const std::string& canary) {
  std::size_t index = static_cast<std::size_t>(canary.back() - 'a');
  return index < kLayouts.size() ? kLayouts[index] : "(no layout has letter " + canary.substr(12) + ")";
}

// CANARIES.md, read as data: the class titles and one row per planted canary.
struct CanaryDoc {
  std::map<std::string, std::string> classes;  // "01" -> what the class is
  struct Row {
    std::string layout, files, class_id, what;
  };
  std::map<std::string, Row> rows;  // canary -> its row
};

std::string Trim(const std::string& s) {
  std::size_t first = s.find_first_not_of(' ');
  std::size_t last = s.find_last_not_of(' ');
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

CanaryDoc ReadCanaryDoc() {
  CanaryDoc doc;
  std::ifstream in(kCanaryDir / "CANARIES.md");
  std::regex class_row(R"(^\| (\d\d) \| (.+) \|$)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, class_row)) {
      doc.classes[m[1]] = m[2];
      continue;
    }
    if (line.rfind("| `kpcanary", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream split(line.substr(1));
    for (std::string cell; std::getline(split, cell, '|');) cells.push_back(Trim(cell));
    if (cells.size() < 5) continue;
    std::string canary = cells[0].substr(1, cells[0].size() - 2);  // without the backticks
    doc.rows[canary] = {cells[1], cells[2], cells[3], cells[4]};
  }
  return doc;
}

// canary -> "<layout>/<path>" of every fixture file holding it (links not followed).
std::map<std::string, std::set<std::string>> PlantedCanaries() {
  std::map<std::string, std::set<std::string>> planted;
  for (const std::string& layout : kLayouts) {
    for (const auto& entry : fs::recursive_directory_iterator(kNodesDir / layout)) {
      if (entry.symlink_status().type() != fs::file_type::regular) continue;
      std::string where = layout + "/" + fs::relative(entry.path(), kNodesDir / layout).string();
      for (const std::string& canary : CanariesIn(testing::ReadWholeFile(entry.path()))) {
        planted[canary].insert(where);
      }
    }
  }
  return planted;
}

// Every place each canary was found, and the report a failing run prints.
class LeakLog {
 public:
  void Scan(std::string_view text, const std::string& where) {
    for (const std::string& canary : CanariesIn(text)) places_[canary].insert(where);
  }
  bool Contains(const std::string& canary) const { return places_.count(canary) != 0; }
  std::size_t LeakedCount() const { return places_.size(); }

  std::string Report(const CanaryDoc& doc) const {
    std::ostringstream out;
    out << places_.size() << " canaries leaked (" << doc.rows.size() << " planted, tests/canary/CANARIES.md):\n";
    std::map<std::string, int> leaked_by_class, planted_by_class;
    for (const auto& [canary, where] : places_) ++leaked_by_class[ClassOf(canary)];
    for (const auto& [canary, row] : doc.rows) ++planted_by_class[row.class_id];
    for (const auto& [class_id, count] : leaked_by_class) {
      out << "  class " << class_id << ": " << count << " of " << planted_by_class[class_id] << " ("
          << (doc.classes.count(class_id) ? doc.classes.at(class_id) : "?") << ")\n";
    }
    for (const auto& [canary, where] : places_) {
      auto row = doc.rows.find(canary);
      out << "\n" << canary;
      if (row == doc.rows.end()) {
        out << "  (not planted: no row in CANARIES.md)\n";
      } else {
        out << "  class " << row->second.class_id << ", " << row->second.layout << " " << row->second.files << ": "
            << row->second.what << "\n";
      }
      for (const std::string& place : where) out << "    found in " << place << "\n";
    }
    return out.str();
  }

 private:
  std::map<std::string, std::set<std::string>> places_;
};

// Copies a layout's tree (symlinks as symlinks) under `into` and makes the hard links listed in
// nodes/<layout>.hardlinks, which git cannot store.
fs::path StageLayout(const std::string& layout, const fs::path& into) {
  fs::path root = into / layout;
  fs::create_directories(into);
  fs::copy(kNodesDir / layout, root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  std::ifstream links(kNodesDir / (layout + ".hardlinks"));
  for (std::string line; std::getline(links, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string link, existing;
    fields >> link >> existing;
    fs::create_directories((root / link).parent_path());
    fs::create_hard_link(root / existing, root / link);
  }
  return root;
}

struct Collected {
  std::string layout;
  fs::path bundle;
  ProgramResult run;
};

Collected Collect(const std::string& layout, const fs::path& dir) {
  fs::path root = StageLayout(layout, dir / "nodes");
  fs::path bundle = dir / (layout + ".tar.gz");
  ProgramResult run = RunProgram({testing::CollectorBinary(), "--root", root.string(), "--proc",
                                  (root / "proc").string(), "--cluster", "canary", "-o", bundle.string()});
  return {layout, bundle, run};
}

std::vector<Collected> CollectAll(const fs::path& dir) {
  std::vector<Collected> all;
  for (const std::string& layout : kLayouts) all.push_back(Collect(layout, dir));
  return all;
}

// The whole decompressed tar stream, headers included (pax records could carry names or values).
std::string TarStream(const std::string& gzip_bytes) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_raw(a.get());
  archive_entry* entry = nullptr;
  if (archive_read_open_memory(a.get(), gzip_bytes.data(), gzip_bytes.size()) != ARCHIVE_OK ||
      archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
    return "";
  }
  std::string stream;
  std::vector<char> buf(1 << 16);
  la_ssize_t n = 0;
  while ((n = archive_read_data(a.get(), buf.data(), buf.size())) > 0) stream.append(buf.data(), static_cast<std::size_t>(n));
  return stream;
}

// Scans member names and contents; the raw stream only adds what no member showed.
void ScanBundle(const Collected& c, const std::map<std::string, std::string>& members, LeakLog& leaks) {
  std::string label = "bundle " + c.layout + ": ";
  LeakLog in_members;
  for (const auto& [name, content] : members) {
    leaks.Scan(name, label + "member name " + name);
    leaks.Scan(content, label + name);
    in_members.Scan(name + "\n" + content, name);
  }
  std::string stream = TarStream(testing::ReadWholeFile(c.bundle.string()));
  CHECK_FALSE(stream.empty());
  for (const std::string& canary : CanariesIn(stream)) {
    if (!in_members.Contains(canary)) leaks.Scan(canary, label + "tar headers (no member content holds it)");
  }
}

void ScanRun(const ProgramResult& run, const std::string& command, LeakLog& leaks) {
  leaks.Scan(run.out, command + ": stdout");
  leaks.Scan(run.err, command + ": stderr");
}

// Harmless values that must survive redaction, so an empty bundle cannot pass.
struct KeptValue {
  const char* layout;
  const char* member;
  const char* pattern;  // ECMAScript regex
};

const KeptValue kKeptValues[] = {
    {"kubeadm-control-plane", "files/etc/kubernetes/manifests/kube-apiserver.yaml", "--anonymous-auth=false"},
    {"kubeadm-control-plane", "files/etc/kubernetes/manifests/kube-apiserver.yaml", "--authorization-mode=Node,RBAC"},
    {"kubeadm-control-plane", "files/var/lib/kubelet/config.yaml", R"(readOnlyPort:\s*0)"},
    {"kubeadm-control-plane", "evidence/processes.json", "--anonymous-auth=false"},
    {"k3s-server", "files/etc/rancher/k3s/config.yaml", "anonymous-auth=false"},
    {"k3s-server", "files/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf", R"(readOnlyPort:\s*0)"},
    {"rke2-server", "files/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml",
     "--authorization-mode=Node,RBAC"},
    {"rke2-server", "evidence/processes.json", "--read-only-port=0"},
    {"eks-al2023-worker", "files/etc/kubernetes/kubelet/config.json", R"("readOnlyPort"\s*:\s*0)"},
    {"eks-al2023-worker", "files/etc/kubernetes/kubelet/config.json", R"("mode"\s*:\s*"Webhook")"},
    {"aks-worker", "files/etc/default/kubelet", "--anonymous-auth=false"},
    {"aks-worker", "files/etc/default/kubelet", "--read-only-port=0"},
    {"aks-worker", "evidence/processes.json", "--authorization-mode=Webhook"},
    {"openshift-master", "files/etc/kubernetes/kubelet.conf", R"("tlsMinVersion"\s*:\s*"VersionTLS12")"},
    {"openshift-master", "files/etc/kubernetes/kubelet.conf", R"("mode"\s*:\s*"Webhook")"},
};

std::vector<std::string> MissingKeptValues(const std::string& layout, const std::map<std::string, std::string>& members) {
  std::vector<std::string> missing;
  for (const KeptValue& kept : kKeptValues) {
    if (layout != kept.layout) continue;
    auto member = members.find(kept.member);
    if (member == members.end()) {
      missing.push_back(layout + ": no member " + kept.member);
    } else if (!std::regex_search(member->second, std::regex(kept.pattern))) {
      missing.push_back(layout + ": " + kept.member + " lacks /" + kept.pattern + "/");
    }
  }
  return missing;
}

// Every cell of every table, BLOBs and numbers read as their bytes or text.
void ScanDatabaseCells(const fs::path& db_path, LeakLog& leaks) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> db(raw, sqlite3_close_v2);
  REQUIRE(rc == SQLITE_OK);
  auto prepare = [&](const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    return std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>(stmt, sqlite3_finalize);
  };
  std::vector<std::string> tables;
  auto list = prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (sqlite3_step(list.get()) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
  }
  REQUIRE_FALSE(tables.empty());
  for (const std::string& table : tables) {
    // Table names come from the database's own catalogue.
    auto rows = prepare("SELECT * FROM \"" + table + "\"");
    long row = 0;
    while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
      ++row;
      for (int i = 0; i < sqlite3_column_count(rows.get()); ++i) {
        const void* bytes = sqlite3_column_blob(rows.get(), i);
        int size = sqlite3_column_bytes(rows.get(), i);
        if (bytes == nullptr) continue;
        leaks.Scan(std::string_view(static_cast<const char*>(bytes), static_cast<std::size_t>(size)),
                   "database table " + table + ", row " + std::to_string(row) + ", column " +
                       sqlite3_column_name(rows.get(), i));
      }
    }
    INFO(table);
    CHECK(rc == SQLITE_DONE);
  }
}

// The files themselves too: free pages and the write-ahead log keep what no table shows.
void ScanDatabaseFiles(const fs::path& db_path, LeakLog& leaks) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::path file = db_path.string() + suffix;
    if (fs::exists(file)) leaks.Scan(testing::ReadWholeFile(file.string()), "database file " + file.filename().string());
  }
}

// Names from `kubeproof query --list`: a name, two or more spaces, what it answers.
std::vector<std::string> NamedQueries(const std::string& list) {
  std::vector<std::string> names;
  std::regex line_pattern(R"(^([a-z0-9][a-z0-9-]*) {2,}\S.*$)");
  std::smatch m;
  for (const std::string& line : testing::Lines(list)) {
    if (std::regex_match(line, m, line_pattern)) names.push_back(m[1]);
  }
  return names;
}

}  // namespace

TEST_CASE("canary fixtures plant at least three variants of each leak class, all listed in CANARIES.md",
          "[canary]") {
  CanaryDoc doc = ReadCanaryDoc();
  std::map<std::string, std::set<std::string>> planted = PlantedCanaries();
  REQUIRE(doc.classes.size() >= 13);
  REQUIRE_FALSE(planted.empty());

  for (const std::string& layout : kLayouts) {
    INFO(layout);
    CHECK(fs::is_directory(kNodesDir / layout / "proc"));
    CHECK(fs::is_regular_file(kNodesDir / layout / "etc/passwd"));
    CHECK(fs::is_regular_file(kNodesDir / layout / "etc/group"));
  }
  for (const auto& [canary, files] : planted) {
    INFO(canary);
    CHECK(doc.rows.count(canary) == 1);
    for (const std::string& file : files) CHECK(file.rfind(LayoutOf(canary) + "/", 0) == 0);
  }
  std::map<std::string, int> variants;
  for (const auto& [canary, row] : doc.rows) {
    INFO(canary);
    CHECK(planted.count(canary) == 1);
    CHECK(row.layout == LayoutOf(canary));
    CHECK(row.class_id == ClassOf(canary));
    CHECK(doc.classes.count(row.class_id) == 1);
    ++variants[row.class_id];
  }
  for (int c = 1; c <= 13; ++c) {
    std::string class_id = (c < 10 ? "0" : "") + std::to_string(c);
    INFO("class " << class_id);
    CHECK(variants[class_id] >= 3);
  }
  // Hard links name files that exist in the tree.
  for (const std::string& layout : kLayouts) {
    std::ifstream links(kNodesDir / (layout + ".hardlinks"));
    for (std::string line; std::getline(links, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string link, existing;
      fields >> link >> existing;
      INFO(layout << ": " << line);
      CHECK(fs::is_regular_file(kNodesDir / layout / existing));
      CHECK_FALSE(fs::exists(kNodesDir / layout / link));
    }
  }
}

TEST_CASE("kubeproof-collect writes no canary into a bundle or its own output and keeps the safe values",
          "[canary]") {
  CanaryDoc doc = ReadCanaryDoc();
  testing::TempDir dir;
  LeakLog leaks;
  std::vector<std::string> missing;
  for (const Collected& c : CollectAll(dir.path())) {
    INFO(c.layout << " stderr: " << c.run.err);
    CHECK(c.run.exit_code == 0);
    ScanRun(c.run, "kubeproof-collect " + c.layout, leaks);
    std::map<std::string, std::string> members = testing::UnpackBundle(testing::ReadWholeFile(c.bundle.string()));
    CHECK(members.count("manifest.json") == 1);
    ScanBundle(c, members, leaks);
    for (std::string& m : MissingKeptValues(c.layout, members)) missing.push_back(std::move(m));
  }

  INFO(leaks.Report(doc));
  CHECK(leaks.LeakedCount() == 0);
  std::string over_redacted;
  for (const std::string& m : missing) over_redacted += "  " + m + "\n";
  INFO("safe values missing from the bundles (over-redaction):\n" << over_redacted);
  CHECK(missing.empty());
}

TEST_CASE("no canary reaches the analyzer's database, reports, named queries or verify output", "[canary]") {
  CanaryDoc doc = ReadCanaryDoc();
  testing::TempDir dir;
  std::vector<Collected> collected = CollectAll(dir.path());
  std::vector<std::string> bundles;
  for (const Collected& c : collected) {
    INFO(c.layout << " stderr: " << c.run.err);
    REQUIRE(c.run.exit_code == 0);
    bundles.push_back(c.bundle.string());
  }
  const std::string db = (fs::path(dir.path()) / "canary.db").string();
  LeakLog leaks;
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), KubeproofBinary());
    ProgramResult result = RunProgram(args);
    std::string command = "kubeproof";
    for (std::size_t i = 1; i < args.size(); ++i) command += " " + (args[i].find('/') == std::string::npos ? args[i] : fs::path(args[i]).filename().string());
    ScanRun(result, command, leaks);
    INFO(command << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    return result;
  };

  std::vector<std::string> ingest = {"ingest", "--db", db};
  ingest.insert(ingest.end(), bundles.begin(), bundles.end());
  run(ingest);
  for (const char* format : {"text", "markdown", "csv"}) {
    run({"report", "--db", db, "--format", format});
    run({"report", "--db", db, "--format", format, "--detail"});
    run({"report", "--db", db, "--format", format, "--detail", "--by", "node"});
  }
  // These formats hold one benchmark each: every benchmark the layouts were evaluated against.
  std::stringstream evaluated(testing::QueryValue(db, "SELECT group_concat(DISTINCT benchmark) FROM evaluations"));
  std::vector<std::string> benchmarks;
  for (std::string benchmark; std::getline(evaluated, benchmark, ',');) benchmarks.push_back(benchmark);
  REQUIRE_FALSE(benchmarks.empty());
  for (const std::string& benchmark : benchmarks) {
    for (const char* format : {"json", "junit", "sarif"}) {
      run({"report", "--db", db, "--benchmark", benchmark, "--format", format, "--detail"});
      run({"report", "--db", db, "--benchmark", benchmark, "--format", format, "--detail", "--by", "node"});
    }
  }
  std::vector<std::string> names = NamedQueries(run({"query", "--list"}).out);
  CHECK(names.size() >= 4);
  for (const std::string& name : names) {
    run({"query", "--db", db, "--name", name});
    run({"query", "--db", db, "--name", name, "--format", "json"});
  }
  std::vector<std::string> verify = {"verify"};
  verify.insert(verify.end(), bundles.begin(), bundles.end());
  run(verify);

  ScanDatabaseFiles(db, leaks);
  ScanDatabaseCells(db, leaks);
  INFO(leaks.Report(doc));
  CHECK(leaks.LeakedCount() == 0);
}

}  // namespace kubeproof
