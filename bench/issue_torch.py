# PyTorch side of bench/issue.ts (same workloads and output format). Run with OpenBLAS:
#   LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 bench/issue_torch.py [threads] [rounds]
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
torch.set_num_threads(threads)


def best(fn, reps):
    for _ in range(reps):
        fn()
    t = float('inf')
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        t = min(t, (time.perf_counter() - t0) / reps)
    return t


with torch.no_grad():
    for n in (128, 512, 1024):
        a, b = torch.rand(n, n), torch.rand(n, n)
        t = best(lambda: a @ b, max(1, round(1e9 / (2 * n**3))))
        print(f'W1 n={n} {2 * n**3 / t / 1e9:.1f} GFLOPS')
    x = torch.rand(1_000_000)
    t = best(lambda: (x * x + x).exp().sum(), 10)
    print(f'W3 {t * 1e3:.3f} ms')
sys.stdout.flush()
