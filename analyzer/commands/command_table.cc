#include <cstdio>
#include <iostream>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"

namespace kubeproof {
namespace {

int RunHelp(const std::vector<std::string>& args);
int RunVersion(const std::vector<std::string>& args);

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"verify", "check bundles' integrity without a database", RunVerify},
      {"ingest", "verify bundles, load them into a database and evaluate them", RunIngest},
      {"evaluate", "re-evaluate stored evidence against a benchmark", RunEvaluate},
      {"report", "print the per-section comparison and the findings behind it", RunReport},
      {"query", "run read-only SQL, or a named query, on a database", RunQuery},
      {"check", "examine a database for damage, without changing it", RunCheck},
      {"benchmarks", "list the installed benchmarks and their checks per section", RunBenchmarks},
      {"keygen", "make an Ed25519 key pair for signing bundles and reports", RunKeygen},
      {"verify-report", "check a report against its signature (report --sign-key)", RunVerifyReport},
      {"version", "print the program version", RunVersion},
      {"help", "list the commands, or show one command's flags", RunHelp},
  };
  return kCommands;
}

int Fail(std::string_view command, const std::string& message, int code) {
  std::cerr << "kubeproof " << command << ": " << message << "\n";
  return code;
}

namespace {

int RunHelp(const std::vector<std::string>& args) {
  if (!args.empty()) {
    for (const auto& c : Commands()) {
      if (c.name == args[0]) return c.run({"--help"});
    }
    return Fail("help", "unknown command " + args[0], kExitUsage);
  }
  std::cout << "kubeproof " << KUBEPROOF_VERSION
            << " - audits Kubernetes nodes against the CIS Kubernetes Benchmark, offline\n\n"
               "usage: kubeproof <command> [flags] [arguments]\n\ncommands:\n";
  for (const auto& c : Commands()) {
    std::string name(c.name);
    name.resize(15, ' ');
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\n'kubeproof <command> --help' shows a command's flags.\n\n"
               "exit codes: 0 success; 1 a bundle was rejected, --fail-on matched or the database\n"
               "            is damaged (check);\n"
               "            2 bad command line; 3 database, rule file or I/O error\n";
  return kExitOk;
}

int RunVersion(const std::vector<std::string>&) {
  std::cout << "kubeproof " << KUBEPROOF_VERSION << "\n";
  return kExitOk;
}

}  // namespace

int RunCommandLine(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") return RunHelp({});
  if (args[0] == "--version") return RunVersion({});
  std::vector<std::string> names;
  for (const auto& c : Commands()) {
    names.emplace_back(c.name);
    if (c.name == args[0]) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  std::string message = "unknown command " + args[0];
  if (auto guess = DidYouMean(args[0], names)) message += " (did you mean " + *guess + "?)";
  std::cerr << "kubeproof: " << message << "; 'kubeproof help' lists the commands\n";
  return kExitUsage;
}

}  // namespace kubeproof
