"""Shared helpers for the PyTorch oracle scripts: encode tensors and write JSON fixtures.

Run any oracle script with Debian's PyTorch:  /usr/bin/python3 tests/oracle/<name>.py
(or all of them: npm run fixtures). Fixtures land in tests/fixtures/<name>.json and are committed;
the TypeScript tests replay them without Python.
"""
import json
import math
import os

import torch

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')


def num(v):
    """A JSON-safe number: NaN and infinities become strings."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
    return v


def enc(t):
    """A tensor as {shape, dtype, data}: data flat, row-major."""
    if t is None:
        return None
    if isinstance(t, (list, tuple)):
        return [enc(x) for x in t]
    t = t.detach()
    flat = t.reshape(-1).tolist()
    return {
        'shape': list(t.shape),
        'dtype': str(t.dtype).replace('torch.', ''),
        'data': [num(v) for v in flat],
    }


def error_text(fn):
    """Runs fn and returns the first line of PyTorch's error message (None if it did not throw)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we want PyTorch's exact text, whatever the class
        return str(e).split('\n')[0]
    return None


def dump(name, obj):
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name + '.json')
    with open(path, 'w') as f:
        json.dump({'torch_version': torch.__version__, 'cases': obj}, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {path}: {len(obj)} cases')
