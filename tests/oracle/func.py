"""Forward-mode AD (torch.autograd.forward_ad) and torch.func's transforms (functorch 1.13, which
Debian's python3-torch ships) against tensorgrad: tests/func.test.ts runs the same programs by case
name. Inputs are written out (or made by deterministic formulas) on both sides.

Run: /usr/bin/python3 tests/oracle/func.py  ->  tests/fixtures/func.json
"""
import torch
import torch.autograd.forward_ad as fwAD
import torch.nn.functional as F
import functorch as ft
from torch.nn.utils.stateless import functional_call

from autograd_helpers import D, T, err, registry, warning_of, write

cases, case = registry()


def X():
    return D([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])


def V():
    return D([[1.0, 0.5, -2.0], [0.0, 1.0, 3.0]])


# ---------------------------------------------------------------- forward_ad

@case
def fwad_ops():
    with fwAD.dual_level():
        d = fwAD.make_dual(X(), V())
        outs = [d.sin() * 2, d.exp().sum(1), d @ X().t(), d.softmax(1), d.log_softmax(0), torch.tanh(d).mean(),
                d.pow(3), d / (d.abs() + 1), d.t().reshape(6), torch.cat([d, d * 2], 1), d.max(1).values,
                d.sigmoid().prod(), d.norm(), d.var(1), torch.where(d > 0, d, d * d), d.clamp(-0.5, 1.0),
                F.gelu(d), F.layer_norm(d, [3]), d.cumsum(1), d.sort(1).values]
        res = []
        for o in outs:
            p, t = fwAD.unpack_dual(o)
            res.append([p, t])
        return res


@case
def fwad_repr():
    with fwAD.dual_level():
        d = fwAD.make_dual(T([1.0, 2.0, 3.0]), T([1.0, 1.0, 1.0]))
        return [str(d), str(d * 2), str(fwAD.unpack_dual(d * 2))]


@case
def fwad_errors():
    x = T([1.0, 2.0, 3.0])
    out = [err(lambda: fwAD.make_dual(x, x))]
    with fwAD.dual_level():
        d = fwAD.make_dual(x, x)
        out.append(err(lambda: fwAD.make_dual(x, T([1.0, 2.0]))))
        out.append(err(lambda: fwAD.make_dual(x.long(), x)))
        out.append(err(lambda: fwAD.make_dual(x, x.long())))
        out.append(err(lambda: fwAD.make_dual(d, x)))
        out.append(err(lambda: fwAD.dual_level().__enter__()))
    out.append(fwAD.unpack_dual(d).tangent is None)
    return out


@case
def fwad_inplace_views():
    with fwAD.dual_level():
        base = torch.zeros(2, 3, dtype=torch.float64)
        view = base[1]
        view.copy_(fwAD.make_dual(D([1.0, 2.0, 3.0]), D([4.0, 5.0, 6.0])))
        a = fwAD.make_dual(X(), V()).clone()
        a[:, 0].mul_(3)
        a.t()[2].exp_()
        return [fwAD.unpack_dual(base).tangent, fwAD.unpack_dual(a).tangent]


@case
def fwad_tangent_layout():
    # make_dual keeps a tangent laid out as the primal is, else copies it into the primal's layout
    big = torch.arange(12, dtype=torch.float64).reshape(4, 3)
    t = torch.arange(9, dtype=torch.float64).reshape(3, 3).cos()
    res = []
    with fwAD.dual_level():
        for primal, tangent in [(X(), V()), (X(), V().t().contiguous().t()), (big[:3].clone(), big[1:]),
                                (big[:3].clone(), big[:3]), (big[1:], t), (big.t()[:2], torch.arange(8, dtype=torch.float64).reshape(2, 4))]:
            u = fwAD.unpack_dual(fwAD.make_dual(primal, tangent)).tangent
            res.append([u is tangent, list(u.stride()), u.storage_offset(), u.storage().size(), u])
    return res


@case
def fwad_zero_tangent_terms():
    # forward_ad_usage tutorial: PyTorch's formulas keep a zero tangent's terms, so a tangent
    # depends on primals that require grad (grad_fn and a zero gradient) even through x_t = 0
    p = X().requires_grad_()
    x = D([[1.0, -2.0], [0.5, 0.25], [3.0, -1.0]])
    res = []
    with fwAD.dual_level():
        d = fwAD.make_dual(p, V())
        outs = [d.t(), x @ d, d * 2, d.exp(), d + X(), F.linear(x, d.t()), F.linear(X(), p, d[:, 0]),
                torch.addmm(d[0], x, d), d.sum(), d ** 2, d / 3, torch.where(d > 0, d, X())]
        for o in outs:
            t = fwAD.unpack_dual(o).tangent
            res.append([t.requires_grad, t.grad_fn.name() if t.grad_fn is not None else None, t])
        t = fwAD.unpack_dual(x @ d).tangent
        res.append(torch.autograd.grad(t.sum(), p))
    return res


@case
def fwad_reverse_over_forward():
    x = X().requires_grad_()
    with fwAD.dual_level():
        d = fwAD.make_dual(x, V())
        y = (d.sin() * d).sum()
        t = fwAD.unpack_dual(y).tangent
        (g,) = torch.autograd.grad(t, x)
    return [t, g]


