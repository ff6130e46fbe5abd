#!/usr/bin/python3
"""Reference values for the repair approaches' core computations, computed outside Java.

Each function below transcribes the original authors' formula (file and function named in its
docstring) in numpy / torch, on a tiny fixed network and fixed inputs. The result is written to
src/test/resources/repair/reference.json, which RepairReferenceTest reads; the Java is never compared
with itself. Run from the repository root with Debian's python (numpy, torch):

    /usr/bin/python3 tools/repair_reference.py
"""
import json
import os
from collections import deque

import numpy as np
import torch

rng = np.random.RandomState(20261204)

# ---- the tiny network: flatten -> linear(4->6) -> relu -> linear(6->3) [-> softmax] ------------------
D_IN, HIDDEN, K = 4, 6, 3
W1 = rng.normal(0, 0.8, (HIDDEN, D_IN)).astype(np.float32)
B1 = rng.normal(0, 0.2, HIDDEN).astype(np.float32)
W2 = rng.normal(0, 0.8, (K, HIDDEN)).astype(np.float32)
B2 = rng.normal(0, 0.2, K).astype(np.float32)
X_NEG = rng.normal(0, 1.5, (7, D_IN)).astype(np.float32)
Y_NEG = np.array([0, 1, 2, 0, 1, 2, 0])
X_POS = rng.normal(0, 1.5, (11, D_IN)).astype(np.float32)
Y_POS = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2])


def hidden(x):
    return np.maximum(x @ W1.T + B1, 0).astype(np.float32)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def l1_normalise_rows(a):
    """sklearn.preprocessing.Normalizer(norm='l1').fit_transform: rows with zero norm stay zero."""
    norms = np.abs(a).sum(axis=1, keepdims=True)
    norms[norms == 0] = 1
    return a / norms


# ---- Arachne (coinse/arachne arachne/run_localise.py, search/searcher_vk.py) --------------------------
def compute_gradient_to_loss(h, y, w, b):
    """|sum over the batch of d CE_i / d w| (tf.gradients of the per-sample loss vector), Keras layout."""
    t_w = torch.tensor(w.T.astype(np.float64), requires_grad=True)  # Keras kernel: (d, k)
    logits = torch.tensor(h.astype(np.float64)) @ t_w + torch.tensor(b.astype(np.float64))
    per_label_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y), reduction='none')
    per_label_loss.sum().backward()
    return np.abs(t_w.grad.numpy())  # (d, k)


def compute_gradient_to_output(h, w, b):
    """Mean L1-normalised |d model.output / d layer.output|; for the last layer these are the same tensor."""
    out = torch.tensor(h.astype(np.float64)) @ torch.tensor(w.T.astype(np.float64)) + torch.tensor(b.astype(np.float64))
    out.requires_grad_(True)
    model_output = out  # Dense(softmax) in Keras: the layer's output is the model's output
    grad, = torch.autograd.grad(model_output.sum(), out)
    grad = np.abs(grad.numpy())
    return l1_normalise_rows(grad).mean(axis=0)  # (k,)


def compute_fi_and_gl(h, y, w, b):
    t_w = w.T  # (d, k)
    from_front = []
    for idx in range(t_w.shape[-1]):
        output = np.abs(np.multiply(h.astype(np.float64), t_w[:, idx]))
        output = l1_normalise_rows(output)
        from_front.append(output.mean(axis=0))
    from_front = np.asarray(from_front).T  # (d, k)
    fis = from_front * compute_gradient_to_output(h, w, b)
    gl = compute_gradient_to_loss(h, y, w, b)
    return gl, fis  # both (d, k)


def pareto_is_efficient(costs):
    """The is_efficient loop of localise_by_chgd_unchgd."""
    _costs = costs.copy()
    is_efficient = np.arange(costs.shape[0])
    next_point_index = 0
    while next_point_index < len(_costs):
        nondominated_point_mask = np.any(_costs > _costs[next_point_index], axis=1)
        nondominated_point_mask[next_point_index] = True
        is_efficient = is_efficient[nondominated_point_mask]
        _costs = _costs[nondominated_point_mask]
        next_point_index = np.sum(nondominated_point_mask[:next_point_index]) + 1
    return is_efficient


