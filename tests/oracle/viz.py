"""Oracle for torch.viz.make_dot (src/viz): the DOT source torchviz's make_dot produces (its
function is reproduced below, show_attrs and show_saved left off; torchviz is not packaged for
Debian) through Debian's python3-graphviz, for a small MLP step with its parameters named, an
expression with a leaf used twice ending in a view, and two outputs at once. Python's id()
numbers are replaced by their order of first appearance, as the replay does with tensorgrad's.

    apt-get install python3-graphviz
    /usr/bin/python3 tests/oracle/viz.py  ->  tests/fixtures/viz.json
"""
import re

import torch
import torch.nn as nn
import torch.nn.functional as F
from graphviz import Digraph

from common import dump


def make_dot(var, params=None):
    """torchviz.make_dot (MIT, github.com/szagoruyko/pytorchviz), without show_attrs/show_saved."""
    if params is not None:
        param_map = {id(v): k for k, v in params.items()}
    else:
        param_map = {}
    node_attr = dict(style='filled', shape='box', align='left', fontsize='10', ranksep='0.1', height='0.2',
                     fontname='monospace')
    dot = Digraph(node_attr=node_attr, graph_attr=dict(size="12,12"))
    seen = set()

    def size_to_str(size):
        return '(' + (', ').join(['%d' % v for v in size]) + ')'

    def get_var_name(var, name=None):
        if not name:
            name = param_map[id(var)] if id(var) in param_map else ''
        return '%s\n %s' % (name, size_to_str(var.size()))

    def add_nodes(fn):
        if fn in seen:
            return
        seen.add(fn)
        dot.node(str(id(fn)), str(type(fn).__name__))
        if hasattr(fn, 'variable'):
            var = fn.variable
            seen.add(var)
            dot.node(str(id(var)), get_var_name(var), fillcolor='lightblue')
            dot.edge(str(id(var)), str(id(fn)))
        if hasattr(fn, 'next_functions'):
            for u in fn.next_functions:
                if u[0] is not None:
                    dot.edge(str(id(u[0])), str(id(fn)))
                    add_nodes(u[0])

    def add_base_tensor(var, color='darkolivegreen1'):
        if var in seen:
            return
        seen.add(var)
        dot.node(str(id(var)), get_var_name(var), fillcolor=color)
        if var.grad_fn:
            add_nodes(var.grad_fn)
            dot.edge(str(id(var.grad_fn)), str(id(var)))
        if var._is_view():
            add_base_tensor(var._base, color='darkolivegreen3')
            dot.edge(str(id(var._base)), str(id(var)), style="dotted")

    if isinstance(var, tuple):
        for v in var:
            add_base_tensor(v)
    else:
        add_base_tensor(var)
    num_rows = len(dot.body)
    size = max(12, num_rows * 0.15)
    dot.graph_attr.update(size=str(size) + "," + str(size))
    return dot


def canonical(source):
    """Numbers each id by first appearance (ids are the digit runs that start a statement or follow ->)."""
    mapping = {}

    def sub(m):
        mapping.setdefault(m.group(2), str(len(mapping) + 1))
        return m.group(1) + mapping[m.group(2)]
    return re.sub(r'(\t|-> )(\d+)', sub, source)


cases = []
torch.manual_seed(0)
mlp = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
x = torch.randn(5, 4)
loss = F.cross_entropy(mlp(x), torch.tensor([0, 1, 1, 0, 1]))
cases.append({'name': 'mlp step', 'dot': canonical(make_dot(loss, params=dict(mlp.named_parameters())).source)})
cases.append({'name': 'mlp step without names', 'dot': canonical(make_dot(loss).source)})

a = torch.randn(2, 3, requires_grad=True)
z = (a.exp() + a.sin() * 2).t()
cases.append({'name': 'leaf used twice, view output', 'dot': canonical(make_dot(z, params={'a': a}).source)})
cases.append({'name': 'two outputs', 'dot': canonical(make_dot((a.sum(), (a * 3).mean()), params={'a': a}).source)})
big = a
for _ in range(60):
    big = big * 1.5
cases.append({'name': 'long chain (graph size grows)', 'dot': canonical(make_dot(big.sum()).source)})
dump('viz', cases)
