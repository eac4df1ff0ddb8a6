# Sourced by the fleet benchmarks (bench/report, bench/waivers).
# make_fleet BIN WORK DIR N: N node bundles in DIR/worker-C/ and DIR/control-plane-C/ for the ten
# clusters fleet-0 to fleet-9, a tenth of them control planes, generated from the samples'
# self-managed worker-1 and cp-1 as staged under WORK/nodes; node names are worker-I and
# control-plane-I within each cluster.
make_fleet() {
  local bin=$1 work=$2 dir=$3 n=$4
  local control_planes=$((n / 10))
  mkdir -p "$dir"
  for c in $(seq 0 9); do
    "$bin/kubeproof-collect" --root "$work/nodes/self-managed/worker-1" --cluster "fleet-$c" --node-name worker \
      -o "$work/worker-$c.tar.gz" 2>/dev/null
    "$bin/kubeproof-collect" --root "$work/nodes/self-managed/cp-1" --cluster "fleet-$c" \
      --node-name control-plane -o "$work/control-plane-$c.tar.gz" 2>/dev/null
    "$bin/bench_bundle_generator" "$work/worker-$c.tar.gz" "$dir/worker-$c" $(((n - control_planes) / 10))
    "$bin/bench_bundle_generator" "$work/control-plane-$c.tar.gz" "$dir/control-plane-$c" $((control_planes / 10))
  done
}
