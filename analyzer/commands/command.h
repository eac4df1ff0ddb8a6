// The analyzer's subcommands: one table of {name, summary, function}; each function parses its
// own flags and returns an exit code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

// Exit codes of `kubeproof`, documented in README.md and `kubeproof help`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;  // a bundle was rejected, --fail-on matched, or check found damage
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitError = 3;     // database, rule files or I/O failed

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>& args);
};

const std::vector<Command>& Commands();

// Dispatches argv[1] to its command; `kubeproof help` and unknown names are handled here.
int RunCommandLine(int argc, char** argv);

// Prints "kubeproof <command>: <message>" to stderr and returns `code`.
int Fail(std::string_view command, const std::string& message, int code);

int RunVerify(const std::vector<std::string>& args);
int RunIngest(const std::vector<std::string>& args);
int RunEvaluate(const std::vector<std::string>& args);
int RunReport(const std::vector<std::string>& args);
int RunQuery(const std::vector<std::string>& args);
int RunCheck(const std::vector<std::string>& args);
int RunBenchmarks(const std::vector<std::string>& args);
int RunKeygen(const std::vector<std::string>& args);
int RunVerifyReport(const std::vector<std::string>& args);

}  // namespace kubeproof