# ---------------------------------------------------------------- grad, vjp, jvp

def f3(x):
    return (x.sin() * x).sum()


@case
def func_grad():
    x = X()
    y = V()
    g = ft.grad(f3)(x)
    g2 = ft.grad(lambda a, b: (a * b).exp().sum(), argnums=(0, 1))(x, y)
    ga = ft.grad(lambda a: ((a ** 2).sum(), a.cos()), has_aux=True)(x)
    gv = ft.grad_and_value(f3)(x)
    gg = ft.grad(lambda a: ft.grad(f3)(a).sum())(x)
    tree = ft.grad(lambda p: (p['w'] * p['b'][0]).sum())({'w': x, 'b': [y]})
    return [g, list(g2), list(ga), list(gv), gg, tree]


@case
def func_vjp_jvp():
    x = X()
    y = V()
    out, fn = ft.vjp(lambda a, b: a.sin() * b, x, y)
    cot = D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    jout, jt = ft.jvp(lambda a, b: (a * b).tanh(), (x, y), (cot, x))
    out2, fn2, aux = ft.vjp(lambda a: (a.exp(), a.sum()), x, has_aux=True)
    return [out, list(fn(cot)), jout, jt, out2, list(fn2(cot)), aux]


@case
def func_jacobians():
    x = D([0.5, -1.0, 2.0])
    y = D([1.5, 0.25])
    f = lambda a, b: torch.cat([a.sin() * b.sum(), b.exp()])  # noqa: E731
    return [ft.jacrev(f)(x, y), list(ft.jacrev(f, argnums=(0, 1))(x, y)), ft.jacfwd(f)(x, y),
            list(ft.jacfwd(f, argnums=(0, 1))(x, y)), ft.hessian(lambda a: (a.pow(3) * a.sin()).sum())(x),
            ft.jvp(ft.grad(lambda a: (a.pow(3) * a.sin()).sum()), (x,), (D([1.0, 0.0, 2.0]),))[1],
            ft.jacrev(lambda a: a.outer(a))(x)]


@case
def func_errors():
    x = D([1.0, 2.0])
    return [err(lambda: ft.grad(lambda a: a.sin())(x)),
            err(lambda: ft.jvp(lambda a: a, x, x)),
            err(lambda: ft.jvp(lambda a: a, (x,), (D([1.0, 2.0, 3.0]),))),
            err(lambda: ft.vmap(lambda a, b: a + b)(D([[1.0, 2.0]]), D([[1.0], [2.0]]))),
            err(lambda: ft.vmap(lambda a: a, in_dims=2)(D([[1.0, 2.0]]))),
            err(lambda: ft.vmap(lambda a: torch.rand(2))(x)),
            err(lambda: ft.vmap(lambda a: a.item())(x)),
            err(lambda: ft.vmap(lambda a: 1)(x)),
            err(lambda: ft.vmap(lambda a: a, in_dims=(None,))(x)),
            err(lambda: ft.vmap(lambda a: a, in_dims=(0,))(1))]


# ---------------------------------------------------------------- vmap

@case
def func_vmap():
    x = X()
    y = V()
    m = D([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    return [ft.vmap(lambda a: a.sin() * 2 + 1)(x),
            ft.vmap(lambda a, b: a * b, in_dims=(1, None))(x, D([2.0, 3.0])),
            ft.vmap(lambda a: a.sum(0), in_dims=1)(x),
            ft.vmap(lambda a: a.unsqueeze(0).t(), out_dims=1)(x),
            ft.vmap(lambda a: a @ m)(x),
            ft.vmap(lambda a, b: a.dot(b))(x, y),
            ft.vmap(lambda a, b: torch.mv(b, a), in_dims=(0, None))(x, m.t()),
            ft.vmap(ft.vmap(lambda a: a.exp().sum()))(x),
            ft.vmap(lambda a: (a.softmax(0), a.max()))(x),
            ft.vmap(lambda a: torch.stack([a, a * 2], 1))(x),
            ft.vmap(lambda a: a.reshape(3, 1).expand(3, 2).sum(1))(x),
            ft.vmap(lambda a: a.sort()[0])(x),
            ft.vmap(lambda a: torch.ones(2))(x),
            ft.vmap(lambda a: F.linear(a, m, D([1.0, -1.0, 0.5])))(D([[[1.0, 2.0]], [[3.0, 4.0]]])),
            ft.vmap(lambda a: F.cross_entropy(a.unsqueeze(0), torch.tensor([1])))(x),
            ft.vmap(ft.jacrev(lambda a: a.sin() * a.sum()))(x),
            ft.vmap(lambda a, t: ft.jvp(torch.tanh, (a,), (t,))[1])(x, y)]


def mlp_params():
    w1 = torch.arange(12, dtype=torch.float64).reshape(3, 4).sin()
    b1 = torch.arange(3, dtype=torch.float64).cos()
    w2 = torch.arange(6, dtype=torch.float64).reshape(2, 3).cos()
    b2 = D([0.1, -0.2])
    return {'0.weight': w1, '0.bias': b1, '2.weight': w2, '2.bias': b2}


@case
def func_per_sample_grads():
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2)).double()
    params = mlp_params()
    xs = torch.arange(20, dtype=torch.float64).reshape(5, 4).mul(0.37).sin()
    ys = torch.tensor([0, 1, 1, 0, 1])

    def loss(p, x, y):
        return F.cross_entropy(functional_call(model, p, (x.unsqueeze(0),)), y.unsqueeze(0))

    per = ft.vmap(ft.grad(loss), in_dims=(None, 0, 0))(params, xs, ys)
    return {k: v for k, v in per.items()}


