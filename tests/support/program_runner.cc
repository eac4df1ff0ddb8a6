#include "tests/support/program_runner.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kubeproof::testing {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path CaptureFile(const std::string& stream) {
  static std::atomic<int> counter{0};
  return std::filesystem::temp_directory_path() /
         ("kubeproof-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "." + stream);
}

}  // namespace

Program Program::Start(const std::vector<std::string>& argv, const ProgramOptions& options) {
  Program p;
  p.out_ = CaptureFile("out");
  p.err_ = CaptureFile("err");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  p.pid_ = ::fork();
  if (p.pid_ < 0) throw std::runtime_error("fork failed");
  if (p.pid_ == 0) {
    // Only async-signal-safe calls from here to exec.
    int out = ::open(p.out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(p.err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 || ::dup2(in, 0) < 0) ::_exit(126);
    if (options.file_size_limit) {
      struct rlimit limit = {*options.file_size_limit, *options.file_size_limit};
      ::signal(SIGXFSZ, SIG_IGN);
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return p;
}

void Program::Kill(int signal) {
  if (::kill(pid_, signal) != 0) throw std::runtime_error("kill failed");
}

ProgramResult Program::Wait() {
  ProgramResult result;
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid_, &status, 0, &usage) != pid_) throw std::runtime_error("wait4 failed");
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.max_rss_kib = usage.ru_maxrss;
  result.out = ReadAll(out_);
  result.err = ReadAll(err_);
  std::filesystem::remove(out_);
  std::filesystem::remove(err_);
  return result;
}

ProgramResult RunProgram(const std::vector<std::string>& argv, const ProgramOptions& options) {
  return Program::Start(argv, options).Wait();
}

std::string KubeproofBinary() { return std::string(KUBEPROOF_BINARY_DIR) + "/bin/kubeproof"; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace kubeproof::testing
