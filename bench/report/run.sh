#!/usr/bin/env bash
# Every report format at fleet size. Generates N node bundles from the worker-1 sample (a tenth of
# them from the cp-1 sample, in 10 clusters), ingests them, then measures `kubeproof report` in
# each format on the same database in the same run (median wall time of $KUBEPROOF_BENCH_RUNS runs,
# default 3; peak RSS; output size), each against the text summary's time.
#
# usage: bench/report/run.sh [N...]        (default: 10000)
# Builds into $KUBEPROOF_BENCH_BUILD_DIR (default build-bench) with KUBEPROOF_BENCH=ON, or runs the
# build whose bin directory $KUBEPROOF_BENCH_BIN names. KUBEPROOF_BENCH_REUSE=1 keeps a database
# an earlier run ingested (bench-report/audit-N.db beside the bin directory) instead of generating
# and ingesting it again.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/fleet.sh
build_dir=${KUBEPROOF_BENCH_BUILD_DIR:-build-bench}
reuse=${KUBEPROOF_BENCH_REUSE:-0}
runs=${KUBEPROOF_BENCH_RUNS:-3}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000)

bin=$(bench_bin "$build_dir" kubeproof kubeproof-collect stage-samples bench_bundle_generator)
work="$bin/../bench-report"
[ "$reuse" = 1 ] || rm -rf "$work"
mkdir -p "$work"
[ -d "$work/nodes" ] || "$bin/stage-samples" "$work/nodes"

# name, then the report's flags; the text summary comes first, as every ratio's denominator.
formats=(
  "text|"
  "markdown|--format markdown"
  "text-detail|--detail"
  "markdown-detail|--format markdown --detail"
  "json|--format json"
  "csv|--format csv"
  "sarif|--format sarif"
  "junit|--format junit"
  "html|--format html"
  "oscal|--format oscal"
)

summary="$work/summary.txt"
: >"$summary"
printf '%-6s  %8s  %11s  %8s  %11s  %9s  %s\n' N text_s text_rss_MiB html_s html_rss_MiB html_MiB folded_checks
for n in "${counts[@]}"; do
  db="$work/audit-$n.db"
  if [ "$reuse" = 1 ] && [ -f "$db" ]; then
    echo "reusing $db" >&2
  else
    rm -f "$db"
    dir="$work/bundles-$n"
    make_fleet "$bin" "$work" "$dir" "$n"
    "$bin/kubeproof" ingest --db "$db" "$dir"/*/ 2>"$work/ingest-$n.err" >/dev/null
    rm -rf "$dir"
  fi
  # Warms the page cache, so the first report measured does not also read the database from disk.
  "$bin/kubeproof" report --db "$db" >/dev/null
  for entry in "${formats[@]}"; do
    name=${entry%%|*}
    read -r -a flags <<<"${entry#*|}"
    out="$work/report-$n.$name"
    read -r s rss <<<"$(median_run "$runs" "$work" "$bin/kubeproof" report --db "$db" ${flags[@]+"${flags[@]}"} -o "$out")"
    echo "$s $rss" >"$work/$name-$n.time"
    [ "$name" = text ] && text_s=$s
    awk -v n="$n" -v f="$name" -v s="$s" -v r="$rss" -v b="$(stat -c %s "$out")" -v t="$text_s" 'BEGIN {
      printf "%-6d  %-15s  %8.2f  %8.1f  %8.1f  %7.2f\n", n, f, s, r / 1024, b / 1048576, (t > 0 ? s / t : 0) }' >>"$summary"
  done
  read -r text_s text_rss <"$work/text-$n.time"
  read -r html_s html_rss <"$work/html-$n.time"
  html_bytes=$(stat -c %s "$work/report-$n.html")
  folded=$(grep -c '<table class="groups">' "$work/report-$n.html" || true)
  awk -v n="$n" -v t="$text_s" -v tr="$text_rss" -v h="$html_s" -v hr="$html_rss" -v b="$html_bytes" -v f="$folded" 'BEGIN {
    printf "%-6d  %8.2f  %11.1f  %8.2f  %11.1f  %9.2f  %s\n", n, t, tr / 1024, h, hr / 1024, b / 1048576, f }'
done
echo
printf '%-6s  %-15s  %8s  %8s  %8s  %7s\n' N format wall_s rss_MiB out_MiB x_text
cat "$summary"
echo "reports: $work"
