#!/usr/bin/env bash
# HTML report at fleet size. Generates N node bundles from the worker-1 sample (a tenth of them
# from the cp-1 sample, in 10 clusters), ingests them, then measures
# `kubeproof report --format html` (wall time, peak RSS, file size) next to the text report of the
# same database, measured in the same run.
#
# usage: bench/report/run.sh [N...]        (default: 10000)
# Builds into $KUBEPROOF_BENCH_BUILD_DIR (default build-bench) with KUBEPROOF_BENCH=ON.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/fleet.sh
build_dir=${KUBEPROOF_BENCH_BUILD_DIR:-build-bench}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000)

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKUBEPROOF_BENCH=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target kubeproof kubeproof-collect stage-samples bench_bundle_generator >/dev/null
bin="$build_dir/bin"
work="$build_dir/bench-report"
rm -rf "$work" && mkdir -p "$work"
"$bin/stage-samples" "$work/nodes"

# Prints "<wall seconds> <peak RSS KiB>" from a /usr/bin/time -v report.
measure() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { rss = $2 }
              END { printf "%.2f %d", s, rss }' "$1"
}

printf '%-6s  %8s  %11s  %8s  %11s  %9s  %s\n' N text_s text_rss_MiB html_s html_rss_MiB html_MiB folded_checks
for n in "${counts[@]}"; do
  dir="$work/bundles-$n"
  make_fleet "$bin" "$work" "$dir" "$n"
  db="$work/audit-$n.db"
  "$bin/kubeproof" ingest --db "$db" "$dir"/*/ 2>"$work/ingest-$n.err" >/dev/null
  rm -rf "$dir"
  /usr/bin/time -v -o "$work/text-$n.time" "$bin/kubeproof" report --db "$db" -o "$work/report-$n.txt"
  /usr/bin/time -v -o "$work/html-$n.time" "$bin/kubeproof" report --db "$db" --format html -o "$work/report-$n.html"
  read -r text_s text_rss <<<"$(measure "$work/text-$n.time")"
  read -r html_s html_rss <<<"$(measure "$work/html-$n.time")"
  html_bytes=$(stat -c %s "$work/report-$n.html")
  folded=$(grep -c '<table class="groups">' "$work/report-$n.html" || true)
  awk -v n="$n" -v t="$text_s" -v tr="$text_rss" -v h="$html_s" -v hr="$html_rss" -v b="$html_bytes" -v f="$folded" 'BEGIN {
    printf "%-6d  %8.2f  %11.1f  %8.2f  %11.1f  %9.2f  %s\n", n, t, tr / 1024, h, hr / 1024, b / 1048576, f }'
done
echo "reports: $work"
