"""Oracle for the reduction family (src/ops/reduce.ts, minmax.ts, moments.ts, norm.ts, scan.ts,
softmax.ts, cumulative.ts): forward values, input gradients, grad_fn names and error messages.

Each case names a call, `x.<op>(*args, **kwargs)` (form 'method'), `torch.<op>(x, ...)` ('torch')
or `torch.nn.functional.<op>(x, ...)` ('F'), on an input made from `base` by an optional view
(`view`: a method name and its arguments, e.g. ['t']). Where the output is floating and has a
grad_fn, the case also holds the gradient of `base` after `out.backward(grad_output)`.
Run: /usr/bin/python3 tests/oracle/reduce.py
"""
import math
import torch
import torch.nn.functional as F

from common import dump, enc, error_text, num

torch.manual_seed(0)
INF = float('inf')


def arg(v):
    """A JSON-safe call argument: dtypes as 'torch.float64', infinities as strings, tensors encoded."""
    if isinstance(v, torch.Tensor):
        return {'tensor': enc(v)}
    if isinstance(v, torch.dtype):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [arg(a) for a in v]
    if isinstance(v, float):
        return num(v)
    return v


def call(form, op, x, args, kwargs):
    if form == 'method':
        return getattr(x, op)(*args, **kwargs)
    if form == 'torch':
        return getattr(torch, op)(x, *args, **kwargs)
    return getattr(F, op)(x, *args, **kwargs)


def grad_output(t):
    """The gradient each output is seeded with (the replay makes the same one)."""
    return torch.linspace(-1.0, 1.5, t.numel(), dtype=t.dtype).reshape(t.shape)


# Inputs are stored once and referred to by number.
bases = []
base_ids = {}


def base_id(t):
    if id(t) not in base_ids:
        base_ids[id(t)] = len(bases)
        bases.append((t, enc(t)))
    return base_ids[id(t)]


def run(form, op, base, view, args=(), kwargs=None, create_graph=False):
    kwargs = kwargs or {}
    case = {
        'form': form, 'op': op, 'base': base_id(base), 'view': view,
        'args': arg(list(args)), 'kwargs': {k: arg(v) for k, v in kwargs.items()},
    }
    if create_graph:
        case['create_graph'] = True
    leaf = base.clone().requires_grad_(base.is_floating_point())
    x = getattr(leaf, view[0])(*view[1:]) if view else leaf
    err = error_text(lambda: call(form, op, x, args, kwargs))
    if err is not None:
        case['error'] = err
        return case
    out = call(form, op, x, args, kwargs)
    if isinstance(out, tuple):
        case['out'] = [enc(t) for t in out]
        if type(out).__module__ == 'torch.return_types':
            case['repr'] = str(out)
        first = out[0]
    else:
        case['out'] = enc(out)
        first = out
    case['grad_fn'] = type(first.grad_fn).__name__ if first.grad_fn is not None else None
    if first.grad_fn is not None and first.is_floating_point():
        outs = [t for t in (out if isinstance(out, tuple) else (out,)) if t.is_floating_point()]
        gos = [grad_output(t) for t in outs]
        # PyTorch 1.13's var_backward returns a 0-d gradient when n == correction without a dim
        # (std of one element): backward raises; such cases keep their forward check only.
        backward_error = error_text(lambda: torch.autograd.backward(outs, gos, create_graph=create_graph))
        if backward_error is None:
            case['grad'] = enc(leaf.grad)
    return case


def inputs(dtype):
    """(label, base, view) triples covering ranks 0-3, a transposed view, empties and 1 element."""
    r = lambda *s: torch.randn(*s, dtype=dtype)
    return [
        ('0-d', r(()), None),
        ('[5]', r(5), None),
        ('[1]', r(1), None),
        ('[3, 4]', r(3, 4), None),
        ('[3, 4].t()', r(3, 4), ['t']),
        ('[2, 3, 4]', r(2, 3, 4), None),
        ('[2, 3, 4].permute', r(2, 3, 4), ['permute', 2, 0, 1]),
        ('[0, 3]', r(0, 3), None),
    ]


