#!/usr/bin/python3
"""Renders the foundation benchmark's Markdown table from bench/foundation.sh's measurements and the JSON
results of every run. Usage: foundation_report.py FACTS.json KINTSUGI-1.json [KINTSUGI-2.json ...] --
PYTORCH-1.json [...] (FACTS: machine, versions, start-up seconds, /usr/bin/time peak RSS, the exact commands).

With several runs a side (--repeats), each figure is the median over runs, with the worst run beside it:
a bimodal slowdown shows as a worst far from the median."""
import json
import statistics
import sys

# Targets the table is judged against (docs/BENCHMARKS.md, issue 21).
LENET_ACCURACY_TARGET = 0.89
MEDIAN_RATIO_TARGET = 1.1
WORST_RATIO_TARGET = 1.3
RSS_TARGET_BYTES = 2 * 1000 ** 3


def mib(n):
    return f"{n / 1024 ** 2:.0f} MiB"


def verdict(ok):
    return "yes" if ok else "**no**"


def by_model(runs):
    """model -> list of that model's results, one per run."""
    out = {}
    for run in runs:
        for m in run["models"]:
            out.setdefault(m["model"], []).append(m)
    return out


def spread(values, fmt="{:.2f}"):
    """'median (worst)' of values where larger is worse; just the value for one run."""
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(statistics.median(values))} ({fmt.format(max(values))})"


def main():
    args = sys.argv[1:]
    split = args.index("--")
    facts = json.load(open(args[0]))
    kintsugi_runs = [json.load(open(p)) for p in args[1:split]]
    pytorch_runs = [json.load(open(p)) for p in args[split + 1:]]
    k0 = kintsugi_runs[0]
    ours, theirs = by_model(kintsugi_runs), by_model(pytorch_runs)
    runs = f"{len(kintsugi_runs)} runs a side, alternating" if len(kintsugi_runs) > 1 else "one run a side"
    out = [f"### Foundation benchmark: Kintsugi vs plain PyTorch ({facts['date']})", "",
           f"Fashion-MNIST, train {k0['data']}; Adam lr 1e-3, batch {k0['batchSize']}, "
           f"{k0['epochs']} epochs, seed {k0['seed']}, {k0['threads']} threads on both sides; {runs}. "
           "Epoch: a run's median of epochs 2..E; with several runs, the median over runs and, in brackets, "
           "the worst run. CPU: process CPU seconds (all threads, user + system) per training epoch, steadier "
           "than wall time when the machine is shared; sys: its system part. Forward: images/s over the 10k "
           "test-file images, batch 256.", "",
           "| model | Kintsugi epoch (s) | PyTorch epoch (s) | ratio K/P, median (worst) | Kintsugi CPU s/epoch "
           "| Kintsugi sys s/epoch | PyTorch CPU s/epoch | Kintsugi test acc | PyTorch test acc "
           "| Kintsugi fwd img/s | PyTorch fwd img/s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ratios = {}
    for model, ms in ours.items():
        ps = theirs[model]
        k_epochs = [m["medianEpochSeconds"] for m in ms]
        p_epochs = [m["medianEpochSeconds"] for m in ps]
        p_median = statistics.median(p_epochs)
        ratios[model] = (statistics.median(k_epochs) / p_median, max(k_epochs) / p_median)
        accs = sorted({f"{m['testAccuracy']:.4f}" for m in ms})
        p_accs = sorted({f"{m['testAccuracy']:.4f}" for m in ps})
        out.append(f"| {model} | {spread(k_epochs)} | {spread(p_epochs)} "
                   f"| {ratios[model][0]:.2f} ({ratios[model][1]:.2f}) "
                   f"| {spread([m['cpuSecondsPerEpoch'] for m in ms])} "
                   f"| {spread([m.get('systemCpuSecondsPerEpoch', float('nan')) for m in ms])} "
                   f"| {spread([m['cpuSecondsPerEpoch'] for m in ps])} "
                   f"| {' / '.join(accs)} | {' / '.join(p_accs)} "
                   f"| {statistics.median(m['forwardImagesPerSecond'] for m in ms):.0f} "
                   f"| {statistics.median(m['forwardImagesPerSecond'] for m in ps):.0f} |")
    rss = facts["kintsugiMaxRssBytes"]
    out += ["", "| | Kintsugi (JVM) | PyTorch (Python) |", "|---|---:|---:|",
            f"| peak RSS, whole process, worst run (`/usr/bin/time -v`) | {mib(rss)} "
            f"| {mib(facts['pytorchMaxRssBytes'])} |",
            f"| start-up: engine load + one LeNet-5, median of 3 (s) | {facts['startupSeconds']:.2f} | |", ""]
    out += ["| target | measured | met |", "|---|---|---|"]
    lenet = ours.get("lenet5")
    if lenet:
        acc = min(m["testAccuracy"] for m in lenet)
        out.append(f"| LeNet-5 test accuracy >= {LENET_ACCURACY_TARGET:.0%} after {k0['epochs']} epochs "
                   f"| {acc:.2%} | {verdict(acc >= LENET_ACCURACY_TARGET)} |")
    for model, (median, worst) in ratios.items():
        out.append(f"| {model}: Kintsugi epoch <= {MEDIAN_RATIO_TARGET}x PyTorch's (median) | {median:.2f}x "
                   f"| {verdict(median <= MEDIAN_RATIO_TARGET)} |")
        out.append(f"| {model}: worst Kintsugi run <= {WORST_RATIO_TARGET}x PyTorch's median | {worst:.2f}x "
                   f"| {verdict(worst <= WORST_RATIO_TARGET)} |")
    out.append(f"| peak RSS < 2 GB | {rss / 1000 ** 3:.2f} GB | {verdict(rss < RSS_TARGET_BYTES)} |")
    busy = facts["busyBefore"]
    others = facts["othersDuring"]
    out += ["", f"Machine: {facts['cpu']}, {facts['nproc']} cores (nproc), {facts['memory']} memory. "
            f"Other processes' share of the CPUs just before each run started: "
            f"{', '.join(busy) if isinstance(busy, list) else busy}; while it ran: "
            f"{', '.join(others) if isinstance(others, list) else others}.",
            f"Versions: Kintsugi {facts['commit']}, {facts['java']}, DJL {k0['djlVersion']}, "
            f"PyTorch {k0['pytorchVersion']} (Kintsugi) vs {facts['python']}, PyTorch "
            f"{pytorch_runs[0]['pytorchVersion']}, NumPy {pytorch_runs[0]['numpyVersion']}, "
            f"BLAS {pytorch_runs[0]['blas']} (baseline).",
            f"Command: `{facts['command']}`", "",
            f"- Kintsugi: `{facts['kintsugiCommand']}`", f"- PyTorch: `{facts['pytorchCommand']}`"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
