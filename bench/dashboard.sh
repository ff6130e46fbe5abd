#!/usr/bin/env bash
# The live dashboard's cost to a LeNet-5 epoch on Fashion-MNIST (54k training images): PAIRS pairs of
# `kintsugi train --arch lenet5 --epochs 1`, without and with --dashboard, in alternating order (off-on, on-off,
# ...) so that a machine getting busier or quieter does not favour one side. With the dashboard a client
# stays connected to the event stream (curl), as an open page would. Reports each run's epoch time (the
# trainer's own measurement, from training.json), its user+system CPU seconds, and the dashboard's own
# count of the time spent in its training callbacks, and how late each epoch's event reached the connected
# client (bench/sse_latency.py: arrival minus the epoch's end, same clock).
# Usage: bench/dashboard.sh OUT [PAIRS]   (THREADS=N sets --threads, default 2; EPOCHS=N, default 1, reports the
# mean epoch; JAR=FILE benchmarks that jar
# instead of building target/kintsugi.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${JAR:-}" ]; then
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  private_jar() { cp "$JAR" "$1/kintsugi.jar"; jar="$1/kintsugi.jar"; }
else
  source bench/common.sh
fi
out=${1:?usage: bench/dashboard.sh OUT [PAIRS]}
pairs=${2:-3}
threads=${THREADS:-2}
epochs=${EPOCHS:-1}
mkdir -p "$out"
private_jar "$out"
results="$out/results.tsv"
printf 'pair\tmode\tepoch_s\tcpu_s\tcallbacks\tevent_latency_ms\n' > "$results"

run() { # run PAIR MODE
  local dir="$out/run-$1-$2" log="$out/run-$1-$2.log" client=""
  rm -rf "$dir"
  local extra=()
  [ "$2" = on ] && extra=(--dashboard 0)
  /usr/bin/time -f '%U %S' -o "$out/time-$1-$2" java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true \
    -jar "$jar" train --data fashion-mnist --arch lenet5 --epochs "$epochs" --threads "$threads" --out "$dir" \
    "${extra[@]}" > /dev/null 2> "$log" &
  local pid=$!
  if [ "$2" = on ]; then
    local url=""
    for _ in $(seq 1 600); do
      url=$(sed -n 's/^dashboard: \(http:[^ ]*\).*/\1/p' "$log" | head -1)
      [ -n "$url" ] && break
      sleep 0.1
    done
    /usr/bin/python3 bench/sse_latency.py "$url" "$out/latency-$1" > /dev/null 2>&1 &
    client=$!
  fi
  wait "$pid"
  [ -n "$client" ] && kill "$client" 2>/dev/null || true
  local epoch cpu callbacks
  epoch=$(/usr/bin/python3 -c 'import json,sys; e = json.load(open(sys.argv[1]))["epochs"]; print(sum(x["seconds"] for x in e) / len(e))' \
    "$dir/training.json")
  cpu=$(awk '{print $1 + $2}' "$out/time-$1-$2")
  callbacks=$(sed -n 's/^dashboard: \([0-9.]* s in its training callbacks.*\)/\1/p' "$log")
  local latency=-
  [ "$2" = on ] && latency=$(cut -f3 "$out/latency-$1" | paste -sd, -)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$epoch" "$cpu" "${callbacks:--}" "${latency:-none}" | tee -a "$results"
}

for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) -eq 1 ]; then run "$i" off; run "$i" on; else run "$i" on; run "$i" off; fi
done
/usr/bin/python3 - "$results" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for key in ("epoch_s", "cpu_s"):
    off = [float(r[key]) for r in rows if r["mode"] == "off"]
    on = [float(r[key]) for r in rows if r["mode"] == "on"]
    ratios = [float(b[key]) / float(a[key]) - 1 for a, b in zip([r for r in rows if r["mode"] == "off"],
                                                                 [r for r in rows if r["mode"] == "on"])]
    print(f"{key}: off median {statistics.median(off):.2f}, on median {statistics.median(on):.2f}, "
          f"per-pair change {', '.join(f'{100 * x:+.1f}%' for x in ratios)}, median {100 * statistics.median(ratios):+.1f}%")
PY
