#!/usr/bin/env bash
# The OSCAL assessment results of the shipped samples, validated against NIST's schema: stages and
# collects every sample node (as scripts/demo.sh does), ingests the bundles, writes
# `kubeproof report --format oscal` for each benchmark evaluated (with samples/waivers.yaml), one
# more where `evaluate --waivers` stored the waived findings, and one for a node whose cluster and
# node names an operator typed badly; then validates each.
#
# Usage: sample_results.sh BUILD_BIN_DIR WORKDIR [STEP...]
#   STEP: report (write WORKDIR/results/*.json), validate, negative (the validator refuses broken
#         copies of a written document, so it cannot pass by accepting anything); all when none.
# Exit status: 0 every step passed; 1 a step failed; 2 bad command line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
usage() { echo "usage: sample_results.sh BUILD_BIN_DIR WORKDIR [report|validate|negative]..." >&2; exit 2; }
[[ $# -ge 2 ]] || usage
bin=$(cd "$1" && pwd) || usage
work=$2
shift 2
steps=()
for step in "$@"; do
  case $step in
    report | validate | negative) steps+=("$step") ;;
    *) usage ;;
  esac
done
[[ ${#steps[@]} -gt 0 ]] || steps=(report validate negative)
mkdir -p "$work"
work=$(cd "$work" && pwd)
results="$work/results"
validate=(/usr/bin/python3 "$here/validate_oscal.py")
# The same database and options give the same bytes.
export SOURCE_DATE_EPOCH=1767225600  # 2026-01-01

write_results() {
  rm -rf "$work/audit.db" "$work/stored.db" "$work/odd.db" "$work/odd-bundles" "$results"
  mkdir -p "$results" "$work/odd-bundles"
  # The samples are signed (and their signer is in the back-matter); the odd-names node below is not.
  rm -f "$work/node-signing.key" "$work/node-signing.key.pub"
  "$bin/kubeproof" keygen -o "$work/node-signing.key" >/dev/null
  "$source_dir/scripts/collect-samples.sh" "$bin" "$work" "$work/node-signing.key"
  "$bin/kubeproof" ingest --db "$work/audit.db" --trust "$work/node-signing.key.pub" --require-signed "$work/bundles" \
    2>>"$work/ingest.log"
  local benchmarks
  benchmarks=$("$bin/kubeproof" query --db "$work/audit.db" --format csv \
    "SELECT DISTINCT benchmark FROM check_results ORDER BY benchmark" | tail -n +2)
  [[ -n $benchmarks ]] || { echo "sample_results: no benchmark evaluated"; exit 1; }
  for benchmark in $benchmarks; do
    "$bin/kubeproof" report --db "$work/audit.db" --waivers "$source_dir/samples/waivers.yaml" \
      --format oscal --benchmark "$benchmark" -o "$results/$benchmark.json" 2>>"$work/report.log"
    grep -q '"name":"signer-trusted","ns":"urn:kubeproof:oscal","value":"true"' "$results/$benchmark.json" ||
      { echo "sample_results: no trusted signer in $results/$benchmark.json"; exit 1; }
    echo "sample_results: wrote $results/$benchmark.json ($(wc -c <"$results/$benchmark.json") bytes)"
  done
  # Waived findings the database holds as WAIVED are risks too.
  cp "$work/audit.db" "$work/stored.db"
  "$bin/kubeproof" evaluate --db "$work/stored.db" --waivers "$source_dir/samples/waivers.yaml" >/dev/null 2>>"$work/report.log"
  "$bin/kubeproof" report --db "$work/stored.db" --format oscal --benchmark eks-1.8.0 -o "$results/stored-waivers.json"
  grep -q '"deviation-approved"' "$results/stored-waivers.json" || { echo "sample_results: no stored waiver in stored-waivers.json"; exit 1; }
  echo "sample_results: wrote $results/stored-waivers.json"
  # Names are whatever the operator typed: spaces at the ends, a line break, quotes.
  "$bin/kubeproof-collect" --root "$work/nodes/self-managed/worker-1" --cluster $' odd\ncluster ' \
    --node-name $'worker "1"\n' -o "$work/odd-bundles/odd.tar.gz" 2>>"$work/collect.log"
  "$bin/kubeproof" ingest --db "$work/odd.db" "$work/odd-bundles" 2>>"$work/ingest.log"
  "$bin/kubeproof" report --db "$work/odd.db" --format oscal -o "$results/odd-names.json"
  grep -q '"name":"signed-by","ns":"urn:kubeproof:oscal","value":"unsigned"' "$results/odd-names.json" || { echo "sample_results: odd-names.json names no unsigned bundle"; exit 1; }
  echo "sample_results: wrote $results/odd-names.json"
}

need_results() {
  compgen -G "$results/*.json" >/dev/null || { echo "sample_results: no results in $results: run the report step first"; exit 1; }
}

# A copy of a written document with one fault; the validator must refuse it, naming the fault.
expect_refused() {
  local name=$1 expected=$2 filter=$3 source broken output
  source=$(ls "$results"/*.json | head -n 1)
  broken="$work/broken-$name.json"
  /usr/bin/python3 -c "$filter" "$source" "$broken"
  if output=$("${validate[@]}" "$broken"); then
    echo "sample_results: the validator accepted $broken ($name)"
    exit 1
  fi
  grep -q -- "$expected" <<<"$output" || { echo "sample_results: $name: no error matching $expected in:"; echo "$output"; exit 1; }
  echo "sample_results: refused as expected ($name): $(grep -- "$expected" <<<"$output" | head -n 1)"
}

refuse_broken() {
  need_results
  local load='import json, sys; d = json.load(open(sys.argv[1])); r = d["assessment-results"]["results"][0]'
  local save='json.dump(d, open(sys.argv[2], "w"))'
  expect_refused state "/findings/0/target/status/state: 'maybe' is not one of" \
    "$load; r['findings'][0]['target']['status']['state'] = 'maybe'; $save"
  expect_refused required "/observations/0: 'collected' is a required property" \
    "$load; del r['observations'][0]['collected']; $save"
  expect_refused control-id "control-id: '1.1.1' does not match" \
    "$load; r['reviewed-controls']['control-selections'][0]['include-controls'][0]['control-id'] = '1.1.1'; $save"
  expect_refused uuid "/assessment-results/uuid: 'not-a-uuid' does not match" \
    "$load; d['assessment-results']['uuid'] = 'not-a-uuid'; $save"
}

for step in "${steps[@]}"; do
  case $step in
    report) write_results ;;
    validate) need_results; "${validate[@]}" "$results"/*.json ;;
    negative) refuse_broken ;;
  esac
done
