#!/usr/bin/env bash
# Duplicates/leakage and drift benchmark (issue 7). Not a test.
#   1. duplicates: the duplicate search on Fashion-MNIST as it is, then with 200 exact, 100 noised (std 0.02)
#      and 100 one-pixel-shifted copies of distinct test images planted in train: recall and false pairs.
#   2. drift-images: Fashion-MNIST test halves (1,000 images a side), the new half corrupted (Gaussian noise,
#      brightness, tint) at 3 severities, 5 repeats each: detection rate of the domain-classifier test at
#      alpha 0.05; the same for one fainter level each (noise std 0.02, brightness +0.02, tint 0.03); false
#      alarms on two uncorrupted random halves over 40 repeats (three processes side by side).
#   3. drift-tabular: German Credit train vs test with age shifted by 0/2/5/10 years, 20 split seeds.
#   4. with-model: steps 1 and 2 again with a LeNet-5 (5 epochs, seed 0, trained first into OUT/lenet5): near
#      copies also searched in its embedding space, and drift tested by MMD on its embeddings (noise and
#      brightness only: a grey model cannot embed the tinted RGB images).
# Everything runs with --threads 1. Raw JSON, reports and logs go to bench/results/leakage-<date>/.
# Usage: bench/leakage.sh [OUT_DIR] [STEPS...]   (steps: duplicates drift-images drift-tabular with-model;
#   default all)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/leakage-$(date +%Y%m%d-%H%M)}
shift || true
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(duplicates drift-images drift-tabular with-model)
mkdir -p "$out"
. bench/common.sh
private_jar "$out"
java=(java -Xmx6g -XX:MaxDirectMemorySize=3g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar")
for step in "${steps[@]}"; do
  case "$step" in
    duplicates) "${java[@]}" dev.kintsugi.bench.DuplicateBenchmark --threads 1 --out "$out" \
        2>"$out/duplicates.log" >/dev/null ;;
    drift-images)
      "${java[@]}" dev.kintsugi.bench.DriftBenchmark images --threads 1 --repeats 5 --null-repeats 0 \
          --name images-detection --out "$out" 2>"$out/drift-images-detection.log" >/dev/null &
      "${java[@]}" dev.kintsugi.bench.DriftBenchmark images --threads 1 --repeats 5 --null-repeats 0 --faint \
          --name images-faint --out "$out" 2>"$out/drift-images-faint.log" >/dev/null &
      "${java[@]}" dev.kintsugi.bench.DriftBenchmark images --threads 1 --repeats 0 --null-repeats 40 \
          --name images-null --out "$out" 2>"$out/drift-images-null.log" >/dev/null
      wait ;;
    drift-tabular) "${java[@]}" dev.kintsugi.bench.DriftBenchmark tabular --threads 1 --out "$out" \
        2>"$out/drift-tabular.log" >/dev/null ;;
    with-model)
      [ -f "$out/lenet5/spec.json" ] || "${java[@]}" dev.kintsugi.cli.Main train --data fashion-mnist --arch lenet5 \
          --epochs 5 --seed 0 --threads 1 --doctor off --out "$out/lenet5" 2>"$out/lenet5-train.log" >/dev/null
      "${java[@]}" dev.kintsugi.bench.DuplicateBenchmark --threads 1 --model "$out/lenet5" --name duplicates-model \
          --out "$out" 2>"$out/duplicates-model.log" >/dev/null
      "${java[@]}" dev.kintsugi.bench.DriftBenchmark images --threads 1 --repeats 5 --null-repeats 40 \
          --model "$out/lenet5" --name images-mmd --out "$out" 2>"$out/drift-images-mmd.log" >/dev/null ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
  echo "done: $step (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done