def keras_to_java(index, d, k):
    """Flattened (d, k) Keras kernel index -> row-major (k, d) index of a PyTorch/DJL weight."""
    j, c = divmod(int(index), k)
    return c * d + j


def arachne_losses(h, y, w, b):
    logits = h.astype(np.float64) @ w.T.astype(np.float64) + b
    p = softmax(logits)
    loss = -np.log(p[np.arange(len(y)), y])
    correct = logits.argmax(axis=1) == y
    return correct, loss


def arachne_fitness(h_pos, y_pos, h_neg, y_neg, w, b, patch_aggr):
    """searcher_vk.move: N_true + sum(1/(loss+1)) over the false ones, per side; de_vk.eval combines them."""
    correct, loss = arachne_losses(h_pos, y_pos, w, b)
    losses_of_correct = correct.sum() + np.sum(1 / (loss[~correct] + 1))
    correct, loss = arachne_losses(h_neg, y_neg, w, b)
    losses_of_target = correct.sum() + np.sum(1 / (loss[~correct] + 1))
    return float(losses_of_correct + patch_aggr * losses_of_target)


def sample_counts_per_label(y_pos, num_chgd):
    """sample_input_for_loc_sophis: how many positives each label contributes."""
    counts = {}
    num_unchgd = len(y_pos)
    for label in np.unique(y_pos):
        vs = np.where(y_pos == label)[0]
        num_sample = int(np.round(num_chgd * len(vs) / num_unchgd))
        num_sample = max(num_sample, 1)
        num_sample = min(num_sample, len(vs))
        counts[int(label)] = num_sample
    return counts


def arachne():
    h_neg, h_pos = hidden(X_NEG), hidden(X_POS)
    gl_neg, fi_neg = compute_fi_and_gl(h_neg, Y_NEG, W2, B2)
    gl_pos, fi_pos = compute_fi_and_gl(h_pos, Y_POS, W2, B2)
    chgd = np.asarray([gl_neg.flatten(), fi_neg.flatten()]).T
    unchgd = np.asarray([gl_pos.flatten(), fi_pos.flatten()]).T
    combined = chgd / (1. + unchgd)
    front = pareto_is_efficient(combined)
    to_java = lambda a: a.T.flatten().tolist()  # (d, k) -> row-major (k, d)
    candidate = (W2 + np.asarray(rng.normal(0, 0.7, W2.shape), dtype=np.float32)).astype(np.float32)
    return {
        "glNegatives": to_java(gl_neg), "fiNegatives": to_java(fi_neg),
        "gl": to_java(combined[:, 0].reshape(gl_neg.shape)), "fi": to_java(combined[:, 1].reshape(fi_neg.shape)),
        "paretoFront": sorted(keras_to_java(i, HIDDEN, K) for i in front),
        "candidateWeight": candidate.flatten().tolist(),
        "fitnessOriginal": arachne_fitness(h_pos, Y_POS, h_neg, Y_NEG, W2, B2, 10),
        "fitnessCandidate": arachne_fitness(h_pos, Y_POS, h_neg, Y_NEG, candidate, B2, 10),
        "sampleLabels": [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3],
        "sampleNegatives": 5,
        "sampleCounts": sample_counts_per_label(np.array([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3]), 5),
    }


# ---- CARE (sunbingsmu/care mnist_nnrepair/source/causal_inference.py; pyswarms) -----------------------
def care_effects(h, y, steps):
    """get_tie_do_h with each sample's own class; row_diff = max - min over the intervention values."""
    lo, hi = h.min(axis=0), h.max(axis=0)
    out = []
    for i in range(h.shape[1]):
        ie_i = []
        for h_val in np.linspace(lo[i], hi[i], steps):
            do_hidden = h.copy()
            do_hidden[:, i] = h_val
            pre_final = softmax(do_hidden.astype(np.float64) @ W2.T + B2)  # model2.predict: ends in softmax
            ie_i.append(np.mean(pre_final[np.arange(len(y)), y]))
        out.append(max(ie_i) - min(ie_i))
    return out


