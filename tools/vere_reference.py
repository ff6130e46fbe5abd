#!/usr/bin/python3
"""Reference values for CrownTest and VereTest, computed without the Java:
  - CROWN (auto_LiRPA's backward mode) transcribed in numpy for a dense/ReLU tail: intermediate pre-activation
    bounds by the same backward pass from each ReLU's input, unstable ReLUs relaxed by the chord above and
    the adaptive line below (slope 1 if u > -l else 0); lA, lbias and the concretised lower bound for a few
    boxes and specifications, plus a sampling check that the bound holds;
  - VeRe's compute_max_effect (nninjn/VeRe backdoor/repair.py at b133bac^): intervals from the value range,
    improvements lA.x_L + lbias - ori and lA.x_U + lbias - ori, effects max(0, .), per-input min-max
    normalisation, sums, the top neuron, and new_repair's targets for the failing inputs;
  - the mini-network Linear(in,1) -> ReLU -> Linear(1,1) trained by torch Adam (lr 0.01) on the interval
    hinge-squared loss, full batch (so the order of inputs does not matter), 3 steps.
Writes src/test/resources/fixtures/repair/vere.json.
Run: /usr/bin/python3 tools/vere_reference.py
"""
import json
import os

import numpy as np
import torch

rng = np.random.default_rng(21)
W1, b1 = np.round(rng.normal(size=(4, 2)), 3), np.round(rng.normal(size=4) * 0.3, 3)
W2, b2 = np.round(rng.normal(size=(3, 4)), 3), np.round(rng.normal(size=3) * 0.3, 3)
W3, b3 = np.round(rng.normal(size=(3, 3)), 3), np.round(rng.normal(size=3) * 0.3, 3)
TAIL = [("affine", W2, b2), ("relu",), ("affine", W3, b3)]  # the sub-network after the check layer


def backward(steps, C, bounds):
    lam, bias = C.astype(float).copy(), np.zeros(len(C))
    for s in range(len(steps) - 1, -1, -1):
        st = steps[s]
        if st[0] == "affine":
            bias = bias + lam @ st[2]
            lam = lam @ st[1]
        else:
            l, u = bounds[s]
            lo_slope, up_slope, up_int = np.ones_like(l), np.ones_like(l), np.zeros_like(l)
            dead = u <= 0
            lo_slope[dead], up_slope[dead] = 0.0, 0.0
            unstable = (l < 0) & (u > 0)
            up_slope[unstable] = u[unstable] / (u[unstable] - l[unstable])
            up_int[unstable] = -up_slope[unstable] * l[unstable]
            lo_slope[unstable] = (u[unstable] > -l[unstable]).astype(float)
            pos, neg = np.maximum(lam, 0), np.minimum(lam, 0)
            bias = bias + neg @ up_int
            lam = pos * lo_slope + neg * up_slope
    return lam, bias


def concretise_lower(lam, bias, lo, hi):
    return bias + np.maximum(lam, 0) @ lo + np.minimum(lam, 0) @ hi


def crown(steps, C, lo, hi):
    bounds = {}
    width = steps[0][1].shape[1]
    for s, st in enumerate(steps):
        if st[0] == "affine":
            width = st[1].shape[0]
            continue
        I = np.eye(width)
        la, lb = backward(steps[:s], I, bounds)
        ua, ub = backward(steps[:s], -I, bounds)
        bounds[s] = (concretise_lower(la, lb, lo, hi), -concretise_lower(ua, ub, lo, hi))
    return backward(steps, C, bounds)


def forward(steps, x):
    for st in steps:
        x = st[1] @ x + st[2] if st[0] == "affine" else np.maximum(x, 0)
    return x


out = {"network": {"w1": W1.ravel().tolist(), "b1": b1.tolist(), "w2": W2.ravel().tolist(), "b2": b2.tolist(),
                   "w3": W3.ravel().tolist(), "b3": b3.tolist()}}

# CROWN on boxes over the 4 check-layer neurons
cases = []
for k in range(3):
    centre = np.abs(rng.normal(size=4))
    radius = [0.05, 0.4, 1.5][k]
    lo, hi = centre - radius, centre + radius
    C = np.round(rng.normal(size=(2, 3)), 3)
    lam, bias = crown(TAIL, C, lo, hi)
    lower = concretise_lower(lam, bias, lo, hi)
    samples = rng.uniform(lo, hi, size=(20000, 4))
    worst = np.min(np.array([C @ forward(TAIL, s) for s in samples]), axis=0)
    assert np.all(worst >= lower - 1e-9), (worst, lower)
    cases.append({"lo": lo.tolist(), "hi": hi.tolist(), "c": C.tolist(), "a": lam.tolist(), "bias": bias.tolist(),
                  "lower": lower.tolist(), "sampledMinimum": worst.tolist()})
out["crown"] = cases

