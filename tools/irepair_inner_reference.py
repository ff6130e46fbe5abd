#!/usr/bin/python3
"""Reference values for I-Repair's and INNER's core computations, computed outside Java.

The network and inputs are tools/repair_reference.py's tiny fixture (read from
src/test/resources/repair/reference.json): flatten -> linear(4->6) -> relu -> linear(6->3); Kintsugi's
layer 1 is the first linear layer, layer 3 the output layer. Each function transcribes the original
authors' code in torch (file and function named in its docstring). The result is written to
src/test/resources/repair/irepair_inner.json, which IRepairInnerReferenceTest reads; the Java is never
compared with itself. Run from the repository root with Debian's python (numpy, torch 1.13):

    /usr/bin/python3 tools/irepair_inner_reference.py
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
FIXTURE = json.load(open(os.path.join(ROOT, 'src/test/resources/repair/reference.json')))
N = FIXTURE['network']
W1 = np.array(N['w1'], dtype=np.float32).reshape(6, 4)
B1 = np.array(N['b1'], dtype=np.float32)
W2 = np.array(N['w2'], dtype=np.float32).reshape(3, 6)
B2 = np.array(N['b2'], dtype=np.float32)
X_NEG = torch.tensor(np.array(FIXTURE['negatives']['x'], dtype=np.float32).reshape(-1, 4))
Y_NEG = torch.tensor(FIXTURE['negatives']['y'])
X_POS = torch.tensor(np.array(FIXTURE['positives']['x'], dtype=np.float32).reshape(-1, 4))
Y_POS = torch.tensor(FIXTURE['positives']['y'])

rng = np.random.RandomState(20261205)
# INNER's probe on the hidden layer (the input of Kintsugi's layer 3): fixed values, not trained
PROBE_W = rng.normal(0, 1.0, (3, 6)).astype(np.float32)
PROBE_B = rng.normal(0, 0.3, 3).astype(np.float32)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = torch.nn.Linear(4, 6)
        self.l3 = torch.nn.Linear(6, 3)
        with torch.no_grad():
            self.l1.weight.copy_(torch.tensor(W1))
            self.l1.bias.copy_(torch.tensor(B1))
            self.l3.weight.copy_(torch.tensor(W2))
            self.l3.bias.copy_(torch.tensor(B2))
        self.layers = [self.l1, self.l3]

    def hidden(self, x):
        return torch.relu(self.l1(x))

    def forward(self, x):
        return self.l3(self.hidden(x))

    def probe(self, x):
        return self.hidden(x) @ torch.tensor(PROBE_W).T + torch.tensor(PROBE_B)


def params(model):
    """Kintsugi's trainable-parameter order: layer 1 weight, bias; layer 3 weight, bias."""
    return [model.l1.weight, model.l1.bias, model.l3.weight, model.l3.bias]


KEYS = ['1/weight', '1/bias', '3/weight', '3/bias']


# ---- I-Repair (vas-group-imperial/I-Repair) ----------------------------------------------------------
def margins(model, x, y):
    """Repairer._calc_margins: output of the label minus output of the argmax."""
    with torch.no_grad():
        pred = model(x)
        return pred[torch.arange(len(y)), y] - pred[torch.arange(len(y)), pred.argmax(dim=1)]


def influence(model, x, y, specific_set):
    """InfluenceEstimator._calc_gradients + _calc_parameter_influence ("Weight")."""
    for p in model.parameters():
        if p.grad is not None:
            p.grad.data.zero_()
    res = model(x)
    if specific_set:
        loss = F.cross_entropy(res, y)
    else:
        loss = torch.sum(torch.abs(res))
        loss /= x.shape[0]
    loss.backward()
    return [p.grad.detach().clone() for p in params(model)]


def edge_scores(model, gx, gy, sx, sy, gamma):
    """Repairer._repair_once_edges: (|spec| + 1e-8) / (gamma * |gen| + 1e-8)."""
    general = influence(model, gx, gy, False)
    specific = influence(model, sx, sy, True)
    return [(torch.abs(s) + 1e-8) / ((gamma * torch.abs(g)) + 1e-8) for s, g in zip(specific, general)]


def repair_once_edges(model, optimizer, gx, gy, sx, sy, gamma):
    """_repair_once_edges -> _build_mask_edge -> _run_backprop (CE on general + all specific, masked)."""
    remaining = torch.nonzero(margins(model, sx, sy) != 0, as_tuple=True)[0]
    scores = edge_scores(model, gx, gy, sx[remaining], sy[remaining], gamma)
    masks = [torch.where(s >= 1., torch.Tensor([1.]), torch.Tensor([0.])) for s in scores]
    x = torch.cat((gx, sx), dim=0)
    y = torch.cat((gy, sy), dim=0)
    loss = F.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    for p, m in zip(params(model), masks):
        p.grad = p.grad.clone() * m
    optimizer.step()
    optimizer.zero_grad()


def irepair():
    model = Net()
    remaining = torch.nonzero(margins(model, X_NEG, Y_NEG) != 0, as_tuple=True)[0]
    scores1 = edge_scores(model, X_POS, Y_POS, X_NEG[remaining], Y_NEG[remaining], 1.0)
    scores10 = edge_scores(model, X_POS, Y_POS, X_NEG[remaining], Y_NEG[remaining], 10.0)
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01)
    for _ in range(3):
        repair_once_edges(model, optimizer, X_POS, Y_POS, X_NEG, Y_NEG, 1.0)
    return {
        'remaining': remaining.tolist(),
        'scoresGamma1': {k: s.reshape(-1).tolist() for k, s in zip(KEYS, scores1)},
        'trainableGamma10': int(sum((s >= 1).sum().item() for s in scores10)),
        'lr': 0.01, 'gamma': 1.0, 'iterations': 3,
        'parametersAfter': {k: p.detach().reshape(-1).tolist() for k, p in zip(KEYS, params(model))},
        'remainingAfter': torch.nonzero(margins(model, X_NEG, Y_NEG) != 0, as_tuple=True)[0].tolist(),
    }


