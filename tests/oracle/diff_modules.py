"""Random configurations of torch.nn modules, answered by PyTorch: tests/fixtures/diff_modules.json.

Each case builds one module after torch.manual_seed (so its parameters are PyTorch's own
initialisation, which tensorgrad reproduces), with random constructor arguments (kernel sizes,
strides, paddings, dilations, groups, modes, layers, directions, batch_first, affine, ...), runs
forward on random inputs, then backward of a fixed weighting of every floating output. It records
repr(module), the outputs, the gradients of the inputs and of every named parameter, and the
state_dict after forward (running statistics) -- or the error when PyTorch refuses the
configuration. tests/diff_modules.test.ts replays every case in tensorgrad.

Run: /usr/bin/python3 tests/oracle/diff_modules.py   (seeded; DIFF_MODULES_SEED / DIFF_MODULES_CASES
/ DIFF_MODULES_OUT to explore other sets)
"""
import json
import os
import random
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FIXTURES, num  # noqa: E402

CASES = int(os.environ.get('DIFF_MODULES_CASES', 600))
SEED = int(os.environ.get('DIFF_MODULES_SEED', 20261207))
OUT = os.environ.get('DIFF_MODULES_OUT', 'diff_modules')


def T(shape, dtype='float32', kind='float', hi=None):
    """A tensor spec: values are drawn when the case is built, identically in both languages."""
    return {'t': 'tensor', 'shape': list(shape), 'dtype': dtype, 'kind': kind, 'hi': hi}


def pick(rng, *xs):
    return rng.choice(xs)


def maybe(rng, kwargs, name, value, p=0.5):
    if rng.random() < p:
        kwargs[name] = value


def spec_linear(rng):
    i, o = rng.randint(1, 5), rng.randint(1, 5)
    kw = {}
    maybe(rng, kw, 'bias', rng.random() < 0.5)
    lead = [rng.randint(1, 3) for _ in range(rng.randint(0, 2))]
    return 'Linear', [i, o], kw, [T(lead + [i])], {}


def spec_conv(rng, d):
    cin_g, cout_g = rng.randint(1, 2), rng.randint(1, 2)
    groups = rng.choice([1, 1, 2])
    cin, cout = cin_g * groups, cout_g * groups
    k = [rng.randint(1, 3) for _ in range(d)]
    kw = {}
    maybe(rng, kw, 'stride', rng.choice([1, 2, [rng.randint(1, 2) for _ in range(d)]]))
    pad = rng.choice([0, 1, [rng.randint(0, 2) for _ in range(d)], 'same', 'valid'])
    maybe(rng, kw, 'padding', pad)
    maybe(rng, kw, 'dilation', rng.choice([1, 2]))
    if groups > 1:
        kw['groups'] = groups
    maybe(rng, kw, 'bias', rng.random() < 0.7)
    maybe(rng, kw, 'padding_mode', rng.choice(['zeros', 'reflect', 'replicate', 'circular']), 0.3)
    size = [rng.randint(3, 6) for _ in range(d)]
    batch = [rng.randint(1, 2)] if rng.random() < 0.8 else []
    return f'Conv{d}d', [cin, cout, k if rng.random() < 0.5 else k[0]], kw, [T(batch + [cin] + size)], {}


def spec_pool(rng, kind, d):
    k = rng.randint(1, 3)
    kw = {}
    maybe(rng, kw, 'stride', rng.choice([1, 2, None]))
    maybe(rng, kw, 'padding', rng.choice([0, 1]))
    maybe(rng, kw, 'ceil_mode', rng.random() < 0.5)
    if kind == 'Max':
        maybe(rng, kw, 'dilation', rng.choice([1, 2]), 0.3)
    else:
        maybe(rng, kw, 'count_include_pad', rng.random() < 0.5)
    size = [rng.randint(3, 7) for _ in range(d)]
    return f'{kind}Pool{d}d', [k], kw, [T([rng.randint(1, 2), rng.randint(1, 3)] + size)], {}


def spec_adaptive(rng, kind, d):
    out = [rng.randint(1, 4) for _ in range(d)]
    size = [rng.randint(2, 7) for _ in range(d)]
    return f'Adaptive{kind}Pool{d}d', [out if d > 1 and rng.random() < 0.5 else out[0]], {}, [T([1, 2] + size)], {}


