#!/usr/bin/env bash
# The main job on the shipped samples: collect every sample node, ingest the bundles, print the
# CIS comparison by cluster and write it as an HTML report. Installs missing packages and builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
build_dir=${KUBEPROOF_BUILD_DIR:-build}
out="$build_dir/demo"
rm -rf "$out" && mkdir -p "$out"
scripts/collect-samples.sh "$build_dir/bin" "$out"
"$build_dir/bin/kubeproof" ingest --db "$out/audit.db" "$out/bundles" 2>>"$out/ingest.log"
"$build_dir/bin/kubeproof" report --db "$out/audit.db" --waivers samples/waivers.yaml
"$build_dir/bin/kubeproof" report --db "$out/audit.db" --waivers samples/waivers.yaml --format html -o "$out/audit.html"
echo
echo "bundles: $out/bundles   database: $out/audit.db   (try: kubeproof report --db $out/audit.db --detail)"
echo "HTML report: $(cd "$out" && pwd)/audit.html"
