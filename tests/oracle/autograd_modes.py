"""PyTorch oracle for autograd: grad modes, inference tensors, detach/.data, retain_grad, hooks, broadcasting.

Run: /usr/bin/python3 tests/oracle/autograd_modes.py (cases replayed by tests/autograd_modes.test.ts).
"""
import torch

from autograd_helpers import D, T, err, name, nexts, registry, warning_of, write

CASES, case = registry()


# ---------------------------------------------------------------- 5. grad modes

@case
def grad_modes():
    x = T(1.0, rg=True)
    y1 = x ** 2
    with torch.no_grad():
        y2 = x ** 3
        in_no_grad = torch.is_grad_enabled()
        with torch.enable_grad():
            y4 = x * 4
            in_enable = torch.is_grad_enabled()
    y3 = y1 + y2
    with torch.set_grad_enabled(False):
        y5 = x * 5
    torch.set_grad_enabled(False)
    y6 = x * 6
    glob = torch.is_grad_enabled()
    torch.set_grad_enabled(True)
    with torch.inference_mode():
        y7 = x * 7
        inf = [torch.is_grad_enabled(), torch.is_inference_mode_enabled()]
        with torch.enable_grad():
            y8 = x * 8
            inf_enable = [torch.is_grad_enabled(), torch.is_inference_mode_enabled()]
        with torch.inference_mode(False):
            y9 = x * 9
            inf_off = [torch.is_grad_enabled(), torch.is_inference_mode_enabled()]
    y3.backward()
    return {
        'requires': [y1.requires_grad, y2.requires_grad, y3.requires_grad, y4.requires_grad, y5.requires_grad,
                     y6.requires_grad, y7.requires_grad, y8.requires_grad, y9.requires_grad],
        'modes': [in_no_grad, in_enable, glob, torch.is_grad_enabled()],
        'inference': [inf, inf_enable, inf_off],
        'grad': x.grad,
        'y3': y3,
        'y2': y2,
    }


@case
def grad_modes_inference_tensors():
    x = D([1.0, 2.0], rg=True)
    with torch.inference_mode():
        q = torch.ones(2, dtype=torch.float64)
        v = q[0:1]
        y = x * 2
        q.add_(1)
    # (PyTorch writes before it raises the in-place error below, so q is read first.)
    return {
        'q': q.clone(),
        'flags': [q.is_inference(), v.is_inference(), q[0:1].is_inference(), (q * 2).is_inference(),
                  q.clone().is_inference(), q.detach().is_inference(), q.data.is_inference(), x.is_inference(),
                  y.is_inference(), y.requires_grad],
        'save': err(lambda: x.mul(q)),
        'inplace': err(lambda: q.zero_()),
        'inplace_no_grad': err(lambda: torch.no_grad()(lambda: q.zero_())()),
        'requires_grad': err(lambda: q.requires_grad_()),
        'no_save_ok': (x + q).requires_grad,
    }


@case
def backward_inside_no_grad():
    x = D([1.0, 2.0], rg=True)
    y = (x * x).sum()
    with torch.no_grad():
        y.backward()
        g = torch.autograd.grad((x ** 3).sum(), x) if False else None
    z = (x ** 3).sum()
    with torch.no_grad():
        (gz,) = torch.autograd.grad(z, x)
    return {'grad': x.grad, 'gz': gz, 'unused': g}


# ---------------------------------------------------------------- 6. detach, data, retain_grad, hooks

@case
def detach_and_data():
    x = T([1.0], rg=True)
    d = x.data
    flags = [d.requires_grad, d.is_leaf]
    y = 2 * x
    x.data *= 100
    y.backward()
    a = D([1.0, 2.0], rg=True)
    b = a.detach()
    b[0] = 5.0
    e = a.exp()
    e.detach().zero_()
    return {
        'data_flags': flags, 'x': x, 'x_grad': x.grad, 'a_after': a, 'b_flags': [b.requires_grad, b.is_leaf],
        'detached_error': err(lambda: e.sum().backward()), 'versions': [a._version, e._version],
    }


@case
def detach_inplace():
    x = D([1.0, 2.0], rg=True)
    y = x * 2
    y.detach_()
    z = x * 3
    v = z[0]
    return {
        'y': [y.requires_grad, y.is_leaf, name(y.grad_fn)],
        'view_error': err(lambda: v.detach_()),
        'leaf_view_error': err(lambda: x[0].detach_()),
    }