@case
def func_ensemble():
    model = torch.nn.Linear(3, 2).double()
    ws = torch.arange(18, dtype=torch.float64).reshape(3, 2, 3).sin()
    bs = torch.arange(6, dtype=torch.float64).reshape(3, 2).cos()
    x = X()
    out = ft.vmap(lambda w, b, a: functional_call(model, {'weight': w, 'bias': b}, (a,)), in_dims=(0, 0, None))(ws, bs, x)
    return out


@case
def func_vmap_of_transforms():
    # jacobians_hessians tutorial: vmap over a vjp_fn made outside vmap, and vmap over
    # forward-over-reverse transforms (hessian, jvp of grad)
    x = X()
    w = D([[0.5, -1.0, 0.25], [1.5, 0.5, -0.5]])
    _, vjp_fn = ft.vjp(lambda a: (w @ a).tanh(), x[0])
    hvp = lambda a, t: ft.jvp(ft.grad(f3), (a,), (t,))[1]
    return [ft.vmap(vjp_fn)(torch.eye(2, dtype=torch.float64)),
            ft.vmap(ft.hessian(f3))(x),
            ft.vmap(ft.hessian(lambda ww, a: (ww @ a).tanh(), argnums=1), in_dims=(None, 0))(w, x),
            ft.vmap(hvp)(x, V()),
            ft.vmap(ft.jacfwd(ft.jacrev(torch.sin)))(x)]


@case
def func_nested_vmap_vjp():
    # neural_tangent_kernels tutorial: a vjp made under vmap levels whose vjp_fn runs in an inner
    # vmap (NTK-vector products), grad under nested vmaps, and a conv whose backward takes the
    # inner batch one example at a time
    x = X()
    w = D([[0.5, -1.0, 0.25], [1.5, 0.5, -0.5]])
    p = {'w': w, 'b': D([0.1, -0.3])}
    f = lambda q, a: (q['w'] @ a + q['b']).tanh()

    def get_ntk(a, b):
        out, vjp_fn = ft.vjp(lambda q: f(q, a), p)
        def slice_(vec):
            return ft.jvp(lambda q: f(q, b), (p,), vjp_fn(vec))[1]
        return ft.vmap(slice_)(torch.eye(out.numel(), dtype=torch.float64))

    def rows(a):
        _, vjp_fn = ft.vjp(lambda ww: ww @ a, w)
        return ft.vmap(lambda v: vjp_fn(v)[0])(torch.eye(2, dtype=torch.float64))

    conv_w = torch.arange(2 * 1 * 2 * 2, dtype=torch.float64).reshape(2, 1, 2, 2).sin()
    imgs = torch.arange(2 * 9, dtype=torch.float64).reshape(2, 1, 3, 3).cos()

    def conv_rows(img):
        out, vjp_fn = ft.vjp(lambda cw: F.conv2d(img.unsqueeze(0), cw).flatten(), conv_w)
        return ft.vmap(lambda v: vjp_fn(v)[0])(torch.eye(out.numel(), dtype=torch.float64))

    return [ft.vmap(ft.vmap(get_ntk, (None, 0)), (0, None))(x, V()),
            ft.vmap(rows)(x),
            ft.vmap(ft.vmap(ft.grad(lambda a, b: (a * b).sin().sum())), (0, None))(x, x[0].unsqueeze(0).expand(3, 3)),
            ft.vmap(conv_rows)(imgs)]


@case
def functional_strategies():
    AF = torch.autograd.functional
    x = D([0.5, -1.0, 2.0])
    y = D([1.5, 0.25])
    f = lambda a, b: (torch.cat([a.sin() * b.sum(), b.exp()]), a.outer(b))  # noqa: E731
    h = lambda a: (a.pow(3) * a.sin()).sum()  # noqa: E731
    return [AF.jacobian(f, (x, y), strategy='forward-mode', vectorize=True),
            AF.jacobian(f, (x, y), vectorize=True),
            AF.hessian(h, x, outer_jacobian_strategy='forward-mode', vectorize=True),
            AF.hessian(h, x, vectorize=True),
            err(lambda: AF.jacobian(h, x, strategy='forward-mode')),
            err(lambda: AF.jacobian(h, x, strategy='forward-mode', vectorize=True, strict=True)),
            err(lambda: AF.jacobian(h, x, strategy='forward-mode', vectorize=True, create_graph=True)),
            err(lambda: AF.jacobian(h, x, vectorize=True, strict=True))]


if __name__ == '__main__':
    write('func', cases)
