#!/usr/bin/env bash
# Validates one HTML file: tidy (HTML5) reports no error and no warning, and nothing in the file
# loads from outside it (html_references.py). Exit status: 0 valid; 1 a finding, one line each, or
# a tool is missing; 2 bad command line.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: validate_html.sh FILE" >&2
  exit 2
fi
file=$1
for tool in /usr/bin/tidy /usr/bin/python3; do
  if [[ ! -x $tool ]]; then
    echo "validate_html: $tool is missing: run scripts/install-deps.sh --test"
    exit 1
  fi
done

# -errors -quiet: messages only, no tidied document. --show-warnings: warnings fail too.
# --show-errors 1000: tidy lists only 6 errors by default. --mute-id: each message names its id.
# Suppression, a tidy limitation rather than a fault of the page:
#   --drop-empty-elements no: tidy 5.6 warns "trimming empty <span>" (TRIM_EMPTY_ELEMENT) about
#   elements that are empty on purpose (an empty table cell's <span>, a colour swatch); HTML5
#   allows them, and this option is how tidy documents turning that clean-up off.
status=0
tidy_out=$(/usr/bin/tidy -errors -quiet --show-warnings yes --show-errors 1000 --mute-id yes \
  --drop-empty-elements no "$file" 2>&1)
tidy_rc=$?
if [[ $tidy_rc -ne 0 ]]; then
  grep -v -e '^$' -e 'This document has errors' -e 'using HTML Tidy to generate' <<<"$tidy_out" |
    sed "s|^|$file: tidy: |"
  status=1
fi
/usr/bin/python3 "$here/html_references.py" "$file" || status=1
[[ $status -eq 0 ]] && echo "validate_html: $file: ok"
exit $status
