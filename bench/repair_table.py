#!/usr/bin/env python3
"""Aggregates bench/repair.sh's runs into the study-style table: mean and spread over the originals."""
import glob
import json
import os
import statistics
import sys

# The study's MNIST / LeNet5 row per approach (reference/metrics.md): ACC, RR, NFR, ASR, time.
STUDY = {
    "apricot": ("99.06", "73.97", "0.39", "23.17", "13h46m"),
    "fsgmix": ("98.05", "17.78", "0.25", "82.33", "9m05s"),
    "deeprepair": ("98.01", "22.54", "0.37", "84.77", "1h10m"),
    "hudd": ("98.63", "50.79", "0.33", "86.53", "1m05s"),
    "hybridrepair": ("98.00", "27.30", "0.53", "79.10", "17m12s"),
    "arachne": ("97.75", "12.70", "0.41", "85.73", "1m12s"),
    "care": ("97.59", "13.97", "0.61", "81.00", "4m28s"),
    "irepair": ("98.06", "15.56", "0.23", "83.77", "17m00s"),
    "genmunn": ("97.95", "3.49", "0.03", "81.10", "4h26m"),
    "inner": ("96.59", "21.90", "1.77", "99.70", "0m35s"),
    "finetune": ("-", "-", "-", "-", "-"),
    "pct": ("-", "-", "-", "-", "-"),
    "3m": ("97.90", "0.00", "0.00", "81.93", "0m17s"),
}
ORDER = ["finetune", "apricot", "et", "fsgmix", "deeprepair", "hudd", "hybridrepair", "arachne", "care", "nr", "irepair", "genmunn", "inner", "vere", "pct", "3m", "reassure"]


def fmt(values, digits=2):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def main(root):
    rows = {}
    originals = {}
    for path in sorted(glob.glob(os.path.join(root, "*-seed*-guard*", "comparison.json"))):
        run = os.path.basename(os.path.dirname(path))
        approach, rest = run.split("-seed")
        seed, guard = rest.split("-guard")
        c = json.load(open(path))["comparison"]
        ch = c["changes"][0]
        k = ch["correctness"]
        rob = c.get("robustness") or {}
        fixed_asr = (rob.get("fixed") or {}).get(ch["name"], {}).get("ratePercent")
        orig_asr = (rob.get("original") or {}).get("ratePercent")
        prov = json.load(open(os.path.join(os.path.dirname(path), "model", "provenance.json")))
        rows.setdefault((approach, guard), []).append({
            "acc": 100 * k["accuracyFixed"], "dacc": (k["accuracyChange"] or {}).get("percent"),
            "rr": k["repairRatePercent"], "nfr": k["negativeFlipRatePercent"], "asr": fixed_asr,
            "dasr": (ch.get("asrImprovement") or {}).get("percent"),
            "time": prov.get("wallTimeSeconds"), "rss": (prov.get("peakRssBytes") or 0) / 2**20,
            "kept": "returning the original" in (prov.get("parameters", {}).get("guard") or ""),
        })
        originals[seed] = (100 * k["accuracyOriginal"], orig_asr)
    print(f"Originals (LeNet-5, study layout, 5 epochs): " + ", ".join(
        f"seed {s}: ACC {a:.2f}%, ASR {r:.2f}%" for s, (a, r) in sorted(originals.items()) if r is not None))
    print()
    print("| approach | guard | runs | ACC % | ⇑ACC | RR % | NFR % | ASR % | ⇑ASR | time s | peak RSS MiB |"
          " kept original | study ACC / RR / NFR / ASR / time (MNIST) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for approach in ORDER:
        for guard in ["none", "0.5"]:
            runs = rows.get((approach, guard))
            if not runs:
                continue
            col = lambda key: [r[key] for r in runs]
            s = STUDY.get(approach)
            print(f"| {approach} | {'off' if guard == 'none' else 'NFR ≤ ' + guard + '%'} | {len(runs)} | "
                  f"{fmt(col('acc'))} | {fmt(col('dacc'))} | {fmt(col('rr'))} | {fmt(col('nfr'))} | "
                  f"{fmt(col('asr'))} | {fmt(col('dasr'))} | {fmt(col('time'), 1)} | {fmt(col('rss'), 0)} | "
                  f"{sum(r['kept'] for r in runs)} | {' / '.join(s) if s else ''} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
