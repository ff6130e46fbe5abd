#!/usr/bin/env python3
"""Convolution input/weight gradients against float64, for the shapes that DJL's PyTorch 2.7.1 natives
(oneDNN 3.7.1) get wrong on AVX-512/AVX2 (docs/DETERMINISM.md). Run with Debian's torch:

    /usr/bin/python3 tools/conv_grad_check.py          # default ISA
    ONEDNN_MAX_CPU_ISA=SSE41 /usr/bin/python3 tools/conv_grad_check.py

Prints the worst absolute error per shape; errors of order 1 mean the kernel is faulty.
"""
import torch

SHAPES = [  # batch, in channels, out channels, size, stride
    (4, 1, 3, 8, 1), (4, 8, 8, 8, 1), (16, 8, 8, 14, 1), (16, 8, 24, 8, 1), (16, 16, 6, 8, 1), (16, 8, 16, 14, 1)]

torch.manual_seed(0)
print("torch", torch.__version__, "| threads", torch.get_num_threads())
for n, ci, co, hw, st in SHAPES:
    x = torch.rand(n, ci, hw, hw) * 2 - 1
    w = torch.rand(co, ci, 3, 3) * 2 - 1
    xr, wr = x.clone().requires_grad_(True), w.clone().requires_grad_(True)
    z = torch.nn.functional.conv2d(xr, wr, padding=1, stride=st)
    s = torch.rand_like(z) * 2 - 1
    (z * s).sum().backward()
    xd, wd = x.double().requires_grad_(True), w.double().requires_grad_(True)
    zd = torch.nn.functional.conv2d(xd, wd, padding=1, stride=st)
    (zd * s.double()).sum().backward()
    print(f"n{n} ci{ci} co{co} {hw}x{hw} stride {st}: forward {(z.double() - zd).abs().max().item():.2e}  "
          f"input grad {(xr.grad.double() - xd.grad).abs().max().item():.2e}  "
          f"weight grad {(wr.grad.double() - wd.grad).abs().max().item():.2e}")
