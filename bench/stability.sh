#!/usr/bin/env bash
# Stability-across-seeds benchmark (issue 6, seed 003). Not a test.
#   10 runs of LeNet-5 (the zoo's classic layout) on Fashion-MNIST with the demo's recipe (Adam, lr 1e-3,
#   batch 128, 5 epochs), one thread, for each source of randomness given (default: init, then order,
#   then augmentation), one study after another so they do not compete for the cores.
#   Each study writes OUT/<vary>/stability.json and stability.html; a killed study resumes when this script
#   is run again with the same OUT. The jar is copied first, so editing the sources meanwhile (which makes
#   ./kintsugi rebuild) cannot change or break a running benchmark. bench/stability_table.py prints the table.
# Usage: bench/stability.sh [OUT_DIR] [VARY...]   (default: bench/results/stability-<date>, init order augmentation)
# Env: SEEDS (10), EPOCHS (5), THREADS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/stability-$(date +%Y%m%d-%H%M)}
shift || true
sources=("$@")
[ ${#sources[@]} -gt 0 ] || sources=(init order augmentation)
seeds=${SEEDS:-10}
epochs=${EPOCHS:-5}
threads=${THREADS:-1}
mkdir -p "$out"
. bench/common.sh
if [ -f "$out/kintsugi.jar" ]; then jar="$out/kintsugi.jar"; else private_jar "$out"; fi
for vary in "${sources[@]}"; do
  echo "== vary $vary: $seeds runs of lenet5, $epochs epochs, $threads thread(s)"
  start=$(date +%s)
  /usr/bin/time -v -o "$out/$vary.time" java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true \
      -DOPT_OUT_TRACKING=true -jar "$jar" stability --model lenet5 --data fashion-mnist --seeds "$seeds" \
      --epochs "$epochs" --vary "$vary" --threads "$threads" --out "$out/$vary" 2>"$out/$vary.log"
  echo "   wall $(( $(date +%s) - start )) s (this invocation; resumed runs are not re-timed)"
done
/usr/bin/python3 bench/stability_table.py "$out" | tee "$out/table.md"
