"""Oracle for the torch.special functions of src/ops/special2.ts (and torch.i0, igamma, igammac,
mvlgamma, nextafter, ldexp, frexp, kaiser_window, poisson, finfo, iinfo): values on grids with edge values
(0, +-inf, nan, large and small), float32, float64 and integer inputs, gradients (and PyTorch's
not-implemented derivative errors), error texts.

    /usr/bin/python3 tests/oracle/special2.py  ->  tests/fixtures/special2.json, special2_info.json
"""
import math

import torch

from cases import run, T
from common import dump

cases = []
inf, nan = math.inf, math.nan


def add(*a, **k):
    cases.append(run(*a, **k))


GRID = [-30.0, -9.5, -8.0, -3.25, -1.0, -0.5, -1e-3, 0.0, 1e-8, 0.25, 0.5, 1.0, 2.5, 7.9, 8.0, 8.1, 15.0,
        27.0, 60.0, 700.0, 1e10, inf, -inf, nan]
PROB = [0.0, 1e-300, 1e-20, 1e-10, 0.01, 0.1, 0.135, 0.3, 0.5, 0.7, 0.86, 0.99, 1 - 1e-10, 1.0, -0.1, 1.1, nan]
GRADX = [-2.5, -0.7, 0.3, 1.2, 3.5, 9.0]
POS = [0.05, 0.4, 1.0, 2.5, 9.0]

unary = {
    'torch.i0': GRID, 'torch.special.i0': GRID, 'torch.special.i0e': GRID, 'torch.special.i1': GRID,
    'torch.special.i1e': GRID, 'torch.special.ndtri': PROB, 'torch.special.log_ndtr': GRID,
    'torch.special.erfcx': GRID, 'torch.special.entr': GRID, 'torch.special.sinc': GRID,
}
for op, grid in unary.items():
    for dt in (torch.float64, torch.float32):
        add(f'{op} {dt}', op, [torch.tensor(grid, dtype=dt)])
    add(f'{op} int64', op, [torch.tensor([0, 1, 2, 5], dtype=torch.int64)])
    add(f'{op} bool', op, [torch.tensor([True, False])])
    gx = [p for p in (POS if op.endswith(('entr', 'ndtri')) else GRADX)]
    if op.endswith('ndtri'):
        gx = [0.02, 0.3, 0.5, 0.8, 0.97]
    add(f'{op} grad', op, [T(torch.tensor(gx, dtype=torch.float64), rg=True)])
    add(f'{op} grad float32', op, [T(torch.tensor(gx, dtype=torch.float32), rg=True)])
add('i0 grad at 0', 'torch.special.i1', [T(torch.tensor([0.0, 1.0], dtype=torch.float64), rg=True)])
add('i1e grad at 0', 'torch.special.i1e', [T(torch.tensor([0.0, -1.0], dtype=torch.float64), rg=True)])
add('i0_ method', '.i0_', [T(torch.tensor([0.5, 2.0]), nonleaf=True)])
add('i0 method', '.i0', [torch.tensor([0.5, 2.0])])
add('i0_ int error', '.i0_', [torch.tensor([1, 2])])

# Binary functions.
X = [0.0, 0.0, 1.0, -2.0, 3.5, nan, 2.0, 0.5]
Y = [0.0, -1.0, -1.0, 0.5, 1e-10, 1.0, nan, inf]
for dt in (torch.float64, torch.float32):
    add(f'xlog1py {dt}', 'torch.special.xlog1py', [torch.tensor(X, dtype=dt), torch.tensor(Y, dtype=dt)])
add('xlog1py broadcast', 'torch.special.xlog1py', [torch.tensor([[1.0], [2.0]]), torch.tensor([0.5, 3.0, -0.5])])
add('xlog1py int', 'torch.special.xlog1py', [torch.tensor([1, 2]), torch.tensor([3, 0])])
add('xlog1py scalar other', 'torch.special.xlog1py', [torch.tensor([1.0, 0.0]), 2.5])
add('xlog1py scalar self', 'torch.special.xlog1py', [1.5, torch.tensor([1.0, 0.0])])
add('xlog1py grad', 'torch.special.xlog1py',
    [T(torch.tensor([0.0, 1.5, -2.0, 0.0], dtype=torch.float64), rg=True),
     T(torch.tensor([-1.0, 0.5, 2.0, 3.0], dtype=torch.float64), rg=True)])
add('xlog1py grad scalar other', 'torch.special.xlog1py', [T(torch.tensor([0.0, 1.5], dtype=torch.float64), rg=True), 0.5])

