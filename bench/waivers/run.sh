#!/usr/bin/env bash
# Waiver matching at fleet size: N node bundles (default 1000, a tenth control planes, in 10
# clusters) from the samples, and a waiver file of W entries (default 50000), one per node and
# check, spread over the checks of section 4 and 1. Prints the text report's wall time and peak RSS
# without waivers (the floor) and with the file, measured in the same run, and their ratio; then
# the time reading the file alone takes (bench_waiver_load, a cost that does not grow with the
# fleet) and the ratio of what remains, matching and listing, to the floor.
#
# usage: bench/waivers/run.sh [N [W]]
# Builds into $KUBEPROOF_BENCH_BUILD_DIR (default build-bench) with KUBEPROOF_BENCH=ON, or runs the
# build whose bin directory $KUBEPROOF_BENCH_BIN names.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/fleet.sh
build_dir=${KUBEPROOF_BENCH_BUILD_DIR:-build-bench}
n=${1:-1000}
w=${2:-50000}
runs=${KUBEPROOF_BENCH_RUNS:-3}

bin=$(bench_bin "$build_dir" kubeproof kubeproof-collect stage-samples bench_bundle_generator bench_waiver_load)
work="$bin/../bench-waivers"
rm -rf "$work" && mkdir -p "$work"
"$bin/stage-samples" "$work/nodes"

make_fleet "$bin" "$work" "$work/bundles" "$n"
workers_per_cluster=$(((n - n / 10) / 10))
db="$work/audit.db"
"$bin/kubeproof" ingest --db "$db" "$work/bundles"/*/ 2>"$work/ingest.err" >/dev/null

# One entry per (check, node): the checks a worker and a control plane fail or pass alike, so some
# waive a failure and most match nothing, as a fleet's accumulated exceptions do.
"$bin/kubeproof" query --db "$db" --format csv \
  "SELECT check_id FROM checks WHERE benchmark = 'cis-1.6.0' AND (check_id LIKE '4.%' OR check_id LIKE '1.1.%') ORDER BY position" |
  tail -n +2 >"$work/checks.txt"
awk -v w="$w" -v per="$workers_per_cluster" 'NR == FNR { checks[n++] = $1; next } END {
  print "waivers:"
  for (i = 0; i < w; i++) {
    printf "  - {check: \"%s\", cluster: fleet-%d, nodes: worker-%d, justification: \"accepted exception %d\", approved_by: security@example.com, expires: 2030-01-01}\n",
      checks[i % n], i % 10, int(i / 10) % per, i
  }
}' "$work/checks.txt" /dev/null >"$work/waivers.yaml"

read -r none_s none_rss <<<"$(median_run "$runs" "$work" "$bin/kubeproof" report --db "$db" --benchmark cis-1.6.0)"
read -r with_s with_rss <<<"$(median_run "$runs" "$work" "$bin/kubeproof" report --db "$db" --benchmark cis-1.6.0 \
  --waivers "$work/waivers.yaml" --as-of 2026-12-01)"
# An older build may lack the loader: then only the whole ratio is printed.
load_s=
[ -x "$bin/bench_waiver_load" ] && read -r load_s _ <<<"$(median_run "$runs" "$work" "$bin/bench_waiver_load" "$work/waivers.yaml")"
waived=$("$bin/kubeproof" report --db "$db" --benchmark cis-1.6.0 --waivers "$work/waivers.yaml" --as-of 2026-12-01 \
  --format csv 2>/dev/null | grep -c ',WAIVED,' || true)
awk -v n="$n" -v w="$w" -v l="$load_s" -v a="$none_s" -v ar="$none_rss" -v b="$with_s" -v br="$with_rss" -v k="$waived" \
  -v bytes="$(stat -c %s "$work/waivers.yaml")" 'BEGIN {
  printf "bundles %d, waivers %d (%.1f MiB), findings waived %d\n", n, w, bytes / 1048576, k
  printf "report without waivers (floor): %6.2f s  %6.1f MiB\n", a, ar / 1024
  printf "report with the waivers:        %6.2f s  %6.1f MiB\n", b, br / 1024
  printf "ratio: %.2f (goal <= 2)\n", (a > 0 ? b / a : 0)
  if (l != "") {
    printf "reading the waiver file alone:  %6.2f s\n", l
    printf "matching and listing: %.2f s, %.2f x the floor\n", b - a - l, (a > 0 ? (b - a - l) / a : 0)
  } }'
