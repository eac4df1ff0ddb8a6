// bench_waiver_load FILE: the least any report with FILE's waivers must do: read and check every
// entry, as `kubeproof report --waivers` does before it opens the database. Prints the count.
#include <iostream>

#include "analyzer/waivers/waiver.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_waiver_load FILE\n";
    return 2;
  }
  auto waivers = kubeproof::LoadWaivers(argv[1]);
  if (!waivers.ok()) {
    std::cerr << "bench_waiver_load: " << waivers.status().message() << "\n";
    return 3;
  }
  std::cout << waivers->size() << "\n";
  return 0;
}
