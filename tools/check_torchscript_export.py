#!/usr/bin/python3
"""Checks, in PyTorch itself, a TorchScript file Kintsugi wrote (`repair`/`train --export torchscript`).

    /usr/bin/python3 tools/check_torchscript_export.py OUT/model.pt [ORIGINAL.pt]

Reads the export's sidecar OUT/model.pt.json: Kintsugi ran the fixed model on `check.samples` inputs drawn with
java.util.Random(check.seed).nextFloat(), row-major [samples, *inputShape], and kept its logits. This script draws
the same inputs (java.util.Random's 48-bit LCG, reimplemented below), normalises them as the sidecar declares,
runs the file with torch.jit.load in eval mode, and compares. With ORIGINAL.pt it also prints how far the original
module's logits are from the export's, so a check that passes is not a check of an unchanged model.

Exit status 0 when every logit is within 1e-4 of Kintsugi's and every predicted class is the same, else 1.
"""
import json
import sys

import torch

TOLERANCE = 1e-4
MULTIPLIER = 0x5DEECE66D
MASK = (1 << 48) - 1


def java_floats(seed, count):
    """java.util.Random(seed).nextFloat(), count times."""
    state = (seed ^ MULTIPLIER) & MASK
    out = []
    for _ in range(count):
        state = (state * MULTIPLIER + 0xB) & MASK
        out.append((state >> (48 - 24)) / float(1 << 24))
    return out


def logits(module, x):
    module.eval()
    with torch.no_grad():
        return module(x)


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    exported = sys.argv[1]
    with open(exported + ".json") as f:
        sidecar = json.load(f)
    if sidecar.get("format") != "torchscript" or "check" not in sidecar:
        print(exported + ".json is not the sidecar of a TorchScript export with a check", file=sys.stderr)
        return 2
    check = sidecar["check"]
    shape = list(sidecar["inputShape"])
    n = int(check["samples"])
    per = 1
    for s in shape:
        per *= s
    x = torch.tensor(java_floats(int(check["seed"]), n * per), dtype=torch.float32).reshape([n] + shape)
    norm = sidecar.get("normalization")
    if norm:
        x = (x - norm["mean"]) / norm["std"]

    out = logits(torch.jit.load(exported), x)
    expected = torch.tensor(check["logits"], dtype=torch.float32).reshape(out.shape)
    diff = (out - expected).abs().max().item()
    same = int((out.argmax(1) == expected.argmax(1)).sum().item())
    print("torch %s: %s loads; max |PyTorch - Kintsugi| = %.3g over %d inputs; same class on %d of %d"
          % (torch.__version__, exported, diff, n, same, n))
    if len(sys.argv) == 3:
        before = logits(torch.jit.load(sys.argv[2]), x)
        print("original %s: max |original - export| = %.3g; same class on %d of %d"
              % (sys.argv[2], (before - out).abs().max().item(), int((before.argmax(1) == out.argmax(1)).sum()), n))
    return 0 if diff <= TOLERANCE and same == n else 1


if __name__ == "__main__":
    sys.exit(main())