def care_cost(h_neg, y_neg, h_pos, y_pos, rep_index, r_weight, alpha):
    """pso_test_rep: (1 - alpha) * undesired rate + alpha * (1 - accuracy), with h_i <- r_i * h_i."""
    def predict(h):
        do_hidden = h.copy()
        for i, rep_idx in enumerate(rep_index):
            do_hidden[:, rep_idx] = r_weight[i] * h[:, rep_idx]
        return (do_hidden.astype(np.float64) @ W2.T + B2).argmax(axis=1)
    still_wrong = np.mean(predict(h_neg) != y_neg)
    correct = np.mean(predict(h_pos) == y_pos)
    return float((1.0 - alpha) * still_wrong + alpha * (1 - correct))


def periodic(position, lb, ub):
    """pyswarms.backend.handlers.BoundaryHandler.periodic."""
    lower_than_bound = np.nonzero(position < lb)
    greater_than_bound = np.nonzero(position > ub)
    bound_d = np.tile(np.abs(np.array(ub) - np.array(lb)), (position.shape[0], 1))
    ub = np.tile(ub, (position.shape[0], 1))
    lb = np.tile(lb, (position.shape[0], 1))
    new_pos = position
    if lower_than_bound[0].size != 0 and lower_than_bound[1].size != 0:
        new_pos[lower_than_bound] = ub[lower_than_bound] - np.mod(
            (lb[lower_than_bound] - new_pos[lower_than_bound]), bound_d[lower_than_bound])
    if greater_than_bound[0].size != 0 and greater_than_bound[1].size != 0:
        new_pos[greater_than_bound] = lb[greater_than_bound] + np.mod(
            (new_pos[greater_than_bound] - ub[greater_than_bound]), bound_d[greater_than_bound])
    return new_pos


def pso_step(x, v, pbest, gbest, r1, r2, w, c1, c2, lb, ub):
    """pyswarms.backend.operators.compute_velocity (unmodified handler) and compute_position."""
    cognitive = c1 * r1 * (pbest - x)
    social = c2 * r2 * (gbest - x)
    velocity = w * v + cognitive + social
    position = periodic(x.copy() + velocity, lb, ub)
    return position, velocity


def pso_stop_iteration(costs_per_iteration, particles, ftol, ftol_iter, iters):
    """GlobalBestPSO.optimize's loop, with every particle's cost at iteration i = costs_per_iteration[i]."""
    pbest_cost = np.full(particles, np.inf)
    best_cost = np.inf
    ftol_history = deque(maxlen=ftol_iter)
    for i in range(iters):
        current_cost = np.full(particles, costs_per_iteration[i])
        mask = current_cost < pbest_cost
        pbest_cost = np.where(mask, current_cost, pbest_cost)
        best_cost_yet_found = best_cost
        if np.min(pbest_cost) < best_cost:
            best_cost = np.min(pbest_cost)
        relative_measure = ftol * (1 + np.abs(best_cost_yet_found))
        delta = np.abs(best_cost - best_cost_yet_found) < relative_measure
        ftol_history.append(delta)
        if i > ftol_iter:
            if all(ftol_history):
                return i + 1, float(best_cost)
    return iters, float(best_cost)


