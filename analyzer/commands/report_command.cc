#include <iostream>
#include <map>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"
#include "analyzer/store/database.h"

namespace kubeproof {

int RunReport(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {{"db", true, false, "the database to report on", "FILE"},
                                   {"help", false, false, "show this help"}};
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("report", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof report --db FILE\n\nPrints the per-section comparison by node.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  auto db_path = args->Get("db");
  if (!db_path) return Fail("report", "--db FILE is required", kExitUsage);
  auto db = Database::Open(*db_path, Database::Mode::kReadOnly);
  if (!db.ok()) return Fail("report", db.status().message(), kExitError);
  auto stmt = (*db)->Prepare(
      "SELECT section, section_title, node, passed, failed FROM section_summary ORDER BY benchmark, section, node");
  if (!stmt.ok()) return Fail("report", stmt.status().message(), kExitError);
  while (stmt->Step()) {
    std::int64_t passed = stmt->Int(3), failed = stmt->Int(4);
    std::cout << stmt->Text(0) << "  " << stmt->Text(1) << "  " << stmt->Text(2) << "  ";
    if (passed + failed == 0) {
      std::cout << "-\n";
    } else {
      std::cout << passed << "/" << passed + failed << " " << (100 * passed / (passed + failed)) << "%\n";
    }
  }
  if (!stmt->status().ok()) return Fail("report", stmt->status().message(), kExitError);
  return kExitOk;
}

}  // namespace kubeproof
