#!/usr/bin/python3
"""Writes the first N training-file and M test-file images of Debian's Fashion-MNIST as an IDX folder, a
small dataset for quick benchmark runs (bench/onnx.sh).  Usage: bench/fashion_head.py OUT_DIR N M"""
import gzip
import os
import sys

SRC = "/usr/share/datasets/fashion-mnist/"
out, n_train, n_test = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
for name, n, header, record in [("train-images-idx3-ubyte", n_train, 16, 784), ("train-labels-idx1-ubyte", n_train, 8, 1),
                                ("t10k-images-idx3-ubyte", n_test, 16, 784), ("t10k-labels-idx1-ubyte", n_test, 8, 1)]:
    with gzip.open(SRC + name + ".gz") as f:
        b = bytearray(f.read(header + n * record))
    b[4:8] = n.to_bytes(4, "big")
    with gzip.open(os.path.join(out, name + ".gz"), "wb") as f:
        f.write(bytes(b))
