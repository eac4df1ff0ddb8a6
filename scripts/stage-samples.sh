#!/usr/bin/env bash
# Stages the sample node trees for collection: copies samples/nodes/<cluster>/<node>/ to
# DEST/<cluster>/<node>/ and applies modes and owners from each <node>.attrs file, which git
# cannot keep. Owners are applied only when running as root. Prints nothing on success.
#
# usage: scripts/stage-samples.sh DEST
set -euo pipefail

die() { echo "stage-samples: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: stage-samples.sh DEST"
dest=$1
src="$(cd "$(dirname "$0")/.." && pwd)/samples/nodes"
[ -d "$src" ] || die "no sample trees at $src"
mkdir -p "$dest" || die "cannot create $dest"

as_root=false
[ "$(id -u)" -eq 0 ] && as_root=true

for node_dir in "$src"/*/*/; do
  node_dir=${node_dir%/}
  node=$(basename "$node_dir")
  cluster=$(basename "$(dirname "$node_dir")")
  target="$dest/$cluster/$node"
  rm -rf "$target"
  mkdir -p "$dest/$cluster"
  cp -a "$node_dir" "$target" || die "cannot copy $cluster/$node to $target"
  # Without an attrs line a path keeps git's checkout mode; normalise to the documented default.
  find "$target" -type d -exec chmod 0755 {} + && find "$target" -type f -exec chmod 0644 {} +
  $as_root && chown -hR 0:0 "$target"

  attrs="$node_dir.attrs"
  [ -f "$attrs" ] || continue
  # Paths are grouped by mode and by owner so that a node costs a few chmod/chown runs.
  declare -A by_mode=() by_owner=()
  line_no=0
  while IFS= read -r line || [ -n "$line" ]; do
    line_no=$((line_no + 1))
    case "$line" in '' | '#'*) continue ;; esac
    read -r mode uid gid path extra <<<"$line"
    if [ -z "${path:-}" ] || [ -n "${extra:-}" ] || ! [[ $mode =~ ^[0-7]{3,4}$ ]] ||
      ! [[ $uid =~ ^[0-9]+$ ]] || ! [[ $gid =~ ^[0-9]+$ ]]; then
      die "$cluster/$node.attrs:$line_no: malformed line: $line"
    fi
    case "/$path/" in */../* | */./* | //*) die "$cluster/$node.attrs:$line_no: bad path: $path" ;; esac
    if [ ! -e "$target/$path" ] || [ -L "$target/$path" ]; then
      die "$cluster/$node.attrs:$line_no: $path does not exist in $cluster/$node"
    fi
    by_mode[$mode]+="$target/$path"$'\n'
    by_owner[$uid:$gid]+="$target/$path"$'\n'
  done <"$attrs"
  for mode in "${!by_mode[@]}"; do
    printf '%s' "${by_mode[$mode]}" | tr '\n' '\0' | xargs -0 chmod "$mode"
  done
  if $as_root; then
    for owner in "${!by_owner[@]}"; do
      printf '%s' "${by_owner[$owner]}" | tr '\n' '\0' | xargs -0 chown "$owner"
    done
  fi
  unset by_mode by_owner
done