def spec_batchnorm(rng, d):
    c = rng.randint(1, 3)
    kw = {}
    maybe(rng, kw, 'eps', rng.choice([1e-5, 1e-3]))
    maybe(rng, kw, 'momentum', rng.choice([0.1, 0.5, None]))
    maybe(rng, kw, 'affine', rng.random() < 0.7)
    maybe(rng, kw, 'track_running_stats', rng.random() < 0.7)
    shape = [rng.randint(2, 4), c] + ([rng.randint(1, 3)] if d == 1 and rng.random() < 0.5 else [])
    if d == 2:
        shape += [rng.randint(1, 3), rng.randint(1, 3)]
    return f'BatchNorm{d}d', [c], kw, [T(shape)], {'train': rng.random() < 0.7}


def spec_layernorm(rng):
    shape = [rng.randint(1, 3) for _ in range(rng.randint(1, 3))]
    k = rng.randint(1, len(shape))
    kw = {}
    maybe(rng, kw, 'eps', rng.choice([1e-5, 1e-2]))
    maybe(rng, kw, 'elementwise_affine', rng.random() < 0.7)
    return 'LayerNorm', [shape[-k:]], kw, [T([rng.randint(1, 2)] + shape)], {}


def spec_groupnorm(rng):
    g = rng.randint(1, 3)
    c = g * rng.randint(1, 2)
    kw = {}
    maybe(rng, kw, 'affine', rng.random() < 0.7)
    return 'GroupNorm', [g, c], kw, [T([rng.randint(1, 3), c, rng.randint(1, 4)])], {}


def spec_embedding(rng):
    n, d = rng.randint(3, 6), rng.randint(1, 4)
    kw = {}
    maybe(rng, kw, 'padding_idx', rng.choice([0, n - 1, -1]))
    maybe(rng, kw, 'max_norm', rng.choice([1.0, 0.5]), 0.3)
    maybe(rng, kw, 'scale_grad_by_freq', True, 0.3)
    return 'Embedding', [n, d], kw, [T([rng.randint(1, 3), rng.randint(1, 4)], 'int64', 'index', n)], {}


def spec_rnn(rng):
    name = rng.choice(['RNN', 'LSTM', 'GRU'])
    i, h = rng.randint(1, 4), rng.randint(1, 4)
    kw = {}
    maybe(rng, kw, 'num_layers', rng.choice([1, 2]))
    maybe(rng, kw, 'bias', rng.random() < 0.8)
    bf = rng.random() < 0.5
    maybe(rng, kw, 'batch_first', bf)
    maybe(rng, kw, 'bidirectional', rng.random() < 0.5)
    if name == 'RNN':
        maybe(rng, kw, 'nonlinearity', rng.choice(['tanh', 'relu']))
    if name == 'LSTM' and rng.random() < 0.3:
        kw['proj_size'] = rng.randint(1, max(1, h - 1)) if h > 1 else 0
    seq, batch = rng.randint(1, 4), rng.randint(1, 3)
    batched = rng.random() < 0.8
    shape = ([batch, seq] if kw.get('batch_first') else [seq, batch]) if batched else [seq]
    return name, [i, h], kw, [T(shape + [i])], {}


def spec_cell(rng):
    name = rng.choice(['RNNCell', 'LSTMCell', 'GRUCell'])
    i, h = rng.randint(1, 4), rng.randint(1, 4)
    kw = {}
    maybe(rng, kw, 'bias', rng.random() < 0.8)
    batched = rng.random() < 0.8
    return name, [i, h], kw, [T(([rng.randint(1, 3)] if batched else []) + [i])], {}


def spec_mha(rng):
    heads = rng.choice([1, 2])
    e = heads * rng.randint(1, 3)
    kw = {}
    maybe(rng, kw, 'bias', rng.random() < 0.8)
    bf = rng.random() < 0.5
    maybe(rng, kw, 'batch_first', bf)
    L, S, N = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 2)
    shp = (lambda n: [N, n, e] if kw.get('batch_first') else [n, N, e])
    fkw = {}
    maybe(rng, fkw, 'need_weights', rng.random() < 0.5)
    maybe(rng, fkw, 'average_attn_weights', rng.random() < 0.5)
    if rng.random() < 0.4:
        fkw['attn_mask'] = T([L, S], 'bool', 'mask')
    return 'MultiheadAttention', [e, heads], kw, [T(shp(L)), T(shp(S)), T(shp(S))], fkw


def spec_encoder_layer(rng):
    heads = rng.choice([1, 2])
    d = heads * rng.randint(1, 2) * 2
    kw = {'dropout': 0.0}
    maybe(rng, kw, 'dim_feedforward', rng.randint(2, 6), 0.9)
    maybe(rng, kw, 'activation', rng.choice(['relu', 'gelu']))
    maybe(rng, kw, 'batch_first', rng.random() < 0.5)
    maybe(rng, kw, 'norm_first', rng.random() < 0.5)
    maybe(rng, kw, 'layer_norm_eps', rng.choice([1e-5, 1e-3]), 0.3)
    shape = [rng.randint(1, 3), rng.randint(1, 3), d]
    return 'TransformerEncoderLayer', [d, heads], kw, [T(shape)], {}


