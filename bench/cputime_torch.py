# PyTorch side of bench/cputime.ts: W2 and W3 by wall and CPU time (time.process_time, all threads).
# Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/cputime_torch.py [threads, default 1]
import math
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)


def wave(n, seed, scale=1.0):
    i = torch.arange(n, dtype=torch.float64)
    return (scale * torch.sin(0.37 * i + seed)).float()


def best(fn, reps):
    for _ in range(2 * reps):
        fn()
    wall = cpu = float('inf')
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            fn()
        wall = min(wall, (time.perf_counter() - t0) / reps * 1e3)
        cpu = min(cpu, (time.process_time() - c0) / reps * 1e3)
    return wall, cpu


B, I, H, O = 64, 784, 256, 10
x, y = wave(B * I, 1).reshape(B, I), wave(B * O, 2, 0.5).reshape(B, O)
params = [
    wave(I * H, 3, 1 / math.sqrt(I)).reshape(I, H),
    wave(H, 4, 0.1),
    wave(H * O, 5, 1 / math.sqrt(H)).reshape(H, O),
    wave(O, 6, 0.1),
]
for p in params:
    p.requires_grad_()
w1, b1, w2, b2 = params


def w2step():
    h = (x @ w1 + b1).relu()
    loss = torch.nn.functional.mse_loss(h @ w2 + b2, y)
    loss.backward()
    with torch.no_grad():
        for p in params:
            p.sub_(p.grad * 0.01)
            p.grad = None
    loss.item()


data = wave(1_000_000, 13)
xb = data.clone().requires_grad_()


def w3fb():
    xb.grad = None
    (xb * xb + xb).exp().sum().backward()


for name, t in [
    ('W2 MLP step', best(w2step, 20)),
    ('W3 fwd', best(lambda: (data * data + data).exp().sum(), 10)),
    ('W3 fwd+bwd', best(w3fb, 10)),
]:
    print(f'{name}: wall {t[0]:.2f} ms, cpu {t[1]:.2f} ms')
