"""Shared helpers for the autograd oracle scripts (tests/oracle/autograd*.py).

Each script registers cases, small programs run in PyTorch; tests/autograd*.test.ts run the same
programs in tensorgrad by case name and compare every value they return.
"""
import warnings

import torch

from common import dump, enc, error_text


def registry():
    """A case dict and the decorator that fills it."""
    cases = {}

    def case(fn):
        cases[fn.__name__] = fn
        return fn

    return cases, case


def write(fixture, cases):
    torch.manual_seed(0)
    dump(fixture, [{'name': key, 'result': out(fn())} for key, fn in cases.items()])


def T(data, rg=False):
    return torch.tensor(data, dtype=torch.float32, requires_grad=rg)


def D(data, rg=False):
    return torch.tensor(data, dtype=torch.float64, requires_grad=rg)


def name(fn):
    return None if fn is None else fn.name()


def nexts(fn):
    return [[name(f), nr] for f, nr in fn.next_functions]


def err(fn):
    return error_text(fn)


def full_error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - PyTorch's exact text, whatever the class
        return str(e)
    return None


def warning_of(fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        fn()
    return [str(x.message).split(' (Triggered internally')[0] for x in w]


def out(v):
    """Encodes a result: tensors, lists/tuples, dicts, None and plain values."""
    if isinstance(v, torch.Tensor):
        return enc(v)
    if isinstance(v, (list, tuple)):
        return [out(x) for x in v]
    if isinstance(v, dict):
        return {k: out(x) for k, x in v.items()}
    return v
