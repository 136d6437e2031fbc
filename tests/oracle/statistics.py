"""Oracle for the composite statistics and numerical helpers (src/ops/statistics.ts): torch.cov,
corrcoef, trapezoid, trapz, cumulative_trapezoid, vander, block_diag, combinations and histc;
values, dtypes, grad_fn names, input gradients and PyTorch's error texts.

    /usr/bin/python3 tests/oracle/statistics.py   ->  tests/fixtures/statistics.json
"""
import torch

from cases import T, run
from common import dump, vals

F32, F64, I64 = torch.float32, torch.float64, torch.int64
cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'cov {d}', 'torch.cov', [T(vals([3, 5], 1, dt), rg=True)])
    add(f'cov {d} 1-d', 'torch.cov', [T(vals([6], 2, dt), rg=True)])
    add(f'.cov {d} correction=0', '.cov', [T(vals([2, 4], 3, dt), rg=True)], {'correction': 0})
    add(f'cov {d} fweights aweights', 'torch.cov', [T(vals([3, 5], 4, dt), rg=True)],
        {'fweights': torch.tensor([1, 2, 1, 1, 3]), 'aweights': T(vals([5], 5, dt).abs())})
    add(f'cov {d} transposed', 'torch.cov', [T(vals([4, 3], 6, dt), view=[['t']], rg=True)])
    add(f'corrcoef {d}', 'torch.corrcoef', [T(vals([3, 6], 7, dt), rg=True)])
    add(f'corrcoef {d} 1-d', 'torch.corrcoef', [T(vals([5], 8, dt), rg=True)])
    add(f'trapezoid {d}', 'torch.trapezoid', [T(vals([3, 5], 9, dt), rg=True)])
    add(f'trapezoid {d} dx dim', 'torch.trapezoid', [T(vals([3, 5], 10, dt), rg=True)], {'dx': 0.5, 'dim': 0})
    add(f'trapezoid {d} x', 'torch.trapezoid', [T(vals([2, 4], 11, dt), rg=True), T(vals([4], 12, dt), rg=True)])
    add(f'trapezoid {d} x same shape', 'torch.trapezoid',
        [T(vals([2, 4], 13, dt), rg=True), T(vals([2, 4], 14, dt), rg=True)], {'dim': 1})
    add(f'trapz {d}', 'torch.trapz', [T(vals([4], 15, dt), rg=True)])
    add(f'cumulative_trapezoid {d}', 'torch.cumulative_trapezoid', [T(vals([3, 5], 16, dt), rg=True)])
    add(f'cumulative_trapezoid {d} x', 'torch.cumulative_trapezoid',
        [T(vals([2, 4], 17, dt), rg=True), T(vals([4], 18, dt), rg=True)])
    add(f'cumulative_trapezoid {d} dx', 'torch.cumulative_trapezoid', [T(vals([5], 19, dt), rg=True)], {'dx': 0.25})
    add(f'vander {d}', 'torch.vander', [T(vals([4], 20, dt), rg=True)])
    add(f'vander {d} N increasing', 'torch.vander', [T(vals([3], 21, dt), rg=True)], {'N': 5, 'increasing': True})
    add(f'linalg.vander {d}', 'torch.linalg.vander', [T(vals([2, 3], 42, dt), rg=True)])
    add(f'linalg.vander {d} N', 'torch.linalg.vander', [T(vals([3], 43, dt), rg=True)], {'N': 5})
    add(f'block_diag {d}', 'torch.block_diag',
        [T(vals([2, 3], 22, dt), rg=True), T(vals([2], 23, dt), rg=True), T(vals([], 24, dt), rg=True)])
    add(f'combinations {d}', 'torch.combinations', [T(vals([4], 25, dt), rg=True)])
    add(f'combinations {d} r=3 with replacement', 'torch.combinations', [T(vals([3], 26, dt), rg=True), 3, True])
    add(f'histc {d}', 'torch.histc', [T(vals([20], 27, dt))], {'bins': 5, 'min': -1, 'max': 1})
    add(f'histc {d} range from data', 'torch.histc', [T(vals([10], 28, dt)), 7])

add('vander int64', 'torch.vander', [T(torch.tensor([1, 2, 3]))])
add('block_diag mixed dtypes', 'torch.block_diag', [T(torch.tensor([[1, 2]])), T(vals([1, 1], 29))])
add('trapezoid empty', 'torch.trapezoid', [T(torch.zeros(3, 0, dtype=F64))])
add('cov 3-d', 'torch.cov', [T(vals([2, 2, 2], 30))])
add('cov bool', 'torch.cov', [T(torch.tensor([True, False]))])
add('cov float fweights', 'torch.cov', [T(vals([2, 3], 31))], {'fweights': T(vals([3], 32).abs())})
add('cov fweights numel', 'torch.cov', [T(vals([2, 3], 33))], {'fweights': torch.tensor([1, 2])})
add('cov negative aweights', 'torch.cov', [T(vals([2, 3], 34))], {'aweights': torch.tensor([1., -1., 1.5], dtype=F64)})
add('corrcoef 3-d', 'torch.corrcoef', [T(vals([2, 2, 2], 35))])
add('vander 2-d', 'torch.vander', [T(vals([2, 2], 36))])
add('vander negative N', 'torch.vander', [T(vals([2], 37))], {'N': -1})
add('block_diag 3-d', 'torch.block_diag', [T(vals([2, 2], 38)), T(vals([1, 2, 2], 39))])
add('combinations 2-d', 'torch.combinations', [T(vals([2, 2], 40))])
add('combinations r=0', 'torch.combinations', [T(vals([3], 41)), 0])
add('linalg.vander N=1', 'torch.linalg.vander', [T(vals([3], 44))], {'N': 1})
add('linalg.vander 0-d', 'torch.linalg.vander', [T(vals([], 45))])
add('histc int64', 'torch.histc', [T(torch.tensor([1, 2]))])

dump('statistics', cases)
