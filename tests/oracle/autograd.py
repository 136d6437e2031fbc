"""PyTorch oracle for autograd: graph recording, backward, autograd.grad, higher-order derivatives.

Run: /usr/bin/python3 tests/oracle/autograd.py (cases replayed by tests/autograd_graph.test.ts).
"""
import warnings

import torch

from autograd_helpers import D, T, err, name, nexts, registry, warning_of, write

CASES, case = registry()


# ---------------------------------------------------------------- 1. graph recording

@case
def graph_leaf_flags():
    x = torch.ones(1)
    w = T([0.5], rg=True)
    b = T([-1.0], rg=True)
    y = w * x
    z = y + b
    return {
        'requires_grad': [x.requires_grad, w.requires_grad, b.requires_grad, y.requires_grad, z.requires_grad],
        'is_leaf': [x.is_leaf, w.is_leaf, b.is_leaf, y.is_leaf, z.is_leaf],
        'grad_fn': [name(x.grad_fn), name(y.grad_fn), name(z.grad_fn)],
        'next': nexts(z.grad_fn),
        'next_of_y': nexts(y.grad_fn),
        'grads_before': [x.grad, w.grad],
    }


@case
def graph_next_functions_add_scalar():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    return {'name': name(y.grad_fn), 'next': nexts(y.grad_fn), 'leaf_name': y.grad_fn.next_functions[0][0].name()}


@case
def graph_names_common():
    x = D([[1.0, 2.0], [3.0, 4.0]], rg=True)
    v = D([0.5, -1.5], rg=True)
    return {'names': [name(t.grad_fn) for t in [
        x + v, x - v, x * v, x / v, x ** 2, x.pow(v), x.exp(), x.log(), x.sin(), x.cos(), x.tanh(),
        x.sigmoid(), x.relu(), x.neg(), x.abs(), x.sqrt(), x.sum(), x.sum(0), x.mean(), x.mean(1),
        x.view(4), x.t(), x.transpose(0, 1), x[0], x[:, 1], x.narrow(0, 0, 1), x.unsqueeze(0),
        x.expand(3, 2, 2), x.matmul(x), x.mm(x), x.clone(), 2 * x, 1 - x, x.permute(1, 0), x.squeeze(),
        x.contiguous().view(2, 2), torch.cat([x, x]), torch.stack([x, x]), x.clamp(0, 3),
    ]]}


@case
def graph_chain_structure():
    x = D([1.0, 2.0, 3.0], rg=True)
    y = (x * 2).exp().sum()
    n1 = y.grad_fn
    n2 = n1.next_functions[0][0]
    n3 = n2.next_functions[0][0]
    return {'chain': [name(n1), name(n2), name(n3), name(n3.next_functions[0][0])], 'n3_next': nexts(n3)}


@case
def graph_requires_grad_errors():
    i = torch.ones(2, dtype=torch.long)

    def setter():
        i.requires_grad = True

    y = D([1.0], rg=True) * 2

    def nonleaf_setter():
        y.requires_grad = False

    return {
        'factory': err(lambda: torch.ones(2, dtype=torch.long, requires_grad=True)),
        'method': err(lambda: torch.ones(2, dtype=torch.long).requires_grad_()),
        'setter': err(setter),
        'nonleaf_false': err(lambda: y.requires_grad_(False)),
        'nonleaf_setter': err(nonleaf_setter),
        'nonleaf_true_ok': y.requires_grad_(True).requires_grad,
        'bool_tensor': err(lambda: torch.tensor([True]).requires_grad_()),
        'int_variable': err(lambda: torch.autograd.Variable(torch.ones(2, dtype=torch.int32), requires_grad=True)),
    }


@case
def graph_requires_grad_toggle():
    x = D([1.0, 2.0])
    x.requires_grad_()
    a = x.requires_grad
    x.requires_grad = False
    b = x.requires_grad
    y = x * 2
    x.requires_grad_(True)
    z = x * 2
    return {'flags': [a, b, y.requires_grad, z.requires_grad]}


