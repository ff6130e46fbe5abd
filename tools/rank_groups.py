#!/usr/bin/python3
"""Independent transcription of the study's rank-group procedures, to check the Java (dev.kintsugi.study.rank).

Writes src/test/resources/dev/kintsugi/study/rank_groups.json: samples per treatment and, for each sample set,
  - two-sided Mann-Whitney U p-values, normal approximation without continuity or tie correction, average ranks
    (what commons-math3's MannWhitneyUTest computes), for every pair in best-first order;
  - Holm-adjusted p-values;
  - the compact letter display (Piepho 2004, insert-and-absorb) at alpha 0.05;
  - Scott-Knott (Scott & Knott 1974, lambda statistic against chi-square with k/(pi-2) df, MSE from the one-way ANOVA)
    followed by the ESD merge of adjacent groups with negligible Cohen's d (< 0.2).
Only numpy and the standard library: the chi-square quantile is found by bisection on the regularised gamma.
Run: /usr/bin/python3 tools/rank_groups.py
"""
import json
import math
import os

import numpy as np


def mann_whitney_p(x, y):
    data = np.concatenate([x, y])
    order = np.argsort(data, kind="mergesort")
    ranks = np.empty(len(data))
    sorted_data = data[order]
    i = 0
    while i < len(data):
        j = i
        while j + 1 < len(data) and sorted_data[j + 1] == sorted_data[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    n1, n2 = len(x), len(y)
    r1 = ranks[:n1].sum()
    u1 = r1 - n1 * (n1 + 1) / 2.0
    u2 = n1 * n2 - u1
    u = min(u1, u2)
    z = (u - n1 * n2 / 2.0) / math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12.0)
    return 2 * 0.5 * math.erfc(-z / math.sqrt(2))


def holm(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adj = [0.0] * m
    running = 0.0
    for r, i in enumerate(order):
        running = max(running, min(1.0, (m - r) * p[i]))
        adj[i] = running
    return adj


def letters(names, samples, higher, alpha=0.05):
    names = sorted(names, key=lambda n: -np.mean(samples[n]) if higher else np.mean(samples[n]))
    t = len(names)
    pairs = [(i, j) for i in range(t) for j in range(i + 1, t)]
    p = [mann_whitney_p(np.array(samples[names[i]]), np.array(samples[names[j]])) for i, j in pairs]
    adj = holm(p)
    cols = [set(range(t))]
    for (i, j), a in zip(pairs, adj):
        if a >= alpha:
            continue
        new = []
        for c in cols:
            if i in c and j in c:
                new += [c - {i}, c - {j}]
            else:
                new.append(c)
        kept = []
        for k, c in enumerate(new):
            if not c:
                continue
            if any((c < o) or (c == o and k2 < k) for k2, o in enumerate(new) if k2 != k):
                continue
            kept.append(c)
        cols = kept
    cols.sort(key=min)
    out = {}
    for i, n in enumerate(names):
        out[n] = "".join(chr(ord("a") + k) for k, c in enumerate(cols) if i in c)
    return names, p, adj, out


def gamma_p(a, x):
    """Regularised lower incomplete gamma P(a, x) (Numerical Recipes' series and continued fraction)."""
    if x <= 0:
        return 0.0
    if x < a + 1:
        term = total = 1.0 / a
        ap = a
        for _ in range(10000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return total * math.exp(-x + a * math.log(x) - math.lgamma(a))
    b = x + 1 - a
    c = 1e300
    d = 1 / b
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1 / d
        h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return 1 - math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def chi2_quantile(q, df):
    lo, hi = 0.0, 1.0
    while gamma_p(df / 2, hi / 2) < q:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if gamma_p(df / 2, mid / 2) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def scott_knott_esd(names, samples, higher, alpha=0.05):
    names = sorted(names, key=lambda n: -np.mean(samples[n]) if higher else np.mean(samples[n]))
    means = [float(np.mean(samples[n])) for n in names]
    total = sum(len(samples[n]) for n in names)
    sse = sum(float(((np.array(samples[n]) - np.mean(samples[n])) ** 2).sum()) for n in names)
    nu = total - len(names)
    r = total / len(names)
    var_mean = sse / nu / r if nu > 0 else 0.0
    groups = []

    def split(lo, hi):
        k = hi - lo
        if k < 2:
            groups.append((lo, hi))
            return
        block = means[lo:hi]
        best, cut = -1.0, None
        for c in range(1, k):
            left, right = block[:c], block[c:]
            b0 = sum(left) ** 2 / len(left) + sum(right) ** 2 / len(right) - sum(block) ** 2 / k
            if b0 > best:
                best, cut = b0, lo + c
        grand = sum(block) / k
        sigma2 = (sum((m - grand) ** 2 for m in block) + nu * var_mean) / (k + nu)
        if sigma2 <= 0:
            significant = best > 0
        else:
            lam = math.pi / (2 * (math.pi - 2)) * best / sigma2
            significant = lam > chi2_quantile(1 - alpha, k / (math.pi - 2))
        if not significant:
            groups.append((lo, hi))
            return
        split(lo, cut)
        split(cut, hi)

    split(0, len(names))
    groups.sort()
    merged = []
    for lo, hi in groups:
        members = list(range(lo, hi))
        if merged:
            a = np.concatenate([samples[names[i]] for i in merged[-1]])
            b = np.concatenate([samples[names[i]] for i in members])
            pooled = (((a - a.mean()) ** 2).sum() + ((b - b.mean()) ** 2).sum()) / (len(a) + len(b) - 2)
            d = (0.0 if a.mean() == b.mean() else math.inf) if pooled <= 0 else (a.mean() - b.mean()) / math.sqrt(pooled)
            if abs(d) < 0.2:
                merged[-1] += members
                continue
        merged.append(members)
    return {names[i]: g + 1 for g, members in enumerate(merged) for i in members}


def main():
    rng = np.random.RandomState(20260)
    sets = []
    # Six treatments, ten runs each: two clear tiers and a middle that overlaps both.
    specs = [
        ("two tiers and an overlap", True, {"A": (20, 1), "B": (19.5, 1), "C": (16, 3), "D": (14.5, 1),
                                             "E": (14, 1), "F": (10, 2)}, 10),
        ("lower is better, with ties", False, {"p": (1, 0.2), "q": (1, 0.2), "r": (3, 0.5), "s": (3.2, 0.5)}, 8),
        ("three seeds as in a study", True, {"finetune": (40, 3), "apricot": (30, 3), "care": (12, 4),
                                              "random": (8, 4)}, 3),
    ]
    for title, higher, spec, n in specs:
        samples = {k: [round(float(v), 1) for v in rng.normal(m, s, n)] for k, (m, s) in spec.items()}
        names, p, adj, cld = letters(list(samples), samples, higher)
        sets.append({
            "title": title, "higherIsBetter": higher, "samples": samples, "orderBestFirst": names,
            "pairs": [[names[i], names[j]] for i in range(len(names)) for j in range(i + 1, len(names))],
            "mannWhitneyP": p, "holm": adj, "letters": cld,
            "scottKnottEsd": scott_knott_esd(list(samples), {k: np.array(v) for k, v in samples.items()}, higher),
        })
    out = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "dev", "kintsugi", "study",
                       "rank_groups.json")
    with open(out, "w") as f:
        json.dump({"generatedBy": "tools/rank_groups.py", "sets": sets}, f, indent=1)
        f.write("\n")
    for s in sets:
        print(s["title"], s["letters"], s["scottKnottEsd"])


if __name__ == "__main__":
    main()
