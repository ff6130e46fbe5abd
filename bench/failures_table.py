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

print("### Debug-heldout and test accuracy (%), ours vs the two Random_debugging baselines\n")
print("random: contexts uniform over all training contexts (the fair baseline); class-ctx: contexts from each "
      "class's own training distribution (the paper's, which repeats the split's bias). Ratios: ours' heldout gain "
      "over each baseline's.\n")
print("| seed | original test | failures (repair) | ours test | ours Δtest | ours heldout "
      "| random test | random Δtest | random heldout | class-ctx test | class-ctx heldout "
      "| ratio vs random | ratio vs class-ctx | describer acc |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
gains, rgains, cgains, dtests, rdtests = [], [], [], [], []


def ratio(a, b):
    return f"{a / b:.1f}×" if b > 0 else "n/a"


for seed, s in runs:
    rows = {r["model"]: r for r in s["accuracy"]}
    o, u, r = rows["original"], rows["ours"], rows["random"]
    c = rows.get("random-class-contexts")
    g, rg = u["debugHeldout"] - o["debugHeldout"], r["debugHeldout"] - o["debugHeldout"]
    cg = c["debugHeldout"] - o["debugHeldout"] if c else float("nan")
    gains.append(g)
    rgains.append(rg)
    cgains.append(cg)
    dtests.append(u["test"] - o["test"])
    rdtests.append(r["test"] - o["test"])
    print(f"| {seed} | {pct(o['test'])} | {s['debugSet']['failures']} | {pct(u['test'])} | {pct(u['test'] - o['test'])} "
          f"| {pct(u['debugHeldout'])} | {pct(r['test'])} | {pct(r['test'] - o['test'])} | {pct(r['debugHeldout'])} "
          f"| {pct(c['test']) if c else 'n/a'} | {pct(c['debugHeldout']) if c else 'n/a'} "
          f"| {ratio(g, rg)} | {ratio(g, cg) if c else 'n/a'} | {pct(s['describerAccuracy']['accuracy'])} |")
if runs:
    mg, mr, mc = statistics.mean(gains), statistics.mean(rgains), statistics.mean(cgains)
    print(f"| mean | | | | {pct(statistics.mean(dtests))} | {pct(mg)} | | {pct(statistics.mean(rdtests))} | {pct(mr)} "
          f"| | {pct(mc)} | {ratio(mg, mr)} | {ratio(mg, mc)} | |")

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
