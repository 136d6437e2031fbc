"""Oracle for the exported functions no other oracle calls: PyTorch's aliases (absolute, arctan2,
concat, concatenate, divide, multiply, negative, subtract, greater, greater_equal, less, less_equal,
not_equal) beside the ops they alias, the in-place comparisons (eq_, ..., ge_ and the aliases'),
broadcast_shapes, and set_num_threads' argument check.

    /usr/bin/python3 tests/oracle/aliases.py   ->  tests/fixtures/aliases.json
"""
import torch

from cases import L, S, T, run
from common import dump

F32, F64 = torch.float32, torch.float64
a = torch.tensor([[-1.5, 2.25, 0.5], [3.0, -0.75, 1.25]], dtype=F64)
b = torch.tensor([0.5, -2.0, 4.0], dtype=F64)
cases = []


def add(*args, **kw):
    cases.append(run(*args, **kw))


for alias, op in [('absolute', 'abs'), ('negative', 'neg')]:
    for name in (alias, op):
        add(f'{name} (alias of {op})' if name == alias else name, f'torch.{name}', [T(a, rg=True)])
        add(f'.{name}', f'.{name}', [T(a.to(F32), rg=True)])
for alias, op in [('arctan2', 'atan2'), ('divide', 'div'), ('multiply', 'mul'), ('subtract', 'sub')]:
    for name in (alias, op):
        add(f'{name} (alias of {op})' if name == alias else name, f'torch.{name}', [T(a, rg=True), T(b, rg=True)])
        add(f'.{name}', f'.{name}', [T(a.to(F32), rg=True), T(b.to(F32))])
add('divide rounding_mode floor', 'torch.divide', [T(a), T(b)], {'rounding_mode': 'floor'})
add('subtract alpha', 'torch.subtract', [T(a, rg=True), T(b)], {'alpha': 2})
add('multiply by a number', 'torch.multiply', [T(a, rg=True), S(2.5)])
for alias in ('concat', 'concatenate', 'cat'):
    add(f'{alias} dim 0', f'torch.{alias}', [L([T(a, rg=True), T(b.reshape(1, 3), rg=True)])])
    add(f'{alias} dim 1', f'torch.{alias}', [L([T(a), T(a[:, :1])]), S(1)])
    add(f'{alias} size mismatch', f'torch.{alias}', [L([T(a), T(b)]), S(1)])

for alias, op in [('greater', 'gt'), ('greater_equal', 'ge'), ('less', 'lt'), ('less_equal', 'le'),
                  ('not_equal', 'ne')]:
    for name in (alias, op):
        label = f'{name} (alias of {op})' if name == alias else name
        add(label, f'torch.{name}', [T(a), T(b)])
        add(f'.{name} number', f'.{name}', [T(a.to(F32)), S(0.5)])
        add(f'.{name}_', f'.{name}_', [T(a, rg=True, nonleaf=True), T(b, rg=True)])
        add(f'.{name}_ number', f'.{name}_', [T(a.to(F32)), S(0.5)])
add('.eq_', '.eq_', [T(a, rg=True, nonleaf=True), T(a[0], rg=True)])
add('.eq_ number', '.eq_', [T(a), S(0.5)])
add('.lt_ int64 self', '.lt_', [T(torch.tensor([-1, 0, 2])), S(0.5)])
add('.ge_ bool self', '.ge_', [T(torch.tensor([True, False, True])), T(torch.tensor([1, 1, 0]))])
add('.gt_ broadcast self', '.gt_', [T(b), T(a)])
add('.le_ leaf requiring grad', '.le_', [T(a, rg=True), S(0.5)])
add('broadcast_shapes two', 'torch.broadcast_shapes', [[2, 1], [3]])
add('broadcast_shapes three', 'torch.broadcast_shapes', [[5, 1, 1], [1, 4, 1], [3]])
add('broadcast_shapes a number', 'torch.broadcast_shapes', [[2, 1], S(3)])
add('broadcast_shapes none', 'torch.broadcast_shapes', [])
add('broadcast_shapes zero size', 'torch.broadcast_shapes', [[0, 1], [1, 3]])
add('broadcast_shapes mismatch', 'torch.broadcast_shapes', [[2, 2], [3]])
add('broadcast_shapes negative', 'torch.broadcast_shapes', [[2, -1], [3]])
add('set_num_threads 0', 'torch.set_num_threads', [S(0)])

dump('aliases', cases)