@case
def grad_accumulates_seed000():
    x = torch.autograd.Variable(torch.ones(2, 2), requires_grad=True)
    y = x.sum()
    grads = []
    for _ in range(3):
        y.backward()
        grads.append(x.grad.clone())
    x.grad.data.zero_()
    return {'grads': grads, 'after_zero': x.grad, 'y': y, 'x_after': x}


@case
def grad_set_and_errors():
    x = torch.ones(3, requires_grad=True)

    def setg(v):
        x.grad = v

    e1 = err(lambda: setg(torch.ones(2)))
    e2 = err(lambda: setg(torch.ones(3, dtype=torch.float64)))
    e3 = err(lambda: setg(torch.ones(3, dtype=torch.long)))
    setg(T([1.0, 2.0, 3.0]))
    (x * 2).sum().backward()
    after = x.grad.clone()
    setg(None)
    none = x.grad
    (x * 3).sum().backward()
    return {'size': e1, 'double': e2, 'long': e3, 'after': after, 'none': none, 'fresh': x.grad}


# ---------------------------------------------------------------- 2. backward

@case
def backward_vjp_seed():
    x = T([1.0, 2.0, 3.0, 4.0], rg=True)
    y = 2 * x
    z = y.view(2, 2)
    v = T([[2.0, 0.2], [0.01, 0.001]])
    z.backward(v, retain_graph=True)
    first = x.grad.clone()
    z.backward(v)
    return {'z_fn': name(z.grad_fn), 'first': first, 'second': x.grad}


@case
def backward_seed_manual_vs_auto():
    x = D([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], rg=True)
    y = x ** 2 * torch.exp(x)
    dx = 2 * x * torch.exp(x) + x ** 2 * torch.exp(x)
    y.backward(torch.ones(2, 3, dtype=torch.float64))
    return {'y': y, 'manual': dx, 'auto': x.grad, 'y_fn': name(y.grad_fn), 'dx_fn': name(dx.grad_fn)}


@case
def backward_errors():
    x = T([1.0, 2.0, 3.0], rg=True)
    return {
        'nonscalar': err(lambda: x.exp().backward()),
        'no_grad_fn': err(lambda: torch.ones(3).sum().backward()),
        'shape': err(lambda: x.exp().backward(torch.ones(2))),
        'second_element': err(lambda: torch.autograd.backward([x.sum(), torch.ones(2).sum()])),
        'empty_inputs': err(lambda: x.sum().backward(inputs=[])),
        'inputs_no_grad': err(lambda: x.sum().backward(inputs=[torch.ones(2)])),
    }


@case
def backward_retain_graph():
    v = torch.autograd.Variable(torch.FloatTensor([[1, 2], [3, 4]]), requires_grad=True)
    out_ = torch.mean(v ** 2)
    out_.backward(retain_graph=True)
    g1 = v.grad.clone()
    out_.backward()
    g2 = v.grad.clone()
    return {'out': out_, 'g1': g1, 'g2': g2, 'third': err(lambda: out_.backward()), 'fn': name(out_.grad_fn)}


@case
def backward_twice_error_text():
    x = T([1.0, 2.0], rg=True)
    y = (x * x).sum()
    y.backward()
    s = x.sum()
    s.backward()
    s.backward()
    return {'error': err(lambda: y.backward()), 'saved_nothing_grad': x.grad}


@case
def backward_multi_roots():
    x = D([1.0, 2.0, 3.0], rg=True)
    y1 = x.exp()
    y2 = (x * x).sum()
    torch.autograd.backward([y1, y2], [D([1.0, 0.5, 0.25]), None])
    return {'grad': x.grad}


@case
def backward_inputs_option():
    x = D([1.0, 2.0], rg=True)
    w = D([3.0, -1.0], rg=True)
    y = x * w
    z = (y * y).sum()
    z.backward(inputs=[x], retain_graph=True)
    gx = x.grad.clone()
    wg = w.grad
    z.backward(inputs=[y])
    return {'gx': gx, 'w_grad': wg, 'y_grad': y.grad, 'y_retains': y.retains_grad, 'x_after': x.grad}


@case
def backward_dtype_cast_seed():
    x = T([1.0, 2.0], rg=True)
    x.exp().backward(torch.ones(2, dtype=torch.float64))
    return {'grad': x.grad}


