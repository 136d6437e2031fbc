"""PyTorch's CPU random streams -> tests/fixtures/random.json (replayed by tests/random.test.ts).

Each case is a seed and a program: a list of calls run in order on one generator (the default
one, or a torch.Generator when 'generator' is set), with every result recorded, so the fixture
checks stream continuation across calls (including the cached normal sample) as well as values.
Call specs are plain dicts interpreted by run_call below and by its twin in the TypeScript test.
"""
import sys
import warnings

# This file's name shadows the standard library's `random` (which torch imports): let the
# standard module load first, then put this directory back for `common`.
HERE = sys.path.pop(0)
import torch  # noqa: E402

sys.path.insert(0, HERE)
from common import dump, enc, error_text  # noqa: E402

warnings.simplefilter('ignore')  # randint's out-of-range float bounds warn; the values are what we record

DT = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32, 'int64': torch.int64,
      'bool': torch.bool}


def seed_value(s):
    return int(s) if isinstance(s, str) else s


def make_target(spec):
    """A tensor to fill in place: contiguous, transposed, or a strided slice, of the given logical shape."""
    shape = spec['shape']
    dtype = DT[spec.get('dtype', 'float32')]
    layout = spec.get('layout', 'contiguous')
    if layout == 'contiguous':
        return torch.zeros(shape, dtype=dtype)
    if layout == 'transposed':
        return torch.zeros(list(reversed(shape)), dtype=dtype).permute(*reversed(range(len(shape))))
    if layout == 'sliced':
        return torch.zeros(shape[:-1] + [shape[-1] * 2], dtype=dtype)[..., ::2]
    raise ValueError(layout)


def tensor_arg(v):
    if isinstance(v, dict):
        data = [float(x) if isinstance(x, str) else x for x in v['data']]  # 'inf', 'nan' from enc
        t = torch.tensor(data, dtype=DT[v['dtype']]).reshape(v['shape'])
        return t.t() if v.get('transposed') else t
    return v


def run_call(c, gen):
    kw = {'generator': gen} if gen is not None else {}
    op = c['op']
    dt = {'dtype': DT[c['dtype']]} if 'dtype' in c else {}
    if op == 'rand':
        return torch.rand(c['size'], **dt, **kw)
    if op == 'randn':
        return torch.randn(c['size'], **dt, **kw)
    if op == 'randint':
        return torch.randint(c['low'], c['high'], c['size'], **dt, **kw)
    if op == 'randperm':
        return torch.randperm(c['n'], **dt, **kw)
    if op == 'normal':
        mean, std = tensor_arg(c['mean']), tensor_arg(c['std'])
        if 'size' in c:
            return torch.normal(mean, std, c['size'], **dt, **kw)
        return torch.normal(mean, std, **kw)
    if op == 'bernoulli':
        p = tensor_arg(c['input'])
        return torch.bernoulli(p, c['p'], **kw) if 'p' in c else torch.bernoulli(p, **kw)
    if op == 'multinomial':
        return torch.multinomial(tensor_arg(c['input']), c['n'], c.get('replacement', False), **kw)
    if op in ('rand_like', 'randn_like', 'randint_like'):
        src = make_target(c['src'])
        return getattr(torch, op)(src, *c.get('args', []), **dt, **kw)
    if op in ('uniform_', 'normal_', 'random_', 'exponential_', 'bernoulli_'):
        t = make_target(c['target'])
        args = [tensor_arg(a) for a in c.get('args', [])]
        getattr(t, op)(*args, **kw)
        return t
    if op == 'get_state':
        return list((gen.get_state() if gen is not None else torch.get_rng_state()).tolist())
    if op == 'initial_seed':
        return (gen if gen is not None else torch.default_generator).initial_seed()
    raise ValueError(op)


