// Runs the built programs as a user would, capturing exit code, output and peak memory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kubeproof::testing {

struct ProgramResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
  long max_rss_kib = 0;
};

struct ProgramOptions {
  // RLIMIT_FSIZE for the child, SIGXFSZ ignored, so a write past it fails with EFBIG.
  std::optional<std::uint64_t> file_size_limit;
};

// A started child process; Wait() collects it.
class Program {
 public:
  static Program Start(const std::vector<std::string>& argv, const ProgramOptions& options = {});
  // Sends `signal` to the child; Wait() still collects it.
  void Kill(int signal);
  ProgramResult Wait();

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_;
  std::filesystem::path err_;
};

ProgramResult RunProgram(const std::vector<std::string>& argv, const ProgramOptions& options = {});

// The analyzer in the build tree.
std::string KubeproofBinary();

// Lines of `text`, without their newlines.
std::vector<std::string> Lines(const std::string& text);

}  // namespace kubeproof::testing
