"""PyTorch oracle for autograd: in-place ops, saved-tensor versions, and gradients through in-place ops on views.

Run: /usr/bin/python3 tests/oracle/autograd_inplace.py (cases replayed by tests/autograd_inplace.test.ts).
"""
import torch

from autograd_helpers import D, T, err, name, nexts, registry, write
from common import enc

CASES, case = registry()


# ---------------------------------------------------------------- 7. in-place

@case
def inplace_errors():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    u = b.unbind()
    s = b.split(1)
    with torch.no_grad():
        nv = b[0:2]
    e = (x * 1).unsqueeze(0).expand(2, 3)
    return {
        'leaf': err(lambda: x.add_(1)),
        'leaf_view': err(lambda: x[0].mul_(2)),
        'leaf_zero': err(lambda: x.zero_()),
        'multi_output': err(lambda: u[0].mul_(2)),
        'split_output': err(lambda: s[1].add_(1)),
        'no_grad_view': err(lambda: nv.mul_(2)),
        'overlap': err(lambda: e.add_(1)),
        'leaf_ok_in_no_grad': torch.no_grad()(lambda: x.add_(0))() is x,
    }


@case
def inplace_version_errors():
    x = T([1.0, 2.0, 3.0], rg=True)
    c = T([1.0, 2.0, 3.0])

    def run(f):
        x.grad = None
        r = err(f)
        return r if r is not None else enc(x.grad)

    def c1():
        y = x.exp()
        y.add_(1)
        y.sum().backward()

    def c2():
        z = x * 1
        w = z * z
        z.add_(1)
        w.sum().backward()

    def c3():
        z = x * 1
        w = z.exp()
        z.add_(1)
        w.sum().backward()

    def c4():
        z = x * 1
        w = z.mul(c)
        z.add_(1)
        w.sum().backward()

    def c5():
        z = x * 1
        w = c.mul(z)
        c.add_(1)
        w.sum().backward()

    def c6():
        z = x.exp()
        w = z.mul(2)
        z.add_(1)
        w.sum().backward()

    def c7():
        z = x * 1
        w = z.sin()
        z[0].mul_(2)
        w.sum().backward()

    def c8():
        z = x * 1
        w = z.pow(2)
        z.data.add_(1)
        w.sum().backward()

    return {k: run(f) for k, f in [('c1', c1), ('c2', c2), ('c3', c3), ('c4', c4), ('c5', c5), ('c6', c6),
                                   ('c7', c7), ('c8', c8)]}



@case
def inplace_select_mul():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    v = b[0]
    v.mul_(2)
    r = {'b': b, 'b_fn': name(b.grad_fn), 'b_next': nexts(b.grad_fn), 'v_fn': name(v.grad_fn)}
    (b * b).sum().backward()
    r['grad'] = x.grad
    return r


@case
def inplace_narrow_add_tensor():
    x = D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], rg=True)
    w = D([[0.5, -1.0], [2.0, 3.0]], rg=True)
    b = x.clone()
    n = b.narrow(1, 1, 2)
    n.add_(w * w)
    (b.pow(2) * D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    return {'b': b, 'gx': x.grad, 'gw': w.grad, 'b_next': nexts(b.grad_fn)}


@case
def inplace_narrow_mul_by_tensor():
    x = D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], rg=True)
    b = x.clone()
    n = b.narrow(1, 1, 2)
    n.mul_(x.narrow(1, 0, 2))
    b.pow(2).sum().backward()
    return {'b': b, 'gx': x.grad}


@case
def inplace_transposed_view():
    x = D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], rg=True)
    y = D([[0.5, 1.0], [1.5, 2.0], [2.5, 3.0]], rg=True)
    b = x * 1
    bt = b.t()
    bt.mul_(y)
    (b * D([[1.0, -1.0, 2.0], [0.5, 3.0, -2.0]])).sum().backward()
    return {'b': b, 'gx': x.grad, 'gy': y.grad, 'bt_fn': name(bt.grad_fn)}


@case
def inplace_view_of_view():
    x = D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], rg=True)
    b = x * 2
    v1 = b[1:3]
    v2 = v1[:, 1]
    v2.exp_()
    (b * b).sum().backward()
    return {'b': b, 'gx': x.grad, 'v1_fn': name(v1.grad_fn), 'v2_fn': name(v2.grad_fn)}


