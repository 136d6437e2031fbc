"""Op-call cases for the oracle scripts: describe a call once, run it in PyTorch, record everything.

A case names a function ('torch.add', 'F.silu', or '.add_' for a method on the first argument),
its arguments (tensors, possibly viewed and requiring grad; Python scalars) and keyword arguments.
run() records the result (values, dtype, grad_fn name, _version), the gradients of every input
that requires grad for a fixed upstream gradient, or the error text. tests/replay.ts replays the
same description in tensorgrad, where keyword arguments become the options object.

Imported by pointwise.py, dtype.py and creation.py; running it alone does nothing.
"""
import math
import re

import torch
import torch.nn.functional as F

from common import enc, error_text, num


class T:
    """A tensor argument: `base` (contiguous), then `view` ops, optionally requiring grad.

    view ops: ['t'], ['transpose', d0, d1], ['index', *items] with slice strings ('::2', '1:3', ':'),
    ['expand', *sizes]. With nonleaf, the argument is base.clone() (so in-place ops are allowed).
    """

    def __init__(self, base, view=(), rg=False, nonleaf=False):
        self.base = base
        self.view = [list(v) for v in view]
        self.rg = rg
        self.nonleaf = nonleaf

    def build(self):
        leaf = self.base.clone().requires_grad_(self.rg)
        x = leaf.clone() if self.nonleaf else leaf
        for v in self.view:
            x = apply_view(x, v)
        return x, (leaf if self.rg else None)

    def json(self):
        d = {'t': enc(self.base)}
        if self.view:
            d['view'] = self.view
        if self.rg:
            d['rg'] = True
        if self.nonleaf:
            d['nonleaf'] = True
        return d


def parse_slice(s):
    if s == ':':
        return slice(None)
    parts = [int(p) if p else None for p in s.split(':')]
    if len(parts) == 1:
        return parts[0]
    return slice(*parts)


def apply_view(x, v):
    kind, rest = v[0], v[1:]
    if kind == 't':
        return x.t()
    if kind == 'transpose':
        return x.transpose(*rest)
    if kind == 'index':
        return x[tuple(parse_slice(s) for s in rest)]
    if kind == 'expand':
        return x.expand(*rest)
    raise ValueError(kind)


class S:
    """A Python scalar. JavaScript cannot tell 2 from 2.0, so floats must not be integral."""

    def __init__(self, v):
        if isinstance(v, float) and math.isfinite(v) and v == int(v):
            raise ValueError(f'float scalar {v} would read as an int in JavaScript')
        self.v = v

    def build(self):
        return self.v, None

    def json(self):
        return {'s': num(self.v)}


class D:
    """A dtype argument."""

    def __init__(self, d):
        self.d = d

    def build(self):
        return self.d, None

    def json(self):
        return {'dtype': str(self.d).replace('torch.', '')}


class L:
    """A list argument (sizes, tensor lists)."""

    def __init__(self, items):
        self.items = [wrap(i) for i in items]

    def build(self):
        built = [i.build() for i in self.items]
        return [b[0] for b in built], None

    def json(self):
        return {'list': [i.json() for i in self.items]}


class Data:
    """Nested data for torch.tensor and the legacy constructors: floats stay JSON numbers (JavaScript
    numbers, the default dtype), Python ints become bigints (int64), bools stay bools."""

    def __init__(self, data):
        self.data = data

    def build(self):
        return self.data, None

    def json(self):
        def conv(v):
            if isinstance(v, (list, tuple)):
                return [conv(x) for x in v]
            if isinstance(v, bool):
                return v
            if isinstance(v, int):
                return {'big': str(v)}
            return num(v)

        return {'data': conv(self.data)}


class N:
    """None (null in JavaScript)."""

    def build(self):
        return None, None

    def json(self):
        return {'none': True}


class Str:
    def __init__(self, s):
        self.s = s

    def build(self):
        return self.s, None

    def json(self):
        return {'str': self.s}


def wrap(a):
    if isinstance(a, (T, S, D, L, N, Str, Data)):
        return a
    if a is None:
        return N()
    if isinstance(a, torch.Tensor):
        return T(a)
    if isinstance(a, torch.dtype):
        return D(a)
    if isinstance(a, str):
        return Str(a)
    if isinstance(a, (list, tuple)):
        return L(a)
    return S(a)


