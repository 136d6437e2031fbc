"""Allocation failures: sizes no machine can allocate and sizes whose byte count overflows int64.

Every case is one that fails before touching memory (larger than any machine's address space),
so generating and replaying them is cheap and safe. Writes tests/fixtures/alloc.json.
"""
import torch

from common import dump, error_text

DT = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32, 'int64': torch.int64,
      'bool': torch.bool}

CASES = [
    ('zeros', [10**12], 'float32'),
    ('zeros', [2**60], 'float32'),
    ('ones', [2**30, 2**30], 'float32'),
    ('empty', [2**40, 2**40], 'float32'),
    ('zeros', [2**62], 'float64'),
    ('zeros', [2**61, 2], 'bool'),
    ('zeros', [2**55], 'int32'),
    ('full', [3, 2**58], 'int64'),
    ('rand', [10**12], 'float32'),
    ('randn', [10**6, 10**6], 'float64'),
    ('arange', [10**12], 'int64'),
    ('arange', [2**54], 'int64'),
]


def make(op, size, dtype):
    d = DT[dtype]
    if op == 'arange':
        return torch.arange(size[0], dtype=d)
    if op == 'full':
        return torch.full(size, 7, dtype=d)
    return getattr(torch, op)(size, dtype=d)


cases = []
for op, size, dtype in CASES:
    cases.append({'op': op, 'size': size, 'dtype': dtype, 'error': error_text(lambda: make(op, size, dtype))})

dump('alloc', cases)
