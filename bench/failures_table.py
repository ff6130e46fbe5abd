#!/usr/bin/env python3
"""Tables for docs/BENCHMARKS.md from bench/failures.sh's output folder."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]


def pct(v):
    return f"{100 * v:.2f}"


def read_seconds(name):
    path = os.path.join(out, name)
    return float(open(path).read().split()[-1]) if os.path.exists(path) else float("nan")


runs = []
for path in sorted(glob.glob(os.path.join(out, "mitigate-seed*", "failures.json"))):
    seed = path.split("mitigate-seed")[1].split(os.sep)[0]
    runs.append((seed, json.load(open(path))["study"]))

print("### Debug-heldout and test accuracy (%), ours vs Random_debugging\n")
print("| seed | original test | failures (repair) | ours test | ours Δtest | ours heldout | ours seed "
      "| random test | random Δtest | random heldout | random seed | gain ratio | describer acc |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
gains, rgains, dtests, rdtests = [], [], [], []
for seed, s in runs:
    rows = {r["model"]: r for r in s["accuracy"]}
    o, u, r = rows["original"], rows["ours"], rows["random"]
    g, rg = u["debugHeldout"] - o["debugHeldout"], r["debugHeldout"] - o["debugHeldout"]
    gains.append(g)
    rgains.append(rg)
    dtests.append(u["test"] - o["test"])
    rdtests.append(r["test"] - o["test"])
    ratio = f"{g / rg:.1f}×" if rg > 0 else "n/a"
    print(f"| {seed} | {pct(o['test'])} | {s['debugSet']['failures']} | {pct(u['test'])} | {pct(u['test'] - o['test'])} "
          f"| {pct(u['debugHeldout'])} | {pct(u['debugSeed'])} | {pct(r['test'])} | {pct(r['test'] - o['test'])} "
          f"| {pct(r['debugHeldout'])} | {pct(r['debugSeed'])} | {ratio} | {pct(s['describerAccuracy']['accuracy'])} |")
if runs:
    mg, mr = statistics.mean(gains), statistics.mean(rgains)
    print(f"| mean | | | | {pct(statistics.mean(dtests))} | {pct(mg)} | | | {pct(statistics.mean(rdtests))} "
          f"| {pct(mr)} | | {mg / mr:.1f}× |  |" if mr > 0 else "")

print("\n### λ sweep (head retraining; mean over seeds, %)\n")
if runs:
    lambdas = [p["lambda"] for p in runs[0][1]["lambdaSweep"]]
    print("| λ | test | debug-seed | debug-heldout |")
    print("| ---: | ---: | ---: | ---: |")
    for i, lam in enumerate(lambdas):
        pts = [s["lambdaSweep"][i] for _, s in runs]
        print(f"| {lam:g} | {pct(statistics.mean(p['test'] for p in pts))} "
              f"| {pct(statistics.mean(p['debugSeed'] for p in pts))} "
              f"| {pct(statistics.mean(p['debugHeldout'] for p in pts))} |")

print("\n### Wall time per step (s; mean over seeds)\n")
if runs:
    steps = list(runs[0][1]["seconds"].keys())
    print("| train LeNet-5 | " + " | ".join(steps) + " | whole `failures mitigate` |")
    print("| ---: " * (len(steps) + 2) + "|")
    train = statistics.mean(read_seconds(f"train-seed{seed}.seconds") for seed, _ in runs)
    whole = statistics.mean(read_seconds(f"mitigate-seed{seed}.seconds") for seed, _ in runs)
    print(f"| {train:.1f} | " + " | ".join(f"{statistics.mean(s['seconds'][k] for _, s in runs):.1f}" for k in steps)
          + f" | {whole:.1f} |")

group = os.path.join(out, "group", "group.json")
if os.path.exists(group):
    g = json.load(open(group))["group"]
    print("\n### Group: failure IoU and collective debugging\n")
    print(f"Mean failure IoU within a family {g['meanIouSameFamily']:.3f}, across families "
          f"{g['meanIouOtherFamilies']:.3f}. Mean relative accuracy (collective / individual) "
          f"{pct(g['meanRelative'])}% over all models, {pct(g['meanRelativeNonRepresentatives'])}% over the models "
          f"that did not supply the images (type 2); {pct(g['meanRelativePooled'])}% with every member's failures "
          f"pooled (type 1). Group wall time {read_seconds('group.seconds'):.0f} s "
          f"({', '.join(f'{k} {v:.0f} s' for k, v in g['seconds'].items())}).\n")
    print("| model | test % | failures | individual heldout % | type 1 heldout % | type 1 relative % "
          "| type 2 from | type 2 heldout % | type 2 relative % |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for m in g["collective"]:
        print(f"| {m['name']} | {pct(m['testAccuracy'])} | {m['failures']} | {pct(m['individual'])} "
              f"| {pct(m['pooled'])} | {pct(m['relativePooled'])} | {m['representative']} "
              f"| {pct(m['collective'])} | {pct(m['relative'])} |")
