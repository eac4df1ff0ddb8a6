#!/usr/bin/env bash
# The HTML report of the shipped samples, checked as a reader gets it: stages and collects every
# sample node (as scripts/demo.sh does), ingests the bundles, writes
# `kubeproof report --format html`, then validates it and opens it in headless Chromium.
#
# Usage: sample_report.sh BUILD_BIN_DIR WORKDIR [STEP...] [--html FILE] [--screenshot PNG]
#   STEP: report (write WORKDIR/report.html), validate, browser; all three when none is given.
#   --html FILE       check FILE (copied to WORKDIR/report.html) instead of writing the report
#   --screenshot PNG  keep the browser check's screenshot of the top of the page
# Exit status: 0 every step passed; 1 a step failed; 2 bad command line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
usage() { echo "usage: sample_report.sh BUILD_BIN_DIR WORKDIR [report|validate|browser]... [--html FILE] [--screenshot PNG]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
bin=$(cd "$1" && pwd) || usage
work=$2
shift 2
steps=() html="" screenshot=()
# The samples hold five benchmarks (EKS, AKS, GKE, CIS 1.12.0, CIS 1.6.0), each starting a page.
min_pages=(--min-pages 5)
while [[ $# -gt 0 ]]; do
  case $1 in
    report | validate | browser) steps+=("$1") ;;
    --html) [[ $# -ge 2 ]] || usage; html=$(realpath "$2"); min_pages=(); shift ;;
    --screenshot) [[ $# -ge 2 ]] || usage; screenshot=(--screenshot "$(realpath -m "$2")"); shift ;;
    *) usage ;;
  esac
  shift
done
[[ ${#steps[@]} -gt 0 ]] || steps=(report validate browser)
mkdir -p "$work"
work=$(cd "$work" && pwd)
report="$work/report.html"

write_report() {
  if [[ -n $html ]]; then
    cp "$html" "$report"
    return
  fi
  rm -f "$work/audit.db" "$report"
  "$source_dir/scripts/collect-samples.sh" "$bin" "$work"
  "$bin/kubeproof" ingest --db "$work/audit.db" "$work/bundles" 2>>"$work/ingest.log"
  "$bin/kubeproof" report --db "$work/audit.db" --waivers "$source_dir/samples/waivers.yaml" \
    --format html -o "$report"
  echo "sample_report: wrote $report ($(wc -c <"$report") bytes)"
}

need_report() {
  [[ -s $report ]] || { echo "sample_report: $report is missing: run the report step first"; exit 1; }
}

for step in "${steps[@]}"; do
  case $step in
    report) write_report ;;
    validate) need_report; "$here/validate_html.sh" "$report" ;;
    browser) need_report; /usr/bin/python3 "$here/check_html_report.py" "$report" --pdf "$work/report.pdf" \
               "${screenshot[@]}" "${min_pages[@]}" ;;
  esac
done
