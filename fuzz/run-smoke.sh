#!/usr/bin/env bash
# Fuzz smoke: builds the libFuzzer harnesses with clang-14 in their own build directory, runs each
# for KUBEPROOF_FUZZ_SECONDS (default 30), then replays the seed corpus. Non-zero exit on a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${KUBEPROOF_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${KUBEPROOF_FUZZ_SECONDS:-30}
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKUBEPROOF_FUZZ=ON -DKUBEPROOF_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target bundle_fuzzer config_fuzzer signature_fuzzer
artifacts="$build_dir/fuzz-artifacts"
mkdir -p "$artifacts"
for harness in bundle config signature; do
  fuzzer="$build_dir/bin/${harness}_fuzzer"
  # New inputs go to a scratch corpus; the seeds in the repo stay as committed.
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  echo "== fuzz $harness for ${seconds}s"
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$harness-" "$scratch" "fuzz/corpus/$harness"
  echo "== replay fuzz/corpus/$harness"
  "$fuzzer" -runs=0 "fuzz/corpus/$harness"
  rm -rf "$scratch"
done
echo "fuzz smoke: no crash"