ZX = [2.0, 3.5, 1.0, 0.5, 2.0, 2.0, 4.0, 2.0, 3.0, nan, 10.5, 1.5]
ZQ = [1.0, 2.5, 1.0, 1.0, -1.0, -1.5, -1.5, 0.0, 1e-3, 1.0, 100.0, 1e6]
for dt in (torch.float64, torch.float32):
    add(f'zeta {dt}', 'torch.special.zeta', [torch.tensor(ZX, dtype=dt), torch.tensor(ZQ, dtype=dt)])
add('zeta scalar other', 'torch.special.zeta', [torch.tensor([2.0, 3.0]), 2.5])
add('zeta scalar self', 'torch.special.zeta', [2.5, torch.tensor([1.0, 2.0])])
add('zeta int', 'torch.special.zeta', [torch.tensor([2, 3]), torch.tensor([1, 2])])
add('zeta grad other', 'torch.special.zeta',
    [torch.tensor([2.0, 3.5], dtype=torch.float64), T(torch.tensor([1.5, 0.7], dtype=torch.float64), rg=True)])
add('zeta grad self', 'torch.special.zeta',
    [T(torch.tensor([2.0, 3.5], dtype=torch.float64), rg=True), torch.tensor([1.5, 0.7], dtype=torch.float64)])

GA = [0.0, 0.0, 1.0, 0.5, 2.0, 5.0, 30.0, 30.0, 100.0, 250.0, 1e3, inf, 3.0, -1.0, 2.0, nan, 0.1, 0.7, 2.0]
GX = [0.0, 1.0, 0.0, 0.2, 2.0, 1.0, 25.0, 35.0, 101.0, 240.0, 1010.0, 5.0, inf, 1.0, -1.0, 1.0, 0.3, 0.8, 30.0]
for f in ('igamma', 'igammac'):
    for dt in (torch.float64, torch.float32):
        add(f'{f} {dt}', f'torch.{f}', [torch.tensor(GA, dtype=dt), torch.tensor(GX, dtype=dt)])
    add(f'{f} grad other', f'torch.{f}',
        [torch.tensor([0.5, 2.0, 3.0], dtype=torch.float64), T(torch.tensor([0.3, 1.5, 4.0], dtype=torch.float64), rg=True)])
    add(f'{f} grad self', f'torch.{f}',
        [T(torch.tensor([0.5, 2.0], dtype=torch.float64), rg=True), torch.tensor([0.3, 1.5], dtype=torch.float64)])
    add(f'{f} int', f'torch.{f}', [torch.tensor([1, 2]), torch.tensor([1, 3])])
    add(f'{f} bool', f'torch.{f}', [torch.tensor([True]), torch.tensor([1.0])])
    add(f'{f} method', f'.{f}', [torch.tensor([1.0, 2.0]), torch.tensor([0.5, 1.5])])
    add(f'{f} broadcast', f'torch.{f}', [torch.tensor([[1.0], [2.0]]), torch.tensor([0.5, 1.5, 3.0])])
add('gammainc', 'torch.special.gammainc', [torch.tensor([1.0, 2.0]), torch.tensor([0.5, 1.5])])
add('gammaincc', 'torch.special.gammaincc', [torch.tensor([1.0, 2.0]), torch.tensor([0.5, 1.5])])

for p in (1, 2, 5):
    add(f'mvlgamma p={p}', 'torch.mvlgamma', [torch.tensor([2.5, 3.0, 10.25], dtype=torch.float64), p])
add('mvlgamma float32', 'torch.mvlgamma', [torch.tensor([2.5, 3.0, 10.25]), 3])
add('mvlgamma grad', 'torch.mvlgamma', [T(torch.tensor([2.5, 3.0], dtype=torch.float64), rg=True), 3])
add('mvlgamma bad p', 'torch.mvlgamma', [torch.tensor([2.5]), 0])
add('mvlgamma domain', 'torch.mvlgamma', [torch.tensor([0.5, 3.0]), 3])
add('multigammaln', 'torch.special.multigammaln', [torch.tensor([2.5, 3.0]), 2])
add('mvlgamma method', '.mvlgamma', [torch.tensor([2.5, 3.0]), 2])

# Aliases.
x = torch.tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -0.75]])
add('special.softmax', 'torch.special.softmax', [x, 1])
add('special.softmax dtype', 'torch.special.softmax', [x, 0], {'dtype': torch.float64})
add('special.log_softmax', 'torch.special.log_softmax', [x, 1])
add('special.logsumexp', 'torch.special.logsumexp', [x, 1])
add('special.logsumexp keepdim', 'torch.special.logsumexp', [x, [0, 1], True])
add('special.round', 'torch.special.round', [torch.tensor([0.5, 1.5, 2.5, -0.5, 1.2])])

