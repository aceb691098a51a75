"""The numpy/scipy yardstick for bench/als.ts: the same implicit ALS (conjugate gradient, float32,
the same cost model) batched over all rows of a half-step, as a numpy user would write it.
Reads the user x item CSR that bench/als.ts wrote (raw little-endian arrays) and prints one JSON
line: seconds per iteration, median over the iterations after the first.
Usage: OPENBLAS_NUM_THREADS=1 python3 bench/als-numpy.py DIR FACTORS ITERATIONS
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp


def half(m, x, y, lam, alpha, steps):
    f = y.shape[1]
    g = y.T @ y + lam * np.eye(f, dtype=np.float32)
    counts = np.diff(m.indptr)
    rows = np.repeat(np.arange(m.shape[0]), counts)
    live = (counts > 0)[:, None]
    idx = m.indices
    c = 1 + alpha * m.data

    def spmm(values):
        return sp.csr_matrix((values.astype(np.float32), idx, m.indptr), shape=m.shape) @ y

    yx = np.einsum("ij,ij->i", y[idx], x[rows])
    r = spmm(c - (c - 1) * yx) - x @ g
    p = r.copy()
    rs = np.einsum("ij,ij->i", r, r)
    for _ in range(steps):
        yp = np.einsum("ij,ij->i", y[idx], p[rows])
        ap = p @ g + spmm(alpha * m.data * yp)
        pap = np.einsum("ij,ij->i", p, ap)
        step = np.where(pap > 0, rs / np.where(pap > 0, pap, 1), 0).astype(np.float32)
        x += np.where(live, step[:, None] * p, 0)
        r -= step[:, None] * ap
        rsn = np.einsum("ij,ij->i", r, r)
        p = r + (rsn / np.where(rs > 0, rs, 1))[:, None] * p
        rs = rsn


def main():
    folder, f, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    meta = json.load(open(f"{folder}/meta.json"))
    indptr = np.fromfile(f"{folder}/indptr.bin", dtype=np.int32)
    indices = np.fromfile(f"{folder}/indices.bin", dtype=np.int32)
    data = np.fromfile(f"{folder}/data.bin", dtype=np.float32)
    ui = sp.csr_matrix((data, indices, indptr), shape=(meta["users"], meta["items"]))
    iu = ui.T.tocsr()
    rng = np.random.default_rng(42)
    x = ((rng.random((meta["users"], f)) - 0.5) / np.sqrt(f)).astype(np.float32)
    y = ((rng.random((meta["items"], f)) - 0.5) / np.sqrt(f)).astype(np.float32)
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        half(ui, x, y, 10.0, 15.0, 3)
        half(iu, y, x, 10.0, 15.0, 3)
        times.append(time.perf_counter() - started)
    print(json.dumps({"seconds": float(np.median(times[1:] or times)), "numpy": np.__version__}))


main()
