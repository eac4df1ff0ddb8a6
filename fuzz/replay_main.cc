// fuzz_replay HARNESS PATH...: runs every file (or every file of every directory) once through a
// harness's entry point, so the seed corpus is exercised by any compiler as a plain test.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: fuzz_replay bundle|config|signature PATH...\n";
    return 2;
  }
  std::string harness = argv[1];
  auto* run = harness == "bundle"      ? kubeproof::FuzzBundle
              : harness == "config"    ? kubeproof::FuzzConfig
              : harness == "signature" ? kubeproof::FuzzSignature
                                       : nullptr;
  if (run == nullptr) {
    std::cerr << "fuzz_replay: unknown harness " << harness << "\n";
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (int i = 2; i < argc; ++i) {
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& entry : std::filesystem::directory_iterator(argv[i])) files.push_back(entry.path());
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::cerr << "fuzz_replay: no inputs\n";
    return 1;
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << "fuzz_replay " << harness << ": " << files.size() << " input(s) ran\n";
  return 0;
}
