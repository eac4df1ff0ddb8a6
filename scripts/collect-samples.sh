#!/usr/bin/env bash
# Stages every sample node under OUT_DIR/nodes and collects each into OUT_DIR/bundles, as an
# operator would on the node; the collector's messages go to OUT_DIR/collect.log.
# Usage: scripts/collect-samples.sh BUILD_BIN_DIR OUT_DIR [SIGNING_KEY]
#   SIGNING_KEY signs every bundle (kubeproof-collect --sign-key).
set -euo pipefail
[[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: collect-samples.sh BUILD_BIN_DIR OUT_DIR [SIGNING_KEY]" >&2; exit 2; }
bin=$1 out=$2
sign=()
[[ $# -eq 3 ]] && sign=(--sign-key "$3")
rm -rf "$out/nodes" "$out/bundles"
mkdir -p "$out/bundles"
"$bin/stage-samples" "$out/nodes"
for node_dir in "$out"/nodes/*/*/; do
  cluster=$(basename "$(dirname "$node_dir")")
  node=$(basename "$node_dir")
  "$bin/kubeproof-collect" --root "$node_dir" --cluster "$cluster" --node-name "$node" "${sign[@]}" \
    -o "$out/bundles/$cluster-$node.tar.gz" 2>>"$out/collect.log"
done
