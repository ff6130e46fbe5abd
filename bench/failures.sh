#!/usr/bin/env bash
# Failure-mode benchmark (issue 5: Chegini & Feizi's framework on fashion-bg). Not a test.
#   For seeds 0, 1, 2: train LeNet-5 on fashion-bg (EPOCHS epochs, that seed), then `kintsugi failures
#   mitigate` with the paper's defaults (k = 5, n = 5, head retraining: SGD lr 0.2, momentum 0.9, weight
#   decay 5e-4, λ = 0.5, 1000 full-batch epochs) and the λ sweep: debug-heldout and test accuracy before and
#   after, ours against Random_debugging, describer accuracy, wall time per step. Then one group (the default
#   two MLPs, LeNet-5 and two CNNs, two seeds each, GROUP_EPOCHS epochs) for the failure IoU and the
#   collective / individual ratio. bench/failures_table.py prints the tables of docs/BENCHMARKS.md.
# Usage: bench/failures.sh [OUT_DIR]   (default: bench/results/failures-<date>); THREADS (default 1),
#        EPOCHS (default 3), GROUP_EPOCHS (default 1), SKIP_GROUP=1 to skip the group.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/failures-$(date +%Y%m%d-%H%M)}
threads=${THREADS:-1}
epochs=${EPOCHS:-3}
group_epochs=${GROUP_EPOCHS:-1}
mkdir -p "$out"
. bench/common.sh
for seed in 0 1 2; do
  model="$out/lenet5-seed$seed"
  if [ ! -d "$model" ]; then
    /usr/bin/time -f "%e" -o "$out/train-seed$seed.seconds" ./kintsugi train --data fashion-bg --arch lenet5 \
        --epochs "$epochs" --seed "$seed" --threads "$threads" --out "$model" 2>"$out/train-seed$seed.log" | tail -1
  fi
  run="$out/mitigate-seed$seed"
  if [ ! -f "$run/failures.json" ]; then
    echo "== failures mitigate, seed $seed"
    /usr/bin/time -f "%e" -o "$out/mitigate-seed$seed.seconds" ./kintsugi failures mitigate --model "$model" \
        --data fashion-bg --seed "$seed" --threads "$threads" --out "$run" 2>"$run.log" | grep -E "^(model|original|ours|random)"
  fi
done
if [ "${SKIP_GROUP:-0}" != 1 ] && [ ! -f "$out/group/group.json" ]; then
  echo "== failures group"
  /usr/bin/time -f "%e" -o "$out/group.seconds" ./kintsugi failures group --data fashion-bg --epochs "$group_epochs" \
      --threads "$threads" --out "$out/group" 2>"$out/group.log" | tail -15
fi
/usr/bin/python3 bench/failures_table.py "$out" | tee "$out/table.md"
