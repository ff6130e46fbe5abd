#!/usr/bin/env bash
# Repair benchmark (issues 11 and 12). Not a test.
#   Every approach repairs three LeNet-5 originals (the study's layout, seeds 0, 1, 2; each trained once
#   and shared, with the training history nr needs), twice: unguarded, as in the study, and with
#   --max-nfr 0.5. Both runs are `kintsugi study` on fashion-mnist/lenet5-study, so each repair is a study
#   cell in its own process (two at a time, one PyTorch thread each), judged on the test split as compare
#   judges (ACC, RR, NFR, PGD ASR on 500 inputs at eps 0.15), with its repair time and peak RSS.
#   bench/repair_table.py turns the two studies into one table beside the study's MNIST row.
#   A killed run resumes: rerun the same command.
# Usage: bench/repair.sh [OUT_DIR] [APPROACH,APPROACH,...]   (default: bench/results/repair-<date>, all approaches)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/repair-$(date +%Y%m%d-%H%M)}
approaches=${2:-}
mkdir -p "$out"
. bench/common.sh   # builds the jar when the sources are newer
private_jar "$out"
run_study() { # GUARD_DIR [extra study args]
  local dir=$1
  shift
  java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -jar "$jar" study \
      --benchmarks fashion-mnist/lenet5-study --seeds 3 --parallel 2 --threads 1 \
      ${approaches:+--approaches "$approaches"} "$@" --out "$out/$dir" 2>"$out/$dir.log" | tail -3
}
start=$(date +%s)
run_study unguarded
echo "unguarded study: $(( $(date +%s) - start )) s"
start=$(date +%s)
run_study guarded --max-nfr 0.5
echo "guarded study: $(( $(date +%s) - start )) s"
/usr/bin/python3 bench/repair_table.py "$out/unguarded" "$out/guarded" | tee "$out/table.md"
