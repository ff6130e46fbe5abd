#!/usr/bin/env python3
"""Prints the stability benchmark's table (markdown) from OUT/<vary>/stability.json files.

Times are each run's own training + test prediction wall time, summed over runs, so a study that was
killed and resumed is timed like one that ran straight through (start-up and data loading excluded)."""
import json
import pathlib
import statistics
import sys

root = pathlib.Path(sys.argv[1])
print("| vary | runs | test acc mean | std | min | max | collapsed runs | mean churn | churn min-max "
      "| always right | disagreed on | time per run (s, median) | sum of run times (s) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for f in sorted(root.glob("*/stability.json")):
    d = json.load(open(f))
    r = d["result"]
    a, g = r["accuracy"], r["agreement"]
    secs = sorted(run["seconds"] for run in r["runs"])
    median = statistics.median(secs)
    print(f"| {f.parent.name} | {a['runs']} | {a['mean']:.4f} | {a['std']:.4f} | {a['min']:.4f} | {a['max']:.4f} "
          f"| {r['collapsed']} | {100 * g['meanChurn']:.2f}% | {100 * g['minChurn']:.2f}-{100 * g['maxChurn']:.2f}% "
          f"| {100 * g['alwaysCorrect']:.2f}% | {100 * (1 - g['unanimous']):.2f}% | {median:.0f} "
          f"| {sum(secs):.0f} |")