def care():
    h_neg, h_pos = hidden(X_NEG), hidden(X_POS)
    n, d = 4, 3
    x = rng.uniform(-10, 10, (n, d))
    v = rng.normal(0, 6, (n, d))
    pbest = rng.uniform(-10, 10, (n, d))
    gbest = rng.uniform(-10, 10, d)
    r1 = rng.uniform(0, 1, (n, d))
    r2 = rng.uniform(0, 1, (n, d))
    new_x, new_v = pso_step(x, v, pbest, gbest, r1, r2, 0.8, 0.41, 0.41, np.full(d, -10.0), np.full(d, 10.0))
    costs = [5.0, 4.0, 3.5, 3.4999, 3.4998, 3.4998, 3.4990, 3.4990, 3.4990, 3.4985, 3.4985, 3.4985, 3.4984,
             3.4984, 3.4984, 3.4984, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2]
    stop, best = pso_stop_iteration(costs, 5, 1e-3, 10, len(costs))
    rep_index = [4, 1, 2]
    r_weight = [0.5, -2.0, 3.0]
    return {
        "effects": care_effects(h_neg, Y_NEG, 4),
        "repIndex": rep_index, "rWeight": r_weight,
        "cost": care_cost(h_neg, Y_NEG, h_pos, Y_POS, rep_index, r_weight, 0.1),
        "costAlpha09": care_cost(h_neg, Y_NEG, h_pos, Y_POS, rep_index, r_weight, 0.9),
        "pso": {"x": x.tolist(), "v": v.tolist(), "pbest": pbest.tolist(), "gbest": gbest.tolist(),
                "r1": r1.tolist(), "r2": r2.tolist(), "newX": new_x.tolist(), "newV": new_v.tolist()},
        "ftolCosts": costs, "ftolStopIteration": stop, "ftolBest": best,
    }


# ---- Apricot (coinse/arachne apricot/weight_adjust.py) ----------------------------------------------
def adjust_weights(base, corr_diff, incorr_diff, a, b, strategy, lr):
    sign = 1 if 'org' in strategy else -1
    p_corr, p_incorr = a / (a + b), b / (a + b)
    return [b_w + sign * lr * (p_corr * cD - p_incorr * iD) for b_w, cD, iD in zip(base, corr_diff, incorr_diff)]


def apricot():
    base = torch.tensor(rng.normal(0, 1, 8).astype(np.float32))
    right = torch.tensor(rng.normal(0, 1, 8).astype(np.float32))
    wrong = torch.tensor(rng.normal(0, 1, 8).astype(np.float32))
    a, b, lr = 3, 2, 0.05
    out = adjust_weights([base], [base - right], [base - wrong], a, b, 'both', lr)[0]
    return {"w": base.tolist(), "meanRight": right.tolist(), "meanWrong": wrong.tolist(), "right": a, "wrong": b,
            "eta": lr, "adjusted": out.tolist()}


def apricot_batch():
    """One batch of weight_adjust.py's loop: for each input the current model (yOrigin) gets wrong, the rDLMs
    that classify it right / wrong, skipped when either group is empty, their mean parameters, and
    AdjustWeights applied in turn to the weights the previous input left. The parameters are two tensors
    (a 2x3 weight and a 2-bias), flattened in order; the port's strategy is 'both' (the paper's sign)."""
    models, inputs = 5, 7
    rdlms = [[torch.tensor(rng.normal(0, 1, (2, 3)).astype(np.float32)),
              torch.tensor(rng.normal(0, 1, 2).astype(np.float32))] for _ in range(models)]
    base = [torch.tensor(rng.normal(0, 1, (2, 3)).astype(np.float32)),
            torch.tensor(rng.normal(0, 1, 2).astype(np.float32))]
    start = torch.cat([t.flatten() for t in base]).tolist()
    right = rng.rand(models, inputs) < 0.5
    right[:, 1] = True    # every rDLM right: skipped
    right[:, 4] = False   # every rDLM wrong: skipped
    right[0, 2], right[1, 2] = True, False
    origin_right = np.array([False, False, False, True, False, False, False])
    lr = 0.05
    adjusted = 0
    for i in range(inputs):
        if origin_right[i]:
            continue
        correct = [m for r, m in enumerate(rdlms) if right[r, i]]
        incorrect = [m for r, m in enumerate(rdlms) if not right[r, i]]
        if len(correct) == 0 or len(incorrect) == 0:
            continue
        correct_w = [sum(t) / len(correct) for t in zip(*correct)]
        incorr_w = [sum(t) / len(incorrect) for t in zip(*incorrect)]
        corr_diff = [b_w - c_w for b_w, c_w in zip(base, correct_w)]
        incorr_diff = [b_w - i_w for b_w, i_w in zip(base, incorr_w)]
        base = adjust_weights(base, corr_diff, incorr_diff, len(correct), len(incorrect), 'both', lr)
        adjusted += 1
    return {"rdlms": [torch.cat([t.flatten() for t in m]).tolist() for m in rdlms], "w": start,
            "rdlmRight": right.astype(int).tolist(), "originRight": origin_right.astype(int).tolist(), "eta": lr,
            "adjustedInputs": adjusted, "adjusted": torch.cat([t.flatten() for t in base]).tolist()}


