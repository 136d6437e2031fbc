"""Random calls of every declared op, answered by PyTorch: tests/fixtures/diff_fuzz.json.

The calls are generated from tensorgrad's own op declarations (their PyTorch signatures, printed by
tests/oracle/signatures.ts): random small tensors of several dtypes and shapes (broadcastable or
not), random dims (sometimes out of range), ints, scalars, dtypes, reductions, keyword or
positional placement, as a torch.* function or as a Tensor method. PyTorch runs each call and
records its result (tensors, numbers, lists of them) or its error, and for about half of the
differentiable calls the gradients of the floating inputs of a fixed weighting of the outputs. tests/diff_fuzz.test.ts replays
every call in tensorgrad and checks that it succeeds exactly when PyTorch does, with the same
values, shapes and dtypes.

Run: /usr/bin/python3 tests/oracle/diff_fuzz.py   (seeded: a second run writes the same file;
DIFF_FUZZ_SEED, DIFF_FUZZ_CASES and DIFF_FUZZ_OUT=<fixture name> make other sets, for exploring)
"""
import json
import os
import random
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FIXTURES, materialized, num  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
CASES = int(os.environ.get('DIFF_FUZZ_CASES', 5000))
SEED = int(os.environ.get('DIFF_FUZZ_SEED', 20261207))
OUT = os.environ.get('DIFF_FUZZ_OUT', 'diff_fuzz')

# Ops left out, each with its reason.
SKIP = {
    # The result is uninitialised memory.
    'empty', 'empty_like', 'new_empty', 'empty_strided',
    # Python-only semantics with no counterpart in the calls generated here.
    'tensor', 'new_tensor', 'is_tensor', 'backward', 'type', 'index_put', 'einsum',
    # Prints or returns host objects rather than values.
    'data_ptr', 'storage_offset', 'element_size',
}
# Parameter types this generator cannot produce: an overload with a required one is skipped.
UNSUPPORTED = {'Device?', 'Layout?', 'MemoryFormat?', 'MemoryFormat', 'Generator?', 'Dimname', 'Dimname[1]',
               'Any', 'Any[]', 'SymInt?'}
STRINGS = {
    'reduction': ['mean', 'sum', 'none'],
    'rounding_mode': ['trunc', 'floor'],
    'approximate': ['none', 'tanh'],
    'side': ['left', 'right'],
    'indexing': ['ij', 'xy'],
    'mode': ['constant', 'reflect', 'replicate', 'circular', 'nearest', 'linear'],
    'compute_mode': ['use_mm_for_euclid_dist_if_necessary', 'donot_use_mm_for_euclid_dist'],
    'ord': ['fro', 'nuc'],
    'p': ['fro'],
}
DTYPES = ['float32', 'float32', 'float32', 'float32', 'float64', 'int64', 'int64', 'bool', 'int32']
SHAPES = [[], [3], [4], [2, 3], [3, 1], [1, 3], [2, 3, 4], [0], [3, 3], [2, 1, 3], [1]]


def values(rng, dtype, n):
    if dtype == 'bool':
        return [rng.random() < 0.5 for _ in range(n)]
    if dtype in ('int64', 'int32'):
        return [rng.randint(-3, 5) for _ in range(n)]
    pool = [0.0, 1.0, -1.0, 0.5, 2.0, -2.5]
    return [rng.choice(pool) if rng.random() < 0.25 else round(rng.uniform(-3, 3), 3) for _ in range(n)]


def tensor_spec(rng, like=None):
    if like is not None and rng.random() < 0.5:
        shape = list(like['shape'])
    elif like is not None and rng.random() < 0.5 and like['shape']:
        # A broadcastable partner: drop leading dims or set some to 1.
        shape = list(like['shape'][rng.randint(0, len(like['shape'])):])
        shape = [1 if rng.random() < 0.3 else s for s in shape]
    else:
        shape = list(rng.choice(SHAPES))
    dtype = like['dtype'] if like is not None and rng.random() < 0.6 else rng.choice(DTYPES)
    n = 1
    for s in shape:
        n *= s
    return {'t': 'tensor', 'shape': shape, 'dtype': dtype, 'data': values(rng, dtype, n)}


