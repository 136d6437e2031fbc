"""PyTorch oracle for autograd: custom Functions, torch.autograd.functional, gradcheck and mse_loss.

Run: /usr/bin/python3 tests/oracle/autograd_function.py (cases replayed by tests/autograd_function.test.ts).
"""
import torch
import torch.nn.functional as F
from torch.autograd import Function
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp

from autograd_helpers import D, T, err, full_error, name, nexts, registry, warning_of, write

CASES, case = registry()


# ---------------------------------------------------------------- 11. gradcheck

class BadDouble(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 3


@case
def gradcheck_results():
    x = D([1.0, 2.0], rg=True)
    y = D([[0.5, -1.0], [2.0, 0.3]], rg=True)
    return {
        'ok': torch.autograd.gradcheck(lambda a, b: (a * b).sin(), (x, y)),
        'ok_gg': torch.autograd.gradgradcheck(lambda a, b: (a * b).sin(), (x, y)),
        'bad': err(lambda: torch.autograd.gradcheck(BadDouble.apply, (D([1.0, 2.0], rg=True),))),
        'bad_message': full_error(lambda: torch.autograd.gradcheck(BadDouble.apply, (D([1.0, 2.0], rg=True),))),
        'bad_no_raise': torch.autograd.gradcheck(BadDouble.apply, (D([1.0, 2.0], rg=True),), raise_exception=False),
        'none': err(lambda: torch.autograd.gradcheck(lambda a: a * 2, (D([1.0]),))),
    }


# ---------------------------------------------------------------- 12. custom Functions

class MyExp(Function):
    @staticmethod
    def forward(ctx, x):
        r = x.exp()
        ctx.save_for_backward(r)
        return r

    @staticmethod
    def backward(ctx, g):
        (r,) = ctx.saved_tensors
        return g * r


class Scale(Function):
    @staticmethod
    def forward(ctx, x, k, y):
        ctx.k = k
        ctx.needs = list(ctx.needs_input_grad)
        return x * k + y

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None, g


class WrongCount(Function):
    @staticmethod
    def forward(ctx, x, k):
        return x * k

    @staticmethod
    def backward(ctx, g):
        return g


class GradForNonTensor(Function):
    @staticmethod
    def forward(ctx, x, k):
        return x * k

    @staticmethod
    def backward(ctx, g):
        return g, g


class Ident(Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, g):
        return 2 * g


class TwoOut(Function):
    @staticmethod
    def forward(ctx, x):
        a = x * 2
        b = x.floor()
        ctx.mark_non_differentiable(b)
        return a, b

    @staticmethod
    def backward(ctx, g, gb):
        ctx_seen.append(gb)
        return g * 2


class Dirty(Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return 2 * g


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x ** 2


class NoMaterialize(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, g1, g2):
        ctx_seen.append([g1 is None, g2 is None])
        total = None
        for g, k in ((g1, 2), (g2, 3)):
            if g is not None:
                total = g * k if total is None else total + g * k
        return total


ctx_seen = []


@case
def function_basic():
    x = D([0.5, 1.0, -1.0], rg=True)
    y = MyExp.apply(x)
    r = {'y': y, 'fn': name(y.grad_fn), 'next': nexts(y.grad_fn), 'is_leaf': y.is_leaf}
    y.sum().backward()
    r['grad'] = x.grad
    r['twice'] = err(lambda: y.sum().backward())
    return r


@case
def function_non_tensor_args():
    x = D([1.0, 2.0], rg=True)
    y = D([3.0, 4.0])
    z = Scale.apply(x, 2.5, y)
    r = {'z': z, 'next': nexts(z.grad_fn), 'fn': name(z.grad_fn)}
    (z * z).sum().backward()
    r['grad'] = x.grad
    return r


@case
def function_errors():
    x = D([1.0, 2.0], rg=True)
    return {
        'count': err(lambda: WrongCount.apply(x, 2.0).sum().backward()),
        'non_tensor': err(lambda: GradForNonTensor.apply(x, 2.0).sum().backward()),
        'dirty_leaf': err(lambda: Dirty.apply(x)),
    }


@case
def function_identity_and_dirty():
    x = D([1.0, 2.0], rg=True)
    o = Ident.apply(x)
    r = {'same_object': o is x, 'fn': name(o.grad_fn), 'version': o._version}
    o.sum().backward()
    r['ident_grad'] = x.grad.clone()
    x.grad = None
    y = x * 1
    d = Dirty.apply(y)
    r['dirty_same'] = d is y
    r['dirty'] = d
    r['dirty_fn'] = name(d.grad_fn)
    r['dirty_version'] = y._version
    d.sum().backward()
    r['dirty_grad'] = x.grad
    return r


@case
def function_non_differentiable():
    del ctx_seen[:]
    x = D([3.5, 1.25, -2.5], rg=True)
    a, b = TwoOut.apply(x)
    r = {'a': a, 'b': b, 'flags': [a.requires_grad, b.requires_grad], 'fn': name(a.grad_fn), 'b_fn': name(b.grad_fn)}
    (a * D([1.0, 2.0, 3.0])).sum().backward()
    r['grad'] = x.grad
    r['gb_seen'] = list(ctx_seen)
    return r


@case
def function_double_backward():
    x = D([0.5, -2.0], rg=True)
    y = Cube.apply(x).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    return {'g': g, 'h': h, 'g_fn': name(g.grad_fn)}


@case
def function_saved_version_error():
    x = D([0.5, 1.0], rg=True)
    b = x * 1
    y = Cube.apply(b)
    b.add_(1)
    return {'error': err(lambda: y.sum().backward())}


@case
def function_materialize():
    del ctx_seen[:]
    x = D([1.0, 2.0], rg=True)
    a, b = NoMaterialize.apply(x)
    a.sum().backward()
    return {'seen': list(ctx_seen), 'grad': x.grad}


@case
def function_no_grad_input():
    y = MyExp.apply(D([1.0, 2.0]))
    with torch.no_grad():
        z = MyExp.apply(D([1.0], rg=True))
    return {'y': [y.requires_grad, name(y.grad_fn)], 'z': [z.requires_grad, name(z.grad_fn)]}


class ExpJvp(Function):
    # forward_ad_usage tutorial's Fn: forward-mode AD through a custom Function's jvp
    @staticmethod
    def forward(ctx, foo):
        result = torch.exp(foo)
        ctx.result = result
        ctx_seen.append(torch.autograd.forward_ad.unpack_dual(foo).tangent is None)
        return result

    @staticmethod
    def jvp(ctx, gI):
        gO = gI * ctx.result
        del ctx.result
        return gO


class MixJvp(Function):
    @staticmethod
    def forward(ctx, x, y, k):
        ctx.k = k
        return x * y * k, x + y

    @staticmethod
    def jvp(ctx, gx, gy, gk):
        ctx_seen.append([gx, gy, gk])
        return gx * ctx.k, gx + gy


class NoJvp(Function):
    @staticmethod
    def forward(ctx, x):
        return x.exp(), x.sin()


class OneTangent(NoJvp):
    @staticmethod
    def jvp(ctx, gx):
        return gx


@case
def function_jvp():
    import torch.autograd.forward_ad as fwAD
    del ctx_seen[:]
    p = D([0.5, -1.0, 2.0], rg=True)
    with fwAD.dual_level():
        d = fwAD.make_dual(p, T([1.0, 2.0, 3.0]))
        out = ExpJvp.apply(d)
        t = fwAD.unpack_dual(out).tangent
        r = {'out': str(out), 'tangent': t, 'tangent_fn': name(t.grad_fn), 'fn': name(out.grad_fn)}
        a, b = MixJvp.apply(D([1.0, 2.0, 3.0]), d, 2.0)
        r['mix'] = [fwAD.unpack_dual(a).tangent, fwAD.unpack_dual(b).tangent]
        r['no_jvp'] = err(lambda: NoJvp.apply(d))
        r['count'] = err(lambda: OneTangent.apply(d))
        r['plain'] = str(ExpJvp.apply(D([0.0, 1.0])))
    r['seen'] = list(ctx_seen)
    return r


# ---------------------------------------------------------------- functional

def f_exp_reducer(x):
    return x.exp().sum(dim=1)


def f_adder(x, y):
    return 2 * x + 3 * y


def f_pow_reducer(x):
    return x.pow(3).sum()


def f_pow_adder_reducer(x, y):
    return (2 * x.pow(2) + 3 * y.pow(2)).sum()


def f_two_out(x, y):
    return x * y, (x.sin() * y).sum()


@case
def functional_jacobian():
    a = D([[0.1, 0.2], [0.3, 0.4]])
    x = D([0.5, -1.0])
    y = D([2.0, 0.25])
    j_cg = jacobian(f_exp_reducer, a, create_graph=True)
    return {
        'single': jacobian(f_exp_reducer, a),
        'tuple_in': jacobian(f_adder, (x, y)),
        'tuple_out': jacobian(f_two_out, (x, y)),
        'create_graph': j_cg,
        'create_graph_fn': name(j_cg.grad_fn),
        'independent': jacobian(lambda p, q: p * 2, (x, y)),
        'strict': err(lambda: jacobian(lambda p, q: p * 2, (x, y), strict=True)),
        'strict_out': err(lambda: jacobian(lambda p: torch.ones(2, dtype=torch.float64), x, strict=True)),
    }


@case
def functional_hessian():
    a = D([[0.1, 0.2], [0.3, 0.4]])
    x = D([0.5, -1.0])
    y = D([2.0, 0.25])
    return {
        'single': hessian(f_pow_reducer, a),
        'tuple': hessian(f_pow_adder_reducer, (x, y)),
        'mixed': hessian(lambda p, q: (p * q.sin()).sum(), (x, y)),
        'not_scalar': err(lambda: hessian(lambda p: p * 2, x)),
        'create_graph_fn': name(hessian(f_pow_reducer, a, create_graph=True).grad_fn),
    }


@case
def functional_vjp_jvp():
    a = D([[0.1, 0.2], [0.3, 0.4]])
    v2 = D([1.0, 0.5])
    x = D([0.5, -1.0])
    y = D([2.0, 0.25])
    return {
        'vjp': vjp(f_exp_reducer, a, v2),
        'vjp_tuple': vjp(f_adder, (x, y), D([1.0, 1.0])),
        'vjp_no_v': err(lambda: vjp(f_exp_reducer, a)),
        'vjp_bad_v': err(lambda: vjp(f_exp_reducer, a, D([1.0]))),
        'jvp': jvp(f_exp_reducer, a, D([[1.0, 1.0], [1.0, 1.0]])),
        'jvp_tuple': jvp(f_adder, (x, y), (D([1.0, 1.0]), D([1.0, 1.0]))),
        'jvp_multi_out': jvp(f_two_out, (x, y), (D([1.0, 0.0]), D([0.5, 1.0]))),
        'jvp_no_v': err(lambda: jvp(f_exp_reducer, a)),
        'jvp_bad_v': err(lambda: jvp(f_adder, (x, y), (D([1.0]), D([1.0, 2.0])))),
        'vjp_cg_fn': [name(t.grad_fn) for t in vjp(f_exp_reducer, a, v2, create_graph=True)],
        'strict': err(lambda: vjp(lambda p, q: p * 2, (x, y), D([1.0, 1.0]), strict=True)),
    }


@case
def functional_hvp_vhp():
    a = D([[0.1, 0.2], [0.3, 0.4]])
    v = D([[1.0, 0.5], [-1.0, 2.0]])
    x = D([0.5, -1.0])
    y = D([2.0, 0.25])
    ones2 = D([1.0, 1.0])
    return {
        'vhp': vhp(f_pow_reducer, a, v),
        'hvp': hvp(f_pow_reducer, a, v),
        'vhp_tuple': vhp(f_pow_adder_reducer, (x, y), (ones2, ones2)),
        'hvp_tuple': hvp(lambda p, q: (p * q.sin()).sum(), (x, y), (ones2, D([0.5, -1.0]))),
        'not_scalar': err(lambda: vhp(lambda p: p * 2, x, ones2)),
        'hvp_no_v': err(lambda: hvp(f_pow_reducer, a)),
    }


# ---------------------------------------------------------------- mse_loss

@case
def mse_loss_cases():
    inp = D([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], rg=True)
    tgt = D([[1.0, 1.0, 1.0], [0.0, 0.5, -0.5]])
    res = {}
    for red in ['mean', 'sum', 'none']:
        inp.grad = None
        loss = F.mse_loss(inp, tgt, reduction=red)
        loss.backward(torch.ones_like(loss))
        res[red] = [loss, inp.grad.clone(), name(loss.grad_fn)]
    module = torch.nn.MSELoss(reduction='sum')(inp, tgt)
    a = D([1.0, 2.0, 3.0], rg=True)
    b = D([[1.0], [0.0]], rg=True)
    w = warning_of(lambda: F.mse_loss(a, b))
    lb = F.mse_loss(a, b)
    lb.backward()
    res['module_sum'] = module
    res['broadcast_warning'] = w
    res['broadcast'] = [lb, a.grad, b.grad, nexts(lb.grad_fn)]
    res['bad_reduction'] = err(lambda: F.mse_loss(inp, tgt, reduction='avg'))
    t32 = T([1.0, 2.0], rg=True)
    l32 = F.mse_loss(t32, T([0.0, 0.0]))
    l32.backward()
    res['float32'] = [l32, t32.grad]
    return res


if __name__ == '__main__':
    write('autograd_function', CASES)