@case
def backward_shared_subgraph():
    x = D([0.5, -1.0], rg=True)
    a = x.sin()
    b = a * a + a.exp() * x
    c = (b * a).sum() + b.sum()
    c.backward()
    return {'grad': x.grad}


# ---------------------------------------------------------------- 3. autograd.grad

@case
def grad_seed001():
    x = D([0.9074, 0.4474, 0.6749], rg=True)
    w = D([0.9425, 0.9263, 0.1340], rg=True)
    y = w * x
    z = y.sum()
    gy = torch.autograd.grad(z, y, retain_graph=True)
    gx = torch.autograd.grad(z, x)
    return {'gy': gy, 'gx': gx, 'x_grad': x.grad, 'w_grad': w.grad}


@case
def grad_errors_and_unused():
    x = D([1.0, 2.0], rg=True)
    u = D([3.0], rg=True)
    return {
        'unused': err(lambda: torch.autograd.grad(x.sum(), [x, u])),
        'allow_unused': torch.autograd.grad((x * 2).sum(), [x, u], allow_unused=True),
        'no_require': err(lambda: torch.autograd.grad(x.sum(), [torch.ones(2)])),
        'output_no_grad': err(lambda: torch.autograd.grad(torch.ones(2).sum(), x)),
        'nonscalar': err(lambda: torch.autograd.grad(x * 2, x)),
        'empty': err(lambda: torch.autograd.grad(x.sum(), [])),
        'shape': err(lambda: torch.autograd.grad(x * 2, x, torch.ones(3))),
    }


@case
def grad_outputs_and_multi():
    x = D([1.0, 2.0, 3.0], rg=True)
    y = D([0.5, -0.5], rg=True)
    a = x.exp()
    b = x.sum() * y
    g = torch.autograd.grad([a, b], [x, y], grad_outputs=[D([1.0, 2.0, 3.0]), D([1.0, -1.0])])
    return {'g': g, 'x_grad': x.grad}


@case
def grad_of_intermediate():
    x = D([1.0, 2.0], rg=True)
    y = x * 3
    z = (y.exp() * y).sum()
    return {'gy': torch.autograd.grad(z, y, retain_graph=True), 'gx': torch.autograd.grad(z, x)}


@case
def grad_retain_graph_release():
    x = D([1.0, 2.0], rg=True)
    y = D([3.0, 4.0], rg=True)
    z = (x * y).sum()
    g1 = torch.autograd.grad(z, x)
    return {'g1': g1, 'again': err(lambda: torch.autograd.grad(z, y))}


@case
def grad_anomaly():
    x = T([0.0, 1.0], rg=True)

    def run(f):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            with torch.autograd.detect_anomaly():
                return err(f)

    sqrt = run(lambda: (x.sqrt() * 0).sum().backward())
    div = run(lambda: (x / x).sum().backward())
    flags = [torch.is_anomaly_enabled()]
    torch.autograd.set_detect_anomaly(True)
    flags.append(torch.is_anomaly_enabled())
    torch.autograd.set_detect_anomaly(False)
    flags.append(torch.is_anomaly_enabled())
    x.grad = None
    (x.sqrt() * 0).sum().backward()
    return {'sqrt': sqrt, 'div': div, 'flags': flags, 'grad_without': x.grad}


# ---------------------------------------------------------------- 4. higher order

@case
def higher_cubic():
    x = D([1.5, -2.0, 0.5], rg=True)
    y = (x ** 3).sum()
    (g1,) = torch.autograd.grad(y, x, create_graph=True)
    (g2,) = torch.autograd.grad(g1.sum(), x, create_graph=True)
    (g3,) = torch.autograd.grad(g2.sum(), x)
    return {'g1': g1, 'g2': g2, 'g3': g3, 'g1_fn': name(g1.grad_fn), 'g2_fn': name(g2.grad_fn)}


