#!/usr/bin/env bash
# Foundation benchmark: Kintsugi (DJL + PyTorch, JVM) beside plain PyTorch from Python on Fashion-MNIST.
# Runs the two sides one after the other (never together), alternating them --repeats times (a single run
# cannot show a bimodal slowdown), measures JVM start-up and whole-process peak RSS, and writes a Markdown
# table (median and worst of the runs) to stdout and bench/results/foundation-<date>.md.
#
# Usage: bench/foundation.sh [--epochs 5] [--threads $(nproc)] [--repeats 1] [--models mlp,lenet5]
#        [--launcher]
#   --launcher  start Kintsugi's side through ./kintsugi's JVM settings (KINTSUGI_JAVA_OPTS aside) instead of a
#               bare `java`, as a Java API user would; both must meet the same targets.
# Environment:
#   PYTORCH_BLAS_DIR  put first on the baseline's LD_LIBRARY_PATH. Debian's python3-torch calls whatever
#                     libblas.so.3 the system points to, by default the unoptimised reference BLAS (an MLP epoch
#                     takes 30-40 s instead of ~1 s). Use OpenBLAS's OpenMP build, which nests inside
#                     PyTorch's OpenMP threads (the pthread build oversubscribes: LeNet-5 epochs ~10x slower):
#                       apt-get download libopenblas0-openmp && dpkg -x libopenblas0-openmp_*.deb /opt/openblas
#                       PYTORCH_BLAS_DIR=/opt/openblas/usr/lib/x86_64-linux-gnu/openblas-openmp bench/foundation.sh
#   QUIET_WAIT_S      how long to wait for idle CPUs before each timed run (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."

epochs=5
threads=$(nproc)
repeats=1
models=mlp,lenet5
launcher=
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --launcher) launcher=1; shift ;;
    *) echo "usage: bench/foundation.sh [--epochs N] [--threads T] [--repeats N] [--models a,b] [--launcher]" >&2
       exit 2 ;;
  esac
done

user_omp_policy=${OMP_WAIT_POLICY-}
. bench/common.sh
# Neither side gets an OpenMP policy unless you set one yourself: Kintsugi's engine set-up chooses its own
# waiting (NativeTuning), and PyTorch from Python runs with libgomp's default.
if [ -n "$user_omp_policy" ]; then export OMP_WAIT_POLICY=$user_omp_policy; else unset OMP_WAIT_POLICY; fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# Timings on a shared machine are only worth having when nothing else runs: wait (up to QUIET_WAIT_S) until
# the CPUs are at least 90% idle over 3 seconds, and record how busy they were when the run started.
cpu_busy_percent() {
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( 100 - 100 * idle / total ))
}
# Busy and total jiffies of all CPUs so far.
cpu_jiffies() {
  awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t}' /proc/stat
}
# Percentage of the machine's CPU time that other processes used while one side ran: all busy time between
# two cpu_jiffies snapshots minus the side's own user+sys time from /usr/bin/time -v.
others_percent() {
  local before=($1) after=($2) time_file=$3 hz own
  hz=$(getconf CLK_TCK)
  own=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$time_file")
  awk -v b="$(( after[0] - before[0] ))" -v t="$(( after[1] - before[1] ))" -v own="$own" -v hz="$hz" \
    'BEGIN {p = 100 * (b - own * hz) / t; printf "%.0f", (p < 0 ? 0 : p)}'
}
wait_for_quiet() {
  local deadline=$(( $(date +%s) + ${QUIET_WAIT_S:-600} )) busy
  while busy=$(cpu_busy_percent); [ "$busy" -gt 10 ] && [ "$(date +%s)" -lt "$deadline" ]; do
    echo "waiting: other processes keep the CPUs ${busy}% busy" >&2
  done
  echo "$busy"
}

# a private copy of the jar, so that rebuilding the working tree during the repeats cannot swap it
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
private_jar "$work"
java_cmd=(java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -XX:MaxDirectMemorySize=2g -cp "$jar"
  dev.kintsugi.bench.FoundationBenchmark)
if [ -n "$launcher" ]; then
  # the launcher's JVM flags (see ./kintsugi), with the benchmark's main class instead of the CLI's
  java_cmd=(java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar"
    dev.kintsugi.bench.FoundationBenchmark)