def dims_for(ndim, single):
    ds = {0: [0, -1], 1: [0, -1], 2: [0, 1, -1, (0, 1), (-1, 0)], 3: [1, -1, (0, 2), (2, -3), (0, 1, 2)]}[ndim]
    return [d for d in ds if not (single and isinstance(d, tuple))]


cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


# float64 over every input; float32 (dtype preserved, float32 rounding) over a few
for dtype in (torch.float32, torch.float64):
    for label, base, view in inputs(dtype):
        if dtype == torch.float32 and label not in ('0-d', '[3, 4].t()', '[2, 3, 4]', '[0, 3]'):
            continue
        x = getattr(base, view[0])(*view[1:]) if view else base
        nd = x.dim()
        for op in ('sum', 'mean', 'nansum', 'nanmean', 'amax', 'amin', 'logsumexp'):
            if op != 'logsumexp':
                add('method', op, base, view)
            for d in dims_for(nd, False):
                for keep in (False, True):
                    add('method', op, base, view, (d, keep))
        for op in ('prod', 'max', 'min', 'argmax', 'argmin', 'all', 'any', 'cumsum', 'cumprod', 'softmax', 'log_softmax'):
            if op not in ('cumsum', 'cumprod', 'softmax', 'log_softmax'):
                add('method', op, base, view)
            for d in dims_for(nd, True):
                if op in ('cumsum', 'cumprod', 'softmax', 'log_softmax'):
                    add('method', op, base, view, (d,))
                else:
                    for keep in (False, True):
                        add('method', op, base, view, (d, keep))
        for op in ('std', 'var'):
            add('method', op, base, view)
            add('method', op, base, view, (False,))
            for d in dims_for(nd, False):
                add('method', op, base, view, (d,))
                add('method', op, base, view, (d, False, True))
                add('method', op, base, view, (d,), {'correction': 0, 'keepdim': True})
                add('method', op, base, view, (d,), {'correction': 2})
        for op in ('var_mean', 'std_mean'):
            add('torch', op, base, view)
            for d in dims_for(nd, False)[:2]:
                add('torch', op, base, view, (d,), {'unbiased': False, 'keepdim': True})
        add('method', 'norm', base, view)
        for p in (2, 1, INF, -INF, 0, 0.5, 3, 1.5, -1, 'fro', None):
            add('method', 'norm', base, view, (p,))
            for d in dims_for(nd, False)[:3]:
                add('method', 'norm', base, view, (p, d))
                add('method', 'norm', base, view, (p, d, True))
        for d in dims_for(nd, False):
            add('method', 'norm', base, view, (), {'dim': d})
        for op in ('softmax', 'log_softmax'):
            add('F', op, base, view)
            add('F', op, base, view, (), {'dim': -1})

# dtype options and integer/bool inputs
ints = torch.tensor([[3, -1, 4], [1, 5, -9]])
bools = torch.tensor([[True, False, True], [True, True, True]])
x32 = torch.randn(2, 3)
for base in (ints, ints.int(), bools):
    for op in ('sum', 'prod', 'nansum', 'cumsum', 'cumprod', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin',
               'all', 'any', 'mean', 'nanmean', 'std', 'var', 'norm', 'logsumexp', 'softmax', 'log_softmax'):
        single = op in ('cumsum', 'cumprod', 'softmax', 'log_softmax', 'logsumexp')
        if not single:
            add('method', op, base, None)
        add('method', op, base, None, (1,))
        add('method', op, base, None, (0,))
    add('method', 'sum', base, None, (), {'dtype': torch.float64})
    add('method', 'prod', base, None, (1,), {'dtype': torch.float32})
    add('method', 'cumsum', base, None, (1,), {'dtype': torch.float64})
    add('method', 'mean', base, None, (), {'dtype': torch.float64})
    add('method', 'softmax', base, None, (1, torch.float64))
    add('method', 'log_softmax', base, None, (0, torch.float32))
    add('method', 'max', base, None, (1, True))
