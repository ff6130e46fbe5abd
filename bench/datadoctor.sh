#!/usr/bin/env bash
# Data doctor benchmark (issue 7, label noise / imbalance / whole suite). Not a test.
#   1. Symmetric label noise (10% and 20%, seeded) in Fashion-MNIST's training split: precision and recall of
#      confident learning's flags (5-fold, LeNet-5 probe for 2 epochs), and LeNet-5 (5 epochs) test accuracy
#      trained on clean, noisy and cleaned (remove / relabel) labels.
#   2. Class imbalance: Pullover, Coat and Shirt cut to 5% of their training samples; LeNet-5 (5 epochs) plain,
#      with balanced class weights, oversampling and undersampling; minority recall on the test split.
#   3. The whole suite (`kintsugi data check`, defaults) on Fashion-MNIST: wall time.
# Everything runs with --threads 1 (or $THREADS). Raw JSON and logs go to bench/results/datadoctor-<date>/.
# Usage: bench/datadoctor.sh [OUT_DIR] [STEPS...]
#   steps: noise10 noise20 noise20-probe5 (the 20% run with a 5-epoch probe) noise20-both (--filter both)
#   noise20-cosine5 (5-epoch cosine probe, no cleaning: every filter's precision / recall only)
#   noise20-strong (--filter both, 5-epoch cosine probe, 2 seeds averaged per fold) noise10-strong (the same at
#   10%, no cleaning) noise20-effect (the strong setting at 20%, cleaning judged by LeNet-5 at 5 and 20 epochs,
#   3 training seeds each) imbalance suite; default all
# Every label-noise step also records each cleanlab filter's precision / recall on the same probabilities.
# THREADS=2 bench/datadoctor.sh ... runs with 2 threads instead of 1 (a quiet machine).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results/datadoctor-$(date +%Y%m%d-%H%M)}
shift || true
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(noise10 noise20 noise20-probe5 noise20-both noise20-cosine5 noise20-strong noise10-strong noise20-effect imbalance suite)
threads=${THREADS:-1}
mkdir -p "$out"
. bench/common.sh
private_jar "$out"
bench=(java -Xmx4g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar"
  dev.kintsugi.bench.DataDoctorBenchmark)
# run NAME ARGS...: one DataDoctorBenchmark experiment, JSON to OUT/NAME.json, log to OUT/NAME.log
run() {
  local name=$1
  shift
  "${bench[@]}" "$@" --threads "$threads" --json "$out/$name.json" 2>"$out/$name.log" >/dev/null
}
for step in "${steps[@]}"; do
  case "$step" in
    noise10) run noise10 label-noise --rate 0.1 ;;
    noise20) run noise20 label-noise --rate 0.2 ;;
    noise20-both) run noise20-both label-noise --rate 0.2 --filter both ;;
    noise20-probe5) run noise20-probe5 label-noise --rate 0.2 --probe-epochs 5 ;;
    noise20-cosine5) run noise20-cosine5 label-noise --rate 0.2 --probe-epochs 5 --probe-schedule cosine --no-cleaning ;;
    noise20-strong) run noise20-strong label-noise --rate 0.2 --filter both --probe-epochs 5 --probe-schedule cosine \
        --probe-seeds 2 ;;
    noise10-strong) run noise10-strong label-noise --rate 0.1 --filter both --probe-epochs 5 --probe-schedule cosine \
        --probe-seeds 2 --no-cleaning ;;
    noise20-effect) run noise20-effect label-noise --rate 0.2 --filter both --probe-epochs 5 --probe-schedule cosine \
        --probe-seeds 2 --cleaning-epochs 5,20 --training-seeds 3 ;;
    imbalance) run imbalance imbalance ;;
    suite)
      rm -rf "$out/suite"
      t0=$(date +%s.%N)
      java -Xmx3g -XX:MaxDirectMemorySize=2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -jar "$jar" \
          data check --data fashion-mnist --threads "$threads" --out "$out/suite" 2>"$out/suite.log" >/dev/null
      t1=$(date +%s.%N)
      awk -v a="$t0" -v b="$t1" -v l="$(cat /proc/loadavg)" 'BEGIN {printf "{\"wallSeconds\": %.1f, \"loadavgAfter\": \"%s\"}\n", b - a, l}' \
          > "$out/suite-time.json" ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
  echo "done: $step" >&2
done
/usr/bin/python3 - "$out" <<'PY' | tee "$out/table.md"
import json, os, sys
d = sys.argv[1]
def load(name):
    p = os.path.join(d, name)
    return json.load(open(p)) if os.path.exists(p) else None
names = ("noise10", "noise20", "noise20-probe5", "noise20-both", "noise20-cosine5", "noise20-strong", "noise10-strong",
         "noise20-effect")
loaded = [(n, load(n + ".json")) for n in names]
if any(r for _, r in loaded):
    print("| step | noise | probe | CV acc | est. noise | " + " | ".join(f"{f} (flagged / P / R)" for f in
          ("prune-by-noise-rate", "prune-by-class", "both", "confident-learning", "predicted-neq-given")) + " |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, r in loaded:
        if r and "filters" in r:
            cells = " | ".join(f"{v['flagged']} / {v['precision']:.3f} / {v['recall']:.3f}" for v in r["filters"].values())
            print(f"| {n} | {r['rate']:.0%} | {r['probe']} | {r['outOfSampleAccuracy']:.4f} | {r['estimatedNoiseRate']:.3f} | {cells} |")
    print()
rows = [r for _, r in loaded if r and "testAccuracy" in r]
if rows:
    print("| noise | probe | flipped | flagged | precision | recall | CV acc | test acc clean | noisy | removed | relabelled | recovered (remove / relabel) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        a = r["testAccuracy"]; rec = r["recoveredFraction"]
        print(f"| {r['rate']:.0%} | {r['probe']}, {r.get('filter', 'prune-by-noise-rate')} | {r['flipped']} | {r['flagged']} | {r['precision']:.3f} | {r['recall']:.3f} | "
              f"{r['outOfSampleAccuracy']:.4f} | {a['clean']:.4f} | {a['noisy']:.4f} | {a['remove']:.4f} | "
              f"{a['relabel']:.4f} | {rec['remove']:.2f} / {rec['relabel']:.2f} |")
    print()
effects = [(n, r) for n, r in loaded if r and "cleaning" in r]
if effects:
    print("| step | LeNet-5 epochs | seeds | test acc clean | noisy | removed | relabelled | recovered (remove / relabel) |")
    print("|---|---|---|---|---|---|---|---|")
    for n, r in effects:
        for c in r["cleaning"]:
            m = c["meanAccuracy"]; rec = c["recoveredFraction"]
            print(f"| {n} | {c['epochs']} | {len(c['seeds'])} | {m['clean']:.4f} | {m['noisy']:.4f} | {m['remove']:.4f} | "
                  f"{m['relabel']:.4f} | {rec['remove']:.2f} / {rec['relabel']:.2f} |")
    print()
imb = load("imbalance.json")
if imb:
    print(f"train counts {imb['trainCounts']}, imbalance ratio {imb['imbalanceRatio']:.1f}")
    print()
    print("| fix | minority recall (mean of 2, 4, 6) | majority recall | test accuracy |")
    print("|---|---|---|---|")
    for name, r in imb["runs"].items():
        print(f"| {name} | {r['minorityRecall']:.4f} | {r['majorityRecall']:.4f} | {r['testAccuracy']:.4f} |")
    print()
s = load("suite-time.json")
if s:
    print(f"whole suite: {s['wallSeconds']:.0f} s wall (load average after: {s['loadavgAfter']})")
PY
