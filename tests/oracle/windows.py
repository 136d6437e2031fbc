"""Oracle for the window functions (src/ops/window_functions.ts): torch.hann_window,
hamming_window, blackman_window and bartlett_window; values (float32 rounding included), dtypes,
requires_grad and PyTorch's error texts.

    /usr/bin/python3 tests/oracle/windows.py   ->  tests/fixtures/windows.json
"""
import torch

from cases import run
from common import dump

cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


for f in ('hann_window', 'hamming_window', 'blackman_window', 'bartlett_window'):
    for n in (0, 1, 2, 5, 8):
        add(f'{f}({n})', f'torch.{f}', [n])
        add(f'{f}({n}, periodic=False)', f'torch.{f}', [n, False])
    add(f'{f} float64', f'torch.{f}', [7], {'dtype': torch.float64})
    add(f'{f} periodic keyword', f'torch.{f}', [6], {'periodic': False})
    add(f'{f} requires_grad', f'torch.{f}', [4, False], {'requires_grad': True})
    add(f'{f} negative length', f'torch.{f}', [-1])
    add(f'{f} int64', f'torch.{f}', [3], {'dtype': torch.int64})
add('hamming_window alpha beta', 'torch.hamming_window', [5, True, 0.6, 0.3])
add('hamming_window alpha', 'torch.hamming_window', [6, False, 0.25])
add('hann_window default dtype float64', 'torch.hann_window', [5], default_dtype=torch.float64)

dump('windows', cases)
