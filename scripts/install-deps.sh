#!/usr/bin/env bash
# Installs the Debian 12 packages kubeproof builds and tests with, when any is missing.
# Usage: scripts/install-deps.sh [--ci]   (--ci adds clang-14 for the fuzz harnesses)
set -euo pipefail

packages=(g++ cmake make pkg-config libarchive-dev libsqlite3-dev nlohmann-json3-dev libyaml-cpp-dev libyaml-dev
          nettle-dev zlib1g-dev catch2 sqlite3 time)
if [[ "${1:-}" == "--ci" ]]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: missing ${missing[*]} and not root (no sudo)" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
