#!/usr/bin/python3
"""Plain-PyTorch baseline for Kintsugi's foundation benchmark (FoundationBenchmark.java).

Same data sizes, architectures, normalisation, initialisation and recipe as the Java side:
Fashion-MNIST from the Debian package, 54k training images drawn stratified (90% of each class) from
the training file, 5k test images (50% of each class) from the test file; Adam lr 1e-3, batch 128,
reshuffled every epoch; inputs normalised inside the model by the training split's scalar mean/std.

Initialisation: DJL's default XavierInitializer is uniform, factor "avg", magnitude 6, i.e.
U(-b, b) with b = sqrt(6 / ((fan_in + fan_out) / 2)) = sqrt(12 / (fan_in + fan_out)); that is
PyTorch's xavier_uniform_ with gain sqrt(2). Biases start at 0, as Kintsugi's bias-init default.

Like Kintsugi's Trainer, every batch reads back its loss and its number of correct predictions, so
both sides do the same bookkeeping. Prints one JSON object on stdout.

Usage: bench/pytorch_baseline.py [--epochs 5] [--threads N] [--seed 0] [--models mlp,lenet5] [--json PATH]
"""
import argparse
import gzip
import json
import math
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DATA_DIR = "/usr/share/datasets/fashion-mnist"
TRAIN_FRACTION = 0.9  # of the training file; the rest is the validation split, unused here
TEST_FRACTION = 0.5  # of the test file; the rest is the repair split
BATCH = 128
FORWARD_BATCH = 256
FORWARD_PASSES = 3


def read_idx(path, magic, header):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        raise ValueError(f"{path}: magic {found:#x}, expected {magic:#x}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


def read_file(prefix):
    images = read_idx(os.path.join(DATA_DIR, f"{prefix}-images-idx3-ubyte.gz"), 0x803, 16)
    labels = read_idx(os.path.join(DATA_DIR, f"{prefix}-labels-idx1-ubyte.gz"), 0x801, 8)
    x = images.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    return x, labels.astype(np.int64)


def stratified(labels, fraction, rng):
    """Indices of the first part: round(fraction * count) of each class, ascending."""
    chosen = []
    for c in range(10):
        members = np.flatnonzero(labels == c)
        rng.shuffle(members)
        chosen.append(members[: int(round(fraction * len(members)))])
    return np.sort(np.concatenate(chosen))


class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = mean
        self.std = std

    def forward(self, x):
        return (x - self.mean) / self.std


def build(name, mean, std):
    if name == "mlp":
        layers = [nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)]
    elif name == "lenet5":
        # As Kintsugi's zoo default (variant=classic, LeCun 1998 with ReLU and max-pooling): 400 flattened features.
        layers = [nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                  nn.MaxPool2d(2, 2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                  nn.Linear(84, 10)]
    elif name == "cnnbn":
        # Kintsugi's zoo "cnn" with channels=16,32, kernel=3, hidden=128, batchnorm=true: conv, batch norm, ReLU,
        # max-pool per channel count, then dense 128 with batch norm. DJL's BatchNorm (momentum 0.9 on the running
        # value, eps 1e-5) is PyTorch's default (momentum 0.1 on the batch value).
        layers = [nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2, 2),
                  nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                  nn.Linear(32 * 7 * 7, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Linear(128, 10)]
    else:
        raise ValueError(f"unknown model {name}")
    model = nn.Sequential(Normalize(mean, std), *layers)
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight, gain=math.sqrt(2))
            nn.init.zeros_(m.bias)
    return model


PHASES = ("data", "forward", "backward", "readback", "optimiser")


class PhaseClock:
    """Wall and process-CPU seconds per phase of a step, as Kintsugi's StepPhases (--phases)."""

    def __init__(self):
        self.wall = dict.fromkeys(PHASES, 0.0)
        self.cpu = dict.fromkeys(PHASES, 0.0)
        self.steps = 0
        self.last = None

    def begin(self):
        self.last = (time.perf_counter(), time.process_time())

    def mark(self, phase):
        now = (time.perf_counter(), time.process_time())
        self.wall[phase] += now[0] - self.last[0]
        self.cpu[phase] += now[1] - self.last[1]
        self.last = now

    def per_step_ms(self, d):
        return {k: 1e3 * v / max(1, self.steps) for k, v in d.items()}


def train_epoch(model, optimizer, x, y, generator, clock=None):
    model.train()
    order = torch.randperm(len(y), generator=generator)
    loss_sum, correct = 0.0, 0
    mark = clock.mark if clock else (lambda phase: None)
    for start in range(0, len(y), BATCH):
        if clock:
            clock.begin()
        idx = order[start:start + BATCH]
        xb, yb = x[idx], y[idx]
        mark("data")
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        mark("forward")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        mark("backward")
        # read back before the step, as Kintsugi's trainer does (its listeners see the loss before the update)
        loss_sum += loss.item() * len(idx)
        correct += int((logits.argmax(1) == yb).sum().item())
        mark("readback")
        optimizer.step()
        mark("optimiser")
        if clock:
            clock.steps += 1
    return loss_sum / len(y), correct / len(y)


