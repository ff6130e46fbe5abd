#!/usr/bin/python3
"""Models trained outside Kintsugi, as a user brings them: the fixtures of ONNX / TorchScript import.

Run with Debian's python3-torch (no `onnx` package needed; torch.onnx writes the protobuf itself):

    /usr/bin/python3 tools/make_outside_models.py [OUT_DIR]   # default src/test/resources/fixtures/outside

Writes, each trained for a short while on a 3000-image sample of Fashion-MNIST
(/usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist):
  lenet5.onnx, lenet5.pt          LeNet-5 (classic layout: conv 6@5x5 same, pool, conv 16@5x5, pool, 120, 84, 10)
  resnet.onnx                     a small ResNet: conv + batch norm stem, one residual block (Add), global average pool
  channels-last.onnx              input NHWC [N, 28, 28, 1] with a Transpose, as tf2onnx writes a Keras model,
                                  dense layers as MatMul + Add and a Softmax output
  *.pt.json / *.onnx.json         input declarations (shape, class names, bounds)
  expected.json                   the first 8 test images (pixels 0-255, NCHW) and each model's outputs for them
                                  from PyTorch (the check that does not come from Java)
Inputs are raw pixels in [0, 1]; each model normalises inside itself where it needs to (it does not).
"""
import gzip
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

DATA = "/usr/share/datasets/fashion-mnist"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
OUT = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/fixtures/outside"


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    if raw[2] == 8 and raw[3] == 3:
        n, h, w = (int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(raw, np.uint8, offset=16).reshape(n, 1, h, w).astype(np.float32) / 255.0
    n = int.from_bytes(raw[4:8], "big")
    return np.frombuffer(raw, np.uint8, offset=8).astype(np.int64)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.classifier = nn.Sequential(
            nn.Linear(400, 120), nn.ReLU(), nn.Dropout(0.1), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
                                  nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return torch.relu(self.body(x) + x)


class SmallResNet(nn.Module):
    # Batch norm after ReLU in the stem (not after a conv) so the exporter cannot fold it into the conv; the
    # residual block's batch norms follow convs and are kept by exporting in training-preserving mode below.
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, stride=2), nn.ReLU(), nn.BatchNorm2d(8))
        self.block = Residual(8)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))

    def forward(self, x):
        return self.head(self.block(self.stem(x)))


class ChannelsLast(nn.Module):
    """What tf2onnx makes of a small Keras CNN: NHWC input, Transpose to NCHW around the convolution,
    dense layers as MatMul + Add, softmax output."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.w1 = nn.Parameter(torch.randn(4 * 14 * 14, 32) * 0.03)
        self.b1 = nn.Parameter(torch.zeros(32))
        self.w2 = nn.Parameter(torch.randn(32, 10) * 0.1)
        self.b2 = nn.Parameter(torch.zeros(10))

    def forward(self, x):
        x = x.permute(0, 3, 1, 2)
        x = torch.max_pool2d(torch.relu(self.conv(x)), 2)
        x = x.permute(0, 2, 3, 1).reshape(-1, 4 * 14 * 14)
        x = torch.relu(torch.matmul(x, self.w1) + self.b1)
        return torch.softmax(torch.matmul(x, self.w2) + self.b2, dim=1)


def train(model, x, y, epochs, softmax_output=False):
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 64):
            b = perm[i:i + 64]
            out = model(x[b])
            loss = nn.functional.nll_loss(torch.log(out + 1e-9), y[b]) if softmax_output \
                else nn.functional.cross_entropy(out, y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def export_onnx(model, example, path, input_name="input"):
    torch.onnx.export(model, example, path, input_names=[input_name], output_names=["logits"],
                      dynamic_axes={input_name: {0: "batch"}, "logits": {0: "batch"}}, opset_version=13,
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)


def declaration(path, shape):
    with open(path, "w") as f:
        json.dump({"inputShape": shape, "classNames": CLASSES, "bounds": [0, 1]}, f, indent=1)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    images = torch.from_numpy(idx("train-images-idx3-ubyte.gz"))
    labels = torch.from_numpy(idx("train-labels-idx1-ubyte.gz"))
    test_x = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz"))
    test_y = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz"))
    sample = torch.randperm(len(images))[:3000]
    x, y = images[sample], labels[sample]
    probe = test_x[:8]
    expected = {"testIndices": list(range(8)),
                "pixels": (probe * 255).round().to(torch.int64).reshape(8, -1).tolist(), "models": {}}

    lenet = LeNet5()
    train(lenet, x, y, epochs=3)
    export_onnx(lenet, probe[:1], os.path.join(OUT, "lenet5.onnx"))
    torch.jit.trace(lenet, probe[:1]).save(os.path.join(OUT, "lenet5.pt"))
    declaration(os.path.join(OUT, "lenet5.pt.json"), [1, 28, 28])

    resnet = SmallResNet()
    train(resnet, x, y, epochs=2)
    export_onnx(resnet, probe[:1], os.path.join(OUT, "resnet.onnx"))

    last = ChannelsLast()
    train(last, x.permute(0, 2, 3, 1), y, epochs=2, softmax_output=True)
    export_onnx(last, probe[:1].permute(0, 2, 3, 1), os.path.join(OUT, "channels-last.onnx"), "input_1")

    with torch.no_grad():
        for name, m, inp in [("lenet5", lenet, probe), ("resnet", resnet, probe),
                             ("channels-last", last, probe.permute(0, 2, 3, 1))]:
            expected["models"][name] = {
                "outputs": m(inp).numpy().astype(float).round(7).tolist(),
                "testAccuracy1000": accuracy(m, test_x[:1000] if name != "channels-last"
                                             else test_x[:1000].permute(0, 2, 3, 1), test_y[:1000])}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    for name, v in expected["models"].items():
        print(name, "accuracy on the first 1000 test images", v["testAccuracy1000"])


if __name__ == "__main__":
    main()