def run_case(case):
    gen = None
    if case.get('generator'):
        gen = torch.Generator()
        if 'seed' in case:
            gen.manual_seed(seed_value(case['seed']))
    else:
        torch.manual_seed(seed_value(case['seed']))
    results = []
    states = []
    for c in case['calls']:
        if c['op'] == 'set_state':
            st = torch.tensor(states[c['index']], dtype=torch.uint8)
            if gen is not None:
                gen.set_state(st)
            else:
                torch.set_rng_state(st)
            results.append(None)
            continue
        if 'error' in c:
            results.append({'error': error_text(lambda: run_call(c, gen))})
            continue
        r = run_call(c, gen)
        if c['op'] == 'get_state':
            states.append(r)
            results.append(r)
        elif isinstance(r, int):
            results.append(str(r))
        else:
            results.append(enc(r))
    return {**case, 'results': results}


SEEDS = [0, 1, 42, 1234, 2**32 + 5, 2147483647, 67280421310721, str(2**63 + 12345), -5]
SIZES = [[n] for n in list(range(1, 21)) + [31, 32, 33, 100]] + [[3, 4], [2, 3, 4], [], [0], [4, 1, 5]]

cases = []

# Every factory, every size, both float dtypes, on several seeds.
for seed in SEEDS:
    for op in ('rand', 'randn'):
        for dtype in ('float32', 'float64'):
            cases.append({'name': f'{op} {dtype} seed {seed}', 'seed': seed,
                          'calls': [{'op': op, 'size': s, 'dtype': dtype}
                                    for s in SIZES + ([[1000]] if seed in (0, 42, 2**32 + 5) else [])]})

# The scalar normal's cached second sample carries across calls and dtypes, and the fill path
# (16 or more contiguous elements) neither uses nor clears it.
for seed in (0, 7, 1234):
    cases.append({'name': f'normal cache seed {seed}', 'seed': seed, 'calls': [
        {'op': 'randn', 'size': [1], 'dtype': 'float64'},
        {'op': 'randn', 'size': [1], 'dtype': 'float32'},
        {'op': 'randn', 'size': [3], 'dtype': 'float64'},
        {'op': 'randn', 'size': [16]},
        {'op': 'randn', 'size': [1], 'dtype': 'float64'},
        {'op': 'rand', 'size': [2]},
        {'op': 'randn', 'size': [5]},
        {'op': 'randn', 'size': [17], 'dtype': 'float64'},
        {'op': 'randn', 'size': [1]},
        {'op': 'normal_', 'target': {'shape': [3]}, 'args': [2.5, 0.5]},
        {'op': 'normal_', 'target': {'shape': [1]}, 'args': [-1.0, 3.0]},
        {'op': 'rand', 'size': [3], 'dtype': 'float64'},
    ]})

# randint: small, large, negative, beyond 2^32, int32/bool/float dtypes.
for seed in (0, 42, 2**32 + 5):
    cases.append({'name': f'randint seed {seed}', 'seed': seed, 'calls': [
        {'op': 'randint', 'low': 0, 'high': 10, 'size': [20]},
        {'op': 'randint', 'low': 0, 'high': 2, 'size': [33]},
        {'op': 'randint', 'low': -5, 'high': 5, 'size': [3, 4]},
        {'op': 'randint', 'low': -1000, 'high': -990, 'size': [7]},
        {'op': 'randint', 'low': 0, 'high': 2**31, 'size': [10]},
        {'op': 'randint', 'low': 0, 'high': 2**32 - 1, 'size': [10]},
        {'op': 'randint', 'low': 0, 'high': 2**32, 'size': [10]},
        {'op': 'randint', 'low': 0, 'high': 2**32 + 1, 'size': [10]},
        {'op': 'randint', 'low': -2**40, 'high': 2**40, 'size': [10]},
        {'op': 'randint', 'low': 3, 'high': 2**52 + 3, 'size': [10]},
        {'op': 'randint', 'low': 0, 'high': 2**53, 'size': [10]},
        {'op': 'randint', 'low': 5, 'high': 6, 'size': [4]},
        {'op': 'randint', 'low': 0, 'high': 100, 'size': [10], 'dtype': 'int32'},
        {'op': 'randint', 'low': -2**31, 'high': 2**31 - 1, 'size': [10], 'dtype': 'int32'},
        {'op': 'randint', 'low': 0, 'high': 2, 'size': [10], 'dtype': 'bool'},
        {'op': 'randint', 'low': -3, 'high': 9, 'size': [10], 'dtype': 'float32'},
        {'op': 'randint', 'low': 0, 'high': 2**33, 'size': [10], 'dtype': 'float32'},
        {'op': 'randint', 'low': -7, 'high': 2**34, 'size': [10], 'dtype': 'float64'},
        {'op': 'randint', 'low': 0, 'high': 10, 'size': []},
        {'op': 'randint', 'low': 0, 'high': 10, 'size': [0]},
        {'op': 'randn', 'size': [2]},
    ]})

