#!/usr/bin/env python3
"""Turns bench/repair.sh's two studies (unguarded and --max-nfr 0.5) into one table: every approach's mean
± standard deviation over the seeds, unguarded and guarded, beside the study's own MNIST / LeNet5 row.

Usage: bench/repair_table.py STUDY_DIR [STUDY_DIR...]   (each a `kintsugi study --out` folder)
"""
import glob
import json
import os
import statistics
import sys

# The study's MNIST / LeNet5 row (../shared/reference/approaches.md, "MNIST results"):
# ACC, RR, NFR, ASR, time. DTR and VERE were UNADAPTABLE there; finetune, pct and random are not in it.
STUDY = {
    "apricot": ("99.06", "73.97", "0.39", "23.17", "13h46m"),
    "et": ("99.04", "73.65", "0.41", "15.93", "78h16m"),
    "fsgmix": ("98.05", "17.78", "0.25", "82.33", "9m05s"),
    "deeprepair": ("98.01", "22.54", "0.37", "84.77", "1h10m"),
    "hudd": ("98.63", "50.79", "0.33", "86.53", "1m05s"),
    "hybridrepair": ("98.00", "27.30", "0.53", "79.10", "17m12s"),
    "3m": ("97.90", "0.00", "0.00", "81.93", "0m17s"),
    "reassure": ("97.96*", "6.67", "0.14", "89.20", "0m13s"),
    "arachne": ("97.75", "12.70", "0.41", "85.73", "1m12s"),
    "care": ("97.59", "13.97", "0.61", "81.00", "4m28s"),
    "nr": ("96.73", "9.84", "1.38", "79.53", "34m57s"),
    "irepair": ("98.06", "15.56", "0.23", "83.77", "17m00s"),
    "genmunn": ("97.95", "3.49", "0.03", "81.10", "4h26m"),
    "vere": ("UNADAPTABLE",),
    "inner": ("96.59", "21.90", "1.77", "99.70", "0m35s"),
}
ORDER = ["finetune", "apricot", "et", "fsgmix", "deeprepair", "hudd", "hybridrepair", "arachne", "care", "nr",
         "irepair", "genmunn", "inner", "vere", "pct", "3m", "reassure", "random"]


def fmt(values, digits=2):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def read_study(folder):
    plan = json.load(open(os.path.join(folder, "plan.json")))
    guard = plan.get("maxNfrPercent")
    cells = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(folder, "cells", "**", "*.json"),
                                                         recursive=True))]
    return guard, cells


def main(folders):
    rows = {}
    originals = {}
    guards = []
    for folder in folders:
        guard, cells = read_study(folder)
        guards.append(guard)
        for c in cells:
            rows.setdefault((c["approach"], guard), []).append(c)
            if c["status"] == "ok":
                originals[c["seed"]] = (c["accOriginal"], c["asrOriginal"])
    print("Originals (LeNet-5, study layout): " + ", ".join(
        f"seed {s}: ACC {a:.2f}%" + (f", ASR {r:.2f}%" if r is not None else "")
        for s, (a, r) in sorted(originals.items())))
    print()
    print("| approach | guard | ok / cells | ACC % | ⇑ACC | RR % | NFR % | ASR % | ⇑ASR | repair s (max) |"
          " kept original | study MNIST: ACC / RR / NFR / ASR / time |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    approaches = [a for a in ORDER if any(k[0] == a for k in rows)] + sorted(
        {k[0] for k in rows} - set(ORDER))
    for approach in approaches:
        for guard in guards:
            cells = rows.get((approach, guard))
            if not cells:
                continue
            ok = [c for c in cells if c["status"] == "ok"]
            col = lambda key: [c[key] for c in ok]
            kept = sum("returning the original" in (c.get("note") or "") for c in ok)
            times = col("repairSeconds")
            s = STUDY.get(approach)
            print(f"| {approach} | {'off' if guard is None else f'NFR ≤ {guard:g}%'} | {len(ok)} / {len(cells)} | "
                  f"{fmt(col('acc'))} | {fmt(col('dAcc'))} | {fmt(col('rr'))} | {fmt(col('nfr'))} | "
                  f"{fmt(col('asr'))} | {fmt(col('dAsr'))} | "
                  f"{fmt(times, 1)}{f' ({max(times):.0f})' if times else ''} | "
                  f"{kept if guard is not None else '-'} | {' / '.join(s) if s else ''} |")
    failed = [c for cs in rows.values() for c in cs if c["status"] != "ok"]
    if failed:
        print()
        for c in failed:
            print(f"- {c['approach']} seed {c['seed']} ({c['status']}): {c.get('note')}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["."])
