#include <chrono>
#include <cstdlib>
#include <iostream>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"
#include "analyzer/report/named_queries.h"
#include "analyzer/report/sql_query.h"

namespace kubeproof {

int RunQuery(const std::vector<std::string>& words) {
  constexpr std::string_view kName = "query";
  std::vector<OptionSpec> specs = {
      {"db", true, false, "the database to query (opened read-only)", "FILE"},
      {"format", true, false, "table (default), csv or json", "FORMAT"},
      {"name", true, false, "run a named query from --list instead of SQL", "NAME"},
      {"list", false, false, "list the named queries with what they answer"},
      {"show", false, false, "with --name: print the query's SQL instead of running it"},
      {"timeout", true, false, "stop a query still running after this many seconds (default 60)", "SECONDS"},
      {"help", false, false, "show this help"},
  };
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail(kName, args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof query --db FILE [--format table|csv|json] \"SQL\"\n"
                 "       kubeproof query --db FILE --name NAME\n"
                 "       kubeproof query --list\n\n"
                 "Runs one SQL statement on a read-only connection: statements that would write are\n"
                 "refused. schema/SCHEMA.md documents the tables and views.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  if (args->Has("list")) {
    for (const auto& q : NamedQueries()) {
      std::string name(q.name);
      name.resize(24, ' ');
      std::cout << name << q.summary << "\n";
    }
    std::cout << "\nrun one: kubeproof query --db FILE --name NAME;  see its SQL: --name NAME --show\n";
    return kExitOk;
  }
  std::string sql;
  if (auto name = args->Get("name")) {
    if (!args->positional().empty()) return Fail(kName, "give --name or SQL, not both", kExitUsage);
    const NamedQuery* q = FindNamedQuery(*name);
    if (q == nullptr) {
      std::vector<std::string> names;
      for (const auto& n : NamedQueries()) names.emplace_back(n.name);
      std::string message = "no named query " + *name;
      if (auto guess = DidYouMean(*name, names)) message += " (did you mean " + *guess + "?)";
      return Fail(kName, message + "; --list shows them", kExitUsage);
    }
    if (args->Has("show")) {
      std::cout << q->sql << ";\n";
      return kExitOk;
    }
    sql = q->sql;
  } else {
    if (args->Has("show")) return Fail(kName, "--show needs --name", kExitUsage);
    if (args->positional().size() != 1) return Fail(kName, "give exactly one SQL statement, quoted as one argument", kExitUsage);
    sql = args->positional()[0];
  }
  std::string format = args->Get("format").value_or("table");
  if (format != "table" && format != "csv" && format != "json") {
    return Fail(kName, "unknown format " + format + " (table, csv, json)", kExitUsage);
  }
  auto db_path = args->Get("db");
  if (!db_path) return Fail(kName, "--db FILE is required", kExitUsage);
  long timeout_s = 60;
  if (auto text = args->Get("timeout")) {
    char* end = nullptr;
    timeout_s = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || timeout_s <= 0 || timeout_s > 86400) {
      return Fail(kName, "--timeout wants whole seconds from 1 to 86400, not " + *text, kExitUsage);
    }
  }
  auto db = Database::Open(*db_path, Database::Mode::kReadOnly);
  if (!db.ok()) return Fail(kName, db.status().message(), kExitError);
  (*db)->SetDeadline(std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s));
  auto result = RunReadOnlyQuery(db->get(), sql);
  if (!result.ok() && result.status().code() == Status::Code::kLimit) {
    return Fail(kName, "query stopped after " + std::to_string(timeout_s) + " s (--timeout)", kExitError);
  }
  if (!result.ok()) {
    return Fail(kName, result.status().message(),
                result.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitError);
  }
  std::cout << (format == "csv" ? QueryCsv(*result) : format == "json" ? QueryJson(*result) : QueryTable(*result))
            << std::flush;
  return kExitOk;
}

}  // namespace kubeproof
