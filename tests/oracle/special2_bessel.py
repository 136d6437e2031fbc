"""Oracle for torch.special's Bessel functions of src/ops/special2.ts: bessel_j0, bessel_j1,
bessel_y0, bessel_y1, spherical_bessel_j0, modified_bessel_i0/i1/k0/k1 and
scaled_modified_bessel_k0/k1, airy_ai; values on a grid with edge values, float32, float64 and
integer inputs, and what backward does.

    /usr/bin/python3 tests/oracle/special2_bessel.py  ->  tests/fixtures/special2_bessel.json
"""
import math

import torch

from cases import run, T
from common import dump

cases = []
inf, nan = math.inf, math.nan


def add(*a, **k):
    cases.append(run(*a, **k))


GRID = [-30.0, -2.1, -2.09, -2.0, 2.08, 2.09, 8.32, 8.33, 103.0, 104.0, -7.5, -5.0, -2.4048, -1e-6, 0.0, 1e-6, 0.3, 0.5, 1.0, 1.99, 2.0, 2.01, 2.5, 4.99, 5.0, 5.01, 8.0, 8.3,
        20.0, 80.0, 1e3, 1e8, inf, -inf, nan]
for f in ('bessel_j0', 'bessel_j1', 'bessel_y0', 'bessel_y1', 'spherical_bessel_j0', 'modified_bessel_i0',
          'modified_bessel_i1', 'modified_bessel_k0', 'modified_bessel_k1', 'scaled_modified_bessel_k0',
          'scaled_modified_bessel_k1', 'airy_ai'):
    op = f'torch.special.{f}'
    for dt in (torch.float64, torch.float32):
        add(f'{f} {dt}', op, [torch.tensor(GRID, dtype=dt)])
    add(f'{f} int64', op, [torch.tensor([0, 1, 2, 7])])
    add(f'{f} grad', op, [T(torch.tensor([0.7, 2.0], dtype=torch.float64), rg=True)])

dump('special2_bessel', cases)
