#!/usr/bin/env bash
# Regenerates docs/report-summary.png: the top of the samples' HTML report (1280x900) as headless
# Chromium draws it, kept only when the report passes the validator and the browser checks.
# Usage: scripts/report-screenshot.sh [--html FILE]   (--html: draw FILE instead of the samples' report)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh >/dev/null
build_dir=${KUBEPROOF_BUILD_DIR:-build}
work="$build_dir/report-screenshot"
rm -f "$work/summary.png"
tests/browser/sample_report.sh "$build_dir/bin" "$work" "$@" --screenshot "$work/summary.png"
mkdir -p docs
mv "$work/summary.png" docs/report-summary.png
echo "wrote docs/report-summary.png"