fi
mkdir -p bench/results
# Raw measurements stay beside the table: <prefix>-kintsugi.json, -pytorch.json, -facts.json, -*.time.
prefix=bench/results/foundation-$(date +%Y-%m-%d-%H%M)

# Start-up: a whole JVM that loads the PyTorch engine and creates one network; median of 3.
startups=()
wait_for_quiet >/dev/null
for _ in 1 2 3; do
  t0=$(date +%s.%N)
  "${java_cmd[@]}" --startup-only --threads "$threads" >/dev/null
  t1=$(date +%s.%N)
  startups+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')")
done
startup=$(printf '%s\n' "${startups[@]}" | sort -g | sed -n 2p)

kintsugi_cmd="${java_cmd[*]} --epochs $epochs --threads $threads --models $models"
kintsugi_cmd=${kintsugi_cmd//$jar/target\/kintsugi.jar}
pytorch_cmd="/usr/bin/python3 bench/pytorch_baseline.py --epochs $epochs --threads $threads --models $models"
if [ -n "${PYTORCH_BLAS_DIR:-}" ]; then pytorch_cmd="LD_LIBRARY_PATH=$PYTORCH_BLAS_DIR $pytorch_cmd"; fi
busy=() others=()
# Alternate the sides, Kintsugi first in odd rounds and PyTorch first in even ones, so neither always runs
# on a machine warmed (or disturbed) by the other.
for r in $(seq 1 "$repeats"); do
  if [ $((r % 2)) -eq 1 ]; then sides="kintsugi pytorch"; else sides="pytorch kintsugi"; fi
  for side in $sides; do
    out=$prefix-$side-$r
    b=$(wait_for_quiet)
    jiffies_start=$(cpu_jiffies)
    if [ "$side" = kintsugi ]; then
      /usr/bin/time -v -o "$out.time" "${java_cmd[@]}" --epochs "$epochs" --threads "$threads" --models "$models" \
        --json "$out.json" >&2
    else
      LD_LIBRARY_PATH="${PYTORCH_BLAS_DIR:+$PYTORCH_BLAS_DIR:}${LD_LIBRARY_PATH:-}" \
        /usr/bin/time -v -o "$out.time" /usr/bin/python3 bench/pytorch_baseline.py --epochs "$epochs" \
        --threads "$threads" --models "$models" --json "$out.json" >/dev/null
    fi
    busy+=("\"$side $r: ${b}%\"")
    others+=("\"$side $r: $(others_percent "$jiffies_start" "$(cpu_jiffies)" "$out.time")%\"")
    echo "round $r, $side done (other processes' CPU share: ${others[-1]})" >&2
  done
done

max_rss() { echo $(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$1") * 1024 )); }
python3 - "$prefix-facts.json" <<EOF
import json, sys
json.dump({
    "date": "$(date -u +%Y-%m-%dT%H:%MZ)",
    "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')",
    "nproc": $(nproc),
    "memory": "$(free -h | awk '/^Mem:/ {print $2}')",
    "busyBefore": [$(IFS=,; echo "${busy[*]}")],
    "othersDuring": [$(IFS=,; echo "${others[*]}")],
    "commit": "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo '+dirty')",
    "java": "$(java -version 2>&1 | head -1 | tr -d '"')",
    "python": "$(/usr/bin/python3 --version)",
    "startupSeconds": $startup,
    "kintsugiMaxRssBytes": $(for f in "$prefix"-kintsugi-*.time; do max_rss "$f"; done | sort -n | tail -1),
    "pytorchMaxRssBytes": $(for f in "$prefix"-pytorch-*.time; do max_rss "$f"; done | sort -n | tail -1),
    "repeats": $repeats,
    "launcherFlags": $([ -n "$launcher" ] && echo True || echo False),
    "command": "bench/foundation.sh --epochs $epochs --threads $threads --repeats $repeats --models $models${launcher:+ --launcher}",
    "kintsugiCommand": "$kintsugi_cmd",
    "pytorchCommand": "$pytorch_cmd",
}, open(sys.argv[1], "w"))
EOF

report=$prefix.md
python3 bench/foundation_report.py "$prefix-facts.json" "$prefix"-kintsugi-*.json -- "$prefix"-pytorch-*.json | tee "$report"
echo "written to $report" >&2