# nextafter, ldexp, frexp.
A = [0.0, 1.0, 1.0, -1.0, 0.0, 1e-45, 3.4e38, inf, nan, 1.0]
B = [1.0, 2.0, 0.0, -2.0, -1.0, 0.0, inf, 0.0, 1.0, 1.0]
for dt in (torch.float64, torch.float32):
    add(f'nextafter {dt}', 'torch.nextafter', [torch.tensor(A, dtype=dt), torch.tensor(B, dtype=dt)])
add('nextafter int', 'torch.nextafter', [torch.tensor([1, 2]), torch.tensor([3, 0])])
add('nextafter grad', 'torch.nextafter', [T(torch.tensor([1.0], dtype=torch.float64), rg=True), torch.tensor([2.0], dtype=torch.float64)])
add('ldexp', 'torch.ldexp', [torch.tensor([1.5, -2.0, 0.75]), torch.tensor([3, -1, 0])])
add('ldexp float exp', 'torch.ldexp', [torch.tensor([1.5, -2.0], dtype=torch.float64), torch.tensor([2.0, 0.5], dtype=torch.float64)])
add('ldexp grad', 'torch.ldexp', [T(torch.tensor([1.5, -2.0], dtype=torch.float64), rg=True), torch.tensor([2, -3])])
add('ldexp int', 'torch.ldexp', [torch.tensor([1, 2]), torch.tensor([3, 1])])
F = [8.0, 0.3, -5.0, 0.0, 1.0, 0.5, 1e-310, 1e300, inf, -inf, nan]
add('frexp float64', 'torch.frexp', [torch.tensor(F, dtype=torch.float64)])
add('frexp float32', 'torch.frexp', [torch.tensor([8.0, 0.3, -5.0, 0.0, 1e-40, 3e38, inf, nan])])
add('frexp int', 'torch.frexp', [torch.tensor([1, 2])])
add('frexp grad', 'torch.frexp', [T(torch.tensor([3.0, -0.2], dtype=torch.float64), rg=True)])

for n in (0, 1, 2, 5, 8):
    add(f'kaiser_window({n})', 'torch.kaiser_window', [n])
    add(f'kaiser_window({n}, False)', 'torch.kaiser_window', [n, False])
add('kaiser_window beta', 'torch.kaiser_window', [7, True, 5.5])
add('kaiser_window float64', 'torch.kaiser_window', [9, False, 8.5], {'dtype': torch.float64})
add('kaiser_window int', 'torch.kaiser_window', [3], {'dtype': torch.int64})
add('kaiser_window negative', 'torch.kaiser_window', [-1])
add('kaiser_window requires_grad', 'torch.kaiser_window', [4], {'requires_grad': True})

# poisson: ATen's CPU stream (seeded).
def add_seeded(seed, *a, **k):
    torch.manual_seed(seed)
    case = run(*a, **k)
    case['seed'] = seed
    cases.append(case)


lam = torch.tensor([[0.0, 0.5, 3.0, 9.99, 10.0], [12.0, 100.0, 1e4, 0.01, 55.5]])
add_seeded(0, 'poisson float32', 'torch.poisson', [lam])
add_seeded(7, 'poisson float64', 'torch.poisson', [lam.double()])
add_seeded(3, 'poisson grad', 'torch.poisson', [T(torch.tensor([2.5, 40.0], dtype=torch.float64), rg=True)])
add('poisson negative rate', 'torch.poisson', [torch.tensor([1.0, -0.5])])
add('poisson nan rate', 'torch.poisson', [torch.tensor([float('nan')])])
add('poisson int', 'torch.poisson', [torch.tensor([1, 2])])

# finfo / iinfo.
info = []
for d in (torch.float32, torch.float64):
    fi = torch.finfo(d)
    info.append({'kind': 'finfo', 'dtype': str(d).replace('torch.', ''), 'repr': repr(fi), 'bits': fi.bits, 'eps': fi.eps,
                 'max': fi.max, 'min': fi.min, 'tiny': fi.tiny, 'smallest_normal': fi.smallest_normal,
                 'resolution': fi.resolution, 'dtype_field': fi.dtype})
for d in (torch.int32, torch.int64):
    ii = torch.iinfo(d)
    info.append({'kind': 'iinfo', 'dtype': str(d).replace('torch.', ''), 'repr': repr(ii), 'bits': ii.bits,
                 'max': float(ii.max), 'min': float(ii.min), 'dtype_field': ii.dtype})
fd = torch.finfo()
info.append({'kind': 'finfo', 'dtype': None, 'repr': repr(fd)})
errors = {}
for label, fn in (('finfo int64', lambda: torch.finfo(torch.int64)), ('iinfo float32', lambda: torch.iinfo(torch.float32)),
                  ('iinfo bool', lambda: torch.iinfo(torch.bool))):
    try:
        fn()
        errors[label] = None
    except Exception as e:  # noqa: BLE001
        errors[label] = str(e)

dump('special2', cases)
dump('special2_info', [{'info': info, 'errors': errors}])