@torch.no_grad()
def probabilities(model, x):
    model.eval()
    out = np.empty((len(x), 10), dtype=np.float32)
    for start in range(0, len(x), FORWARD_BATCH):
        out[start:start + FORWARD_BATCH] = model(x[start:start + FORWARD_BATCH]).softmax(1).numpy()
    return out


def forward_throughput(model, x):
    probabilities(model, x)  # warm-up
    rates = []
    for _ in range(FORWARD_PASSES):
        t0 = time.perf_counter()
        probabilities(model, x)
        rates.append(len(x) / (time.perf_counter() - t0))
    return statistics.median(rates)


def run_model(name, data, epochs, seed, phases=False):
    x_train, y_train, x_test, y_test, x_test_file, mean, std = data
    torch.manual_seed(seed)
    model = build(name, mean, std)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(seed)
    seconds = []
    clock = PhaseClock() if phases else None
    cpu_start = time.process_time()
    for _ in range(epochs):
        t0 = time.perf_counter()
        train_epoch(model, optimizer, x_train, y_train, generator, clock)
        seconds.append(time.perf_counter() - t0)
    cpu_per_epoch = (time.process_time() - cpu_start) / epochs
    accuracy = float((probabilities(model, x_test).argmax(1) == y_test.numpy()).mean())
    steady = seconds[1:] if len(seconds) > 1 else seconds
    if clock:
        wall, cpu = clock.per_step_ms(clock.wall), clock.per_step_ms(clock.cpu)
        print(f"{name}, {torch.get_num_threads()} threads: where a training step's time goes", file=sys.stderr)
        print(f"{'phase':10s} {'wall ms/step':>12s} {'CPU ms/step':>12s}", file=sys.stderr)
        for k in PHASES:
            print(f"{k:10s} {wall[k]:12.3f} {cpu[k]:12.3f}", file=sys.stderr)
        print(f"{'step':10s} {sum(wall.values()):12.3f} {sum(cpu.values()):12.3f}  ({clock.steps} steps)", file=sys.stderr)
    return {
        "model": name,
        "parameters": sum(p.numel() for p in model.parameters()),
        "epochSeconds": seconds,
        "firstEpochSeconds": seconds[0],
        "medianEpochSeconds": statistics.median(steady),
        "cpuSecondsPerEpoch": cpu_per_epoch,  # all threads; steadier than wall time on a shared machine
        "testAccuracy": accuracy,
        "forwardImages": len(x_test_file),
        "forwardImagesPerSecond": forward_throughput(model, x_test_file),
        "phaseWallMillis": clock.per_step_ms(clock.wall) if clock else None,
        "phaseCpuMillis": clock.per_step_ms(clock.cpu) if clock else None,
    }


def load(seed):
    rng = np.random.default_rng(seed)
    x_file, y_file = read_file("train")
    t_file, ty_file = read_file("t10k")
    train = stratified(y_file, TRAIN_FRACTION, rng)
    test = stratified(ty_file, TEST_FRACTION, rng)
    x_train = x_file[train]
    mean = float(x_train.astype(np.float64).mean())
    std = float(x_train.astype(np.float64).std())
    return (torch.from_numpy(x_train), torch.from_numpy(y_file[train]), torch.from_numpy(t_file[test]),
            torch.from_numpy(ty_file[test]), torch.from_numpy(t_file), mean, std)


def loaded_blas():
    """The BLAS library this process actually mapped (Debian's libblas.so.3 alternative, or LD_LIBRARY_PATH's)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "libblas" in line or "openblas" in line}
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "none"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--models", default="mlp,lenet5")
    parser.add_argument("--json", help="also write the JSON here")
    parser.add_argument("--phases", action="store_true", help="time each phase of a step (stderr, JSON)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)  # as Kintsugi's Engines
    data = load(args.seed)
    result = {
        "implementation": "pytorch",
        "pytorchVersion": torch.__version__,
        "numpyVersion": np.__version__,
        "blas": loaded_blas(),
        "threads": torch.get_num_threads(),
        "epochs": args.epochs,
        "batchSize": BATCH,
        "seed": args.seed,
        "data": f"fashion-mnist: train {len(data[1])} / test {len(data[3])} / test file {len(data[4])}",
        "models": [run_model(m, data, args.epochs, args.seed, args.phases) for m in args.models.split(",")],
        "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    text = json.dumps(result, indent=2)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
