#!/usr/bin/env bash
# Ingest benchmark. Generates N distinct node bundles from the worker-1 sample, then measures
# `kubeproof ingest` of them into a new database (wall time, database size, peak RSS) next to the
# floor measured in the same run: decompress + SHA-256 of the same files in one process. KB/node is
# the database size divided by N.
#
# usage: bench/ingest/run.sh [N...]        (default: 1000 10000)
# Builds into $KUBEPROOF_BENCH_BUILD_DIR (default build-bench) with KUBEPROOF_BENCH=ON, or runs the
# build whose bin directory $KUBEPROOF_BENCH_BIN names.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${KUBEPROOF_BENCH_BUILD_DIR:-build-bench}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000)

source bench/fleet.sh
bin=$(bench_bin "$build_dir" kubeproof kubeproof-collect stage-samples bench_bundle_generator bench_ingest_floor)
work="$bin/../bench-ingest"
rm -rf "$work" && mkdir -p "$work"
"$bin/stage-samples" "$work/nodes"
"$bin/kubeproof-collect" --root "$work/nodes/self-managed/worker-1" --cluster bench --node-name worker \
  -o "$work/template.tar.gz" 2>/dev/null

# Prints "<wall seconds> <peak RSS KiB>" from a /usr/bin/time -v report.
measure() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { rss = $2 }
              END { printf "%.2f %d", s, rss }' "$1"
}

printf '%-6s  %9s  %9s  %9s  %11s  %11s  %9s  %12s  %10s\n' N floor_s ingest_s ratio ms/bundle floor_rss_MiB rss_MiB db_MiB KB/node
for n in "${counts[@]}"; do
  dir="$work/bundles-$n"
  "$bin/bench_bundle_generator" "$work/template.tar.gz" "$dir" "$n"
  # Both runs read the files from the page cache: warm it first so neither pays for the disk.
  cat "$dir"/* >/dev/null
  /usr/bin/time -v -o "$work/floor-$n.time" "$bin/bench_ingest_floor" "$dir" >"$work/floor-$n.out"
  db="$work/audit-$n.db"
  /usr/bin/time -v -o "$work/ingest-$n.time" "$bin/kubeproof" ingest --db "$db" "$dir" 2>"$work/ingest-$n.err"
  read -r floor_s floor_rss <<<"$(measure "$work/floor-$n.time")"
  read -r ingest_s ingest_rss <<<"$(measure "$work/ingest-$n.time")"
  db_bytes=$(stat -c %s "$db")
  awk -v n="$n" -v f="$floor_s" -v i="$ingest_s" -v fr="$floor_rss" -v r="$ingest_rss" -v d="$db_bytes" 'BEGIN {
    printf "%-6d  %9.2f  %9.2f  %8.1fx  %11.2f  %11.1f  %9.1f  %12.1f  %10.1f\n",
      n, f, i, (f > 0 ? i / f : 0), 1000 * i / n, fr / 1024, r / 1024, d / 1048576, d / 1024 / n }'
  tail -n 1 "$work/ingest-$n.err" | sed 's/^/        /'
  rm -rf "$dir"
done
