"""Oracle for the nn modules and functions added for the tutorials (src/ops/conv_transpose.ts,
src/ops/nn2.ts, src/nn/conv_transpose.ts, src/nn/nn2.ts): values, gradients, reprs, errors.

    /usr/bin/python3 tests/oracle/nn2.py  ->  tests/fixtures/nn2_functional.json, nn2_modules.json
    (replayed by tests/nn2.test.ts)
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from cases import S, T, run, grad_like
from common import dump, enc

torch.set_default_dtype(torch.float32)
F32, F64, I64 = torch.float32, torch.float64, torch.int64


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F32):
    """Deterministic values spread over [lo, hi] (rounded, so float32 and float64 agree closely)."""
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


ops = []


def add(*a, **k):
    ops.append(run(*a, **k))


# ---------------------------------------------------------------- conv_transpose
x4 = vals([2, 4, 5, 5])
w4 = vals([4, 3, 3, 3], -1, 1, salt=1)
b3 = vals([3], salt=2)
add('conv_transpose2d', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True)])
add('conv_transpose2d bias', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True), T(b3, rg=True)])
add('conv_transpose2d stride padding output_padding', 'F.conv_transpose2d',
    [T(x4, rg=True), T(w4, rg=True), T(b3, rg=True), 2, 1, 1])
add('conv_transpose2d pairs', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True)],
    {'stride': (2, 3), 'padding': (0, 2), 'output_padding': (1, 2)})
add('conv_transpose2d dilation', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True), None],
    {'dilation': 2, 'padding': 1})
add('conv_transpose2d groups', 'F.conv_transpose2d',
    [T(x4, rg=True), T(vals([4, 2, 2, 3], salt=3), rg=True), T(vals([4], salt=4), rg=True), 1, 0, 0, 2])
add('conv_transpose2d unbatched', 'F.conv_transpose2d', [T(vals([4, 3, 3]), rg=True), T(w4, rg=True)])
add('conv_transpose2d float64', 'F.conv_transpose2d', [T(x4.double(), rg=True), T(w4.double(), rg=True)],
    {'stride': 2})
add('conv_transpose2d bad channels', 'F.conv_transpose2d', [vals([2, 5, 5, 5]), w4])
add('conv_transpose2d bad bias', 'F.conv_transpose2d', [x4, w4, vals([4])])
add('conv_transpose2d output_padding too big', 'F.conv_transpose2d', [x4, w4], {'output_padding': 1})
add('conv_transpose2d bad groups', 'F.conv_transpose2d', [x4, w4], {'groups': 3})
add('conv_transpose2d bad rank', 'F.conv_transpose2d', [vals([5, 5]), w4])
add('conv_transpose2d negative padding', 'F.conv_transpose2d', [x4, w4], {'padding': -1})
add('conv_transpose2d zero stride', 'F.conv_transpose2d', [x4, w4], {'stride': 0})
add('conv_transpose2d too small', 'F.conv_transpose2d', [x4, w4], {'padding': 4})
x1 = vals([2, 4, 7], salt=5)
w1 = vals([4, 3, 3], -1, 1, salt=6)
add('conv_transpose1d', 'F.conv_transpose1d', [T(x1, rg=True), T(w1, rg=True), T(b3, rg=True)])
add('conv_transpose1d positional', 'F.conv_transpose1d',
    [T(x1, rg=True), T(vals([4, 1, 4], salt=7), rg=True), None, 3, 2, 2, 2, 2])
add('conv_transpose1d unbatched', 'F.conv_transpose1d', [T(vals([4, 6]), rg=True), T(w1, rg=True)], {'stride': 2})
add('conv_transpose1d bad weight', 'F.conv_transpose1d', [x1, vals([4, 3])])

dump('nn2_functional', ops)

# ---------------------------------------------------------------- modules
mods = []


def mod(name, ctor, args=(), kwargs=None, inputs=(), train=True, seed=None, grad_inputs=None, fkwargs=None):
    kwargs = kwargs or {}

    def arg(v):
        if isinstance(v, torch.dtype):
            return {'dtype': str(v).replace('torch.', '')}
        return {'t': enc(v)} if isinstance(v, torch.Tensor) else v

    case = {'name': name, 'ctor': ctor, 'args': [arg(a) for a in args], 'kwargs': {k: arg(v) for k, v in kwargs.items()}}
    torch.manual_seed(0)
    try:
        m = getattr(nn, ctor)(*args, **kwargs)
    except Exception as e:  # noqa: BLE001
        case['error'] = str(e).split('\n')[0]
        mods.append(case)
        return
    if len(m.state_dict()) > 0:
        case['state'] = {k: enc(v) for k, v in m.state_dict().items()}
    m.train(train)
    case['train'] = train
    case['repr'] = repr(m)
    case['state_dict'] = sorted(m.state_dict().keys())
    case['named_parameters'] = [n for n, _ in m.named_parameters()]
    grad_inputs = len(inputs) if grad_inputs is None else grad_inputs
    xs = [x.clone().requires_grad_(i < grad_inputs and x.is_floating_point()) for i, x in enumerate(inputs)]
    case['grad_inputs'] = grad_inputs
    case['inputs'] = [enc(x) for x in inputs]
    if fkwargs:
        case['fkwargs'] = fkwargs
    if seed is not None:
        torch.manual_seed(seed)
        case['seed'] = seed
    try:
        out = m(*[x.clone() for x in xs], **(fkwargs or {}))
    except Exception as e:  # noqa: BLE001
        case['forward_error'] = str(e).split('\n')[0]
        mods.append(case)
        return
    if isinstance(out, tuple):
        out = out[0]
    case['out'] = enc(out)
    if out.requires_grad:
        g = grad_like(out)
        out.backward(g)
        case['grad_out'] = enc(g)
        case['grads'] = [enc(x.grad) if x.grad is not None else None for x in xs]
        case['param_grads'] = {n: enc(p.grad) for n, p in m.named_parameters() if p.grad is not None}
    mods.append(case)


xc = vals([2, 4, 5, 5], salt=8)
mod('ConvTranspose2d', 'ConvTranspose2d', [4, 6, 3], inputs=[xc])
mod('ConvTranspose2d DCGAN', 'ConvTranspose2d', [4, 3, 4, 2, 1], {'bias': False}, inputs=[xc])
mod('ConvTranspose2d positional', 'ConvTranspose2d', [4, 6, (3, 2), (2, 1), (1, 0), (1, 0), 2, True, 1], inputs=[xc])
mod('ConvTranspose2d dilation', 'ConvTranspose2d', [4, 2, 3], {'dilation': 2, 'padding': 2}, inputs=[xc])
mod('ConvTranspose2d output_size', 'ConvTranspose2d', [4, 2, 3], {'stride': 2}, inputs=[xc],
    fkwargs={'output_size': [12, 12]})
mod('ConvTranspose2d output_size full', 'ConvTranspose2d', [4, 2, 3], {'stride': 2, 'padding': 1}, inputs=[xc],
    fkwargs={'output_size': [2, 2, 10, 10]})
mod('ConvTranspose2d output_size bad', 'ConvTranspose2d', [4, 2, 3], {'stride': 2}, inputs=[xc],
    fkwargs={'output_size': [20, 20]})
mod('ConvTranspose2d output_size bad length', 'ConvTranspose2d', [4, 2, 3], {'stride': 2}, inputs=[xc],
    fkwargs={'output_size': [20]})
mod('ConvTranspose2d padding_mode', 'ConvTranspose2d', [4, 2, 3], {'padding_mode': 'reflect'})
mod('ConvTranspose2d groups', 'ConvTranspose2d', [4, 6, 3], {'groups': 4})
mod('ConvTranspose2d unbatched', 'ConvTranspose2d', [4, 2, 2], {'stride': 2}, inputs=[vals([4, 3, 3])])
mod('ConvTranspose2d float64', 'ConvTranspose2d', [4, 2, 2], {'dtype': F64}, inputs=[xc.double()])
x1m = vals([2, 4, 6], salt=9)
mod('ConvTranspose1d', 'ConvTranspose1d', [4, 6, 3], inputs=[x1m])
mod('ConvTranspose1d positional', 'ConvTranspose1d', [4, 2, 4, 2, 1, 1, 2, False, 1], inputs=[x1m])
mod('ConvTranspose1d output_size', 'ConvTranspose1d', [4, 2, 3], {'stride': 3}, inputs=[x1m],
    fkwargs={'output_size': [19]})

dump('nn2_modules', mods)
