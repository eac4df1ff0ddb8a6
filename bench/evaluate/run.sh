#!/usr/bin/env bash
# Re-evaluation at fleet size. N node bundles (default 10000, a tenth control planes, in 10
# clusters) from the samples are ingested twice in the same run: once evaluating, once storing the
# evidence only. The difference is the time ingest spends evaluating (the floor). Then
# `kubeproof evaluate` runs on the second database (first evaluation) and again on the first
# (findings replaced); each is printed with its ratio to the floor and its peak RSS.
#
# usage: bench/evaluate/run.sh [N]
# Builds into $KUBEPROOF_BENCH_BUILD_DIR (default build-bench) with KUBEPROOF_BENCH=ON, or runs the
# build whose bin directory $KUBEPROOF_BENCH_BIN names.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/fleet.sh
build_dir=${KUBEPROOF_BENCH_BUILD_DIR:-build-bench}
n=${1:-10000}

bin=$(bench_bin "$build_dir" kubeproof kubeproof-collect stage-samples bench_bundle_generator)
work="$bin/../bench-evaluate"
rm -rf "$work" && mkdir -p "$work"
"$bin/stage-samples" "$work/nodes"
make_fleet "$bin" "$work" "$work/bundles" "$n"
cat "$work/bundles"/*/* >/dev/null  # both ingests read from the page cache

timed() {  # timed NAME COMMAND...: runs it, leaving "<wall s> <peak RSS KiB>" in $work/NAME.time
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err"
}
timed ingest "$bin/kubeproof" ingest --db "$work/evaluated.db" "$work/bundles"/*/
timed ingest-bare "$bin/kubeproof" ingest --no-evaluate --db "$work/bare.db" "$work/bundles"/*/
timed evaluate-first "$bin/kubeproof" evaluate --db "$work/bare.db"
timed evaluate-again "$bin/kubeproof" evaluate --db "$work/evaluated.db"

read -r ingest_s ingest_rss <"$work/ingest.time"
read -r bare_s _ <"$work/ingest-bare.time"
printf 'bundles %d\n' "$n"
printf 'ingest, evaluating:           %7.2f s  %6.1f MiB\n' "$ingest_s" "$(awk -v r="$ingest_rss" 'BEGIN { print r / 1024 }')"
printf 'ingest, evidence only:        %7.2f s\n' "$bare_s"
floor=$(awk -v a="$ingest_s" -v b="$bare_s" 'BEGIN { d = a - b; print (d > 0.01 ? d : 0.01) }')
printf 'ingest spends evaluating:     %7.2f s  (the floor)\n' "$floor"
for run in evaluate-first evaluate-again; do
  read -r s rss <"$work/$run.time"
  awk -v name="$run" -v s="$s" -v r="$rss" -v f="$floor" 'BEGIN {
    printf "%-29s %7.2f s  %6.1f MiB  ratio %.2f (goal <= 2)\n", name ":", s, r / 1024, s / f }'
done
