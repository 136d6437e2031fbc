"""Oracle for the profiler (src/profiler/index.ts): what does not depend on the clock. For the
autograd tutorial's loop (z = (z / x) * y, 1000 times) under torch.autograd.profiler.profile, and
for ops under torch.profiler.record_function: the events' keys and counts, the table's separator
and header lines (column names and widths), and its row and footer shapes with the times blanked.

    /usr/bin/python3 tests/oracle/profiler.py   ->  tests/fixtures/profiler.json
"""
import re

import torch

from common import dump

TIME = re.compile(r'\d+\.\d+(us|ms|s)|\d+\.\d+%')


def shape_of(table):
    """The table's lines with every time and percentage replaced by '#'."""
    return [TIME.sub('#', line) for line in table.split('\n')]


cases = []

x = torch.randn(2, 3, requires_grad=True)
y = torch.rand(2, 3, requires_grad=True)
z = torch.ones(2, 3, requires_grad=True)
with torch.autograd.profiler.profile(use_cuda=False) as prf:
    for _ in range(1000):
        z = (z / x) * y
avg = prf.key_averages()
cases.append({
    'name': 'autograd tutorial loop',
    'keys': sorted([e.key, e.count] for e in avg),
    'table': shape_of(avg.table(sort_by='count')),
})

a = torch.ones(4, 5)
with torch.profiler.profile() as p2:
    with torch.profiler.record_function('my_block'):
        b = a.mul(2).add(1)
    c = b.matmul(a.t())
cases.append({
    'name': 'record_function block',
    # The outermost calls (PyTorch also lists the ATen ops they call, which tensorgrad does not
    # record), and the block's own op calls (record_function's own aten::empty/zeros left out).
    'top': sorted(e.name for e in p2.events() if e.cpu_parent is None and e.name not in ('aten::zeros', 'aten::empty')),
    'children': sorted(ch.name for e in p2.events() if e.name == 'my_block' for ch in e.cpu_children
                       if ch.name != 'aten::empty'),
})

dump('profiler', cases)
