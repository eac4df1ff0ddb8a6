#!/usr/bin/env bash
# The whole test suite: installs missing packages (with those the HTML report's browser tests use),
# builds, runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh "$@"
build_dir=${KUBEPROOF_BUILD_DIR:-build}
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
