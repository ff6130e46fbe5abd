#!/usr/bin/env bash
# Benchmark of the failure pipeline's offline building blocks (issue 5): rendering fashion-bg (70,000 images)
# and fashion-s (80,000), the background describer's accuracy against the recorded background on fashion-bg's
# test and repair splits and on generated images, and the compositing generator's time for every class on each
# of its uncommon backgrounds (5 images each); and what the planted correlations do to a LeNet-5 trained for 5
# epochs on each dataset (one PyTorch thread). Seeds 0, 1, 2. Not a test; takes about 15 minutes on 2 busy cores.
# Usage: bench/backgrounds.sh [OUT_DIR]   (default: bench/results/backgrounds-<date>)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/backgrounds-$(date +%Y%m%d-%H%M)}
mkdir -p "$out"
. bench/common.sh
{
  echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
  java -Xmx3g -Dai.djl.offline=true -cp "$jar" dev.kintsugi.bench.BackgroundBenchmark --seeds 0,1,2 --shortcut-epochs 5 --threads 1 \
      --json "$out/backgrounds.json"
  echo "load afterwards: $(uptime | sed 's/.*load average/load average/')"
} | tee "$out/backgrounds.txt"
echo "raw results: $out/backgrounds.json"
