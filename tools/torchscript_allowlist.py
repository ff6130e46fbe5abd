#!/usr/bin/env python3
"""Writes the operators a TorchScript classifier may call (src/main/resources/dev/kintsugi/model/torchscript-operators.txt).

Run from the repository root with Debian's python3-torch:  /usr/bin/python3 tools/torchscript_allowlist.py
It takes every aten:: and prim:: operator PyTorch registers and leaves out, by name, those that touch
the world outside the tensors (files, processes, the network, stdout, global state) or that build tensors
over memory they do not own. The result is an allow-list: an operator not on it (a newer one, a custom
namespace, anything this script dropped) is refused by TorchScriptAudit before the model is loaded.
"""
import re

import torch

DENIED = re.compile(
    r"from_file|save|load|pickle|serial"           # files
    r"|rpc|PythonOp|fork|wait|[Aa]wait|Future|RRef"  # processes, threads, the network, Python callbacks
    r"|Print"                                        # the terminal (warnings go through PyTorch's handler)
    r"|manual_seed|seed|set_grad_enabled|_set_|^set_|set_data|cache"  # global state, storage swaps
    r"|unsafe|sparse|_nested|from_buffer|storage|data_ptr|_local_scalar"  # tensors over foreign memory
    r"|profile|_test_|cuda|cudnn|miopen|mps|vulkan|metal|Fusion|Capsule|Enter|Exit")
lines = []
for name in sorted({s.name for s in torch._C._jit_get_all_schemas()}):
    namespace, op = name.split("::", 1)
    if namespace in ("aten", "prim") and not DENIED.search(op):
        lines.append(name)
with open("src/main/resources/dev/kintsugi/model/torchscript-operators.txt", "w") as f:
    f.write("# Operators a TorchScript model may call; written by tools/torchscript_allowlist.py from PyTorch "
            + torch.__version__ + ". Do not edit by hand.\n")
    f.write("\n".join(lines) + "\n")
print(len(lines), "operators allowed")