for dt in (torch.float64, torch.float32):
    add('method', 'sum', x32, None, (), {'dtype': dt})
    add('method', 'sum', x32, None, (1,), {'dtype': dt})
    add('method', 'prod', x32, None, (), {'dtype': dt})
    add('method', 'cumsum', x32, None, (0,), {'dtype': dt})
    add('method', 'cumprod', x32, None, (1,), {'dtype': dt})
    add('method', 'softmax', x32, None, (1,), {'dtype': dt})
    add('F', 'softmax', x32, None, (), {'dim': 0, 'dtype': dt})
    add('F', 'log_softmax', x32, None, (1,), {'dtype': dt})
    add('method', 'norm', x32, None, (2,), {'dtype': dt})
    add('method', 'norm', x32, None, (1, 1), {'dtype': dt})
    add('method', 'mean', x32, None, (0,), {'dtype': dt})
    add('method', 'nansum', x32, None, (), {'dtype': dt})

# ties, zeros, NaN and infinities (float64 and float32)
for dtype in (torch.float32, torch.float64):
    t = lambda d: torch.tensor(d, dtype=dtype)
    ties = t([[1., 5., 5.], [2., 2., 0.], [-3., -3., -3.]])
    zeros = t([[0., 2., 3.], [4., 0., 0.], [1., 2., 0.], [0., 0., 0.]])
    single_zero = t([2., 0., 3., -1.])
    nan = t([[1., float('nan'), 3.], [float('nan'), 0., float('nan')], [4., 5., 6.]])
    infs = t([[INF, 1., 2.], [-INF, -INF, 0.], [INF, -INF, 1.], [-INF, 3., INF]])
    for base in (ties, zeros, single_zero, nan, infs):
        nd = base.dim()
        for op in ('max', 'min', 'prod', 'argmax', 'argmin'):
            add('method', op, base, None)
            for d in range(nd):
                add('method', op, base, None, (d,))
        for op in ('amax', 'amin', 'sum', 'mean', 'nansum', 'nanmean', 'logsumexp', 'std', 'var', 'all', 'any'):
            if op not in ('logsumexp',):
                add('method', op, base, None)
            for d in range(nd):
                add('method', op, base, None, (d,))
        for op in ('cumsum', 'cumprod', 'softmax', 'log_softmax'):
            for d in range(nd):
                add('method', op, base, None, (d,))
        for p in (2, 1, INF, -INF, 0, 0.5, 3, 1.5, -1):
            add('method', 'norm', base, None, (p,))
            add('method', 'norm', base, None, (p, nd - 1))
        # a backward that records (create_graph) takes PyTorch's other formula where inputs are 0
        for d in range(nd):
            add('method', 'cumprod', base, None, (d,), create_graph=True)
            add('method', 'prod', base, None, (d,), create_graph=True)
        add('method', 'prod', base, None, create_graph=True)
    zero_vec = t([0., 0., 0.])
    for p in (2, 1, INF, -INF, 0, 0.5, 3, 1.5, -1):
        add('method', 'norm', zero_vec, None, (p,))
    add('method', 'logsumexp', t([1000., 1000., -1000.]), None, (0,))
    add('method', 'softmax', t([1000., 1000., -1000.]), None, (0,))
    add('method', 'log_softmax', t([1000., 1000., -1000.]), None, (0,))
    add('method', 'std', t([2., 2.]), None, (0,))
    add('method', 'std', t([2., 3.]), None, (None,), {'correction': 2})

