# Sourced by the fleet benchmarks (bench/report, bench/waivers, bench/evaluate, bench/ingest).
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

# bench_bin BUILD_DIR TARGET...: prints the bin directory the benchmark runs. It builds TARGET...
# into BUILD_DIR (KUBEPROOF_BENCH=ON), unless KUBEPROOF_BENCH_BIN names the bin directory of
# another build (an older commit's, for a before/after comparison); that one is used as it is.
bench_bin() {
  local build_dir=$1
  shift
  if [ -n "${KUBEPROOF_BENCH_BIN:-}" ]; then
    (cd "$KUBEPROOF_BENCH_BIN" && pwd)
    return
  fi
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKUBEPROOF_BENCH=ON >/dev/null
  cmake --build "$build_dir" -j"$(nproc)" --target "$@" >/dev/null
  echo "$build_dir/bin"
}

# median_run RUNS WORK COMMAND...: runs COMMAND RUNS times, its standard output thrown away and its
# errors added to WORK/runs.err, and prints "<median wall seconds> <largest peak RSS KiB>". Before
# each run the files written so far go to disk, so their write-back is not timed with the run.
median_run() {
  local runs=$1 work=$2
  shift 2
  local times=() rss=0 s r
  for _ in $(seq "$runs"); do
    sync
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>>"$work/runs.err"
    read -r s r <"$work/time"
    times+=("$s")
    ((r > rss)) && rss=$r
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")" "$rss"
}
