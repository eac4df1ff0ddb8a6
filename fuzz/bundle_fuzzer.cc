// libFuzzer harness: arbitrary bytes as a bundle file.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kubeproof::FuzzBundle(data, size);
  return 0;
}