# VeRe's significance on failing inputs of the whole network (input 2 -> 4 relu = check layer -> tail)
xs = rng.uniform(-1, 1, size=(40, 2))
H = np.maximum(xs @ W1.T + b1, 0)
logits = np.array([forward(TAIL, h) for h in H])
pred = logits.argmax(1)
labels = np.array([(p + 1 + (i % 2)) % 3 for i, p in enumerate(pred)])  # every input fails
fail = list(range(6))
INTERVALS, TIMES = 4, 2.0
lo_v, hi_v = H.min(0), H.max(0)
edges = []
for j in range(4):
    diff = hi_v[j] - lo_v[j]
    st = lo_v[j] - diff
    step = diff * TIMES / INTERVALS
    edges.append([[st + step * i, st + step * (i + 1)] for i in range(INTERVALS)])
edges = np.array(edges)
ori = np.array([logits[i][labels[i]] - logits[i][pred[i]] for i in fail])
imp = np.zeros((4, len(fail), INTERVALS, 2))
effect = np.zeros((4, len(fail)))
for j in range(4):
    for n, i in enumerate(fail):
        C = np.zeros((1, 3))
        C[0][labels[i]] += 1
        C[0][pred[i]] -= 1
        for k in range(INTERVALS):
            xl, xu = H[i].copy(), H[i].copy()
            xl[j], xu[j] = edges[j][k]
            lam, bias = crown(TAIL, C, xl, xu)
            imp[j, n, k, 0] = lam[0] @ xl + bias[0] - ori[n]
            imp[j, n, k, 1] = lam[0] @ xu + bias[0] - ori[n]
        effect[j, n] = max(0, imp[j, n].max())
norm = effect.copy()
for n in range(len(fail)):
    mx, mn = norm[:, n].max(), norm[:, n].min()
    norm[:, n] = 0 if mx - mn == 0 else (norm[:, n] - mn) / (mx - mn)
total = norm.sum(1)
top = int(np.argmax(total))


def target(n):
    cur = H[fail[n]][top]
    chosen, opt = None, 1e9
    for k in range(INTERVALS):
        if imp[top, n, k, 0] + ori[n] > 0 and imp[top, n, k, 1] + ori[n] > 0:
            d = min(abs(edges[top][k][0] - cur), abs(edges[top][k][1] - cur))
            if d < opt:
                opt, chosen = d, list(edges[top][k])
    if chosen is not None:
        return chosen
    m, point = 0, [cur, cur]
    for k in range(INTERVALS):
        idx = int(np.argmax(imp[top, n, k]))
        if imp[top, n, k, idx] > m:
            m, point = imp[top, n, k, idx], [edges[top][k][idx]] * 2
    return point


out["vere"] = {"inputs": xs[fail].ravel().tolist(), "checkValues": H[fail].tolist(), "labels": labels[fail].tolist(),
               "predicted": pred[fail].tolist(), "rangeLo": lo_v.tolist(), "rangeHi": hi_v.tolist(),
               "intervals": INTERVALS, "times": TIMES, "edges": edges.tolist(), "margins": ori.tolist(),
               "improvements": imp.reshape(4, len(fail), INTERVALS * 2).tolist(), "effect": effect.tolist(),
               "total": total.tolist(), "top": top, "targets": [target(n) for n in range(len(fail))]}

# mini-network: Linear(2,1) from neuron `top`'s incoming weights, ReLU, Linear(1,1) identity; Adam lr 0.01
torch.manual_seed(0)
# inputs and weights as the Java test holds them (float32), so that Adam's sign-like first steps agree
X = torch.tensor(xs[:12].astype(np.float32).astype(np.float64), dtype=torch.float64)
T = torch.tensor([[H[i][top] + 0.3, H[i][top] + 0.5] if i % 3 == 0 else [H[i][top] - 0.4, H[i][top] - 0.1]
                  for i in range(12)], dtype=torch.float64)
lin1 = torch.nn.Linear(2, 1).double()
lin2 = torch.nn.Linear(1, 1).double()
with torch.no_grad():
    lin1.weight.copy_(torch.tensor(W1[top].astype(np.float32).astype(np.float64)).view(1, 2))
    lin1.bias.copy_(torch.tensor([float(np.float32(b1[top]))]))
    lin2.weight.fill_(1.0)
    lin2.bias.fill_(0.0)
opt = torch.optim.Adam(list(lin1.parameters()) + list(lin2.parameters()), lr=0.01)
for _ in range(3):
    o = lin2(torch.relu(lin1(X))).squeeze(1)
    l0, l1 = o - T[:, 0], o - T[:, 1]
    loss = torch.where((l0 > 0) & (l1 > 0), l1 * l1, torch.where((l0 < 0) & (l1 < 0), l0 * l0, torch.zeros_like(l0)))
    loss = loss.sum() / len(l0)
    opt.zero_grad()
    loss.backward()
    opt.step()
out["mini"] = {"neuron": top, "inputs": xs[:12].ravel().tolist(), "targets": T.tolist(),
               "w": lin1.weight.detach().view(-1).tolist(), "b": float(lin1.bias), "scale": float(lin2.weight),
               "shift": float(lin2.bias)}
path = os.path.join(os.path.dirname(__file__), "..", "src/test/resources/fixtures/repair/vere.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("crown lower", [c["lower"] for c in cases], "sampled", [c["sampledMinimum"] for c in cases])
print("total", total, "top", top, "targets", out["vere"]["targets"])
print("mini", out["mini"])
