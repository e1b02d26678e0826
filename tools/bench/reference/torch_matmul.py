#!/usr/bin/python3
"""GFLOP/s of a 1024x1024 float32 matrix product with PyTorch on N threads (default 2)."""
import sys, time, torch
THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
N, REPEATS = 1024, 20
torch.set_num_threads(THREADS); torch.manual_seed(0)
a, b = torch.randn(N, N), torch.randn(N, N)
for _ in range(3): a @ b
t0 = time.time()
for _ in range(REPEATS): a @ b
print(f'torch {torch.__version__} threads={THREADS} matmul_gflops={2 * N ** 3 * REPEATS / (time.time() - t0) / 1e9:.2f}')
