"""Random tensors printed by PyTorch: tests/fixtures/diff_print.json.

Random shapes (some large enough to be summarised), dtypes, magnitudes (tiny, huge, integral,
mixed, with nan/inf/-0.0), requires_grad and grad_fn, and print options (precision, sci_mode,
linewidth, threshold, edgeitems). Each case records repr(t) (what print(t) shows) and str of the
first row; tests/diff_print.test.ts rebuilds the same tensor from its values and compares String(t).

Run: /usr/bin/python3 tests/oracle/diff_print.py   (seeded; DIFF_PRINT_SEED / DIFF_PRINT_CASES /
DIFF_PRINT_OUT to explore other sets)
"""
import json
import math
import os
import random
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FIXTURES, num  # noqa: E402

CASES = int(os.environ.get('DIFF_PRINT_CASES', 800))
SEED = int(os.environ.get('DIFF_PRINT_SEED', 20261207))
OUT = os.environ.get('DIFF_PRINT_OUT', 'diff_print')

SHAPES = [[], [1], [5], [3, 4], [2, 3, 4], [0], [2, 0], [1, 1, 1], [12], [7, 3], [1001], [40, 40], [3, 2, 2, 2],
          [2, 1100], [1100, 2], [4, 300]]


def value(rng, style):
    if style == 'int':
        return float(rng.randint(-1000, 1000))
    if style == 'small':
        return rng.choice([1, -1]) * 10 ** rng.uniform(-9, -2)
    if style == 'large':
        return rng.choice([1, -1]) * 10 ** rng.uniform(3, 12)
    if style == 'mixed':
        return rng.choice([1, -1]) * 10 ** rng.uniform(-6, 9)
    if style == 'special':
        return rng.choice([float('nan'), float('inf'), -float('inf'), -0.0, 0.0, 1.5, -2.25, 100.0])
    return round(rng.uniform(-10, 10), rng.randint(0, 6))


def gen(rng, i):
    shape = rng.choice(SHAPES)
    n = math.prod(shape)
    dtype = rng.choice(['float32', 'float32', 'float32', 'float64', 'int64', 'int32', 'bool'])
    style = rng.choice(['plain', 'int', 'small', 'large', 'mixed', 'special', 'plain'])
    if n > 64:
        # Large tensors are stored as a formula both languages evaluate identically (float64).
        a = rng.choice([37, 101, 7])
        scale = rng.choice([1.0, 0.001, 12345.678, 1e-7, 1e9, 0.5])
        if dtype == 'bool':
            scale = 1.0
        elif dtype == 'int32':
            scale = rng.choice([1, 1000, 1000000])
        elif dtype == 'int64':
            scale = rng.choice([1, 1000, 10 ** 12])
        data = {'formula': [a, scale]}
    elif dtype == 'bool':
        data = [rng.random() < 0.5 for _ in range(n)]
    elif dtype in ('int64', 'int32'):
        big = 10 ** rng.randint(1, 9 if dtype == 'int32' else 15)
        data = [rng.randint(-big, big) for _ in range(n)]
    else:
        data = [value(rng, style) for _ in range(n)]
    opts = {}
    if rng.random() < 0.3:
        opts['precision'] = rng.choice([0, 2, 6, 8])
    if rng.random() < 0.2:
        opts['sci_mode'] = rng.choice([True, False])
    if rng.random() < 0.15:
        opts['linewidth'] = rng.choice([40, 120])
    if rng.random() < 0.15:
        opts['threshold'] = rng.choice([5, 50])
    if rng.random() < 0.15:
        opts['edgeitems'] = rng.choice([1, 2, 4])
    grad = dtype in ('float32', 'float64') and rng.random() < 0.3
    # Ops whose results are exact, so both libraries print the same values.
    op = rng.choice([None, 'mul', 'neg', 'reshape', 'clone']) if grad else None
    return {'shape': shape, 'dtype': dtype, 'data': data, 'opts': opts, 'requires_grad': grad, 'op': op}


def expand(data, n, dtype):
    if isinstance(data, dict):
        a, scale = data['formula']
        vals = [((k * a) % 2001 - 1000) * scale for k in range(n)]
        if dtype == 'bool':
            return [v > 0 for v in vals]
        if dtype in ('int64', 'int32'):
            return [int(v) for v in vals]
        return vals
    return data


def build(c):
    data = expand(c['data'], math.prod(c['shape']), c['dtype'])
    t = torch.tensor(data, dtype=getattr(torch, c['dtype'])).reshape(c['shape'])
    if c['requires_grad']:
        t.requires_grad_(True)
        if c['op'] == 'mul':
            t = t * 2
        elif c['op'] == 'neg':
            t = -t
        elif c['op'] == 'reshape':
            t = t.reshape(-1)
        elif c['op'] == 'clone':
            t = t.clone()
    return t


def main():
    rng = random.Random(SEED)
    cases = []
    for i in range(CASES):
        c = gen(rng, i)
        t = build(c)
        torch.set_printoptions(profile='default')
        torch.set_printoptions(**c['opts'])
        c['repr'] = repr(t)
        torch.set_printoptions(profile='default')
        if not isinstance(c['data'], dict):
            # The data as stored (float32 rounding applied), so the replay builds the same tensor.
            base = torch.tensor(c['data'], dtype=getattr(torch, c['dtype']))
            c['data'] = [num(v) for v in base.tolist()]
        cases.append(c)
    with open(os.path.join(FIXTURES, OUT + '.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    print(f'diff_print: {len(cases)} tensors printed')


if __name__ == '__main__':
    main()
