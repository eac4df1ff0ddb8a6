#!/bin/sh
# Benchmark (not a test): wall time and peak RSS of kubeproof-collect on a fake /proc of 200
# processes named like the components, each with a 1 MiB cmdline of one-byte arguments: the worst
# case for the memory of the process scan. Usage: bench/collector/cmdline_flood.sh [BUILD_DIR] [N]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build-bench}
count=${2:-200}
if [ ! -x "$build/bin/kubeproof-collect" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKUBEPROOF_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" --target kubeproof-collect -j2 >/dev/null
fi
collector=$build/bin/kubeproof-collect
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null
fi

work=$(mktemp -d /tmp/kubeproof-flood-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/root/etc" "$work/proc"
echo flooded > "$work/root/etc/hostname"
yes a | head -c 1048576 | tr '\n' '\0' > "$work/filler"
set -- kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy etcd
i=0
while [ "$i" -lt "$count" ]; do
  pid=$((1000 + i)); dir=$work/proc/$pid
  mkdir "$dir"
  eval name=\${$((i % 6 + 1))}
  { printf '/usr/local/bin/%s\0' "$name"; cat "$work/filler"; } | head -c 1048576 > "$dir/cmdline"
  printf '%s (%s) S 1 1 1 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 %s 1000 100\n' "$pid" "$name" "$((5000 + i))" > "$dir/stat"
  printf 'Name:\t%s\nUid:\t0\t0\t0\t0\n' "$name" > "$dir/status"
  i=$((i + 1))
done

# The time limit is raised so the figure is the whole scan's, not what fits in 10 s.
/usr/bin/time -f 'wall time: %e s, peak RSS: %M KB (target <= 65536 KB)' \
  "$collector" --root "$work/root" --proc "$work/proc" -o "$work/bundle.tar.gz" --time-limit 600s 2>&1 |
  sed 's/ components (.*), process view/ components, process view/'
echo "processes: $count x $(wc -c < "$work/proc/1000/cmdline") bytes of cmdline; bundle: $(wc -c < "$work/bundle.tar.gz") bytes"