def scalar(rng):
    r = rng.random()
    if r < 0.45:
        return rng.randint(-2, 3)
    if r < 0.9:
        return rng.choice([0.5, -1.5, 2.25, 0.125, -0.75])
    return rng.random() < 0.5


def gen_value(rng, p, self_spec):
    """A random value for parameter p, or raise KeyError when this generator has none."""
    ty = p['type'].rstrip('?')
    name = p['name']
    ndim = len(self_spec['shape']) if self_spec else 2
    if ty == 'Tensor':
        return tensor_spec(rng, self_spec)
    if ty == 'Tensor|Number':
        return tensor_spec(rng, self_spec) if rng.random() < 0.7 else scalar(rng)
    if ty == 'Tensor[]':
        first = tensor_spec(rng, self_spec)
        return {'t': 'list', 'items': [first] + [tensor_spec(rng, first) for _ in range(rng.randint(0, 2))]}
    if ty == 'bool':
        return rng.random() < 0.5
    if ty in ('int', 'SymInt'):
        if name in ('dim', 'dim0', 'dim1', 'source', 'destination', 'start_dim', 'end_dim'):
            return rng.randint(-ndim - 1, max(ndim, 1)) if rng.random() < 0.15 else rng.randint(-max(ndim, 1), max(ndim - 1, 0))
        return rng.randint(-1, 4)
    if ty.startswith('int[') or ty.startswith('SymInt['):
        if name in ('size', 'shape'):
            return [rng.randint(0, 4) for _ in range(rng.randint(0, 3))]
        k = rng.randint(1, 2)
        if name.startswith('dim'):
            lst = [rng.randint(-max(ndim, 1), max(ndim - 1, 0)) for _ in range(k)]
        else:
            lst = [rng.randint(-1, 3) for _ in range(k)]
        return lst[0] if len(lst) == 1 and rng.random() < 0.4 else lst
    if ty == 'float':
        return rng.choice([0.5, 1.5, -1.0, 2.0, 0.0, 1e-3, 0.25])
    if ty == 'Scalar':
        return scalar(rng)
    if ty == 'ScalarType':
        return {'t': 'dtype', 'name': rng.choice(['float32', 'float64', 'int64', 'int32', 'bool'])}
    if ty in ('str', 'Scalar|str'):
        return rng.choice(STRINGS[name])
    raise KeyError(ty)


def gen_case(rng, decl):
    sig = rng.choice(decl['signatures'])
    params = sig['params']
    as_method = decl['method'] and params and params[0]['name'] == 'self' and (not decl['function'] or rng.random() < 0.5)
    for p in params:
        if p['type'] in UNSUPPORTED and not p['optional']:
            return None
    self_spec = None
    args, kwargs = [], {}
    keyword = False
    for i, p in enumerate(params):
        if p['type'] in UNSUPPORTED or p['name'] in ('pin_memory', 'out'):
            # Absent (pin_memory=True needs CUDA; out= is not generated): later ones go by name.
            keyword = True
            continue
        if p['optional'] and rng.random() < 0.5:
            keyword = True
            continue
        try:
            v = gen_value(rng, p, self_spec)
        except KeyError:
            if p['optional']:
                keyword = True
                continue
            return None
        if p['type'].endswith('?') and rng.random() < 0.1:
            v = None
        if i == 0 and p['type'] == 'Tensor' and isinstance(v, dict):
            self_spec = v
        if p['kwOnly'] or keyword or (i > 0 and rng.random() < 0.15):
            keyword = True
            # A function names its Tensor self `input`, wherever it stands (as PyTorch's binding does).
            kwargs['input' if p['name'] == 'self' and not as_method else p['name']] = v
        else:
            args.append(v)
    if as_method:
        if not args or not isinstance(args[0], dict) or args[0].get('t') != 'tensor':
            return None
        return {'op': decl['name'], 'method': True, 'self': args[0], 'args': args[1:], 'kwargs': kwargs}
    return {'op': decl['name'], 'method': False, 'namespace': decl['namespace'], 'args': args, 'kwargs': kwargs}


