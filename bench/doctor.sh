#!/usr/bin/env bash
# Training-doctor fault zoo: short runs on Fashion-MNIST (3000-sample subsample) and German Credit with planted
# problems plus healthy runs; each trained with --doctor warn, and each detected fault again with --doctor fix.
# Writes the per-run JSON to bench/results/doctor-<zoo>-<date>.json and the Markdown table to stdout and
# bench/results/doctor-<zoo>-<date>.md.
#
# --zoo dev (the default) is the development zoo, which the doctor may be tuned on; --zoo heldout is the held-out
# zoo (DoctorZooHeldout), written before any of its results was seen and never used to change the doctor.
#
# Usage: bench/doctor.sh [--zoo dev|heldout] [--threads 1] [--only SUBSTRING] [--no-fix]
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/common.sh
mkdir -p bench/results
stamp=$(date -u +%Y%m%d-%H%M%S)
threads=1
zoo=dev
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --only) args+=(--only "$2"); shift 2 ;;
    --no-fix) args+=(--no-fix); shift ;;
    --zoo) zoo=$2; shift 2 ;;
    *) echo "usage: bench/doctor.sh [--zoo dev|heldout] [--threads T] [--only SUBSTRING] [--no-fix]" >&2; exit 2 ;;
  esac
done
java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar" \
  dev.kintsugi.bench.DoctorZoo --zoo "$zoo" --threads "$threads" --json "bench/results/doctor-$zoo-$stamp.json" \
  "${args[@]}" | tee "bench/results/doctor-$zoo-$stamp.md"

# The doctor's overhead on a realistic run (the zoo's runs take milliseconds per epoch, so a fixed cost per
# sample weighs far more there): LeNet-5 on the full Fashion-MNIST training split, one epoch, doctor on.
if [ -z "${SKIP_OVERHEAD:-}" ]; then
  out=$(mktemp -d)
  java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -jar "$jar" train \
    --threads "$threads" --data fashion-mnist --arch lenet5 --epochs 1 --doctor warn --out "$out/model" \
    2>/dev/null | tee -a "bench/results/doctor-$zoo-$stamp.md"
  rm -rf "$out"
fi