def resolve(op, args):
    if op.startswith('.'):
        return getattr(args[0], op[1:]), args[1:]
    if op.startswith('F.'):
        return getattr(F, op[2:]), args
    if op.startswith('torch.'):
        f = torch
        for part in op[6:].split('.'):  # torch.special.erfc
            f = getattr(f, part)
        return f, args
    raise ValueError(op)


def grad_like(out):
    """A fixed upstream gradient: distinct values, so a wrong broadcast reduction shows."""
    n = out.numel()
    g = (torch.arange(n, dtype=torch.float64) % 7 - 2.5) / 2
    return g.reshape(out.shape).to(out.dtype)


def plain(v):
    """A Python result (number, bool, string, nested list, torch.Size) as JSON."""
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, torch.dtype):
        return {'dtype': str(v).replace('torch.', '')}
    return num(v)


def encode_result(out):
    if isinstance(out, torch.Tensor):
        r = {'out': enc(out), 'grad_fn': out.grad_fn.name() if out.grad_fn is not None else None}
        r['version'] = out._version
        return r
    if isinstance(out, (list, tuple)) and out and all(isinstance(o, torch.Tensor) for o in out):
        return {'outs': [enc(o) for o in out]}
    return {'value': plain(out)}


# TypeErrors of Python's argument parser (tests/replay.ts pythonBindingOnly): a Python scalar where
# a Tensor is required, or no overload for the given arguments. tensorgrad accepts these calls.
BINDING_ONLY = re.compile(r'must be Tensor, not (int|float|bool)|received an invalid combination of arguments')


def js_equivalent(op, args, kwargs):
    """The PyTorch call that answers what tensorgrad does with a call Python's binding refuses, and
    what it means: a number where a Tensor goes is the 0-dim tensor torch.tensor(number); a factory
    given no sizes makes a 0-dim tensor (the JavaScript spread of zero sizes is the empty size)."""
    if any(isinstance(a, S) for a in args):
        return ([T(torch.tensor(a.v)) if isinstance(a, S) else a for a in args],
                'each number as the 0-dim tensor torch.tensor(number)')
    if op in ('torch.zeros', 'torch.ones', 'torch.empty', 'torch.rand', 'torch.randn') and not args:
        return [L([])], 'no sizes as the empty size ()'
    return None


def run(name, op, args, kwargs=None, grad=True, default_dtype=None, values=True):
    """One case: the call described in JSON, and what PyTorch did with it."""
    if default_dtype is not None:
        torch.set_default_dtype(default_dtype)
        try:
            case = run(name, op, args, kwargs, grad, values=values)
        finally:
            torch.set_default_dtype(torch.float32)
        case['default_dtype'] = str(default_dtype).replace('torch.', '')
        return case
    args = [wrap(a) for a in args]
    kwargs = {k: wrap(v) for k, v in (kwargs or {}).items()}
    case = {'name': name, 'op': op, 'args': [a.json() for a in args]}
    if kwargs:
        case['kwargs'] = {k: v.json() for k, v in kwargs.items()}
    built = [a.build() for a in args]
    vals = [b[0] for b in built]
    leaves = [b[1] for b in built]
    kw = {k: v.build()[0] for k, v in kwargs.items()}
    try:
        fn, rest = resolve(op, vals)
        out = fn(*rest, **kw)
    except Exception as e:  # noqa: BLE001 - the text is what we record
        case['error'] = str(e).split('\n')[0]
        eq = js_equivalent(op, args, kwargs) if BINDING_ONLY.search(case['error']) else None
        if eq is not None:
            # What the same call must give in JavaScript, recorded from the equivalent PyTorch call.
            js = run(name, op, eq[0], kwargs, grad, values=values)
            js = {k: v for k, v in js.items() if k not in ('name', 'op', 'args', 'kwargs')}
            case['js'] = {'meaning': eq[1], **js}
        return case
    case.update(encode_result(out))
    if not values:
        # Uninitialized memory (torch.empty): only shape and dtype are meaningful.
        case['out']['data'] = []
        case['values'] = False
    if grad and isinstance(out, torch.Tensor) and out.requires_grad and any(l is not None for l in leaves):
        g = grad_like(out)
        case['grad_out'] = enc(g)
        err = error_text(lambda: out.backward(g))
        if err is not None:
            case['backward_error'] = err
        else:
            case['grads'] = [enc(l.grad) if l is not None else None for l in leaves]
    return case
