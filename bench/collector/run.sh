#!/bin/sh
# Benchmark (not a test): wall time and peak RSS of kubeproof-collect on a simulated control-plane
# node: the kubeadm sample tree plus live processes named and argv'd like the real components,
# read from the real /proc; then the same node audited the way shell-based scanners do it.
# Usage: bench/collector/run.sh [BUILD_DIR] [RUNS]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build-bench}
runs=${2:-20}
if [ ! -x "$build/bin/kubeproof-collect" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKUBEPROOF_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" --target kubeproof-collect -j2 >/dev/null
fi
collector=$build/bin/kubeproof-collect
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null
fi

work=$(mktemp -d /tmp/kubeproof-bench-XXXXXX)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

cp -a "$here/samples/nodes/self-managed/cp-1" "$work/root"
rm -rf "$work/root/proc"   # the live /proc is read instead of the sample's
printf 'read line\n' > "$work/wait.sh"
mkfifo "$work/hold"
# Keeps the fifo open for writing so every reader blocks until cleanup.
sleep 100000 > "$work/hold" &
pids="$pids $!"

start() {  # start NAME ARGS...: a copy of /bin/sh named NAME, argv NAME wait.sh ARGS...
  name=$1; shift
  cp /bin/sh "$work/$name"
  "$work/$name" "$work/wait.sh" "$@" < "$work/hold" &
  pids="$pids $!"
}
pki=/etc/kubernetes/pki
start kube-apiserver --advertise-address=10.0.0.10 --allow-privileged=true --anonymous-auth=false \
  --authorization-mode=Node,RBAC --client-ca-file=$pki/ca.crt --enable-admission-plugins=NodeRestriction \
  --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml \
  --etcd-cafile=$pki/etcd/ca.crt --etcd-certfile=$pki/apiserver-etcd-client.crt \
  --etcd-keyfile=$pki/apiserver-etcd-client.key --etcd-servers=https://127.0.0.1:2379 \
  --kubelet-client-certificate=$pki/apiserver-kubelet-client.crt \
  --kubelet-client-key=$pki/apiserver-kubelet-client.key --profiling=false \
  --service-account-key-file=$pki/sa.pub --service-account-signing-key-file=$pki/sa.key \
  --tls-cert-file=$pki/apiserver.crt --tls-private-key-file=$pki/apiserver.key \
  --token-auth-file=/etc/kubernetes/auth/tokens.csv
start kube-controller-manager --kubeconfig=/etc/kubernetes/controller-manager.conf \
  --root-ca-file=$pki/ca.crt --service-account-private-key-file=$pki/sa.key \
  --use-service-account-credentials=true --profiling=false
start kube-scheduler --kubeconfig=/etc/kubernetes/scheduler.conf --profiling=false
start etcd --cert-file=$pki/etcd/server.crt --key-file=$pki/etcd/server.key --data-dir=/var/lib/etcd \
  --trusted-ca-file=$pki/etcd/ca.crt --client-cert-auth=true --peer-client-cert-auth=true
start kubelet --config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf \
  --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf
sleep 0.2

"$collector" --root "$work/root" --proc /proc -o "$work/bundle.tar.gz"   # summary on stderr

total_us=0; best_us=0; worst_us=0
i=0
while [ "$i" -lt "$runs" ]; do
  t0=$(date +%s%N)
  "$collector" --root "$work/root" --proc /proc -o "$work/bundle.tar.gz" 2>/dev/null
  t1=$(date +%s%N)
  us=$(( (t1 - t0) / 1000 ))
  total_us=$((total_us + us))
  if [ "$i" -eq 0 ] || [ "$us" -lt "$best_us" ]; then best_us=$us; fi
  if [ "$us" -gt "$worst_us" ]; then worst_us=$us; fi
  i=$((i + 1))
done
# The same loop around /bin/true: what merely starting a process costs on this machine.
base_us=0; i=0
while [ "$i" -lt "$runs" ]; do
  t0=$(date +%s%N); /bin/true; t1=$(date +%s%N)
  base_us=$((base_us + (t1 - t0) / 1000)); i=$((i + 1))
done
# To stdout: the same work minus the fsync that -o FILE does for durability.
stream_us=0; i=0
while [ "$i" -lt "$runs" ]; do
  t0=$(date +%s%N); "$collector" --root "$work/root" --proc /proc -o - >/dev/null 2>&1; t1=$(date +%s%N)
  stream_us=$((stream_us + (t1 - t0) / 1000)); i=$((i + 1))
done
rss_kb=$(/usr/bin/time -v "$collector" --root "$work/root" --proc /proc -o "$work/bundle.tar.gz" 2>&1 |
         sed -n 's/.*Maximum resident set size (kbytes): //p')
# What a shell-based scanner does on the same node: one `sh -c` audit per CIS 1.6.0 check, a
# process listing for a setting, a stat for a file, as kube-bench's audits run them.
awk '/^  - id:/ {if (id != "") print id, comp, kind; id=$3; comp=""; kind="setting"}
     /^    component:/ {comp=$2}
     /^      (file|files):/ {kind="file"}
     END {if (id != "") print id, comp, kind}' "$here"/benchmarks/cis-1.6.0/*.yaml > "$work/audits"
audit_us=0; i=0
while [ "$i" -lt "$runs" ]; do
  t0=$(date +%s%N)
  while read -r id comp kind; do
    if [ "$kind" = file ]; then
      sh -c "stat -c '%a %U:%G' $work/root/etc/kubernetes/manifests/$comp.yaml" >/dev/null 2>&1 || true
    else
      sh -c "ps -ef | grep $comp | grep -v grep" >/dev/null 2>&1 || true
    fi
  done < "$work/audits"
  t1=$(date +%s%N)
  audit_us=$((audit_us + (t1 - t0) / 1000)); i=$((i + 1))
done
echo "processes in /proc: $(ls /proc | grep -c '^[0-9]')"
echo "bundle: $(wc -c < "$work/bundle.tar.gz") bytes"
echo "wall time over $runs runs: mean $((total_us / runs / 1000)).$(( (total_us / runs) % 1000 / 100 )) ms, best $((best_us / 1000)).$((best_us % 1000 / 100)) ms, worst $((worst_us / 1000)).$((worst_us % 1000 / 100)) ms (target < 20 ms)"
echo "wall time with -o - (no fsync): mean $((stream_us / runs / 1000)).$(( (stream_us / runs) % 1000 / 100 )) ms"
echo "baseline, /bin/true in the same loop: mean $((base_us / runs / 1000)).$(( (base_us / runs) % 1000 / 100 )) ms"
echo "peak RSS: $rss_kb KB (target < 10240 KB)"
echo "shell audits, $(wc -l < "$work/audits") checks: mean $((audit_us / runs / 1000)) ms, $((audit_us / (total_us > 0 ? total_us : 1))).$(( (audit_us * 10 / (total_us > 0 ? total_us : 1)) % 10 ))x the collector (target >= 50x)"
