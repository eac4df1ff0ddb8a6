#!/usr/bin/env bash
# Installs the Debian 12 packages kubeproof builds and tests with, when any is missing.
# Usage: scripts/install-deps.sh [--test | --ci]
#   --test adds what the HTML report's tests use: headless Chromium driven from Debian's python3,
#          pdfinfo, tidy and the font screenshots are drawn with (tests/browser/), the openssl
#          and ssh-keygen the key tests make keys with, and the JSON Schema validator the OSCAL
#          results are checked with (tests/oscal/); --ci adds those
#          and clang-14 for the fuzz harnesses.
set -euo pipefail

packages=(g++ cmake make pkg-config libarchive-dev libsqlite3-dev nlohmann-json3-dev libyaml-cpp-dev libyaml-dev
          nettle-dev libsodium-dev zlib1g-dev catch2 sqlite3 time)
test_packages=(chromium python3 python3-websocket python3-jsonschema poppler-utils tidy fonts-dejavu-core openssl
               openssh-client)
case "${1:-}" in
  "") ;;
  --test) packages+=("${test_packages[@]}") ;;
  --ci) packages+=("${test_packages[@]}" clang-14 libclang-rt-14-dev) ;;
  *) echo "usage: scripts/install-deps.sh [--test | --ci]" >&2; exit 2 ;;
esac

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
