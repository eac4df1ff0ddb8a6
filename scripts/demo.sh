#!/usr/bin/env bash
# The main job on the shipped samples: collect every sample node into a signed bundle, ingest the
# bundles a trusted key signed, print the CIS comparison by cluster and write it as a signed HTML
# report. Installs missing packages and builds first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
build_dir=${KUBEPROOF_BUILD_DIR:-build}
out="$build_dir/demo"
rm -rf "$out" && mkdir -p "$out"
kubeproof=$build_dir/bin/kubeproof
# One key signs on the nodes, the other signs the report: fresh pairs for each run.
mkdir -p "$out/keys"
"$kubeproof" keygen -o "$out/keys/node-signing.key" --comment "samples' nodes" >/dev/null
"$kubeproof" keygen -o "$out/keys/auditor.key" --comment "auditor" >/dev/null
scripts/collect-samples.sh "$build_dir/bin" "$out" "$out/keys/node-signing.key"
"$kubeproof" ingest --db "$out/audit.db" --trust "$out/keys/node-signing.key.pub" --require-signed "$out/bundles" \
  2>>"$out/ingest.log"
"$kubeproof" report --db "$out/audit.db" --waivers samples/waivers.yaml
"$kubeproof" report --db "$out/audit.db" --waivers samples/waivers.yaml --format html -o "$out/audit.html" \
  --sign-key "$out/keys/auditor.key" 2>>"$out/report.log"
"$kubeproof" verify-report --trust "$out/keys/auditor.key.pub" "$out/audit.html" | head -1
echo
echo "bundles: $out/bundles   database: $out/audit.db   (try: kubeproof report --db $out/audit.db --detail)"
echo "HTML report: $(cd "$out" && pwd)/audit.html, signed in audit.html.sig"
