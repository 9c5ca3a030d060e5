#!/usr/bin/python3
"""matmul: dense matrix product C = A @ B of two n x n matrices (the GEMM of BenchmarkDgemm).

A, B with i.i.d. N(0,1) entries (numpy default_rng(1), A drawn first), float64, C-ordered;
the same matrices for numpy and torch. Timed: one call of
  numpy: A @ B   (Debian: OpenBLAS's dgemm)
  torch: A @ B   (torch's BLAS)
n in {1000, 2000}; 2 n^3 flops per call.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _bench import SEED, THREADS, bench, blas_threads, emit, parse_args, setup_torch  # noqa: E402

SIZES = [1000, 2000]


def main():
    args = parse_args(__doc__)
    torch = setup_torch()
    for n in SIZES:
        rng = np.random.default_rng(SEED)
        A = rng.standard_normal((n, n))
        B = rng.standard_normal((n, n))
        size = {"n": n}
        t = bench(lambda: A @ B, args.quick)
        emit("matmul", "numpy", size, t, blas_threads(), gflops=2 * n**3 / t.seconds / 1e9)
        At, Bt = torch.from_numpy(A), torch.from_numpy(B)
        t = bench(lambda: At @ Bt, args.quick)
        emit("matmul", "torch", size, t, THREADS, gflops=2 * n**3 / t.seconds / 1e9)


if __name__ == "__main__":
    main()