# argument handling and errors
m = torch.randn(2, 3)
e3 = torch.randn(2, 0, 3)
for call_args in [
    ('method', 'sum', m, None, (2,)), ('method', 'sum', m, None, ((0, 0),)), ('method', 'sum', m, None, (-3,)),
    ('method', 'amax', m, None, ((1, -1),)), ('method', 'std', m, None, ((0, 0),)),
    ('method', 'max', torch.empty(0), None), ('method', 'min', torch.empty(0), None),
    ('method', 'max', e3, None, (1,)), ('method', 'max', e3, None, (-2,)), ('method', 'min', e3, None, (2,)),
    ('method', 'amax', torch.empty(0), None), ('method', 'amax', e3, None, ((2, 1),)),
    ('method', 'amin', e3, None, ((0, -2),)), ('method', 'amax', e3, None, (2,)),
    ('method', 'argmax', torch.empty(0), None), ('method', 'argmax', e3, None, (-2,)), ('method', 'argmin', e3, None, (1,)),
    ('method', 'max', m, None, (2,)), ('method', 'argmax', m, None, (5,)), ('method', 'softmax', m, None, (2,)),
    ('method', 'cumsum', m, None, (2,)), ('method', 'std', m, None, (2,)), ('method', 'norm', m, None, (2, 2)),
    ('method', 'logsumexp', m, None, (-3,)), ('method', 'prod', m, None, (2,)),
    ('method', 'norm', m, None, ('abc',)), ('method', 'norm', torch.ones(2, 2, 2), None, ('fro', (0, 1, 2))),
    ('method', 'norm', m, None, ('fro', (0, 0))), ('method', 'norm', m, None, ('fro', (0, 1))),
    ('method', 'norm', m, None, ('fro', (1, 0), True)), ('method', 'norm', torch.ones(2, 2, 2), None, ('fro',)),
    ('method', 'norm', m, None, ('fro',), {'dtype': torch.float64}),
    ('method', 'norm', m, None, (2,), {'dtype': torch.int64}),
    ('method', 'max', m, None, (m.flip(0),)), ('method', 'min', m, None, (m.flip(1),)),
    ('torch', 'max', m, None, (1,)), ('torch', 'min', m, None, (0, True)), ('torch', 'max', m, None, ()),
    ('torch', 'amax', m, None, ((0, 1),)), ('torch', 'prod', m, None, (1,)), ('torch', 'cumsum', m, None, (1,)),
    ('torch', 'logsumexp', m, None, (1,)), ('torch', 'softmax', m, None, (1,)), ('torch', 'log_softmax', m, None, (0,)),
    ('torch', 'norm', m, None, ()), ('torch', 'norm', m, None, (1,)), ('torch', 'std', m, None, (1,)),
    ('torch', 'var', m, None, ()), ('torch', 'argmax', m, None, ()), ('torch', 'all', m, None, (1,)),
    ('torch', 'sum', m, None, (1,)), ('torch', 'mean', m, None, ()),
    ('method', 'var', m, None, (1,), {'correction': 3}), ('method', 'var', m, None, (None,), {'correction': 7}),
    ('method', 'std', m, None, (1,), {'unbiased': False}), ('method', 'var', m, None, (), {'unbiased': False}),
    ('method', 'sum', m, None, ((),)), ('method', 'mean', m, None, ([],)), ('method', 'amax', m, None, ((),)),
    ('method', 'argmax', m, None, (), {'keepdim': True}), ('method', 'max', m, None, (), {'dim': 1, 'keepdim': True}),
    ('method', 'sum', m, None, (), {'dim': (0, 1), 'keepdim': True}),
    ('method', 'prod', m, None, ((0, 1),)), ('method', 'max', m, None, ((0, 1),)), ('method', 'min', m, None, ((1,),)),
    ('method', 'cumsum', m, None, ((0,),)), ('method', 'softmax', m, None, ((0,),)), ('method', 'argmax', m, None, ((0,),)),
    ('method', 'logsumexp', m, None), ('method', 'softmax', m, None), ('method', 'log_softmax', m, None),
    ('method', 'cumsum', m, None), ('method', 'cumprod', m, None),
    ('method', 'prod', m, None, (), {'keepdim': True}), ('method', 'max', m, None, (), {'keepdim': True}),
    ('method', 'amax', m, None, (), {'keepdim': True}), ('method', 'norm', m, None, (), {'keepdim': True}),
    ('method', 'nansum', m, None, (), {'keepdim': True}),
]:
    add(*call_args)