# randperm: n = 0..30, 100, 1000, 50000 and other dtypes.
for seed in (0, 42):
    cases.append({'name': f'randperm seed {seed}', 'seed': seed, 'calls':
                  [{'op': 'randperm', 'n': n} for n in list(range(31)) + [100, 1000] + ([50000] if seed == 0 else [])] + [
                      {'op': 'randperm', 'n': 20, 'dtype': 'int32'},
                      {'op': 'randperm', 'n': 20, 'dtype': 'float32'},
                      {'op': 'randperm', 'n': 20, 'dtype': 'float64'},
                      {'op': 'rand', 'size': [3]},
                  ]})

# In-place samplers with parameters, on contiguous and non-contiguous targets.
for seed in (0, 3, 1234):
    calls = []
    for dtype in ('float32', 'float64'):
        for layout in ('contiguous', 'transposed', 'sliced'):
            for shape in ([2, 3], [4, 5], [3, 4, 2], [6, 7]):
                t = {'shape': shape, 'dtype': dtype, 'layout': layout}
                calls += [
                    {'op': 'uniform_', 'target': t},
                    {'op': 'uniform_', 'target': t, 'args': [-2.5, 7.25]},
                    {'op': 'uniform_', 'target': t, 'args': [0.1, 0.3]},
                    {'op': 'normal_', 'target': t},
                    {'op': 'normal_', 'target': t, 'args': [1.5, 0.25]},
                    {'op': 'normal_', 'target': t, 'args': [-3.0, 10.0]},
                    {'op': 'exponential_', 'target': t},
                    {'op': 'exponential_', 'target': t, 'args': [2.5]},
                    {'op': 'random_', 'target': t, 'args': [10]},
                    {'op': 'random_', 'target': t, 'args': [-4, 4]},
                    {'op': 'random_', 'target': t},
                    {'op': 'bernoulli_', 'target': t},
                    {'op': 'bernoulli_', 'target': t, 'args': [0.2]},
                ]
        calls += [
            {'op': 'uniform_', 'target': {'shape': [100], 'dtype': dtype}, 'args': [-1e-3, 1e-3]},
            {'op': 'uniform_', 'target': {'shape': [100], 'dtype': dtype}, 'args': [-1e30, 1e30]},
            {'op': 'uniform_', 'target': {'shape': [10], 'dtype': dtype}, 'args': [3.0, 3.0]},
            {'op': 'normal_', 'target': {'shape': [1000], 'dtype': dtype}, 'args': [0.5, 2.0]},
            {'op': 'normal_', 'target': {'shape': [40], 'dtype': dtype}, 'args': [0.0, 0.0]},
            {'op': 'normal_', 'target': {'shape': [37], 'dtype': dtype}, 'args': [-1.25, 0.02]},
        ]
    for dtype in ('int32', 'int64', 'bool'):
        t = {'shape': [3, 5], 'dtype': dtype}
        calls += [
            {'op': 'random_', 'target': t, 'args': [2]},
            {'op': 'random_', 'target': t, 'args': [0, 2]},
            {'op': 'random_', 'target': t},
            {'op': 'bernoulli_', 'target': t, 'args': [0.7]},
        ]
    for dtype in ('float32', 'float64', 'int32', 'int64'):
        calls.append({'op': 'random_', 'target': {'shape': [7], 'dtype': dtype}, 'args': [-3, None]})
    calls += [
        {'op': 'random_', 'target': {'shape': [4], 'dtype': 'int32'}, 'args': [2**31 - 1, None]},
        {'op': 'random_', 'target': {'shape': [4], 'dtype': 'bool'}, 'args': [0, None]},
        {'op': 'random_', 'target': {'shape': [4], 'dtype': 'bool'}, 'args': [1, None]},
        {'op': 'random_', 'target': {'shape': [4], 'dtype': 'float64'}, 'args': [2**53 - 10, None]},
        {'op': 'random_', 'target': {'shape': [3, 5], 'dtype': 'int32'}, 'args': [-100, 100]},
        {'op': 'random_', 'target': {'shape': [3, 5], 'dtype': 'int64'}, 'args': [-2**40, 2**41]},
        {'op': 'random_', 'target': {'shape': [6], 'dtype': 'float32'}, 'args': [2**24 + 1, 2**26]},
    ]
    cases.append({'name': f'in-place seed {seed}', 'seed': seed, 'calls': calls})