@case
def inplace_multiple_ops():
    x = D([1.0, 2.0, 3.0, 4.0], rg=True)
    w = D([0.5, -0.5], rg=True)
    b = x.clone()
    v = b[1:3]
    v.mul_(2)
    v.add_(w)
    b[0].sin_()
    b.mul_(x)
    v.div_(3)
    b.sum().backward()
    return {'b': b, 'gx': x.grad, 'gw': w.grad, 'v': v}


@case
def inplace_base_after_view():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    v = b[0:2]
    b.mul_(3)
    r = {'v_fn': name(v.grad_fn), 'v_next': nexts(v.grad_fn), 'v': v}
    (v * v).sum().backward()
    r['grad'] = x.grad
    return r


@case
def inplace_copy_into_zeros():
    x = D([1.0, 2.0, 3.0], rg=True)
    z = torch.zeros(3, 3, dtype=torch.float64)
    z[1].copy_(x)
    z[:, 0].mul_(x)
    r = {'z': z, 'z_fn': name(z.grad_fn), 'z_next': nexts(z.grad_fn)}
    (z * D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])).sum().backward()
    r['grad'] = x.grad
    return r


@case
def inplace_base_copy_then_view():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = torch.zeros(3, dtype=torch.float64)
    v = b[0:2]
    b.copy_(x)
    r = {'v_requires': v.requires_grad, 'v_fn': name(v.grad_fn), 'b_fn': name(b.grad_fn)}
    (v * v).sum().backward()
    r['grad'] = x.grad
    return r


@case
def inplace_expand_after_base():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    e = b.unsqueeze(0).expand(2, 3)
    b.mul_(2)
    r = {'e_fn': name(e.grad_fn)}
    (e * D([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    r['grad'] = x.grad
    return r


@case
def inplace_diagonal():
    x = D([[1.0, 2.0], [3.0, 4.0]], rg=True)
    b = x.clone()
    b.diagonal().mul_(x.diagonal())
    (b * b).sum().backward()
    return {'b': b, 'grad': x.grad}


@case
def inplace_reshape_view():
    x = D([[1.0, 2.0], [3.0, 4.0]], rg=True)
    b = x * 1
    r = b.view(4)
    r[1:3].pow_(2)
    u = b.unsqueeze(0)
    u[0, 1].neg_()
    (b * D([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    return {'b': b, 'grad': x.grad}


@case
def inplace_strided_step_view():
    x = D([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], rg=True)
    b = x * 1
    b[::2].mul_(D([2.0, 3.0, 4.0]))
    b.view(2, 3)[:, 1].add_(10)
    (b * b).sum().backward()
    return {'b': b, 'grad': x.grad}


@case
def inplace_view_create_graph():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    b[1:].mul_(x[:2])
    y = (b * b).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    return {'g': g, 'h': h}


@case
def inplace_nonview_ops():
    x = D([0.5, 1.0, 1.5], rg=True)
    b = x * 2
    b.mul_(3)
    b.add_(x, alpha=2)
    b.sub_(1)
    b.div_(x)
    b.pow_(2)
    b.clamp_(0, 40)
    b.mul_(0.1)
    b.exp_()
    b.sum().backward()
    return {'b': b, 'grad': x.grad, 'fn': name(b.grad_fn), 'version': b._version}


@case
def inplace_no_grad_view_indirect():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    with torch.no_grad():
        v = b[0:2]
    flags = [v.requires_grad, v.is_leaf, name(v.grad_fn)]
    b.mul_(2)
    return {'flags': flags, 'indirect': err(lambda: v.grad_fn)}


@case
def inplace_multi_output_indirect():
    x = D([1.0, 2.0, 3.0], rg=True)
    b = x * 1
    u = b.unbind()
    b.mul_(2)
    b2 = torch.ones(3, dtype=torch.float64)
    u2 = b2.unbind()
    b2.copy_(x)
    return {'indirect': err(lambda: u[0].grad_fn), 'no_grad_multi': err(lambda: u2[0].mul_(2))}


if __name__ == '__main__':
    write('autograd_inplace', CASES)
