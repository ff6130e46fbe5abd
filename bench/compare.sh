#!/usr/bin/env bash
# Verification benchmark (issue: Verify). Not a test.
#   Times a full `kintsugi compare` of two LeNet-5 models on the 5k Fashion-MNIST test split, PGD on 500
#   inputs included (with and without the corruption sweep), and PGD's cost per input from `evaluate`
#   with and without the attack. Usage: bench/compare.sh MODEL_A MODEL_B [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1
b=$2
out=${3:-bench/results/compare-$(date +%Y%m%d-%H%M)}
mkdir -p "$out"
. bench/common.sh   # builds the jar ./kintsugi runs when the sources are newer
seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }
full=$(seconds ./kintsugi compare --original "$a" --fixed "$b" --out "$out/full")
nocorr=$(seconds ./kintsugi compare --original "$a" --fixed "$b" --no-corruptions --out "$out/no-corruptions")
plain=$(seconds ./kintsugi evaluate --model "$a")
attacked=$(seconds ./kintsugi evaluate --model "$a" --attack pgd --eps 0.15)
inputs=$(/usr/bin/python3 -c "import json;print(len(json.load(open('$out/full/comparison.json'))['comparison']['robustness']['attackedIndices']))")
per_input=$(echo "scale=2; ($attacked - $plain) * 1000 / $inputs" | bc)
cat <<TABLE | tee "$out/table.md"
| measurement | seconds |
| --- | --- |
| full compare of two LeNet-5 (PGD on $inputs inputs per model, 12 corruption runs per model) | $(printf %.1f "$full") |
| compare without corruptions (PGD included) | $(printf %.1f "$nocorr") |
| evaluate one model, no attack | $(printf %.1f "$plain") |
| evaluate one model with PGD on $inputs inputs | $(printf %.1f "$attacked") |
| PGD cost per input (40 steps), from the two evaluate runs | ${per_input} ms |
TABLE
