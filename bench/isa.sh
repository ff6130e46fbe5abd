#!/usr/bin/env bash
# How far Kintsugi's numbers move between oneDNN instruction sets and thread counts (issue 20): trains LeNet-5
# for one epoch on Fashion-MNIST and repairs it with finetune, per setting, and prints test ACC, RR and NFR.
# Usage: bench/isa.sh [OUT_DIR]   (default runs/bench-isa); settings: ISA x threads below.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/runs/bench-isa}"
mkdir -p "$out"
k="$here/kintsugi"
[ -f "$here/target/kintsugi.jar" ] || (cd "$here" && ./mvnw -B -q -DskipTests package)
run() { # isa threads
  local isa="$1" threads="$2" tag="$1-t$2"
  local envs=()
  [ "$isa" != default ] && envs=(ONEDNN_MAX_CPU_ISA="$isa")
  env "${envs[@]}" "$k" train --data fashion-mnist --arch lenet5 --epochs 1 --seed 1 --threads "$threads" \
      --doctor off --out "$out/$tag/model" >/dev/null 2>&1
  env "${envs[@]}" "$k" repair --model "$out/$tag/model" --approach finetune --seed 1 --threads "$threads" \
      --attack none --no-corruptions --out "$out/$tag/repair" >/dev/null 2>&1
  sha=$(sha256sum "$out/$tag/model/parameters.bin" | cut -c1-12)
  /usr/bin/python3 - "$out/$tag/repair/comparison.json" "$isa" "$threads" "$sha" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
ch = c["changes"][0]["correctness"]
print("| %s | %s | %s | %.4f | %.4f | %.2f%% | %.2f%% |" % (sys.argv[2], sys.argv[3], sys.argv[4],
      ch["accuracyOriginal"], ch["accuracyFixed"], ch["repairRatePercent"], ch["negativeFlipRatePercent"]))
PY
}
echo "| ISA cap | threads | original parameters (sha256) | original test ACC | finetune test ACC | RR | NFR |"
echo "|---|---|---|---|---|---|---|"
for isa in default AVX2 SSE41; do
  for threads in 1 2; do run "$isa" "$threads"; done
done
