# PyTorch figures to set beside bench/native.ts (run with the system python and OpenBLAS:
#   OPENBLAS_NUM_THREADS=2 LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 bench/native_torch.py
import sys
import time

import torch


def best(fn, reps, rounds=7):
    fn()
    t = float('inf')
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        t = min(t, (time.perf_counter() - t0) / reps)
    return t


with open('/proc/self/maps') as f:
    blas = sorted({line.split()[-1] for line in f if 'blas' in line.lower()})
print('BLAS libraries loaded:', blas)
for threads in (1, 2):
    torch.set_num_threads(threads)
    for dtype in (torch.float32, torch.float64):
        for n in (256, 512, 1024):
            a, b = torch.rand(n, n, dtype=dtype), torch.rand(n, n, dtype=dtype)
            t = best(lambda: a @ b, max(1, int(2e9 / (2 * n**3))))
            print(f'{threads}T {dtype} n={n}: {2 * n**3 / t / 1e9:.1f} GFLOPS')
n = 1 << 20
x, y = torch.rand(n) * 2 - 1, torch.rand(n) * 2 - 1
m = x.view(1024, 1024)
for threads in (1, 2):
    torch.set_num_threads(threads)
    for name, fn in [
        ('add', lambda: torch.add(x, y)),
        ('exp', lambda: torch.exp(x)),
        ('tanh', lambda: torch.tanh(x)),
        ('sigmoid', lambda: torch.sigmoid(x)),
        ('relu', lambda: torch.relu(x)),
        ('log', lambda: torch.log(x)),
        ('sum', lambda: x.sum()),
        ('sum dim 0 of 1024x1024', lambda: m.sum(0)),
        ('softmax rows of 1024x1024', lambda: torch.softmax(m, 1)),
    ]:
        print(f'{threads}T {name}: {n / best(fn, 20) / 1e6:.0f} M elements/s')
sys.stdout.flush()
