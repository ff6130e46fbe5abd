#!/usr/bin/python3
"""Reference values for DeepRepairTest and HybridRepairTest, computed independently of the Java by
transcribing the originals' formulas in PyTorch / numpy:

- DeepRepair (SaikaQH/DeepRepair repairing.py): CE(clean) + 12 * JSD(p_clean, p_aug1, p_aug2) with the
  mixture clamped to [1e-7, 1] and kl_div 'batchmean'; AdaIN feature statistics as in
  naoto0804/pytorch-AdaIN (calc_mean_std, adaptive_instance_normalization, the MSE content and style losses),
  which the Java uses in place of WCT2.
- HybridRepair (cure-lab/HybridRepair selection.py): get_tta_values' normalised mean entropy,
  estimate_tau, the cosine k-NN density, unsth_region_plabeling, the u_loss_w rule, LabelSmoothingLoss and
  the mixup consistency loss of retrain_model_under_test (sharpening T = 0.5, smooth_one_hot, lam).

Writes src/test/resources/fixtures/repair/drhr_reference.json.
Run: /usr/bin/python3 tools/drhr_reference.py
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(12)
np.random.seed(12)
out = {}

# ---------------------------------------------------------------- DeepRepair: loss of repairing.py
n, k = 5, 4
clean = (torch.randn(n, k) * 2).double().requires_grad_(True)
aug1 = (torch.randn(n, k) * 2).double()
aug2 = (torch.randn(n, k) * 2).double()
aug2[0] = torch.tensor([30.0, -30.0, 0.0, 0.0], dtype=torch.float64)  # a near-one-hot row: the clamp matters
y = torch.tensor([0, 1, 2, 3, 1])
loss = F.cross_entropy(clean, y)
p_clean, p_aug1, p_aug2 = F.softmax(clean, dim=1), F.softmax(aug1, dim=1), F.softmax(aug2, dim=1)
p_mixture = torch.clamp((p_clean + p_aug1 + p_aug2) / 3., 1e-7, 1).log()
loss = loss + 12 * (F.kl_div(p_mixture, p_clean, reduction='batchmean') +
                    F.kl_div(p_mixture, p_aug1, reduction='batchmean') +
                    F.kl_div(p_mixture, p_aug2, reduction='batchmean')) / 3.
loss.backward()
out["jsd"] = {"n": n, "k": k, "clean": clean.detach().flatten().tolist(), "aug1": aug1.flatten().tolist(),
              "aug2": aug2.flatten().tolist(), "labels": y.tolist(), "loss": loss.item(),
              "gradClean": clean.grad.flatten().tolist()}


# ---------------------------------------------------------------- AdaIN statistics (pytorch-AdaIN function.py)
def calc_mean_std(feat, eps=1e-5):
    size = feat.size()
    assert (len(size) == 4)
    N, C = size[:2]
    feat_var = feat.view(N, C, -1).var(dim=2) + eps
    feat_std = feat_var.sqrt().view(N, C, 1, 1)
    feat_mean = feat.view(N, C, -1).mean(dim=2).view(N, C, 1, 1)
    return feat_mean, feat_std


def adaptive_instance_normalization(content_feat, style_feat):
    assert (content_feat.size()[:2] == style_feat.size()[:2])
    size = content_feat.size()
    style_mean, style_std = calc_mean_std(style_feat)
    content_mean, content_std = calc_mean_std(content_feat)
    normalized_feat = (content_feat - content_mean.expand(size)) / content_std.expand(size)
    return normalized_feat * style_std.expand(size) + style_mean.expand(size)


mse = nn.MSELoss()


def calc_style_loss(input, target):
    input_mean, input_std = calc_mean_std(input)
    target_mean, target_std = calc_mean_std(target)
    return mse(input_mean, target_mean) + mse(input_std, target_std)


shape1, shape2 = (2, 3, 4, 5), (2, 2, 3, 3)
content = torch.rand(*shape1).double() * 3
style = torch.randn(*shape1).double() * 0.5 + 1
x1 = torch.randn(*shape1).double().requires_grad_(True)
x2 = torch.randn(*shape2).double().requires_grad_(True)
s2 = torch.rand(*shape2).double() * 2
target = adaptive_instance_normalization(torch.randn(*shape2).double(), s2)
style_loss = calc_style_loss(x1, style) + calc_style_loss(x2, s2)
total = mse(x2, target) + 10 * style_loss
total.backward()
cm, cs = calc_mean_std(content)
out["adain"] = {"shape1": list(shape1), "shape2": list(shape2), "content": content.flatten().tolist(),
                "style": style.flatten().tolist(), "contentMean": cm.flatten().tolist(),
                "contentStd": cs.flatten().tolist(),
                "adain": adaptive_instance_normalization(content, style).flatten().tolist(),
                "x1": x1.detach().flatten().tolist(), "x2": x2.detach().flatten().tolist(),
                "s2": s2.flatten().tolist(), "target": target.flatten().tolist(),
                "styleLoss": style_loss.item(), "totalLoss": total.item(),
                "gradX1": x1.grad.flatten().tolist(), "gradX2": x2.grad.flatten().tolist()}

# ---------------------------------------------------------------- HybridRepair: get_tta_values' mean entropy
views, m, c = 3, 6, 4
probs = torch.softmax(torch.randn(views, m, c) * 2, dim=2)  # recat_preds: [K, N, C]
prob = probs.mean(0)
mean_entropy = (-prob * np.log2(prob)).sum(1).numpy()
mean_entropy = mean_entropy / mean_entropy.max()
out["tta"] = {"views": views, "n": m, "k": c, "probs": probs.flatten().tolist(),
              "meanEntropy": mean_entropy.tolist()}


# ---------------------------------------------------------------- estimate_tau and the density it uses
def estimate_tau(density, mean_entropy):
    average_density = density.mean()
    density -= average_density
    density = np.abs(density)
    indices = np.argsort(density)[:1000]
    tau = np.array(mean_entropy[indices]).mean()
    return tau


dens = np.random.rand(1500)
ent = np.random.rand(1500)
out["tau"] = {"density": dens.tolist(), "meanEntropy": ent.tolist(), "tau": float(estimate_tau(dens.copy(), ent))}

pool_logits = np.random.randn(6, 4)
train_logits = np.random.randn(20, 4)
# sklearn.metrics.pairwise_distances(metric='cosine') is 1 - cosine similarity
norm = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)
distance_matrix = 1 - norm(pool_logits) @ norm(train_logits).T
sorted_m = np.sort(distance_matrix, axis=1)
avg_distance = sorted_m[:, :5].mean(1)
out["density"] = {"k": 4, "neighbours": 5, "pool": pool_logits.flatten().tolist(),
                  "train": train_logits.flatten().tolist(), "density": avg_distance.tolist()}


# ---------------------------------------------------------------- unsth_region_plabeling (no x, no logging)
def unsth_region_plabeling(labels, me_values, all_clusters, cluster_centers, budget):
    test_y, sel_idxes, idx_order = [], [], []
    cluster_me_values = []
    for _, idxes in enumerate(all_clusters):
        cluster_me_values.append(me_values[idxes].sum())
    cluster_me_values = [i / min(cluster_me_values) for i in cluster_me_values]
    sorted_cluster_idx = list(np.argsort(cluster_me_values)[::-1])
    for idx in range(int(budget)):
        cluster_idx = sorted_cluster_idx[idx]
        c_indexes = np.array(all_clusters[cluster_idx])
        center_idx = cluster_centers[cluster_idx]
        sel_idxes.append(int(center_idx))
        sel_label = labels[center_idx]
        test_y.extend([int(sel_label)] * len(c_indexes))
        idx_order.extend([int(i) for i in c_indexes])
    return test_y, sel_idxes, idx_order


pool_labels = np.random.randint(0, 3, size=14)
me = np.random.rand(14)
clusters = [[0, 1, 2], [3, 4], [5, 6, 7, 8], [9], [10, 11, 12, 13]]
centres = [1, 4, 8, 9, 12]
ty, sel, order = unsth_region_plabeling(pool_labels, me, clusters, centres, 3)
out["regions"] = {"labels": pool_labels.tolist(), "meanEntropy": me.tolist(), "clusters": clusters,
                  "centres": centres, "budget": 3, "members": order, "memberLabels": ty, "labelledCentres": sel}

# the u_loss_w rule of selection.py with --u_weight --exp 0
tao = 0.5
u_loss_w = 1 - me
sel_u_location = (me <= tao)
u_loss_w[~sel_u_location] = 0
u_loss_w[order] = 1
out["weights"] = {"tau": tao, "weights": u_loss_w.tolist()}


# ---------------------------------------------------------------- LabelSmoothingLoss and the consistency loss
class LabelSmoothingLoss(nn.Module):
    def __init__(self, classes, smoothing=0.0, dim=-1):
        super(LabelSmoothingLoss, self).__init__()
        self.confidence = 1.0 - smoothing
        self.smoothing = smoothing
        self.cls = classes
        self.dim = dim

    def forward(self, pred, target):
        pred = pred.log_softmax(dim=self.dim)
        with torch.no_grad():
            true_dist = torch.zeros_like(pred)
            true_dist.fill_(self.smoothing / (self.cls - 1))
            true_dist.scatter_(1, target.data.unsqueeze(1), self.confidence)
        return torch.mean(torch.sum(-true_dist * pred, dim=self.dim))


def smooth_one_hot(true_labels, classes, smoothing=0.0):
    confidence = 1.0 - smoothing
    label_shape = torch.Size((true_labels.size(0), classes))
    with torch.no_grad():
        true_dist = torch.empty(size=label_shape, device=true_labels.device, dtype=torch.float64)
        true_dist.fill_(smoothing / (classes - 1))
        true_dist.scatter_(1, true_labels.data.unsqueeze(1).long(), confidence)
    return true_dist


ls_logits = torch.randn(5, 4).double()
ls_labels = torch.tensor([3, 0, 1, 1, 2])
out["labelSmoothing"] = {"logits": ls_logits.flatten().tolist(), "labels": ls_labels.tolist(), "smoothing": 0.1,
                         "loss": LabelSmoothingLoss(4, 0.1)(ls_logits, ls_labels).item()}

nl, nu, nviews, kk, T, lam, l = 2, 3, 2, 4, 0.5, 100, 0.7  # nviews = n_iters: the clean view plus n_iters AugMix ones
labels = torch.tensor([2, 0])
targets_x = torch.zeros(nl, kk, dtype=torch.float64).scatter_(1, labels.view(-1, 1).long(), 1)
all_preds = torch.softmax(torch.randn(nviews + 1, nu, kk).double(), dim=2)
avg_p = all_preds.mean(0)
shapened_p = avg_p ** (1 / T)
shapened_p = shapened_p / shapened_p.sum(dim=1, keepdim=True)
sharpened = shapened_p.clone()
intersect_idx = np.array([1])  # the second unlabelled input carries a propagated label
plabel = torch.tensor([0.0, 3.0, 0.0])
shapened_p[intersect_idx] = smooth_one_hot(true_labels=plabel[intersect_idx], classes=kk, smoothing=0.1)
all_lu_targets = torch.cat([targets_x] + [shapened_p] * (nviews + 1), dim=0)
idx = torch.randperm(all_lu_targets.size(0))
mixed_target = l * all_lu_targets + (1 - l) * all_lu_targets[idx]
logits_lu = torch.randn(all_lu_targets.size(0), kk).double().requires_grad_(True)
probs_lu = torch.softmax(logits_lu, dim=1)
l_loss = nn.CrossEntropyLoss()(logits_lu[:len(labels)], labels)
u_loss = torch.mean((probs_lu[len(labels):] - mixed_target[len(labels):]) ** 2)
closs = l_loss + lam * u_loss
closs.backward()
out["consistency"] = {"labelled": nl, "unlabelled": nu, "copies": nviews + 1, "k": kk, "temperature": T,
                      "lambda": lam, "mix": l, "labels": labels.tolist(), "avgP": avg_p.flatten().tolist(),
                      "sharpened": sharpened.flatten().tolist(), "propagated": {"row": 1, "label": 3},
                      "perm": idx.tolist(), "mixedTarget": mixed_target.flatten().tolist(),
                      "logits": logits_lu.detach().flatten().tolist(), "loss": closs.item(),
                      "gradLogits": logits_lu.grad.flatten().tolist()}

path = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "repair",
                    "drhr_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
