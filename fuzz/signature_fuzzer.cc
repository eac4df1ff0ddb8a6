// libFuzzer harness: arbitrary bytes as key files and signature files.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kubeproof::FuzzSignature(data, size);
  return 0;
}
