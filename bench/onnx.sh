#!/usr/bin/env bash
# Outside models (docs/BENCHMARKS.md "Bring your own model"): ONNX import time, an imported LeNet-5's training
# speed beside the zoo's, and every repair approach on the PyTorch-trained LeNet-5 with the fixed model exported
# to ONNX and its test accuracy re-measured in ONNX Runtime.
#
# Usage: bench/onnx.sh [DATA] [OUT]   (DATA default fashion-mnist; OUT default bench/results/onnx-<date>)
# The documented table used a small sample: /usr/bin/python3 bench/fashion_head.py /tmp/fm-small 3000 1000
# and bench/onnx.sh /tmp/fm-small. Repairs run with --budget PT3M.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
data=${1:-fashion-mnist}
out=${2:-bench/results/onnx-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
private_jar "$out"
model=src/test/resources/fixtures/outside/lenet5.onnx
java=(java -Xmx6g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar")
"${java[@]}" dev.kintsugi.bench.OnnxBenchmark import "$model" 20 | tee "$out/import.txt"
"${java[@]}" dev.kintsugi.bench.OnnxBenchmark train "$model" "$data" 5 | tee "$out/train.txt"
approaches=$("${java[@]}" dev.kintsugi.cli.Main repair --list | awk 'NR > 2 {print $1}')
for a in $approaches; do
  start=$(date +%s)
  "${java[@]}" dev.kintsugi.cli.Main repair --model "$model" --data "$data" --approach "$a" --attack none \
    --no-corruptions --budget PT3M --threads 1 --out "$out/repair-$a" > "$out/repair-$a.log" 2>&1 || { echo "$a FAILED" | tee -a "$out/repair.txt"; continue; }
  echo "$a $(( $(date +%s) - start )) s: $(grep -E "^$a " "$out/repair-$a.log" | head -1)" | tee -a "$out/repair.txt"
  "${java[@]}" dev.kintsugi.bench.OnnxBenchmark accuracy "$out/repair-$a" "$data" | tee -a "$out/accuracy.txt"
done