# ---- INNER (released code: main.py, utils/my_optim.py) -----------------------------------------------
def np_softmax(f):
    """main.py softmax: shift by the max, exponentiate, normalise."""
    f = f - np.max(f)
    return np.exp(f) / np.sum(np.exp(f))


def anomaly_select(model):
    """anomaly_select(NO_normalization=True, trigger_label=None): first 30 right clean, first 30 failing."""
    clayers, blayers = [], []
    with torch.no_grad():
        for x, y in zip(X_POS, Y_POS):
            if model(x[None]).argmax(1).item() != y.item():
                continue
            clayers.append(np_softmax(model.probe(x[None]).numpy().squeeze()))
            if len(clayers) >= 30:
                break
        for x in X_NEG[:30]:
            blayers.append(np_softmax(model.probe(x[None]).numpy().squeeze()))
    c_means = np.mean(np.array(clayers), axis=0)
    b_means = np.mean(np.array(blayers), axis=0)
    delta = 1e-7
    return float(-np.sum(np.abs(b_means) * np.log(np.abs(c_means) + delta)))


def single_img_optim(model, x, epochs=40, alpha=0.005):
    """single_img_optim on the block's weight: p.grad of the parameter holding W*r drives r."""
    ori = model.l1.weight.detach().clone()
    r = torch.ones_like(ori)
    with torch.no_grad():
        self_label = torch.argmax(model.probe(x[None]), dim=1)
    for _ in range(epochs):
        w = (r * ori).clone().requires_grad_(True)
        h = torch.relu(x[None] @ w.T + model.l1.bias.detach())
        out = h @ torch.tensor(PROBE_W).T + torch.tensor(PROBE_B)
        loss = F.cross_entropy(out, self_label)
        loss.backward()
        r = r - 0.009 * w.grad - alpha * torch.sign(r)
        r.data.clamp_(0, 1)
    return r.detach()


def fault_neurons(routs, topk=None):
    """get_weight_mask: count entries above the mean per routing, rank by count (stable: first seen)."""
    id_count = {}
    for rout in routs:
        viewed = rout.view(-1)
        over_avg = torch.where(viewed > torch.mean(viewed))
        for i in over_avg[0]:
            idd = str(i.item())
            id_count[idd] = id_count.get(idd, 0) + 1
    fault = []
    for k in sorted(id_count, key=id_count.__getitem__, reverse=True):
        fault.append(int(k))
        if topk is not None and len(fault) >= topk:
            break
    return fault, id_count


def layer_rep(model, mask, lr, alpha=0.8):
    """layer_rep (not clean): zip(bd_loader, nor_loader) batches of 64, 0.8 CE + 0.2 soft CE (T=3), MySGD."""
    def cross_entropy(outputs, targets, temp=3):
        log_softmax_outputs = F.log_softmax(outputs / temp, dim=1)
        softmax_targets = F.softmax(targets / temp, dim=1)
        return -(log_softmax_outputs * softmax_targets).sum(dim=1).mean()
    selected = [model.l1.weight, model.l1.bias]
    for start in range(0, min(len(X_NEG), len(X_POS)), 64):
        bd_image, bd_label = X_NEG[start:start + 64], Y_NEG[start:start + 64]
        nor_image = X_POS[start:start + 64][:bd_image.size(0)]
        nor_out = model.probe(nor_image).detach()
        bd_out = model.probe(bd_image)
        loss = F.cross_entropy(bd_out, bd_label) * alpha + cross_entropy(bd_out, nor_out) * (1 - alpha)
        for p in model.parameters():
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in selected:  # MySGD.step, momentum 0: the mask applies where its size fits
                d_p = p.grad.data
                if p.size() == mask.size():
                    d_p = d_p * mask
                p.data.add_(-lr * d_p)


def inner():
    model = Net()
    score = anomaly_select(model)
    routs = [single_img_optim(model, x) for x in X_NEG]
    fault_all, counts = fault_neurons(routs)
    fault5, _ = fault_neurons(routs, topk=5)
    mask = torch.zeros(W1.size)
    for i in fault5:
        mask[i] = 1
    mask = mask.reshape(W1.shape)
    layer_rep(model, mask, lr=0.1)
    return {
        'probeWeight': PROBE_W.reshape(-1).tolist(),
        'probeBias': PROBE_B.tolist(),
        'layerScore': score,
        'routing0': routs[0].reshape(-1).tolist(),
        'routing1': routs[1].reshape(-1).tolist(),
        'faultAll': sorted(fault_all),
        'fault5': fault5,
        'counts': {k: v for k, v in counts.items()},
        'lr': 0.1,
        'weightAfter': model.l1.weight.detach().reshape(-1).tolist(),
        'biasAfter': model.l1.bias.detach().tolist(),
    }


def main():
    torch.manual_seed(0)
    out = {'irepair': irepair(), 'inner': inner()}
    path = os.path.join(ROOT, 'src/test/resources/repair/irepair_inner.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', path)


if __name__ == '__main__':
    main()
