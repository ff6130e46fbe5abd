#!/usr/bin/python3
"""Reference values for MinimalLinearChangeTest (3M-DNN's last-layer step, Goldberger et al. LPAR 2020):
min delta s.t. |dW| <= delta, |db| <= delta and, for each point k and class j != y_k,
(W+dW)_y.h_k + (b+db)_y >= (W+dW)_j.h_k + (b+db)_j + margin.
Solved here with a small dense two-phase simplex (Bland's rule) in numpy, independent of ojAlgo and of
the Java; a one-point case is also checked against its closed form
delta* = max_j (margin - (z_y - z_j)) / (2 (|h|_1 + 1)).
Writes src/test/resources/fixtures/repair/minimal_linear_change.json.
Run: /usr/bin/python3 tools/minimal_linear_change_reference.py
"""
import json
import os

import numpy as np


def simplex_min(c, A_ub, b_ub):
    """min c.x s.t. A_ub x <= b_ub, x >= 0; returns (x, value) or None if infeasible."""
    m, n = A_ub.shape
    A = np.hstack([A_ub, np.eye(m)])  # slacks
    b = b_ub.astype(float).copy()
    A = A.astype(float)
    neg = b < 0
    A[neg] *= -1
    b[neg] *= -1
    # phase 1: an artificial per row
    T = np.hstack([A, np.eye(m), b[:, None]])
    basis = list(range(n + m, n + 2 * m))
    total = n + 2 * m

    def run(cost, allowed):
        while True:
            cb = cost[basis]
            reduced = cost[:total] - cb @ T[:, :total]
            enter = next((j for j in range(total) if allowed[j] and reduced[j] < -1e-12), None)
            if enter is None:
                return
            col = T[:, enter]
            ratios = [(T[i, -1] / col[i], basis[i], i) for i in range(m) if col[i] > 1e-12]
            if not ratios:
                raise RuntimeError("unbounded")
            best = min(r[0] for r in ratios)
            leave = min((r for r in ratios if r[0] <= best + 1e-12), key=lambda r: r[1])[2]
            T[leave] /= T[leave, enter]
            for i in range(m):
                if i != leave:
                    T[i] -= T[i, enter] * T[leave]
            basis[leave] = enter

    phase1 = np.zeros(total)
    phase1[n + m:] = 1
    run(phase1, [True] * total)
    if phase1[basis] @ T[:, -1] > 1e-9:
        return None
    # drive remaining artificials out where possible (degenerate rows)
    for i in range(m):
        if basis[i] >= n + m:
            j = next((j for j in range(n + m) if abs(T[i, j]) > 1e-12), None)
            if j is not None:
                T[i] /= T[i, j]
                for r in range(m):
                    if r != i:
                        T[r] -= T[r, j] * T[i]
                basis[i] = j
    cost = np.zeros(total)
    cost[:n] = c
    run(cost, [j < n + m for j in range(total)])
    x = np.zeros(total)
    for i, j in enumerate(basis):
        x[j] = T[i, -1]
    return x[:n], c @ x[:n]


def minimal_change(W, b, H, y, margin):
    K, D = W.shape
    nfree = K * D + K
    # x = [delta, p (nfree), q (nfree)], change = p - q
    nv = 1 + 2 * nfree
    rows, rhs = [], []
    for i in range(nfree):
        r = np.zeros(nv); r[1 + i] = 1; r[1 + nfree + i] = -1; r[0] = -1; rows.append(r); rhs.append(0)
        r = np.zeros(nv); r[1 + i] = -1; r[1 + nfree + i] = 1; r[0] = -1; rows.append(r); rhs.append(0)
    for h, yk in zip(H, y):
        z = W @ h + b
        for j in range(K):
            if j == yk:
                continue
            coef = np.zeros(nfree)
            coef[yk * D:(yk + 1) * D] += h
            coef[j * D:(j + 1) * D] -= h
            coef[K * D + yk] += 1
            coef[K * D + j] -= 1
            r = np.zeros(nv); r[1:1 + nfree] = -coef; r[1 + nfree:] = coef
            rows.append(r); rhs.append(-(margin - (z[yk] - z[j])))
    c = np.zeros(nv); c[0] = 1
    out = simplex_min(c, np.array(rows), np.array(rhs))
    return None if out is None else out[1]


rng = np.random.default_rng(3)
K, D = 3, 4
W = rng.normal(size=(K, D)).round(3)
b = rng.normal(size=K).round(3)
cases = []

# one point: closed form
h = np.abs(rng.normal(size=D)).round(3)
z = W @ h + b
y = int(np.argmin(z))
closed = max((0.05 - (z[y] - z[j])) for j in range(K) if j != y) / (2 * (np.abs(h).sum() + 1))
lp = minimal_change(W, b, [h], [y], 0.05)
assert abs(lp - closed) < 1e-9, (lp, closed)
cases.append({"inputs": [h.tolist()], "classes": [y], "margin": 0.05, "feasible": True, "delta": closed})

# five points, some already right
H = np.abs(rng.normal(size=(5, D))).round(3)
ys = [int(v) for v in rng.integers(0, K, size=5)]
cases.append({"inputs": H.tolist(), "classes": ys, "margin": 0.01, "feasible": True,
              "delta": minimal_change(W, b, H, ys, 0.01)})

# the same input asked to take two classes: infeasible
cases.append({"inputs": [H[0].tolist(), H[0].tolist()], "classes": [0, 1], "margin": 0.01, "feasible": False,
              "delta": None})
assert minimal_change(W, b, [H[0], H[0]], [0, 1], 0.01) is None

out = {"weights": W.flatten().tolist(), "bias": b.tolist(), "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "repair",
                    "minimal_linear_change.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), [c["delta"] for c in cases])