# sort, argsort, msort, topk, kthvalue, median, nanmedian (drawn last: earlier inputs keep their values)
for dtype in (torch.float64, torch.float32):
    for label, base, view in inputs(dtype):
        if label == '[0, 3]':
            continue
        x = getattr(base, view[0])(*view[1:]) if view else base
        nd = x.dim()
        add('method', 'sort', base, view)
        add('method', 'argsort', base, view)
        add('method', 'median', base, view)
        add('method', 'nanmedian', base, view)
        if nd >= 1:
            add('torch', 'msort', base, view)
        for d in dims_for(nd, True):
            add('method', 'sort', base, view, (d,))
            add('method', 'sort', base, view, (d, True))
            add('method', 'argsort', base, view, (d, True))
            add('method', 'sort', base, view, (), {'dim': d, 'descending': True, 'stable': True})
            n = x.shape[d] if nd else 1
            for k in sorted({1, n, (n + 1) // 2}):
                add('method', 'topk', base, view, (k, d))
                add('method', 'topk', base, view, (k, d, False))
                add('method', 'kthvalue', base, view, (k, d))
                add('method', 'kthvalue', base, view, (k, d, True))
            for keep in (False, True):
                add('method', 'median', base, view, (d, keep))
                add('method', 'nanmedian', base, view, (d, keep))
nan = float('nan')
for dtype in (torch.float32, torch.float64):
    special = torch.tensor([[3., nan, -1., 2., -INF], [0., -0., INF, nan, 1.]], dtype=dtype)
    ties = torch.tensor([[2., 1., 2., 1., 3., 1.], [5., 5., 5., 5., 5., 5.]], dtype=dtype)
    for b in (special, ties):
        for d in (0, 1):
            add('method', 'sort', b, None, (d,))
            add('method', 'sort', b, None, (d, True))
            add('method', 'sort', b, None, (), {'dim': d, 'stable': True})
            add('method', 'argsort', b, None, (d,))
            add('method', 'median', b, None, (d,))
            add('method', 'nanmedian', b, None, (d,))
        add('method', 'median', b, None)
        add('method', 'nanmedian', b, None)
        # topk reports equal values in the order std::nth_element leaves them (not reproduced)
        add('method', 'kthvalue', b, None, (2,))
        add('method', 'kthvalue', b, None, (3, 1, True))
    add('method', 'topk', torch.tensor([[3., nan, -1., 2., -INF], [0.5, -2., INF, nan, 1.]], dtype=dtype), None, (2,))
    add('method', 'median', torch.tensor([nan, nan, nan], dtype=dtype), None)
    add('method', 'nanmedian', torch.tensor([nan, nan, nan], dtype=dtype), None)
    add('method', 'nanmedian', torch.tensor([[nan, 1.], [nan, nan]], dtype=dtype), None, (1,))
for b in (ints, ints.int(), bools):
    add('method', 'sort', b, None)
    add('method', 'argsort', b, None, (0, True))
    add('method', 'median', b, None)
    add('method', 'topk', b, None, (2,))
m = torch.randn(2, 3)
for call_args in [
    ('method', 'topk', m, None, (4,)), ('method', 'topk', m, None, (-1,)), ('method', 'topk', m, None, (1, 2)),
    ('method', 'kthvalue', m, None, (0,)), ('method', 'kthvalue', m, None, (4,)), ('method', 'kthvalue', m, None, (1, 3)),
    ('method', 'sort', m, None, (2,)), ('method', 'median', m, None, (2,)), ('method', 'median', torch.empty(0), None),
    ('method', 'median', torch.empty(2, 0), None, (1,)), ('method', 'nanmedian', torch.empty(0), None),
    ('method', 'sort', torch.empty(2, 0), None, (1,)), ('method', 'topk', torch.empty(2, 0), None, (0, 1)),
    ('torch', 'sort', m, None, (0,)), ('torch', 'argsort', m, None, (), {'dim': 0, 'descending': True}),
    ('torch', 'topk', m, None, (2,), {'largest': False, 'sorted': True}), ('torch', 'kthvalue', m, None, (2, 1, True)),
    ('torch', 'median', m, None, ()), ('torch', 'median', m, None, (1,), {'keepdim': True}),
    ('torch', 'nanmedian', m, None, (0,)), ('method', 'topk', m, None, (2,), {'dim': 0}),
    ('method', 'kthvalue', m, None, (1,), {'dim': 0, 'keepdim': True}),
]:
    add(*call_args)

# An empty input never reaches the kernel's dtype check (tensorgrad refused it; differential fuzzer seeds
# 1109-1111).
for base in (torch.zeros(0, dtype=torch.int32), torch.zeros(2, 0, dtype=torch.int64), torch.zeros(0, dtype=torch.bool)):
    add('method', 'softmax', base, None, (-1,))
    add('method', 'log_softmax', base, None, (0,))
add('method', 'softmax', torch.zeros(0), None, (-1, torch.int32))

# topk(sorted=False) keeps the order ATen's selection leaves (libstdc++'s nth_element for k * 64 > n,
# else partial_sort, with NaN and ties; differential fuzzer seeds 1106, 1110, 1111).
g = torch.Generator().manual_seed(3)
unsorted = torch.randint(-4, 5, (3, 150), generator=g).to(torch.float32)
unsorted[0, 7] = float('nan')
unsorted[2, 99] = float('nan')
add('method', 'topk', torch.tensor([-1.591, -0.814, -1.0, 2.693]), None, (3,), {'sorted': False})
add('method', 'topk', unsorted, None, (5,), {'sorted': False})
add('method', 'topk', unsorted, None, (2,), {'sorted': False, 'largest': False})
add('method', 'topk', unsorted, None, (2, 0), {'sorted': False})
add('method', 'topk', unsorted.nan_to_num(0).to(torch.int64), None, (40,), {'sorted': False, 'largest': False})

# a long float32 sum: the JS backend accumulates in double; PyTorch sums pairwise
# cummax, cummin (values and indices) and logcumsumexp over every input shape and dim
for dtype in (torch.float32, torch.float64):
    for label, base, view in inputs(dtype):
        x = getattr(base, view[0])(*view[1:]) if view else base
        for d in dims_for(x.dim(), True):
            for op in ('cummax', 'cummin', 'logcumsumexp'):
                add('method', op, base, view, (d,))
        add('torch', 'cummax', base, view, (0,))
        add('torch', 'logcumsumexp', base, view, (), {'dim': -1})
NAN = float('nan')
ties = torch.tensor([[1.0, 3.0, 3.0, 2.0, 3.0], [NAN, 1.0, NAN, 5.0, -INF], [-INF, -INF, 2.0, INF, INF]],
                    dtype=torch.float64)
spread = torch.tensor([[-1000.0, 0.0, 1000.0], [500.0, -500.0, 0.0]])  # far apart: logcumsumexp stays finite
for op in ('cummax', 'cummin', 'logcumsumexp'):
    add('method', op, ties, None, (1,))
    add('method', op, ties, None, (0,))
    add('method', op, spread, None, (1,))
for base in (ints, bools):
    for op in ('cummax', 'cummin', 'logcumsumexp'):
        add('method', op, base, None, (1,))
for op in ('cummax', 'cummin', 'logcumsumexp'):
    add('method', op, x32, None, (2,))
    add('torch', op, x32, None)

long = torch.linspace(-1, 3, 1_000_000, dtype=torch.float32).sin()
cases.append({'form': 'method', 'op': 'sum', 'long': {'n': 1_000_000, 'lo': -1, 'hi': 3},
              'out': enc(long.sum()), 'mean': enc(long.mean()), 'norm': enc(long.norm())})

dump('reduce', [{'inputs': [e for _, e in bases]}] + cases)
