# PyTorch side of bench/w8_cputime.ts: W8's creation, random fill and sum by wall and CPU time
# (time.process_time, all threads), best of 5 rounds.
# Run: /usr/bin/python3 bench/w8_cputime_torch.py [n, default 1e6] [threads, default 2]
import sys
import time

import torch

n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)


def best(fn, reps):
    for _ in range(max(2, reps)):
        fn()
    wall = cpu = float('inf')
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            fn()
        wall = min(wall, (time.perf_counter() - t0) / reps * 1e3)
        cpu = min(cpu, (time.process_time() - c0) / reps * 1e3)
    return wall, cpu


torch.manual_seed(0)
x = torch.randn(n)
reps = 1 if n > 1e7 else 50
ops = [
    ('ones', lambda: torch.ones(n)),
    ('arange (int64)', lambda: torch.arange(n)),
    ('rand', lambda: torch.rand(n)),
    ('randn', lambda: torch.randn(n)),
    ('sum', lambda: x.sum()),
]
print(f'| PyTorch {torch.__version__} ({torch.get_num_threads()} threads), n = {n} | wall ms | CPU ms |\n|---|---:|---:|')
for name, fn in ops:
    wall, cpu = best(fn, reps)
    print(f'| {name} | {wall:.3f} | {cpu:.3f} |')