# torch.normal's forms and torch.bernoulli.
mean = enc(torch.linspace(-2, 2, 12).reshape(3, 4))
std = enc(torch.linspace(0.1, 3, 12).reshape(3, 4))
mean64 = enc(torch.linspace(-2, 2, 20, dtype=torch.float64))
probs = enc(torch.linspace(0, 1, 21))
probs64 = enc(torch.linspace(0, 1, 40, dtype=torch.float64).reshape(5, 8))
for seed in (0, 99):
    cases.append({'name': f'normal forms seed {seed}', 'seed': seed, 'calls': [
        {'op': 'normal', 'mean': 2.0, 'std': 3.0, 'size': [2, 2]},
        {'op': 'normal', 'mean': 2.0, 'std': 3.0, 'size': [20]},
        {'op': 'normal', 'mean': -1.0, 'std': 0.5, 'size': [5], 'dtype': 'float64'},
        {'op': 'normal', 'mean': -1.0, 'std': 0.5, 'size': [50], 'dtype': 'float64'},
        {'op': 'normal', 'mean': mean, 'std': 1.5},
        {'op': 'normal', 'mean': mean, 'std': 0.25},
        {'op': 'normal', 'mean': 0.75, 'std': std},
        {'op': 'normal', 'mean': mean, 'std': std},
        {'op': 'normal', 'mean': {**mean, 'transposed': True}, 'std': 1.0},
        {'op': 'normal', 'mean': mean64, 'std': 2.0},
        {'op': 'normal', 'mean': enc(torch.zeros(3, 1)), 'std': enc(torch.ones(4))},
        {'op': 'bernoulli', 'input': probs},
        {'op': 'bernoulli', 'input': probs64},
        {'op': 'bernoulli', 'input': {**probs64, 'transposed': True}},
        {'op': 'bernoulli', 'input': probs, 'p': 0.3},
        {'op': 'bernoulli_', 'target': {'shape': [3, 21]}, 'args': [probs]},
        {'op': 'bernoulli_', 'target': {'shape': [8, 5], 'layout': 'transposed'}, 'args': [{**probs64, 'transposed': True}]},
        {'op': 'bernoulli_', 'target': {'shape': [5, 8], 'layout': 'transposed'}, 'args': [probs64]},
        {'op': 'randn', 'size': [3]},
    ]})

# multinomial: without replacement it draws exponentials (argmax / topk of p / q); with replacement
# it searches the normalized cumulative distribution, one uniform per sample.
weights = enc(torch.tensor([0.1, 0.2, 0.3, 0.4, 0.0, 2.5, 1e-3]))
rows = enc(torch.rand(4, 27, generator=torch.Generator().manual_seed(5)))
rows64 = enc(torch.rand(3, 10, dtype=torch.float64, generator=torch.Generator().manual_seed(6)))
for seed in (0, 2147483647):
    cases.append({'name': f'multinomial seed {seed}', 'seed': seed, 'generator': seed == 2147483647, 'calls': [
        {'op': 'multinomial', 'input': weights, 'n': 1},
        {'op': 'multinomial', 'input': weights, 'n': 1, 'replacement': True},
        {'op': 'multinomial', 'input': weights, 'n': 20, 'replacement': True},
        {'op': 'multinomial', 'input': weights, 'n': 5},
        {'op': 'multinomial', 'input': rows, 'n': 1, 'replacement': True},
        {'op': 'multinomial', 'input': rows, 'n': 30, 'replacement': True},
        {'op': 'multinomial', 'input': rows, 'n': 6},
        {'op': 'multinomial', 'input': {**rows64, 'transposed': True}, 'n': 2},
        {'op': 'multinomial', 'input': rows64, 'n': 12, 'replacement': True},
        {'op': 'randn', 'size': [3]},
    ]})

