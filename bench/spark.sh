#!/usr/bin/env bash
# A real Spark standalone cluster on this machine (issue 14): a master and two workers on 127.0.0.1 started from
# Spark's own jars (Spark 4.0.1 resolved from Maven Central into a Spark home of links, since no Spark
# distribution can be downloaded here), then three runs of the same study grid:
#   1. the local engine (--parallel 2), for the wall time to beat;
#   2. spark-submit to the cluster (two workers, one core each), nothing killed;
#   3. spark-submit again, one worker killed (SIGKILL, with its executor and the cell it runs) once the first cells
#      are in; the study must still complete with every cell present once and the local engine's numbers.
# Prints a Markdown table: wall times, cells, Spark's start before the first task, failed task attempts, and the
# scheduling overhead per cell (task time as Spark saw it minus the cell's own process time).
# Not a test; minutes. Needs target-spark/kintsugi-spark.jar (./mvnw -B -Pcpu,spark -DskipTests package).
#
# Usage: bench/spark.sh [--benchmark NAME] [--approaches A,B,...] [--seeds N] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=fashion-mnist/lenet5-study
approaches=finetune,arachne,care,vere
seeds=1
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --benchmark) benchmark=$2; shift 2 ;;
    --approaches) approaches=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: bench/spark.sh [--benchmark NAME] [--approaches A,B] [--seeds N] [--keep DIR]" >&2; exit 2 ;;
  esac
done
app=target-spark/kintsugi-spark.jar
[ -f "$app" ] || ./mvnw -B -q -Pcpu,spark -DskipTests package >/dev/null
. bench/common.sh

work=${keep:-$(mktemp -d /tmp/kintsugi-spark.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
pids=()
cleanup() {
  for p in "${pids[@]}"; do pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

# Spark's own class path, as a distribution's jars/ folder would hold it: spark-core and what it needs, nothing of
# Kintsugi's (the application jar brings that).
home="$work/spark-home"
if [ ! -d "$home/jars" ]; then
  mkdir -p "$home/jars" "$work/dist"
  cat > "$work/dist/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>spark-dist</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
    <version>4.0.1</version></dependency></dependencies></project>
POM
  ./mvnw -B -q -f "$work/dist/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/dist/cp.txt" >/dev/null
  tr ':' '\n' < "$work/dist/cp.txt" | while read -r j; do ln -sf "$j" "$home/jars/"; done
fi
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
port=$((20000 + RANDOM % 20000))
master=spark://127.0.0.1:$port

# shellcheck disable=SC2086
java -Xmx512m $opens -cp "$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port 0 > "$work/master.log" 2>&1 &
pids+=($!)
disown $!
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
start_worker() {
  # shellcheck disable=SC2086
  java -Xmx512m $opens -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 6g --work-dir "$work/worker-$1" --webui-port 0 "$master" > "$work/worker-$1.log" 2>&1 &
  pids+=($!)
  disown $!
  eval "worker_$1=$!"
}
start_worker 1
start_worker 2
sleep 5

grid=(study --benchmarks "$benchmark" --approaches "$approaches" --seeds "$seeds" --threads 1)
cell_opts="-Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true"

# timed LOG COMMAND...: runs COMMAND with its output in LOG and prints its wall time in seconds
timed() {
  local log=$1 s; shift; s=$(date +%s.%N)
  "$@" > "$log" 2>&1 || echo "bench: exit $?" >> "$log"
  echo "$(date +%s.%N) - $s" | bc
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
t_local=$(timed "$work/local.log" java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -jar "$jar" "${grid[@]}" --parallel 2 --out "$work/local")
submit() {
  # shellcheck disable=SC2086
  java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true $opens -cp "$home/jars/*" \
    org.apache.spark.deploy.SparkSubmit --master "$master" --class dev.kintsugi.cli.Main \
    --conf spark.executor.memory=1g --conf "spark.kintsugi.cellJavaOptions=$cell_opts" \
    "$PWD/$app" "${grid[@]}" --engine spark --out "$1"
}
t_spark=$(timed "$work/spark.log" submit "$work/spark")

# The kill: once the first cell of the third run is in, worker 1 and everything under it get SIGKILL.
( while [ "$(find "$work/killed/cells" -name '*.json' 2>/dev/null | wc -l)" -lt 1 ]; do sleep 0.5; done
  pkill -9 -P "$worker_1" 2>/dev/null || true; kill -9 "$worker_1"; echo "killed worker 1 at $(date -u +%T)" >&2 ) &
killer=$!
t_killed=$(timed "$work/killed.log" submit "$work/killed")
wait "$killer" 2>/dev/null || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 - "$work" "$t_local" "$t_spark" "$t_killed" <<'PY'
import json, pathlib, re, sys
work = pathlib.Path(sys.argv[1]); walls = dict(zip(["local", "spark", "killed"], map(float, sys.argv[2:5])))
def cells(run):
    out = {}
    for f in sorted((work / run / "cells").rglob("*.json")):
        out[f.relative_to(work / run / "cells").as_posix()] = json.loads(f.read_text())
    return out
def metrics(c):
    return {k: v for k, v in c.items() if k not in ("repairSeconds", "cellSeconds", "processSeconds", "peakRssBytes")}
local = cells("local")
print("| run | wall (s) | cells | ok | same numbers as local | Spark start before 1st task (s) | failed task attempts | overhead per cell (s) | overhead / cell time |")
print("|---|---:|---:|---:|---|---:|---:|---:|---:|")
for run in ["local", "spark", "killed"]:
    cs = cells(run)
    same = all(metrics(cs.get(k, {})) == metrics(v) for k, v in local.items()) and len(cs) == len(local)
    ok = sum(1 for c in cs.values() if c["status"] == "ok")
    log = (work / f"{run}.log").read_text()
    m = re.search(r"spark: (\d+) cells, ([\d.]+) s before the first task, ([\d.]+) s of task time \((\d+) tasks reported\), (\d+) failed", log)
    proc = sum(c.get("processSeconds") or 0 for c in cs.values())
    if m:
        start, task, failed = float(m.group(2)), float(m.group(3)), m.group(5)
        per = (task - proc) / max(1, int(m.group(4)))
        mean_cell = proc / max(1, len(cs))
        row = f"{start:.1f} | {failed} | {per:.2f} | {100 * per / mean_cell:.1f}% (mean cell {mean_cell:.0f} s)"
    else:
        row = "- | - | - | -"
    print(f"| {run} | {walls[run]:.0f} | {len(cs)} | {ok} | {'yes' if same else 'NO'} | {row} |")
PY
