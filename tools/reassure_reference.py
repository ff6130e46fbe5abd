#!/usr/bin/python3
"""Reference values for ReassureTest: REASSURE (Fu & Li, ICLR 2022) on a tiny ReLU network, transcribing the
authors' ICLR experiment code (BU-DEPEND-Lab/REASSURE, ICLR/tools/build_PNN.py):
  - the linear region of a point from autograd gradients of every hidden neuron (linear_region_from_input);
  - the network's affine map on it (LinearizedNN);
  - LinearPatchNN with specification_matrix_from_labels (rows e_j - e_y, ql = -100, qu = 0), its ranges
    min/max P_i f1 x over the region found here by enumerating the vertices of the 2-D polytope (no LP
    solver: independent of ojAlgo and of the Java); the completing row of P is 1/sqrt(C)(1,...,1);
  - MultiPNN's patch network (support networks with sharpness n, differences of consecutive patches, gates
    max(g_i..g_R), K over the input box found from the box's corners) and the patched outputs at probes.
Writes src/test/resources/fixtures/repair/reassure.json.
Run: /usr/bin/python3 tools/reassure_reference.py
"""
import itertools
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(12)
W1, b1 = np.round(rng.normal(size=(4, 2)), 3), np.round(rng.normal(size=4) * 0.3, 3)
W2, b2 = np.round(rng.normal(size=(3, 4)), 3), np.round(rng.normal(size=3) * 0.3, 3)
W3, b3 = np.round(rng.normal(size=(3, 3)), 3), np.round(rng.normal(size=3) * 0.3, 3)
LO, HI = np.zeros(2), np.ones(2)
N_SHARP = 4.0


def hidden_and_out(x):
    z1 = torch.tensor(W1) @ x + torch.tensor(b1)
    z2 = torch.tensor(W2) @ torch.relu(z1) + torch.tensor(b2)
    out = torch.tensor(W3) @ torch.relu(z2) + torch.tensor(b3)
    return torch.cat([z1, z2]), out


def model(x):
    return hidden_and_out(x)[1]


def linear_region(x0):
    """linear_region_from_input without the box rows: A x <= b keeps every hidden neuron's sign."""
    x = torch.tensor(x0, requires_grad=True)
    neurons, _ = hidden_and_out(x)
    A_list, b_list = [], []
    for neuron in neurons:
        x.grad = None
        neuron.backward(retain_graph=True)
        A = x.grad.clone().detach()
        b = torch.dot(A, x.detach()) - neuron.detach()
        if neuron >= 0:
            A, b = -A, -b
        A_list.append(A.numpy())
        b_list.append(float(b))
    return np.stack(A_list), np.array(b_list)


def linearized(x0):
    x = torch.tensor(x0, requires_grad=True)
    f1, f2 = [], []
    out = model(x)
    for o in out:
        x.grad = None
        o.backward(retain_graph=True)
        f1.append(x.grad.clone().numpy())
        f2.append(float(o.detach() - torch.dot(x.grad, x.detach())))
    return np.stack(f1), np.array(f2)


def vertices(A, b):
    """Vertices of {x in R^2 : A x <= b, LO <= x <= HI}."""
    Af = np.vstack([A, -np.eye(2), np.eye(2)])
    bf = np.concatenate([b, -LO, HI])
    out = []
    for i, j in itertools.combinations(range(len(Af)), 2):
        M = Af[[i, j]]
        if abs(np.linalg.det(M)) < 1e-12:
            continue
        v = np.linalg.solve(M, bf[[i, j]])
        if np.all(Af @ v <= bf + 1e-9):
            out.append(v)
    return np.array(out)


def one_dim(lb, ub, b, ql, qu):
    if ub - lb <= qu - ql:
        alpha = 1.0
    else:
        alpha = (qu - ql) / (ub - lb)
        lb, ub = alpha * lb, alpha * ub
    if lb + b >= ql and ub + b <= qu:
        beta = 0.0
    elif lb + b < ql:
        beta = ql - lb - alpha * b
    else:
        beta = qu - ub - alpha * b
    return alpha, beta