ACTIVATIONS = [
    ('ReLU', lambda r: ([], {})), ('Sigmoid', lambda r: ([], {})), ('Tanh', lambda r: ([], {})),
    ('LeakyReLU', lambda r: ([pick(r, 0.01, 0.2, -0.5)], {})), ('ELU', lambda r: ([], {'alpha': pick(r, 1.0, 0.5)})),
    ('CELU', lambda r: ([], {'alpha': pick(r, 1.0, 2.0)})), ('SELU', lambda r: ([], {})),
    ('GELU', lambda r: ([], {'approximate': pick(r, 'none', 'tanh')})), ('SiLU', lambda r: ([], {})),
    ('Mish', lambda r: ([], {})), ('Softplus', lambda r: ([], {'beta': pick(r, 1, 2), 'threshold': pick(r, 20, 1)})),
    ('Hardtanh', lambda r: ([pick(r, -1.0, -2.0), pick(r, 1.0, 0.5)], {})), ('ReLU6', lambda r: ([], {})),
    ('Hardsigmoid', lambda r: ([], {})), ('Hardswish', lambda r: ([], {})), ('LogSigmoid', lambda r: ([], {})),
    ('Softsign', lambda r: ([], {})), ('Tanhshrink', lambda r: ([], {})),
    ('Softshrink', lambda r: ([pick(r, 0.5, 1.0)], {})), ('Hardshrink', lambda r: ([pick(r, 0.5, 1.0)], {})),
    ('Threshold', lambda r: ([pick(r, 0.1, -0.5), pick(r, 0.0, 2.0)], {})),
    ('Softmax', lambda r: ([], {'dim': pick(r, 0, 1, -1)})), ('LogSoftmax', lambda r: ([], {'dim': pick(r, 0, -1)})),
    ('Softmin', lambda r: ([], {'dim': pick(r, 1, -1)})), ('GLU', lambda r: ([], {'dim': pick(r, -1, 0)})),
    ('PReLU', lambda r: ([], {'num_parameters': pick(r, 1, 2)})),
    ('Flatten', lambda r: ([], {'start_dim': pick(r, 0, 1), 'end_dim': pick(r, -1, 1)})),
    ('Identity', lambda r: ([], {})),
]


def spec_activation(rng):
    name, f = rng.choice(ACTIVATIONS)
    args, kw = f(rng)
    shape = [rng.randint(1, 3), 2, rng.randint(1, 4)]
    return name, args, kw, [T(shape)], {}


def spec_loss(rng):
    name = rng.choice(['MSELoss', 'L1Loss', 'SmoothL1Loss', 'HuberLoss', 'BCELoss', 'BCEWithLogitsLoss',
                       'CrossEntropyLoss', 'NLLLoss', 'KLDivLoss', 'SoftMarginLoss'])
    kw = {}
    maybe(rng, kw, 'reduction', rng.choice(['mean', 'sum', 'none']))
    n, c = rng.randint(1, 4), rng.randint(2, 4)
    if name in ('CrossEntropyLoss', 'NLLLoss'):
        maybe(rng, kw, 'ignore_index', rng.choice([-100, 0, 1]), 0.3)
        if name == 'CrossEntropyLoss':
            maybe(rng, kw, 'label_smoothing', rng.choice([0.0, 0.1]), 0.3)
        if rng.random() < 0.3:
            kw['weight'] = T([c], kind='positive')
        extra = [rng.randint(1, 3)] if rng.random() < 0.3 else []
        if rng.random() < 0.2 and name == 'CrossEntropyLoss':
            return name, [], kw, [T([n, c] + extra), T([n, c] + extra, kind='prob')], {}
        return name, [], kw, [T([n, c] + extra), T([n] + extra, 'int64', 'index', c)], {}
    if name == 'BCELoss':
        return name, [], kw, [T([n, c], kind='prob'), T([n, c], kind='prob')], {}
    if name == 'BCEWithLogitsLoss' and rng.random() < 0.3:
        kw['pos_weight'] = T([c], kind='positive')
    if name == 'KLDivLoss':
        maybe(rng, kw, 'log_target', rng.random() < 0.5)
        return name, [], kw, [T([n, c]), T([n, c], kind='prob')], {}
    if name == 'SmoothL1Loss':
        maybe(rng, kw, 'beta', rng.choice([1.0, 0.5, 0.0]))
    if name == 'HuberLoss':
        maybe(rng, kw, 'delta', rng.choice([1.0, 0.5, 2.0]))
    return name, [], kw, [T([n, c]), T([n, c], kind='target')], {}


