"""vmap's batching rules where the per-example meaning is subtle, against functorch 1.13:
tests/vmap_rules.test.ts replays the same programs by case name (inputs made by formulas).

Run: /usr/bin/python3 tests/oracle/func_vmap.py  ->  tests/fixtures/func_vmap.json
"""
import torch
import torch.nn.functional as F
import functorch as ft

from autograd_helpers import out, registry
from common import dump

cases, case = registry()


def grid(*shape):
    """sin of the element index, scaled: deterministic, distinct, with signs of both kinds."""
    n = 1
    for s in shape:
        n *= s
    return torch.sin(torch.arange(n, dtype=torch.float64) * 0.7 + 0.3).reshape(shape) * 2


def ties():
    """Rows with repeated extremes, so the selected index and the tie rules matter."""
    return torch.tensor([[[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]], [[0.0, 0.0, 0.0], [5.0, 1.0, 5.0]]],
                        dtype=torch.float64)


@case
def batch_norm_training():
    # Statistics per example (over its own N), weight batched, bias shared.
    x, w, b = grid(3, 4, 2, 5), grid(3, 2) + 1, grid(2)
    f = lambda xi, wi: F.batch_norm(xi, None, None, weight=wi, bias=b, training=True)  # noqa: E731
    return [ft.vmap(f)(x, w), ft.vmap(ft.grad(lambda xi, wi: f(xi, wi).pow(3).sum()))(x, w)]


@case
def batch_norm_eval():
    x, rm, rv = grid(3, 4, 2, 5), grid(2), grid(2).abs() + 0.5
    return [ft.vmap(lambda xi: F.batch_norm(xi, rm, rv, training=False))(x)]


@case
def extremes_with_ties():
    x = ties()
    return [ft.vmap(lambda a: a.max(1))(x), ft.vmap(lambda a: a.min(0, keepdim=True))(x),
            ft.vmap(lambda a: a.argmax())(x), ft.vmap(ft.grad(lambda a: a.max()))(x),
            ft.vmap(ft.grad(lambda a: a.max(1).values.sum()))(x), ft.vmap(ft.grad(lambda a: a.amax(1).sum()))(x)]


@case
def sorting():
    x = ties()
    return [ft.vmap(lambda a: a.sort(1))(x), ft.vmap(lambda a: a.topk(2, 1))(x),
            ft.vmap(lambda a: a.kthvalue(2, 1))(x), ft.vmap(lambda a: a.median(1))(x)]


@case
def indexing_per_example():
    x = grid(3, 4, 5)
    i = torch.tensor([[0, 3], [2, 2], [1, 0]])
    return [ft.vmap(lambda a, j: a[j])(x, i), ft.vmap(lambda a, j: a[:, j])(x, i),
            ft.vmap(lambda a, j: a[j, :, j.flip(0)])(x.unsqueeze(2), i),
            ft.vmap(ft.grad(lambda a, j: a[j].pow(2).sum()))(x, i)]


@case
def norms_and_scans():
    x = grid(3, 4, 5)
    return [ft.vmap(lambda a: torch.stack([a.norm(), a.norm(1), a.norm(float('inf'))]))(x),
            ft.vmap(lambda a: a.norm(3, 1))(x), ft.vmap(lambda a: a.cumsum(1) + a.cumprod(0))(x),
            ft.vmap(ft.grad(lambda a: a.norm(3, 1).sum() + a.cumprod(1).sum()))(x)]



@case
def conversions():
    # .to(dtype) is batched (tanh's float32 backward converts to double under jacrev's vmap)
    x = grid(3, 4).float()
    return [ft.vmap(lambda a: a.double().sin())(x),
            ft.vmap(ft.grad(lambda a: (a * 3).tanh().sum()))(x),
            ft.jvp(lambda a: a.double().exp(), (x,), (x.cos(),))]

if __name__ == '__main__':
    dump('func_vmap', [{'name': k, 'result': out(fn())} for k, fn in cases.items()])
