#!/usr/bin/env bash
# Proves a checker refuses a fault: the fixture page with one negative case inserted before </body>
# must make CHECKER exit 1 with a line matching EXPECTED (an extended regular expression).
# Usage: negative_case.sh CASE.html EXPECTED CHECKER [ARG...]   (the page is the checker's last argument)
set -uo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: negative_case.sh CASE.html EXPECTED CHECKER [ARG...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
case_file=$1 expected=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page="$work/$(basename "$case_file")"
# The case goes in whole, before the fixture's only </body>.
/usr/bin/python3 -c 'import sys; page = open(sys.argv[1]).read(); case = open(sys.argv[2]).read()
assert page.count("</body>") == 1, "the fixture needs exactly one </body>"
open(sys.argv[3], "w").write(page.replace("</body>", case + "</body>"))' \
  "$here/fixture.html" "$case_file" "$page" || exit 1
output=$("$@" "$page" 2>&1)
rc=$?
printf '%s\n' "$output"
if [[ $rc -ne 1 ]]; then
  echo "negative_case: expected exit status 1 from $(basename "$1") on $(basename "$case_file"), got $rc"
  exit 1
fi
if ! grep -Eq -- "$expected" <<<"$output"; then
  echo "negative_case: no line matches \"$expected\""
  exit 1
fi
echo "negative_case: refused as expected"