@case
def data_setter():
    x = D([1.0, 2.0], rg=True)
    x.data = D([[3.0, 4.0, 5.0]])
    y = (x * x).sum()
    y.backward()
    return {'x': x, 'grad': x.grad, 'shape': list(x.shape)}


@case
def retain_grad_and_warning():
    x = D([1.0, 2.0, 3.0], rg=True)
    y = x * 2
    w = warning_of(lambda: y.grad)
    y.retain_grad()
    z = (y * y).sum()
    z.backward(retain_graph=True)
    g1 = y.grad.clone()
    z.backward()
    return {
        'warning': w, 'g1': g1, 'g2': y.grad, 'retains': [x.retains_grad, y.retains_grad],
        'leaf_retain_noop': x.retain_grad(), 'no_grad_error': err(lambda: torch.ones(2).retain_grad()),
    }


@case
def hooks_tensor():
    x = D([1.0, 2.0, 3.0], rg=True)
    seen = []
    y = x * 2
    y.register_hook(lambda g: seen.append(g.clone()))
    h = y.register_hook(lambda g: g * 10)
    z = (y * y).sum()
    z.backward(retain_graph=True)
    g1 = x.grad.clone()
    h.remove()
    x.grad = None
    z.backward()
    return {'seen': seen, 'g1': g1, 'g2': x.grad}


@case
def hooks_leaf_and_order():
    x = D([1.0, 2.0], rg=True)
    h = x.register_hook(lambda g: g + 1)
    (x * 3).sum().backward()
    g1 = x.grad.clone()
    h.remove()
    (x * 3).sum().backward()
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 10)
    (y * 1).sum().backward()
    y2 = x * 2
    y2.register_hook(lambda g: g * 10)
    y2.retain_grad()
    (y2 * 1).sum().backward()
    hooked = x * 1
    hooked.register_hook(lambda g: g * 100)
    captured = torch.autograd.grad((hooked * 3).sum(), hooked)
    return {
        'g1': g1, 'g2': x.grad, 'retain_before_hook': y.grad, 'retain_after_hook': y2.grad,
        'captured_before_hooks': captured, 'no_grad_error': err(lambda: torch.ones(2).register_hook(lambda g: g)),
    }


@case
def hooks_errors():
    x = T([1.0, 2.0, 3.0], rg=True)

    def myhook(g):
        return g.double()

    y = x * 2
    y.register_hook(lambda g: g.sum())
    z = x * 2
    z.register_hook(myhook)
    x2 = T([1.0, 2.0, 3.0], rg=True)
    x2.register_hook(lambda g: g[:2])
    return {
        'size': err(lambda: y.sum().backward()),
        'type': err(lambda: z.sum().backward()),
        'leaf_size': err(lambda: (x2 * 2).sum().backward()),
    }


@case
def hooks_seen_once_summed():
    x = D([1.0, 2.0], rg=True)
    z = x * 1
    seen = []
    z.register_hook(lambda g: seen.append(g.clone()))
    (z * z).sum().backward()
    return {'seen': seen}


@case
def variable_legacy():
    t = torch.ones(2, 2)
    v = torch.autograd.Variable(t, requires_grad=True)
    u = torch.autograd.Variable(t)
    return {'v': [v.requires_grad, v.is_leaf, type(v).__name__], 'u': [u.requires_grad], 'v_val': v}


# ---------------------------------------------------------------- 8. broadcasting

@case
def broadcasting_grads():
    a = D([[1.0], [2.0], [3.0]], rg=True)
    b = D([0.5, -1.0, 2.0, 4.0], rg=True)
    c = D(2.0, rg=True)
    d = D([[[1.0, 2.0, 3.0, 4.0]], [[-1.0, -2.0, -3.0, -4.0]]], rg=True)
    y = (a * b + c) / (d * d + 1) - a
    y.backward(torch.ones(2, 3, 4, dtype=torch.float64))
    return {'y_shape': list(y.shape), 'ga': a.grad, 'gb': b.grad, 'gc': c.grad, 'gd': d.grad}


@case
def broadcasting_scalar_and_keepdim():
    a = D([[1.0, 2.0], [3.0, 4.0]], rg=True)
    m = a.mean(1, keepdim=True)
    s = a.sum(0)
    y = ((a - m) ** 2 * s).sum()
    y.backward()
    p = T([1.0, 2.0], rg=True)
    q = (p * D(3.0)).sum()
    q.backward()
    return {'grad': a.grad, 'p_grad': p.grad, 'q_dtype': str(q.dtype)}


if __name__ == '__main__':
    write('autograd_modes', CASES)
