#!/usr/bin/python3
"""Reference values for FocalDistillationTest: the focal-distillation loss of Yan et al. (CVPR 2021),
L = mean_i [CE(z_i, y_i) + lambda * (alpha + beta * 1[old right]) * D(z_i, z_old_i)], transcribed in
PyTorch independently of the Java, with its gradient with respect to the new outputs z.
Writes src/test/resources/fixtures/repair/focal_distillation.json. Run: /usr/bin/python3 tools/focal_distillation_reference.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(7)
n, k = 6, 4
z = (torch.randn(n, k) * 2).double()
ref = (torch.randn(n, k) * 2).double()
y = torch.tensor([0, 1, 2, 3, 1, 2])
y[:3] = ref.argmax(1)[:3]  # the original is right on the first three (at least)
right = (ref.argmax(1) == y).double()


def focal(z, distance, alpha, beta, lam, t):
    ce = F.cross_entropy(z, y)
    if distance == "lm":
        d = 0.5 * ((z - ref) ** 2).sum(1)
    else:
        # T^2 * KL(softmax(ref/T) || softmax(z/T)), per sample
        d = F.kl_div(F.log_softmax(z / t, 1), F.log_softmax(ref / t, 1), reduction="none", log_target=True).sum(1) * t * t
    return ce + lam * ((alpha + beta * right) * d).mean()


cases = []
for distance, alpha, beta, lam, t in [("lm", 1.0, 5.0, 1.0, 100.0), ("kl", 1.0, 5.0, 1.0, 2.0),
                                      ("lm", 0.5, 3.0, 0.7, 1.0), ("kl", 0.0, 4.0, 2.0, 100.0)]:
    zz = z.clone().requires_grad_(True)
    loss = focal(zz, distance, alpha, beta, lam, t)
    loss.backward()
    cases.append({"distance": distance, "alpha": alpha, "beta": beta, "lambda": lam, "temperature": t,
                  "loss": loss.item(), "gradient": zz.grad.flatten().tolist()})

out = {"n": n, "k": k, "z": z.flatten().tolist(), "reference": ref.flatten().tolist(), "labels": y.tolist(),
       "originalRight": right.tolist(), "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "repair",
                    "focal_distillation.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
