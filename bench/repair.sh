#!/usr/bin/env bash
# Repair benchmark (issue: Repair I). Not a test.
#   Three LeNet-5 originals (the study's layout, seeds 0, 1, 2; 5 epochs) on Fashion-MNIST; every
#   approach repairs each one, unguarded and with --max-nfr 0.5 (the originals keep their training
#   history, --keep-history, which nr needs); each repair runs in its own process so
#   its wall time and peak RSS are its own. Every run writes comparison.json (ACC, RR, NFR, PGD ASR on
#   500 test inputs at eps 0.15); bench/repair_table.py turns them into the study-style table.
# Usage: bench/repair.sh [OUT_DIR] [APPROACHES...]   (default: bench/results/repair-<date>, all approaches)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/repair-$(date +%Y%m%d-%H%M)}
shift || true
approaches=("$@")
[ ${#approaches[@]} -gt 0 ] || approaches=(finetune apricot et fsgmix deeprepair hudd hybridrepair arachne care nr irepair genmunn inner vere pct 3m reassure)
mkdir -p "$out"
. bench/common.sh   # builds the jar ./kintsugi runs when the sources are newer
for seed in 0 1 2; do
  original="$out/original-$seed"
  [ -d "$original" ] || ./kintsugi train --arch lenet5 --opt variant=study --epochs 5 --seed "$seed" \
      --keep-history --out "$original" 2>/dev/null | tail -1
  for approach in "${approaches[@]}"; do
    for guard in none 0.5; do
      run="$out/$approach-seed$seed-guard$guard"
      [ -f "$run/comparison.json" ] && continue
      extra=()
      [ "$guard" = none ] || extra=(--max-nfr "$guard")
      echo "== $approach seed $seed guard $guard"
      ./kintsugi repair --model "$original" --approach "$approach" --seed "$seed" "${extra[@]}" \
          --attack pgd --eps 0.15 --out "$run" 2>"$run.log" | grep -E "changed|regression" || echo "FAILED: see $run.log"
    done
  done
done
/usr/bin/python3 bench/repair_table.py "$out" | tee "$out/table.md"
