#!/usr/bin/env bash
# TorchScript in, TorchScript out (README "Models from outside"): every approach that runs on a TorchScript model
# repairs the PyTorch-trained LeNet-5 (lenet5.pt; lenet5-head.pt, the same weights with a declared head, for the
# last-layer approaches), the fixed model is written back as TorchScript, and python3-torch loads each export and
# repeats Kintsugi's check (tools/check_torchscript_export.py). The original files are checked byte for byte.
#
# Usage: bench/torchscript.sh [DATA] [OUT]   (DATA default fashion-mnist; OUT default bench/results/torchscript-<date>)
# A small sample is enough: /usr/bin/python3 bench/fashion_head.py /tmp/fm-small 3000 1000, then
# bench/torchscript.sh /tmp/fm-small. KINTSUGI_CP=CLASSPATH runs from a class path instead of building the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-fashion-mnist}
out=${2:-bench/results/torchscript-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
if [ -n "${KINTSUGI_CP:-}" ]; then
  java=(java -Xmx3g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$KINTSUGI_CP")
else
  . bench/common.sh
  private_jar "$out"
  java=(java -Xmx3g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar")
fi
fixtures=src/test/resources/fixtures/outside
for f in lenet5.pt lenet5.pt.json lenet5-head.pt lenet5-head.pt.json; do
  cp "$fixtures/$f" "$out/$f"
done
before=$(sha256sum "$out/lenet5.pt" "$out/lenet5-head.pt")
run() { # approach model
  local a=$1 model=$2 start
  start=$(date +%s)
  if ! "${java[@]}" dev.kintsugi.cli.Main repair --model "$out/$model" --data "$data" --approach "$a" --attack none \
      --no-corruptions --budget PT3M --threads 1 --out "$out/repair-$a" > "$out/repair-$a.log" 2>&1; then
    echo "$a FAILED: $(tail -1 "$out/repair-$a.log")" | tee -a "$out/repair.txt"
    return
  fi
  echo "$a on $model $(( $(date +%s) - start )) s: $(grep -E "^$a changed" "$out/repair-$a.log" | head -1); $(grep -E "^$a  " "$out/repair-$a.log" | tail -1)" \
    | tee -a "$out/repair.txt"
  echo "$a: $(/usr/bin/python3 tools/check_torchscript_export.py "$out/repair-$a/model.pt" "$out/$model" | tr '\n' ' ')" \
    | tee -a "$out/pytorch.txt"
}
for a in finetune pct fsgmix; do run "$a" lenet5.pt; done
for a in arachne care genmunn random 3m; do run "$a" lenet5-head.pt; done
# approaches that need every layer refuse in one line
for a in apricot hudd; do
  "${java[@]}" dev.kintsugi.cli.Main repair --model "$out/lenet5-head.pt" --data "$data" --approach "$a" \
    --out "$out/repair-$a" 2>&1 | tee -a "$out/refused.txt" || true
done
after=$(sha256sum "$out/lenet5.pt" "$out/lenet5-head.pt")
if [ "$before" = "$after" ]; then echo "originals unchanged" | tee -a "$out/repair.txt"; else echo "ORIGINALS CHANGED"; exit 1; fi
