#include <iostream>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"
#include "analyzer/store/database.h"
#include "analyzer/store/database_check.h"

namespace kubeproof {

int RunCheck(const std::vector<std::string>& words) {
  constexpr std::string_view kName = "check";
  std::vector<OptionSpec> specs = {{"db", true, false, "the database to examine", "FILE"},
                                   {"help", false, false, "show this help"}};
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail(kName, args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout
        << "usage: kubeproof check --db FILE\n\n"
           "Examines a database without changing it: the schema against this program's, every\n"
           "page and index (SQLite's integrity check) and every reference between rows. Prints\n"
           "each problem found; exits 1 when there is one.\n\nflags:\n"
        << FlagHelp(specs);
    return kExitOk;
  }
  if (!args->positional().empty())
    return Fail(kName, "unexpected argument " + args->positional()[0], kExitUsage);
  auto db_path = args->Get("db");
  if (!db_path) return Fail(kName, "--db FILE is required", kExitUsage);
  auto db = Database::Open(*db_path, Database::Mode::kExamine);
  if (!db.ok()) {
    // A file too damaged to open at all is this command's answer, not its failure.
    return Fail(kName, db.status().message(),
                db.status().code() == Status::Code::kCorrupt ? kExitRejected : kExitError);
  }
  const int version = (*db)->SchemaVersion();
  auto problems = FullCheckDatabase(db->get(), version);
  if (!problems.ok()) return Fail(kName, problems.status().message(), kExitError);
  for (const auto& p : *problems) std::cout << *db_path << ": " << p << "\n";
  if (!problems->empty()) {
    return Fail(kName,
                *db_path + " is damaged: " + std::to_string(problems->size()) + " problem(s)",
                kExitRejected);
  }
  std::cout << *db_path << ": ok (schema version " << version << ")\n";
  return kExitOk;
}

}  // namespace kubeproof