@case
def higher_compositions():
    x = D([0.3, -0.7, 1.1], rg=True)
    res = {}
    fs = {
        'sin_exp': lambda t: t.sin() * t.exp(),
        'tanh_sq': lambda t: t.tanh() ** 2,
        'sigmoid_log': lambda t: (t.sigmoid() + 1).log(),
        'div': lambda t: t / (t * t + 1),
        'sqrt': lambda t: (t * t + 1).sqrt(),
        'cos_cos': lambda t: t.cos().cos(),
    }
    for k, f in fs.items():
        y = f(x).sum()
        (g1,) = torch.autograd.grad(y, x, create_graph=True)
        (g2,) = torch.autograd.grad(g1.sum(), x, create_graph=True)
        (g3,) = torch.autograd.grad(g2.sum(), x)
        res[k] = [g1, g2, g3]
    return res


@case
def higher_mixed_partials():
    x = D([0.5, 1.5], rg=True)
    y = D([-1.0, 2.0], rg=True)
    f = (x * x * y + (x * y).sin()).sum()
    gx, gy = torch.autograd.grad(f, [x, y], create_graph=True)
    gxy = torch.autograd.grad(gx.sum(), y, retain_graph=True)
    gyx = torch.autograd.grad(gy.sum(), x)
    return {'gx': gx, 'gy': gy, 'gxy': gxy, 'gyx': gyx}


@case
def higher_matmul():
    w = D([[0.5, -1.0], [2.0, 0.25]], rg=True)
    x = D([[1.0, 2.0], [-0.5, 0.75]], rg=True)
    loss = (w.matmul(x).tanh() ** 2).sum()
    (gw,) = torch.autograd.grad(loss, w, create_graph=True)
    (hw,) = torch.autograd.grad((gw * gw).sum(), w, create_graph=True)
    (hx,) = torch.autograd.grad(hw.sum(), x)
    return {'gw': gw, 'hw': hw, 'hx': hx}


@case
def higher_backward_create_graph():
    x = D([1.0, 2.0], rg=True)
    y = (x ** 4).sum()
    w = warning_of(lambda: y.backward(create_graph=True))
    g = x.grad
    gfn = name(g.grad_fn)
    x.grad = None
    g.sum().backward()
    return {'g': g, 'g_fn': gfn, 'second': x.grad, 'warning': w}


@case
def higher_broadcast():
    a = D([[1.0], [2.0]], rg=True)
    b = D([0.5, -1.0, 2.0], rg=True)
    y = (a * b).exp().sum()
    ga, gb = torch.autograd.grad(y, [a, b], create_graph=True)
    h = torch.autograd.grad((ga.sum() + gb.sum()), [a, b])
    return {'ga': ga, 'gb': gb, 'h': h}


@case
def matmul_grad_layouts():
    # mm/addmm give a column-major operand a column-major gradient (linear's weight.t()), so the
    # weight's accumulated .grad is contiguous; alpha == 1 records no multiplication.
    x = D([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], rg=True)
    w = D([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], rg=True)
    b = D([0.1, -0.2], rg=True)
    torch.nn.functional.linear(x, w, b).pow(2).sum().backward()
    a = D([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).t().detach().requires_grad_()
    m = D([[1.0, -1.0, 0.5], [2.0, 0.0, 1.0], [0.5, 0.5, 0.5]], rg=True)
    torch.mm(a, m).pow(2).sum().backward()
    (ga,) = torch.autograd.grad(torch.mm(a, m).sum(), a, create_graph=True)
    (gm,) = torch.autograd.grad(torch.addmm(D([0.0, 1.0, 2.0]), a, m).sum(), m, create_graph=True)
    (gs,) = torch.autograd.grad(torch.addmm(D([0.0, 1.0, 2.0]), a, m, alpha=2, beta=3).sum(), m, create_graph=True)
    return {
        'w_grad': w.grad, 'w_stride': list(w.grad.stride()), 'x_stride': list(x.grad.stride()),
        'a_grad': a.grad, 'a_stride': list(a.grad.stride()),
        'ga': ga, 'ga_fn': name(ga.grad_fn), 'ga_next': nexts(ga.grad_fn),
        'gm': gm, 'gm_fn': name(gm.grad_fn), 'gm_next': nexts(gm.grad_fn),
        'gs': gs, 'gs_fn': name(gs.grad_fn), 'gs_next': nexts(gs.grad_fn),
    }


if __name__ == '__main__':
    write('autograd', CASES)