# _like factories follow the source's layout.
for seed in (0, 5):
    src_t = {'shape': [4, 6], 'layout': 'transposed'}
    cases.append({'name': f'like seed {seed}', 'seed': seed, 'calls': [
        {'op': 'rand_like', 'src': {'shape': [3, 4]}},
        {'op': 'rand_like', 'src': src_t},
        {'op': 'rand_like', 'src': {'shape': [4, 6], 'layout': 'sliced'}},
        {'op': 'rand_like', 'src': {'shape': [3, 4]}, 'dtype': 'float64'},
        {'op': 'randn_like', 'src': {'shape': [5, 4], 'dtype': 'float64'}},
        {'op': 'randn_like', 'src': src_t},
        {'op': 'randint_like', 'src': {'shape': [3, 4]}, 'args': [7]},
        {'op': 'randint_like', 'src': {'shape': [3, 4], 'dtype': 'int64'}, 'args': [-3, 7]},
        {'op': 'randint_like', 'src': {'shape': [3, 4], 'dtype': 'int32', 'layout': 'transposed'}, 'args': [100]},
    ]})

# Explicit generators: independent of the default stream; get_state/set_state replay.
cases.append({'name': 'generator objects', 'seed': 2147483647, 'generator': True, 'calls': [
    {'op': 'initial_seed'},
    {'op': 'randn', 'size': [27, 27]},
    {'op': 'rand', 'size': [5]},
    {'op': 'randn', 'size': [1], 'dtype': 'float64'},
    {'op': 'get_state'},
    {'op': 'randn', 'size': [3], 'dtype': 'float64'},
    {'op': 'randint', 'low': 0, 'high': 27, 'size': [10]},
    {'op': 'set_state', 'index': 0},
    {'op': 'randn', 'size': [3], 'dtype': 'float64'},
    {'op': 'randint', 'low': 0, 'high': 27, 'size': [10]},
    {'op': 'get_state'},
]})
cases.append({'name': 'fresh generator (default seed)', 'generator': True, 'calls': [
    {'op': 'initial_seed'},
    {'op': 'get_state'},
    {'op': 'rand', 'size': [5]},
    {'op': 'randn', 'size': [20]},
    {'op': 'randn', 'size': [3]},
]})
for seed in (0, 2**32 + 5, str(2**63 + 12345), -5):
    cases.append({'name': f'state after seeding {seed}', 'seed': seed, 'calls': [
        {'op': 'initial_seed'}, {'op': 'get_state'}, {'op': 'randn', 'size': [1], 'dtype': 'float64'},
        {'op': 'get_state'}, {'op': 'rand', 'size': [700]}, {'op': 'get_state'},
    ]})

