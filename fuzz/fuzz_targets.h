// The fuzzed entry points, shared by the libFuzzer harnesses and the corpus replay that runs in
// every test build: bundle bytes through reading, verification and parsing; config text through
// the bounded flattener; key and signature files through their parsers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kubeproof {

// Reads `data` as a bundle file (from memory, no disk), verifies it, parses its evidence and
// flattens its configs, under caps small enough to keep every run fast.
void FuzzBundle(const std::uint8_t* data, std::size_t size);

// Flattens `data` as a YAML/JSON configuration file.
void FuzzConfig(const std::uint8_t* data, std::size_t size);

// Reads `data` as each file a signature check reads: a private key, public keys (--trust), a
// report's .sig, and a bundle's SHA256SUMS.sig.
void FuzzSignature(const std::uint8_t* data, std::size_t size);

}  // namespace kubeproof