# ---- HUDD (SNTSVV/HUDD-Toolset clusterModule.py; kneed.KneeLocator) -----------------------------------
def gradient_o4(f, dx):
    out = np.zeros(f.shape, f.dtype.char)
    out[2:-2] = (f[:-4] - 8.0 * f[1:-3] + 8.0 * f[3:-1] - f[4:]) / 12.0
    out[:2] = f[1:3] - f[:2]
    out[-2:] = f[-2:] - f[-3:-1]
    return out / dx


def kneed_find_knee(x, y, curve, direction):
    """kneed.KneeLocator(x, y, curve, direction) with S=1, offline, interp1d: the knee's x or None."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    xn = (x - x.min()) / (x.max() - x.min())
    yn = (y - y.min()) / (y.max() - y.min())
    if direction == "decreasing" and curve == "convex":
        yn = yn.max() - yn
    y_difference = yn - xn
    x_difference = xn.copy()

    def argrelextrema(data, comparator):  # scipy.signal.argrelextrema, order 1, mode 'clip'
        idx = []
        for i in range(len(data)):
            left, right = data[max(i - 1, 0)], data[min(i + 1, len(data) - 1)]
            if comparator(data[i], left) and comparator(data[i], right):
                idx.append(i)
        return np.array(idx, dtype=int)

    maxima_indices = argrelextrema(y_difference, np.greater_equal)
    minima_indices = argrelextrema(y_difference, np.less_equal)
    if not maxima_indices.size:
        return None
    tmx = y_difference[maxima_indices] - (1.0 * np.abs(np.diff(xn).mean()))
    maxima_threshold_index = 0
    threshold = None
    threshold_index = None
    for i, xv in enumerate(x_difference):
        if i < maxima_indices[0]:
            continue
        j = i + 1
        if xv == 1.0:
            break
        if (maxima_indices == i).any():
            threshold = tmx[maxima_threshold_index]
            threshold_index = i
            maxima_threshold_index += 1
        if (minima_indices == i).any():
            threshold = 0.0
        if y_difference[j] < threshold:
            return x[threshold_index]  # concave/increasing and convex/decreasing: not flipped
    return None


def hudd():
    def decay(tau, n):  # WICD-like curves: exponential decay towards 0.1, rounded
        k = np.arange(2, 2 + n)
        return np.round(np.exp(-(k - 2) / tau) + 0.1, 4).tolist()
    curves = [
        [0.91, 0.80, 0.52, 0.47, 0.44, 0.43, 0.425, 0.42, 0.418, 0.417],
        decay(1, 10), decay(1.5, 15), decay(3, 12), decay(6, 8),
        [0.50, 0.40, 0.30, 0.20, 0.10, 0.00],
    ]
    out = []
    for c in curves:
        y = np.array(c)
        ks = list(range(2, 2 + len(c)))
        g = gradient_o4(y, 4)
        knee_g = kneed_find_knee(ks, g, 'concave', 'increasing')
        knee_r = kneed_find_knee(ks, y, 'convex', 'decreasing')
        out.append({"wicd": c, "gradient": g.tolist(),
                    "kneeGradientK": None if knee_g is None else int(knee_g),
                    "kneeRawK": None if knee_r is None else int(knee_r)})
    dist = rng.uniform(0.1, 2.0, (7, 7))
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0)
    labels = [1, 1, 2, 2, 2, 3, 1]
    return {"curves": out, "distances": dist.tolist(), "labels": labels,
            "wicd": get_avg_layer_wicd(dist, labels)}


def get_avg_layer_wicd(distance, cc):
    """clusterModule.getAvgLayer_WICD (labels 1..k)."""
    n_clusters = max(cc)
    icd_layer = 0
    for label in range(1, n_clusters + 1):
        group = [i for i in range(len(cc)) if cc[i] == label]
        if len(group) > 1:
            dists = [distance[i][j] for i in group for j in group if j > i]
            icd_layer += sum(dists) / len(dists) * len(group) / len(cc)
    return float(icd_layer / n_clusters)


# ---- GenMuNN (abstract only: the port's stated formulas) ---------------------------------------------
def genmunn():
    h_neg, h_pos = hidden(X_NEG), hidden(X_POS)
    t_w = torch.tensor(W2.astype(np.float64), requires_grad=True)
    logits = torch.tensor(h_neg.astype(np.float64)) @ t_w.T + torch.tensor(B2.astype(np.float64))
    torch.nn.functional.cross_entropy(logits, torch.tensor(Y_NEG)).backward()
    importance = (np.abs(t_w.grad.numpy()) * np.abs(W2)).flatten()
    top = np.argsort(-importance, kind='stable')[:5]
    candidate = (W2 + np.asarray(rng.normal(0, 0.7, W2.shape), dtype=np.float32)).astype(np.float32)
    h_all = np.concatenate([h_neg, h_pos])
    y_all = np.concatenate([Y_NEG, Y_POS])
    error = 1.0 - np.mean((h_all.astype(np.float64) @ candidate.T + B2).argmax(axis=1) == y_all)
    return {"importance": importance.tolist(), "top5": top.tolist(), "candidateWeight": candidate.flatten().tolist(),
            "error": float(error)}


# ---- Arachne's DE search space (coinse/arachne search/de_vk.py: search, set_bounds) and GenMuNN's std ----
def set_bounds(init_weight_value):
    min_v = np.min(init_weight_value)
    min_v = min_v * 2 if min_v < 0 else min_v / 2
    max_v = np.max(init_weight_value)
    max_v = max_v * 2 if max_v > 0 else max_v / 2
    return (min_v, max_v)


def search_spaces():
    """The output layer's weights as the fixture has them, and all-positive / all-negative variants (the
    other branches of set_bounds); for each, np.mean and np.std (the initial population's N(mean, std)),
    set_bounds; GenMuNN's std is the same np.std. Mean and std in float64, as the port computes them (the
    original's float32 np.mean / np.std differ in the 7th digit). No random draws, so the fixture's other
    values stay as they were."""
    out = []
    for w in (W2, np.abs(W2) + np.float32(0.1), -np.abs(W2) - np.float32(0.1)):
        w = w.astype(np.float32)
        lower, upper = set_bounds(w)
        out.append({"w": w.flatten().tolist(), "mean": float(np.mean(w, dtype=np.float64)),
                    "std": float(np.std(w, dtype=np.float64)), "lower": float(lower), "upper": float(upper)})
    return out


def main():
    fixture = {
        "network": {"w1": W1.flatten().tolist(), "b1": B1.tolist(), "w2": W2.flatten().tolist(), "b2": B2.tolist(),
                    "hidden": HIDDEN, "inputs": D_IN, "classes": K},
        "negatives": {"x": X_NEG.flatten().tolist(), "y": Y_NEG.tolist()},
        "positives": {"x": X_POS.flatten().tolist(), "y": Y_POS.tolist()},
        "arachne": arachne(),
        "care": care(),
        "apricot": apricot(),
        "hudd": hudd(),
        "genmunn": genmunn(),
        "apricotBatch": apricot_batch(),
        "searchSpaces": search_spaces(),
    }
    path = os.path.join("src", "test", "resources", "repair", "reference.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