def build(v, leaves=None):
    """The value of a spec; with `leaves` (a list), floating tensors require grad and are collected."""
    if isinstance(v, dict):
        if v['t'] == 'tensor':
            t = torch.tensor(v['data'], dtype=getattr(torch, v['dtype'])).reshape(v['shape'])
            if leaves is not None:
                if t.is_floating_point():
                    t.requires_grad_(True)
                leaves.append(t)
            return t
        if v['t'] == 'list':
            return [build(x, leaves) for x in v['items']]
        if v['t'] == 'dtype':
            return getattr(torch, v['name'])
    if isinstance(v, list):
        return list(v)
    return v


def encode(r):
    if isinstance(r, torch.Tensor):
        t = materialized(r.detach())
        if t.is_sparse:
            # embedding(sparse=True)'s weight gradient: tensorgrad's gradients are dense.
            t = t.to_dense()
        return {'t': 'tensor', 'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
                'data': [num(x) for x in t.reshape(-1).tolist()]}
    if isinstance(r, torch.Size):
        return {'t': 'size', 'items': list(r)}
    if isinstance(r, (list, tuple)):
        return {'t': 'list', 'items': [encode(x) for x in r]}
    if isinstance(r, torch.dtype):
        return {'t': 'dtype', 'name': str(r).replace('torch.', '')}
    if r is None or isinstance(r, (bool, int, float, str)):
        return {'t': 'value', 'value': num(r)}
    raise TypeError(type(r).__name__)


def namespace(name):
    return torch.nn.functional if name == 'torch.nn.functional' else torch


def run(case, leaves=None):
    torch.manual_seed(0)
    # Leaves in the replay's order: self, the positional arguments, then the keyword ones.
    self = build(case['self'], leaves) if case['method'] else None
    args = [build(a, leaves) for a in case['args']]
    kwargs = {k: build(v, leaves) for k, v in case['kwargs'].items()}
    fn = getattr(self, case['op']) if case['method'] else getattr(namespace(case['namespace']), case['op'])
    return fn(*args, **kwargs)


def weighting(t):
    """Exact weights (-3..3)/4, so both libraries weight the outputs identically."""
    return ((torch.arange(t.numel()) * 3 % 7 - 3).to(t.dtype) * 0.25).reshape(t.shape)


def outputs(r):
    if isinstance(r, torch.Tensor):
        return [r]
    if isinstance(r, (list, tuple)):
        return [t for e in r for t in outputs(e)]
    return []


def gradients(case):
    """The gradients of the floating inputs of a weighted sum of the floating outputs, or None."""
    leaves = []
    try:
        out = run(case, leaves)
        terms = [(o * weighting(o)).sum()
                 for o in outputs(out) if o.is_floating_point() and o.grad_fn is not None]
        if not terms or not any(t.is_floating_point() for t in leaves):
            return None
        sum(terms).backward()
    except Exception:  # noqa: BLE001 - not differentiable here: no gradient case
        return None
    return [encode(t.grad) if t.grad is not None else None for t in leaves]


def main():
    sigs = json.loads(subprocess.run(['npx', 'tsx', 'tests/oracle/signatures.ts'], cwd=ROOT, check=True,
                                     capture_output=True, text=True).stdout)
    decls = [d for d in sigs if d['name'] not in SKIP and d['signatures']]
    for d in decls:
        d['function'] = d['function'] and d['namespace'] is not None and hasattr(namespace(d['namespace']), d['name'])
    decls = [d for d in decls if d['function'] or d['method']]
    rng = random.Random(SEED)
    cases = []
    tries = 0
    while len(cases) < CASES and tries < CASES * 20:
        tries += 1
        decl = rng.choice(decls)
        case = gen_case(rng, decl)
        if case is None:
            continue
        try:
            out = run(case)
        except Exception as e:  # noqa: BLE001 - PyTorch's exact text, whatever the class
            case['error'] = {'type': type(e).__name__, 'message': str(e).split('\n')[0]}
        else:
            try:
                case['result'] = encode(out)
            except TypeError:
                continue  # a result of a type the replay cannot compare
            if rng.random() < 0.5:
                grads = gradients(case)
                if grads is not None:
                    case['grads'] = grads
        cases.append(case)
    path = os.path.join(FIXTURES, OUT + '.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    ok = sum(1 for c in cases if 'result' in c)
    print(f'diff_fuzz: {len(cases)} calls over {len({c["op"] for c in cases})} ops, {ok} succeeded in PyTorch, '
          f'{sum(1 for c in cases if "grads" in c)} with gradients')


if __name__ == '__main__':
    main()