def linear_patch(A, b, label, f1, f2, ql=-100.0, qu=0.0):
    C = 3
    rows = [np.eye(C)[j] - np.eye(C)[label] for j in range(C) if j != label]
    P = np.vstack(rows + [np.ones(C) / np.sqrt(C)])
    V = vertices(A, b)
    alpha, beta = np.eye(C), np.zeros(C)
    ranges = []
    for i in range(C - 1):
        vals = V @ (P[i] @ f1)
        lb, ub = vals.min(), vals.max()
        ranges.append([lb, ub])
        alpha[i, i], beta[i] = one_dim(lb, ub, P[i] @ f2, ql, qu)
    trans = np.linalg.inv(P) @ alpha @ P - np.eye(C)
    c = trans @ f1
    d = trans @ f2 + np.linalg.inv(P) @ beta
    return c, d, ranges


def support(A, b, x):
    y = b - A @ x
    s = np.sum(np.maximum(N_SHARP * y + 1, 0) - np.maximum(N_SHARP * y, 0)) - len(A) + 1
    return max(s, 0.0)


def box_bound(c, d):
    corners = [np.array(v) for v in itertools.product([LO[0], HI[0]], [LO[1], HI[1]])]
    return max(abs(c @ v + d).max() for v in corners)


# two points, each "buggy" for the label its output ranks last
points = [np.array([0.3, 0.6]), np.array([0.75, 0.2])]
labels = [int(np.argmin(model(torch.tensor(p)).detach().numpy())) for p in points]
regions, patches, out = [], [], {}
for k, (p, y) in enumerate(zip(points, labels)):
    A, b = linear_region(p)
    f1, f2 = linearized(p)
    c, d, ranges = linear_patch(A, b, y, f1, f2)
    regions.append((A, b))
    patches.append((c, d))
    out[f"point{k}"] = {"x": p.tolist(), "label": y, "a": A.tolist(), "b": b.tolist(), "f1": f1.tolist(),
                        "f2": f2.tolist(), "ranges": ranges, "c": c.tolist(), "d": d.tolist()}

# MultiPNN: differences of consecutive patches, K over the box, gates max(g_i..g_R)
layers, prev_c, prev_d = [], np.zeros((3, 2)), np.zeros(3)
for c, d in patches:
    dc, dd = c - prev_c, d - prev_d
    prev_c, prev_d = c, d
    layers.append((dc, dd, box_bound(dc, dd)))


def patched(x):
    g = [support(A, b, x) for A, b in regions]
    res = np.zeros(3)
    for i, (dc, dd, K) in enumerate(layers):
        gate = max(g[i:])
        p = dc @ x + dd
        res += np.maximum(p + K * gate - K, 0) - np.maximum(-p + K * gate - K, 0)
    return model(torch.tensor(x)).detach().numpy() + res


probes = [points[0], points[1], np.array([0.05, 0.95]), np.array([0.5, 0.5]), np.array([0.9, 0.9]),
          np.array([0.31, 0.58])]
out["network"] = {"w1": W1.ravel().tolist(), "b1": b1.tolist(), "w2": W2.ravel().tolist(), "b2": b2.tolist(),
                  "w3": W3.ravel().tolist(), "b3": b3.tolist()}
out["n"] = N_SHARP
out["bounds"] = [K for _, _, K in layers]
out["probes"] = [p.tolist() for p in probes]
out["original"] = [model(torch.tensor(p)).detach().numpy().tolist() for p in probes]
out["patched"] = [patched(p).tolist() for p in probes]
path = os.path.join(os.path.dirname(__file__), "..", "src/test/resources/fixtures/repair/reassure.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("labels", labels, "bounds", out["bounds"])
for p, o, q in zip(probes, out["original"], out["patched"]):
    print(p, np.round(o, 4), np.round(q, 4), "argmax", int(np.argmax(o)), "->", int(np.argmax(q)))