# PyTorch's error texts.
cases.append({'name': 'errors', 'seed': 0, 'calls': [
    {'op': 'uniform_', 'target': {'shape': [3]}, 'args': [1.0, 0.0], 'error': True},
    {'op': 'uniform_', 'target': {'shape': [3]}, 'args': [-3e38, 3e38], 'error': True},
    {'op': 'uniform_', 'target': {'shape': [3]}, 'args': [-1e39, 0.0], 'error': True},
    {'op': 'uniform_', 'target': {'shape': [3], 'dtype': 'float64'}, 'args': [-1e308, 1e308], 'error': True},
    {'op': 'uniform_', 'target': {'shape': [3], 'dtype': 'int64'}, 'error': True},
    {'op': 'normal_', 'target': {'shape': [3]}, 'args': [0.0, -1.0], 'error': True},
    {'op': 'normal_', 'target': {'shape': [3], 'dtype': 'int32'}, 'error': True},
    {'op': 'normal', 'mean': 0.0, 'std': -1.5, 'size': [3], 'error': True},
    {'op': 'normal', 'mean': mean, 'std': -1.0, 'error': True},
    {'op': 'normal', 'mean': 0.0, 'std': enc(torch.tensor([1.0, -1.0])), 'error': True},
    {'op': 'normal', 'mean': enc(torch.zeros(3)), 'std': enc(torch.ones(4)), 'error': True},
    {'op': 'randint', 'low': 5, 'high': 5, 'size': [3], 'error': True},
    {'op': 'randint', 'low': 0, 'high': -5, 'size': [3], 'error': True},
    {'op': 'randint', 'low': -2**31 - 1, 'high': 0, 'size': [3], 'dtype': 'int32', 'error': True},
    {'op': 'randint', 'low': 0, 'high': 2**31 + 1, 'size': [3], 'dtype': 'int32', 'error': True},
    {'op': 'randint', 'low': 0, 'high': 3, 'size': [3], 'dtype': 'bool', 'error': True},
    {'op': 'rand', 'size': [3], 'dtype': 'int64', 'error': True},
    {'op': 'randn', 'size': [3], 'dtype': 'int32', 'error': True},
    {'op': 'rand', 'size': [-1], 'error': True},
    {'op': 'randperm', 'n': -1, 'error': True},
    {'op': 'randperm', 'n': 5, 'dtype': 'bool', 'error': True},
    {'op': 'randperm', 'n': 2**25, 'dtype': 'float32', 'error': True},
    {'op': 'bernoulli', 'input': enc(torch.tensor([0.5, 1.5])), 'error': True},
    {'op': 'bernoulli', 'input': enc(torch.tensor([1, 0])), 'error': True},
    {'op': 'bernoulli_', 'target': {'shape': [2]}, 'args': [1.5], 'error': True},
    {'op': 'bernoulli_', 'target': {'shape': [2]}, 'args': [-0.1], 'error': True},
    {'op': 'bernoulli_', 'target': {'shape': [3]}, 'args': [enc(torch.rand(4, generator=torch.Generator().manual_seed(7)))], 'error': True},
    {'op': 'bernoulli_', 'target': {'shape': [3]}, 'args': [enc(torch.rand(2, 3, generator=torch.Generator().manual_seed(8)))], 'error': True},
    {'op': 'exponential_', 'target': {'shape': [2]}, 'args': [-1.0], 'error': True},
    {'op': 'exponential_', 'target': {'shape': [2], 'dtype': 'int64'}, 'error': True},
    {'op': 'random_', 'target': {'shape': [2]}, 'args': [3, 1], 'error': True},
    {'op': 'random_', 'target': {'shape': [2]}, 'args': [-3], 'error': True},
    {'op': 'random_', 'target': {'shape': [2]}, 'args': [2**24, None], 'error': True},
    {'op': 'random_', 'target': {'shape': [2], 'dtype': 'bool'}, 'args': [2, None], 'error': True},
    {'op': 'random_', 'target': {'shape': [2], 'dtype': 'int32'}, 'args': [-2**31 - 1, None], 'error': True},
    {'op': 'multinomial', 'input': enc(torch.zeros(2, 2, 2)), 'n': 1, 'error': True},
    {'op': 'multinomial', 'input': enc(torch.tensor([1, 2])), 'n': 1, 'error': True},
    {'op': 'multinomial', 'input': weights, 'n': 0, 'error': True},
    {'op': 'multinomial', 'input': weights, 'n': 8, 'error': True},
    {'op': 'multinomial', 'input': enc(torch.tensor([0.0, 0.0])), 'n': 1, 'error': True},
    {'op': 'multinomial', 'input': enc(torch.tensor([-1.0, 2.0])), 'n': 1, 'error': True},
    {'op': 'multinomial', 'input': enc(torch.tensor([float('inf'), 2.0])), 'n': 1, 'error': True},
    {'op': 'multinomial', 'input': enc(torch.tensor([-1.0, 2.0])), 'n': 3, 'replacement': True, 'error': True},
    {'op': 'multinomial', 'input': enc(torch.tensor([0.0, 0.0])), 'n': 3, 'replacement': True, 'error': True},
    {'op': 'rand_like', 'src': {'shape': [3], 'dtype': 'int64'}, 'error': True},
    {'op': 'randn_like', 'src': {'shape': [3], 'dtype': 'int64'}, 'error': True},
]})

dump('random', [run_case(c) for c in cases])
