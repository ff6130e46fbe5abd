#!/usr/bin/python3
"""A TorchScript model with a declared head: the fixture of last-layer repairs on TorchScript.

    /usr/bin/python3 tools/make_torchscript_head.py [OUT_DIR]   # default src/test/resources/fixtures/outside

Takes the LeNet-5 that tools/make_outside_models.py trained (its lenet5.pt: the same weights, no training here)
and traces it with a second method, penultimate(x), the input of its last linear layer `classifier.5`; this is
the convention Kintsugi's `--head-layer NAME` (or "head" in the declaration) relies on:
forward(x) == penultimate(x) @ NAME.weight.T + NAME.bias. Writes
  lenet5-head.pt        forward(x) as lenet5.pt computes it, and penultimate(x) [N, 84]
  lenet5-head.pt.json   the input declaration, with "head": "classifier.5"
  lenet5-wronghead.pt   the same with a penultimate(x) that skips the last ReLU (Kintsugi must refuse it)
  tiny-bn.pt (+ .json)  an untrained scripted conv + BatchNorm2d classifier (seeded): training mode must reach its
                        batch norm (tracing would bake eval mode in; scripting keeps self.training)
and prints, from PyTorch, how far forward is from the head applied to penultimate, and from lenet5.pt.
"""
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_outside_models import CLASSES, LeNet5  # noqa: E402  (the class lenet5.pt was trained as)

OUT = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/fixtures/outside"
HEAD = "classifier.5"


class LeNet5WithHead(LeNet5):
    def penultimate(self, x):
        return self.classifier[:-1](self.features(x))


class LeNet5WrongHead(LeNet5):
    """A broken declaration for the load check: penultimate stops before the last ReLU, so the shapes fit the
    head but forward is not the head applied to it."""
    def penultimate(self, x):
        return self.classifier[:-2](self.features(x))


def main():
    torch.manual_seed(0)
    original = torch.jit.load(os.path.join(OUT, "lenet5.pt"))
    model = LeNet5WithHead()
    model.load_state_dict(original.state_dict())
    model.eval()
    probe = torch.rand(8, 1, 28, 28)
    traced = torch.jit.trace_module(model, {"forward": probe, "penultimate": probe})
    path = os.path.join(OUT, "lenet5-head.pt")
    traced.save(path)
    with open(path + ".json", "w") as f:
        json.dump({"inputShape": [1, 28, 28], "classNames": CLASSES, "bounds": [0, 1], "head": HEAD}, f, indent=1)
        f.write("\n")

    wrong = LeNet5WrongHead()
    wrong.load_state_dict(original.state_dict())
    wrong.eval()
    torch.jit.trace_module(wrong, {"forward": probe, "penultimate": probe}).save(
        os.path.join(OUT, "lenet5-wronghead.pt"))

    torch.manual_seed(1)
    bn = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                       nn.Flatten(), nn.Linear(4, 10))
    bn.eval()
    torch.jit.script(bn).save(os.path.join(OUT, "tiny-bn.pt"))
    with open(os.path.join(OUT, "tiny-bn.pt.json"), "w") as f:
        json.dump({"inputShape": [1, 28, 28], "classNames": CLASSES, "bounds": [0, 1]}, f, indent=1)
        f.write("\n")

    back = torch.jit.load(path)
    back.eval()
    state = back.state_dict()
    with torch.no_grad():
        out = back(probe)
        via_head = back.penultimate(probe) @ state[HEAD + ".weight"].T + state[HEAD + ".bias"]
        print("max |forward - head(penultimate)| = %.3g" % (out - via_head).abs().max().item())
        print("max |lenet5-head.pt - lenet5.pt|  = %.3g" % (out - original(probe)).abs().max().item())


if __name__ == "__main__":
    main()
