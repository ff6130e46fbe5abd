#!/usr/bin/python3
"""Reference values for EditableTrainingTest: Editable Training (Sinitsin et al., ICLR 2020) transcribed from
xtinkt/editable in PyTorch, independently of the Java, on a tiny fixed network:
  - the editor: Editable.edit with IngraphRMSProp (beta 0.5, epsilon 1e-6, no momentum) on
    lib/loss.py's contrastive_cross_entropy (margin 0); the loss is checked before each step, success when <= 0;
  - one EditableTrainer.train_on_batch objective: CE(f(x), y) + 0.01 * stability + 0.01 * edit loss, with
    stability = -(softmax(f(x)).detach() * log_softmax(f_edited(x))).sum(1).mean().
For each case it writes the edited parameters, the edit's outcome, the objective's value, its FIRST-ORDER
gradient (the gradient of the two edit terms taken at the edited parameters and added to the main term's
gradient at the original ones: what the Java computes) and, for information, the exact gradient through the
editor's steps (create_graph=True, what the original backpropagates).
Writes src/test/resources/fixtures/repair/editable.json. Run: /usr/bin/python3 tools/editable_reference.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(3)
D, H, K = 4, 6, 3
W1 = torch.randn(H, D) * 0.7
B1 = torch.randn(H) * 0.1
W2 = torch.randn(K, H) * 0.7
B2 = torch.randn(K) * 0.1
X = torch.randn(8, D)
Y = torch.tensor([0, 1, 2, 0, 1, 2, 1, 0])
XE = torch.randn(1, D)


def forward(params, x):
    w1, b1, w2, b2 = params
    return F.linear(torch.tanh(F.linear(x, w1, b1)), w2, b2)


def contrastive_cross_entropy(logits, target, margin=0.0):
    # lib/loss.py
    logp = F.log_softmax(logits, dim=-1)
    target_one_hot = F.one_hot(target, num_classes=logp.shape[-1])
    logp_target = (logp * target_one_hot.to(logits.dtype)).sum(-1)
    logp_others = torch.where(target_one_hot.to(torch.bool), torch.full_like(logp, -float('inf')), logp)
    return F.relu(margin + logp_others.max(dim=-1)[0] - logp_target).mean()


def edit(params, x, y, lr, max_steps, beta=0.5, epsilon=1e-6, create_graph=False):
    """Editable.edit + IngraphRMSProp.step; returns (params', success, loss, steps)."""
    ewma = None
    for step in range(10 ** 6):
        loss = contrastive_cross_entropy(forward(params, x), y)
        if loss.item() <= 0:
            return params, True, loss, step
        if step >= max_steps:
            return params, False, loss, step
        grads = torch.autograd.grad(loss, params, create_graph=create_graph)
        if ewma is None:
            ewma = [g ** 2 for g in grads]
        else:
            ewma = [beta * e + (1.0 - beta) * g ** 2 for e, g in zip(ewma, grads)]
        params = [p - lr * (g / torch.sqrt(e + epsilon)) for p, g, e in zip(params, grads, ewma)]
        if not create_graph:
            params = [p.detach().requires_grad_(True) for p in params]


def case(ye, lr, max_steps):
    theta = [t.clone().requires_grad_(True) for t in (W1, B1, W2, B2)]
    logits = forward(theta, X)
    main = F.cross_entropy(logits, Y)
    g_main = torch.autograd.grad(main, theta, retain_graph=True)

    # first order: edit without a graph, then the two edit terms' gradient at the edited parameters
    edited, success, _, steps = edit(theta, XE, ye, lr, max_steps)
    edited = [p.detach().requires_grad_(True) for p in edited]
    stability = -(F.softmax(logits.detach(), dim=1) * F.log_softmax(forward(edited, X), dim=1)).sum(1).mean()
    edit_loss = contrastive_cross_entropy(forward(edited, XE), ye)
    g_edit = torch.autograd.grad(0.01 * stability + 0.01 * edit_loss, edited, allow_unused=True)
    g_edit = [torch.zeros_like(p) if g is None else g for p, g in zip(edited, g_edit)]
    first_order = [a + b for a, b in zip(g_main, g_edit)]
    total = main + 0.01 * stability + 0.01 * edit_loss

    # the original's exact gradient, through the editor's steps
    theta2 = [t.clone().requires_grad_(True) for t in (W1, B1, W2, B2)]
    logits2 = forward(theta2, X)
    edited2, _, loss2, _ = edit(theta2, XE, ye, lr, max_steps, create_graph=True)
    stability2 = -(F.softmax(logits2.detach(), dim=1) * F.log_softmax(forward(edited2, X), dim=1)).sum(1).mean()
    total2 = F.cross_entropy(logits2, Y) + 0.01 * stability2 + 0.01 * loss2
    exact = torch.autograd.grad(total2, theta2, allow_unused=True)
    exact = [torch.zeros_like(p) if g is None else g for p, g in zip(theta2, exact)]

    flat = lambda ts: [v for t in ts for v in t.detach().flatten().tolist()]
    return {"ye": int(ye.item()), "lr": lr, "maxSteps": max_steps, "success": success, "steps": steps,
            "editLoss": edit_loss.item(), "stability": stability.item(), "main": main.item(), "loss": total.item(),
            "edited": flat(edited), "firstOrderGradient": flat(first_order), "exactGradient": flat(exact)}


with torch.no_grad():
    predicted = int(forward([W1, B1, W2, B2], XE).argmax(1).item())
wrong = torch.tensor([(predicted + 1) % K])
cases = [case(wrong, 0.05, 10),   # an edit that succeeds within the step limit
         case(wrong, 1e-3, 3)]    # one that stops at the step limit, so the edit loss is positive
assert cases[0]["success"] and cases[0]["steps"] > 1, cases[0]
assert not cases[1]["success"] and cases[1]["editLoss"] > 0, cases[1]
out = {"d": D, "h": H, "k": K,
       "parameters": [v for t in (W1, B1, W2, B2) for v in t.flatten().tolist()],
       "shapes": [[H, D], [H], [K, H], [K]],
       "x": X.flatten().tolist(), "y": Y.tolist(), "xe": XE.flatten().tolist(), "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "src/test/resources/fixtures/repair/editable.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), [(c["success"], c["steps"], round(c["loss"], 6)) for c in cases])
