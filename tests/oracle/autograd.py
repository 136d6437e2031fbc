"""PyTorch oracle for autograd (tests/autograd*.test.ts): graph recording, backward, grad,
higher-order derivatives, grad modes, detach/data/hooks, in-place ops and views, broadcasting,
custom Functions, torch.autograd.functional, gradcheck and mse_loss.

Each case is a small program; tests/autograd*.test.ts runs the same program in tensorgrad (by
case name) and compares every value it returns. Run: /usr/bin/python3 tests/oracle/autograd.py
"""
import warnings

import torch
import torch.nn.functional as F
from torch.autograd import Function
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp

from common import dump, enc, error_text

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


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
    y.backward(create_graph=True)
    g = x.grad
    gfn = name(g.grad_fn)
    x.grad = None
    g.sum().backward()
    return {'g': g, 'g_fn': gfn, 'second': x.grad}


@case
def higher_broadcast():
    a = D([[1.0], [2.0]], rg=True)
    b = D([0.5, -1.0, 2.0], rg=True)
    y = (a * b).exp().sum()
    ga, gb = torch.autograd.grad(y, [a, b], create_graph=True)
    h = torch.autograd.grad((ga.sum() + gb.sum()), [a, b])
    return {'ga': ga, 'gb': gb, 'h': h}


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


def inplace_case(setup):
    """Runs an in-place-on-view program; returns base, gradients and graph names."""
    r = setup()
    return out(r)


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
    torch.manual_seed(0)
    results = []
    for key, fn in CASES.items():
        results.append({'name': key, 'result': out(fn())})
    dump('autograd', results)
