#!/usr/bin/python3
"""Renders the foundation benchmark's Markdown table from the two JSON results and bench/foundation.sh's
measurements. Usage: foundation_report.py KINTSUGI.json PYTORCH.json FACTS.json (FACTS: machine, versions,
start-up seconds, /usr/bin/time peak RSS of each process, the exact commands)."""
import json
import sys

# Targets the table is judged against (docs/BENCHMARKS.md).
LENET_ACCURACY_TARGET = 0.89
EPOCH_RATIO_TARGET = 1.2
RSS_TARGET_BYTES = 2 * 1000 ** 3


def mib(n):
    return f"{n / 1024 ** 2:.0f} MiB"


def verdict(ok):
    return "yes" if ok else "**no**"


def main():
    kintsugi, pytorch, facts = (json.load(open(p)) for p in sys.argv[1:4])
    theirs = {m["model"]: m for m in pytorch["models"]}
    out = [f"### Foundation benchmark: Kintsugi vs plain PyTorch ({facts['date']})", "",
           f"Fashion-MNIST, train {kintsugi['data']}; Adam lr 1e-3, batch {kintsugi['batchSize']}, "
           f"{kintsugi['epochs']} epochs, seed {kintsugi['seed']}, {kintsugi['threads']} threads on both sides. "
           "Epoch time: median of epochs 2..E (epoch 1 in brackets). Forward: images/s over the 10k test-file "
           "images, batch 256, median of 3 passes after a warm-up. CPU: process CPU seconds (all threads) per "
           "training epoch, steadier than wall time when the machine is shared.", "",
           "| model | Kintsugi epoch (s) | PyTorch epoch (s) | ratio K/P | Kintsugi CPU s/epoch | PyTorch CPU s/epoch "
           "| Kintsugi test acc | PyTorch test acc | Kintsugi fwd img/s | PyTorch fwd img/s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ratios = {}
    for m in kintsugi["models"]:
        p = theirs[m["model"]]
        ratios[m["model"]] = m["medianEpochSeconds"] / p["medianEpochSeconds"]
        out.append(f"| {m['model']} | {m['medianEpochSeconds']:.2f} ({m['firstEpochSeconds']:.2f}) "
                   f"| {p['medianEpochSeconds']:.2f} ({p['firstEpochSeconds']:.2f}) | {ratios[m['model']]:.2f} "
                   f"| {m['cpuSecondsPerEpoch']:.2f} | {p['cpuSecondsPerEpoch']:.2f} "
                   f"| {m['testAccuracy']:.4f} | {p['testAccuracy']:.4f} "
                   f"| {m['forwardImagesPerSecond']:.0f} | {p['forwardImagesPerSecond']:.0f} |")
    rss = facts["kintsugiMaxRssBytes"]
    out += ["", "| | Kintsugi (JVM) | PyTorch (Python) |", "|---|---:|---:|",
            f"| peak RSS, whole process (`/usr/bin/time -v`) | {mib(rss)} | {mib(facts['pytorchMaxRssBytes'])} |",
            f"| start-up: engine load + one LeNet-5, median of 3 (s) | {facts['startupSeconds']:.2f} | |", ""]
    lenet = next((m for m in kintsugi["models"] if m["model"] == "lenet5"), None)
    out += ["| target | measured | met |", "|---|---|---|"]
    if lenet:
        out.append(f"| LeNet-5 test accuracy >= {LENET_ACCURACY_TARGET:.0%} after {kintsugi['epochs']} epochs "
                   f"| {lenet['testAccuracy']:.2%} | {verdict(lenet['testAccuracy'] >= LENET_ACCURACY_TARGET)} |")
    for model, r in ratios.items():
        out.append(f"| {model}: Kintsugi epoch time <= {EPOCH_RATIO_TARGET}x PyTorch | {r:.2f}x "
                   f"| {verdict(r <= EPOCH_RATIO_TARGET)} |")
    out.append(f"| peak RSS < 2 GB | {rss / 1000 ** 3:.2f} GB | {verdict(rss < RSS_TARGET_BYTES)} |")
    out += ["", f"Machine: {facts['cpu']}, {facts['nproc']} cores (nproc), {facts['memory']} memory; "
            f"Other processes' share of the CPUs just before each side started: {facts['busyBefore']}; "
            f"while it ran: {facts['othersDuring']}.",
            f"Versions: Kintsugi {facts['commit']}, {facts['java']}, DJL {kintsugi['djlVersion']}, "
            f"PyTorch {kintsugi['pytorchVersion']} (Kintsugi) vs {facts['python']}, PyTorch "
            f"{pytorch['pytorchVersion']}, NumPy {pytorch['numpyVersion']}, BLAS {pytorch['blas']} (baseline).",
            f"Command: `{facts['command']}`", "",
            f"- Kintsugi: `{facts['kintsugiCommand']}`", f"- PyTorch: `{facts['pytorchCommand']}`"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