SPECS = [spec_linear, lambda r: spec_conv(r, 1), lambda r: spec_conv(r, 2), lambda r: spec_pool(r, 'Max', 1),
         lambda r: spec_pool(r, 'Max', 2), lambda r: spec_pool(r, 'Avg', 1), lambda r: spec_pool(r, 'Avg', 2),
         lambda r: spec_adaptive(r, 'Avg', 1), lambda r: spec_adaptive(r, 'Avg', 2), lambda r: spec_adaptive(r, 'Max', 2),
         lambda r: spec_batchnorm(r, 1), lambda r: spec_batchnorm(r, 2), spec_layernorm, spec_groupnorm,
         spec_embedding, spec_rnn, spec_rnn, spec_cell, spec_mha, spec_encoder_layer, spec_activation, spec_activation,
         spec_loss, spec_loss]


def values(spec, gen):
    """The same values tensorgrad's replay draws: from a torch.Generator seeded per tensor."""
    shape, dtype, kind = spec['shape'], getattr(torch, spec['dtype']), spec['kind']
    if kind == 'index':
        return torch.randint(0, spec['hi'], shape, generator=gen, dtype=dtype)
    if kind == 'mask':
        m = torch.rand(shape, generator=gen) < 0.3
        return m
    x = torch.rand(shape, generator=gen, dtype=dtype)
    if kind == 'prob':
        return x * 0.9 + 0.05
    if kind == 'positive':
        return x + 0.5
    if kind == 'target':
        return x * 4 - 2
    return x * 4 - 2


def build_inputs(specs, case_seed):
    out = []
    for k, s in enumerate(specs):
        gen = torch.Generator().manual_seed(case_seed * 100 + k)
        t = values(s, gen)
        if t.is_floating_point():
            t.requires_grad_(True)
        out.append(t)
    return out


def flat(x):
    if isinstance(x, torch.Tensor):
        return [x]
    if isinstance(x, (tuple, list)):
        return [t for e in x for t in flat(e)]
    return [None]


def enc(t):
    if t is None:
        return None
    t = t.detach()
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
            'data': [num(v) for v in t.reshape(-1).tolist()]}


def weighting(t):
    """Exact weights (-3..3)/4, so both libraries weight the outputs identically."""
    return ((torch.arange(t.numel()) * 3 % 7 - 3).to(t.dtype) * 0.25).reshape(t.shape)


def run_case(i, rng):
    spec = rng.choice(SPECS)
    name, args, kwargs, inputs, fkwargs = spec(rng)
    train = fkwargs.pop('train', True)
    case = {'module': name, 'args': args, 'kwargs': kwargs, 'inputs': inputs, 'fkwargs': fkwargs,
            'train': train, 'seed': i}

    def materialise(v, k):
        if isinstance(v, dict) and v.get('t') == 'tensor':
            return build_inputs([v], i * 7 + k)[0].detach()
        return v

    try:
        torch.manual_seed(i)
        ctor_kwargs = {k: materialise(v, 50 + j) for j, (k, v) in enumerate(kwargs.items())}
        m = getattr(nn, name)(*args, **ctor_kwargs)
        if not train:
            m.eval()
        case['repr'] = repr(m)
        xs = build_inputs(inputs, i)
        fk = {k: materialise(v, 90 + j) for j, (k, v) in enumerate(fkwargs.items())}
        out = m(*xs, **fk)
        outs = flat(out)
        case['outputs'] = [enc(o) for o in outs]
        loss = sum((o * weighting(o)).sum() for o in outs if o is not None and o.is_floating_point() and o.requires_grad)
        if isinstance(loss, torch.Tensor):
            loss.backward()
        case['input_grads'] = [enc(x.grad) if x.is_floating_point() else None for x in xs]
        case['param_grads'] = [[n, enc(p.grad)] for n, p in m.named_parameters()]
        case['state'] = [[n, enc(v)] for n, v in m.state_dict().items()]
    except Exception as e:  # noqa: BLE001 - PyTorch's exact text, whatever the class
        case['error'] = {'type': type(e).__name__, 'message': str(e).split('\n')[0]}
        for k in ('repr', 'outputs'):
            case.pop(k, None)
    return case


def main():
    rng = random.Random(SEED)
    cases = [run_case(i, rng) for i in range(CASES)]
    with open(os.path.join(FIXTURES, OUT + '.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    ok = sum(1 for c in cases if 'error' not in c)
    print(f'diff_modules: {len(cases)} module calls over {len({c["module"] for c in cases})} modules, {ok} succeeded')


if __name__ == '__main__':
    main()
