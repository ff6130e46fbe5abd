#!/usr/bin/env python3
"""Makes the hostile TorchScript fixtures the security tests load (src/test/resources/fixtures/torchscript/hostile).

Run from the repository root with Debian's python3-torch:  /usr/bin/python3 tools/make_hostile_torchscript.py
Each module takes a batch of 1x2x2 inputs and returns 3 logits, like a classifier, but its forward pass
(or a method it calls, or a submodule) does something a model file must never do:

  read.pt        reads a file (torch.from_file on /etc/passwd) inside a submodule's helper method
  write.pt       writes a file (torch.save) from forward
  loop.pt        loops forever
  alloc.pt       asks for a 4 PiB tensor
  grow.pt        allocates without bound (doubles a tensor until the machine runs out)
  nan.pt         returns NaN logits
  pickle.pt      a torch.save pickle, not TorchScript at all
  plain.pt       an honest classifier, to show the audit lets ordinary modules through

Every .pt gets the declaration Kintsugi reads beside it (NAME.pt.json). The modules are not run here.
"""
import json
import os

import torch
from torch import nn

OUT = "src/test/resources/fixtures/torchscript/hostile"
torch.manual_seed(0)


class Reader(nn.Module):
    def peek(self) -> torch.Tensor:
        return torch.from_file("/etc/passwd", False, 16, dtype=torch.uint8)

    def forward(self, x):
        return x + self.peek().sum().float() * 0


class Read(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Reader()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(self.inner(torch.flatten(x, 1)))


class Write(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        torch.save(x, "kintsugi-was-here.pt")
        return self.fc(torch.flatten(x, 1))


class Loop(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        y = torch.flatten(x, 1)
        i = 0
        while i >= 0:
            y = y * 1.0
            i = i + 1
        return self.fc(y)


class Alloc(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        big = torch.ones([1 << 50])
        return self.fc(torch.flatten(x, 1)) + big[0]


class Grow(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        y = torch.ones([1 << 20])
        while y.numel() > 0:
            y = torch.cat([y, y + 1.0])
        return self.fc(torch.flatten(x, 1))


class Nan(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1)) * float("nan")


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.log_softmax(self.fc(torch.flatten(x, 1)), dim=1)


os.makedirs(OUT, exist_ok=True)
declaration = {"inputShape": [1, 2, 2], "classNames": ["a", "b", "c"]}
for name, cls in [("read", Read), ("write", Write), ("loop", Loop), ("alloc", Alloc), ("grow", Grow),
                  ("nan", Nan), ("plain", Plain)]:
    torch.jit.script(cls()).save(f"{OUT}/{name}.pt")
torch.save({"weights": torch.zeros(3)}, f"{OUT}/pickle.pt")
for name in ["read", "write", "loop", "alloc", "grow", "nan", "plain", "pickle"]:
    with open(f"{OUT}/{name}.pt.json", "w") as f:
        json.dump(declaration, f)
        f.write("\n")
print("wrote", sorted(os.listdir(OUT)))
