"""vmap's randomness option (functorch 1.13) against tensorgrad: tests/vmap_random.test.ts runs the
same programs by case name under randomness='error', 'same' and 'different'. Each program draws
inside vmap over a batch of 3 examples whose inputs are all equal (0.5), so the rows of a
result are equal exactly when the draw is the same for every example.

Run: /usr/bin/python3 tests/oracle/func_random.py  ->  tests/fixtures/func_random.json
"""
import torch
import torch.nn.functional as F
import functorch as ft

from autograd_helpers import err, out, registry
from common import dump

cases, case = registry()

MODES = ['error', 'same', 'different']


def X():
    return torch.full((3, 4), 0.5, dtype=torch.float64)


def U():
    return torch.full((4,), 0.5, dtype=torch.float64)


def run(f, *args, **kw):
    """[error message or result] per randomness mode, each from seed 0."""
    res = []
    for mode in MODES:
        torch.manual_seed(0)
        box = []
        e = err(lambda: box.append(ft.vmap(f, randomness=mode, **kw)(*args)))
        res.append({'error': e} if e is not None else {'out': out(box[0])})
    return res


z = lambda x: x * 0  # noqa: E731 - a batched zero, so an unbatched draw comes out expanded


@case
def rand():
    return run(lambda x: torch.rand(4, dtype=torch.float64) + z(x), X())


@case
def randn():
    return run(lambda x: torch.randn(2, 4, dtype=torch.float64) + z(x), X())


@case
def randint():
    return run(lambda x: torch.randint(0, 10, (4,)) + z(x), X())


@case
def randperm():
    return run(lambda x: torch.randperm(4) + z(x), X())


@case
def normal_size():
    return run(lambda x: torch.normal(2.0, 3.0, (4,), dtype=torch.float64) + z(x), X())


@case
def rand_like_batched():
    return run(lambda x: torch.rand_like(x), X())


@case
def randn_like_batched():
    return run(lambda x: torch.randn_like(x), X())


@case
def randint_like_batched():
    return run(lambda x: torch.randint_like(x, 5), X())


@case
def rand_like_unbatched():
    return run(lambda x: torch.rand_like(U()) + z(x), X())


@case
def bernoulli_batched():
    return run(lambda x: torch.bernoulli(x), X())


@case
def bernoulli_unbatched():
    return run(lambda x: torch.bernoulli(U()) + z(x), X())


@case
def bernoulli_p_batched():
    return run(lambda x: torch.bernoulli(x, 0.25), X())


@case
def normal_mean_batched():
    return run(lambda x: torch.normal(x, 1.0), X())


@case
def normal_mean_unbatched():
    return run(lambda x: torch.normal(U(), 1.0) + z(x), X())


@case
def normal_std_batched():
    return run(lambda x: torch.normal(0.0, x), X())


@case
def normal_mean_std_batched():
    return run(lambda x: torch.normal(x, x), X())


@case
def normal_mean_unbatched_std_batched():
    return run(lambda x: torch.normal(U(), x), X())


@case
def uniform_batched():
    return run(lambda x: x.clone().uniform_(), X())


@case
def uniform_unbatched():
    return run(lambda x: U().uniform_() + z(x), X())


@case
def normal__batched():
    return run(lambda x: x.clone().normal_(1.0, 2.0), X())


@case
def random__batched():
    return run(lambda x: x.clone().random_(0, 5), X())


@case
def exponential__batched():
    return run(lambda x: x.clone().exponential_(), X())


@case
def bernoulli__batched():
    return run(lambda x: x.clone().bernoulli_(0.5), X())


@case
def bernoulli__p_batched():
    return run(lambda x: x.clone().bernoulli_(x), X())


@case
def bernoulli__p_unbatched():
    return run(lambda x: x.clone().bernoulli_(U()), X())


@case
def bernoulli__self_unbatched_p_batched():
    return run(lambda x: torch.zeros(4, dtype=torch.float64).bernoulli_(x), X())


@case
def dropout_batched():
    return run(lambda x: F.dropout(x, 0.5), X())


@case
def dropout_unbatched():
    return run(lambda x: F.dropout(U(), 0.5) + z(x), X())


@case
def dropout_eval():
    return run(lambda x: F.dropout(x, 0.5, training=False), X())


@case
def multinomial_batched():
    return run(lambda x: torch.multinomial(x, 2), X())


@case
def nested():
    # Inner level 'different' inside an outer vmap (randomness as given per level).
    res = []
    for outer in MODES:
        torch.manual_seed(0)
        box = []
        f = ft.vmap(lambda x: torch.rand(2, dtype=torch.float64) + z(x), randomness='different')
        e = err(lambda: box.append(ft.vmap(f, randomness=outer)(torch.zeros(3, 4, 2, dtype=torch.float64))))
        res.append({'error': e} if e is not None else {'out': out(box[0])})
    return res


@case
def invalid_mode():
    return [err(lambda: ft.vmap(lambda x: x, randomness='sometimes')(X()))]


if __name__ == '__main__':
    dump('func_random', [{'name': k, 'result': fn()} for k, fn in cases.items()])
