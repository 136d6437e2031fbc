"""PyTorch oracle for hooks: nn.Module forward/backward hooks (local and global), autograd Node
pre/post hooks, saved-tensor hooks (saved_tensors_hooks, save_on_cpu, disable_saved_tensors_hooks,
grad_fn._saved_* / _raw_saved_*) and torch.utils.checkpoint.

Run: /usr/bin/python3 tests/oracle/hooks.py (cases replayed by tests/hooks.test.ts). PyTorch 1.13
lacks the PyTorch 2 additions (full backward pre-hooks, prepend/with_kwargs/always_call,
Tensor.register_post_accumulate_grad_hook); tests/hooks.test.ts checks those from PyTorch 2's docs.
"""
import torch
import torch.nn as nn
import torch.utils.checkpoint as cp
from torch.nn.modules.module import (register_module_forward_hook, register_module_forward_pre_hook,
                                     register_module_full_backward_hook)

from autograd_helpers import D, err, registry, warning_of, write

CASES, case = registry()


def linear(n_in, n_out, salt=0):
    """A float64 Linear with deterministic weights."""
    m = nn.Linear(n_in, n_out).double()
    with torch.no_grad():
        m.weight.copy_(torch.arange(n_in * n_out, dtype=torch.float64).reshape(n_out, n_in).sin() + salt)
        m.bias.copy_(torch.arange(n_out, dtype=torch.float64).cos())
    return m


def X(*shape, rg=True):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64).reshape(shape) * 0.37 - 0.8).requires_grad_(rg)


class Scale(nn.Module):
    def forward(self, x, s):
        return x * s


class Two(nn.Module):
    def forward(self, a, b):
        return a * b, a + b


# ------------------------------------------------------------------- forward hooks

@case
def forward_hooks_order():
    log = []
    m = linear(3, 2)
    m.register_forward_pre_hook(lambda mod, args: log.append(['pre1', len(args)]))
    m.register_forward_pre_hook(lambda mod, args: (args[0] * 2,))
    m.register_forward_hook(lambda mod, args, out: log.append(['fwd1', args[0], out]))
    m.register_forward_hook(lambda mod, args, out: out + 1)
    m.register_forward_hook(lambda mod, args, out: log.append(['fwd3', out]))
    y = m(X(2, 3))
    return {'log': log, 'y': y}


@case
def forward_pre_hook_single_value():
    m = nn.Tanh()
    m.register_forward_pre_hook(lambda mod, args: args[0] * 3)
    got = []
    m.register_forward_hook(lambda mod, args, out: got.append([len(args), args[0]]))
    return {'y': m(X(2)), 'got': got}


@case
def forward_hook_remove():
    log = []
    m = linear(3, 2)
    h1 = m.register_forward_hook(lambda mod, args, out: log.append('a'))
    h2 = m.register_forward_hook(lambda mod, args, out: log.append('b'))
    m(X(1, 3))
    h1.remove()
    m(X(1, 3))
    h1.remove()
    h2.remove()
    y = m(X(1, 3))
    return {'log': log, 'ids': h2.id - h1.id, 'sizes': [len(m._forward_hooks), len(m._forward_pre_hooks)],
            'state': list(m.state_dict().keys()), 'repr': repr(m), 'y': y}


@case
def global_hooks_order():
    log = []
    seq = nn.Sequential(linear(3, 2), nn.ReLU())
    g1 = register_module_forward_pre_hook(lambda mod, args: log.append('gpre ' + type(mod).__name__))
    g2 = register_module_forward_hook(lambda mod, args, out: log.append('gfwd ' + type(mod).__name__))
    seq[0].register_forward_pre_hook(lambda mod, args: log.append('pre Linear'))
    seq[0].register_forward_hook(lambda mod, args, out: log.append('fwd Linear'))
    seq(X(2, 3))
    g1.remove()
    g2.remove()
    log.append('--')
    seq(X(2, 3))
    return log


@case
def global_full_backward_hook():
    log = []
    seq = nn.Sequential(linear(3, 2), nn.Tanh())
    g = register_module_full_backward_hook(lambda mod, gi, go: log.append([type(mod).__name__, gi, go]))
    x = X(2, 3)
    seq(x).sum().backward()
    g.remove()
    seq(x).sum().backward()
    return {'log': log, 'grad': x.grad}


@case
def global_legacy_backward_hook_mixed():
    # global_full_backward_hook (run before) made the global backward hooks "full" for good, as
    # PyTorch never resets that flag: a legacy global hook is refused.
    from torch.nn.modules.module import register_module_backward_hook
    return err(lambda: register_module_backward_hook(lambda mod, gi, go: None))


# ------------------------------------------------------------------- backward hooks

@case
def full_backward_hook_linear():
    log = []
    m = linear(3, 2)
    m.register_full_backward_hook(lambda mod, gi, go: log.append({'gi': gi, 'go': go}))
    x = X(4, 3)
    y = m(x)
    (y * y).sum().backward()
    return {'log': log, 'x': x.grad, 'w': m.weight.grad, 'y_fn': y.grad_fn.name()}


@case
def full_backward_hook_replace():
    m = linear(3, 2)
    m.register_full_backward_hook(lambda mod, gi, go: (gi[0] * 10,))
    x = X(2, 3)
    m(x).sum().backward()
    return {'x': x.grad, 'w': m.weight.grad}


@case
def full_backward_hook_order_sequential():
    log = []
    seq = nn.Sequential(linear(3, 4), nn.Sigmoid(), linear(4, 2, salt=1))
    for i, mod in enumerate(seq):
        mod.register_full_backward_hook(lambda mod, gi, go, i=i: log.append([i, gi, go]))
    seq.register_full_backward_hook(lambda mod, gi, go: log.append(['seq', gi, go]))
    x = X(2, 3)
    seq(x).pow(2).sum().backward()
    return {'log': log, 'x': x.grad}


@case
def full_backward_hook_non_tensor_arg():
    log = []
    m = Scale()
    m.register_full_backward_hook(lambda mod, gi, go: log.append([gi, go]))
    x = X(3)
    m(x, 2.5).sum().backward()
    return {'log': log, 'x': x.grad}


@case
def full_backward_hook_two_outputs():
    log = []
    m = Two()
    m.register_full_backward_hook(lambda mod, gi, go: log.append([gi, go]))
    a = X(3)
    b = X(3, rg=False) + 1
    p, s = m(a, b)
    (p.sum() * 2 + s.pow(2).sum()).backward()
    return {'log': log, 'a': a.grad}


@case
def full_backward_hook_no_input_grad():
    log = []
    m = linear(3, 2)
    m.register_full_backward_hook(lambda mod, gi, go: log.append([gi, go]))
    x = X(2, 3, rg=False)
    # PyTorch >= 2.1 also warns here ("Full backward hook is firing ..."); 1.13 does not, so the
    # warning is checked in tests/hooks.test.ts, not recorded.
    m(x).sum().backward()
    m2 = linear(3, 2)
    m2.register_full_backward_hook(lambda mod, gi, go: (torch.ones(2, 3),))
    return {'log': log, 'w': m.weight.grad, 'err': err(lambda: m2(x).sum().backward())}


@case
def full_backward_hook_bad_count():
    m = linear(3, 2)
    m.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
    x = X(2, 3)
    return err(lambda: m(x).sum().backward())


@case
def backward_hook_mixed():
    m = linear(3, 2)
    m.register_backward_hook(lambda mod, gi, go: None)
    e1 = err(lambda: m.register_full_backward_hook(lambda mod, gi, go: None))
    m2 = linear(3, 2)
    m2.register_full_backward_hook(lambda mod, gi, go: None)
    e2 = err(lambda: m2.register_backward_hook(lambda mod, gi, go: None))
    return [e1, e2]


@case
def legacy_backward_hook_linear():
    log = []
    m = linear(3, 2)
    m.register_backward_hook(lambda mod, gi, go: log.append({'gi': gi, 'go': go}))
    x = X(4, 3)
    y = None

    def run():
        nonlocal y
        y = m(x)
    warns = warning_of(run)
    (y * y).sum().backward()
    return {'log': log, 'warns': warns, 'x': x.grad}


@case
def legacy_backward_hook_replace():
    m = nn.Tanh()
    m.register_backward_hook(lambda mod, gi, go: (gi[0] * 3,))
    x = X(3)
    m(x).sum().backward()
    return x.grad


# ------------------------------------------------------------------- autograd Node hooks

@case
def node_hooks():
    log = []
    x = X(3)
    w = X(3) + 1
    y = x * w
    # Registered first: PyTorch 2 runs tensor hooks before the node's pre-hooks, 1.13 in
    # registration order; registered first, both orders agree.
    y.register_hook(lambda g: log.append(['tensor', g]))
    y.grad_fn.register_prehook(lambda go: log.append(['pre', go]))
    y.grad_fn.register_prehook(lambda go: (go[0] * 2,))
    y.grad_fn.register_hook(lambda gi, go: log.append(['post', gi, go]))
    y.grad_fn.register_hook(lambda gi, go: (gi[0] + 1, gi[1]))
    y.sum().backward()
    return {'log': log, 'x': x.grad}


@case
def node_hook_errors():
    def bad_count():
        x = X(3)
        y = x.exp()
        y.grad_fn.register_prehook(lambda go: (go[0], go[0]))
        y.sum().backward()

    def bad_type():
        x = X(3)
        y = x.exp()
        y.grad_fn.register_hook(lambda gi, go: 3)
        y.sum().backward()

    def bad_shape():
        x = X(3)
        y = x.exp()
        y.grad_fn.register_prehook(lambda go: (torch.ones(2, dtype=torch.float64),))
        y.sum().backward()

    def bad_dtype():
        x = X(3)
        y = x.exp()
        y.grad_fn.register_prehook(lambda go: (torch.ones(3),))
        y.sum().backward()

    def hook_removed():
        x = X(3)
        y = x.exp()
        log = []
        h = y.grad_fn.register_hook(lambda gi, go: log.append(1))
        h.remove()
        y.sum().backward()
        return log
    return [err(bad_count), err(bad_type), err(bad_shape), err(bad_dtype), hook_removed()]


@case
def accumulate_grad_node_hooks():
    log = []
    x = X(3)
    y = (x * 2).sum()
    acc = y.grad_fn.next_functions[0][0].next_functions[0][0]
    acc.register_prehook(lambda go: log.append(['pre', go]))
    acc.register_hook(lambda gi, go: log.append(['post', gi, go]))
    y.backward()
    return {'name': acc.name(), 'log': log, 'x': x.grad}


# ------------------------------------------------------------------- saved tensors

@case
def saved_accessors():
    a = X(3)
    b = X(3) * 2
    y = a * b
    z = a.exp()
    p = a.pow(2)
    m = a * X(3, rg=False)
    return {
        'self_is_a': y.grad_fn._saved_self is a,
        'other_is_b': y.grad_fn._saved_other is b,
        'self': y.grad_fn._saved_self,
        'result_equal': z.grad_fn._saved_result.equal(z),
        'result_is': z.grad_fn._saved_result is z,
        'result_fn': z.grad_fn._saved_result.grad_fn.name(),
        'pow_self': p.grad_fn._saved_self is a,
        'unsaved': m.grad_fn._saved_self,
        'other_saved': m.grad_fn._saved_other,
    }


@case
def saved_after_backward():
    a = X(3)
    y = a.exp()
    y.sum().backward()
    e1 = err(lambda: y.grad_fn._saved_result)
    e2 = err(lambda: y.grad_fn._raw_saved_result.register_hooks(lambda t: t, lambda t: t))
    a2 = X(3)
    y2 = a2.exp()
    y2.sum().backward(retain_graph=True)
    return [e1, e2, y2.grad_fn._saved_result]


@case
def saved_tensors_hooks_order():
    log = []

    def pack(t):
        log.append(['pack', t])
        return t

    def unpack(t):
        log.append(['unpack', t])
        return t
    a = torch.ones(5, dtype=torch.float64, requires_grad=True)
    b = torch.ones(5, dtype=torch.float64, requires_grad=True) * 2
    with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = a * b
    log.append('backward')
    y.sum().backward()
    return {'log': log, 'a': a.grad}


@case
def saved_tensors_hooks_values():
    x = X(4)
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t * 4, lambda t: t / 4):
        y = torch.pow(x, 2)
    y.sum().backward()
    g1 = x.grad.clone()
    storage = []

    def pack(t):
        storage.append(t)
        return len(storage) - 1
    x2 = X(4)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda i: storage[i]):
        y2 = (x2 * x2).sin()
    y2.sum().backward()
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t * 4, lambda t: t / 4):
        z = x.exp()
    return {'g1': g1, 'g2': x2.grad, 'count': len(storage), 'saved': z.grad_fn._saved_result,
            'saved_is': z.grad_fn._saved_result is z}


@case
def saved_tensors_hooks_nested_and_functions():
    log = []

    class Sq(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g
    x = X(3)
    with torch.autograd.graph.saved_tensors_hooks(lambda t: log.append('outer') or t, lambda t: t):
        y = x.sin()
        with torch.autograd.graph.saved_tensors_hooks(lambda t: log.append('inner') or t, lambda t: t):
            z = Sq.apply(y)
        w = z.cos()
    w.sum().backward()
    return {'log': log, 'x': x.grad}


@case
def saved_tensors_hooks_errors():
    def bad_unpack():
        x = X(3)
        with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 3):
            y = x.exp()
        y.sum().backward()

    def inplace_pack():
        x = X(3)
        with torch.autograd.graph.saved_tensors_hooks(lambda t: t.add_(1), lambda t: t):
            (x * 2).exp()

    def twice():
        x = X(3)
        with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            y = x.exp()
        y.sum().backward()
        y.sum().backward()

    def raw_twice():
        x = X(3)
        y = x.pow(2)
        y.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)
        y.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)

    def disabled():
        with torch.autograd.graph.disable_saved_tensors_hooks('no hooks here'):
            with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass

    def disabled_cpu():
        with torch.autograd.graph.disable_saved_tensors_hooks('no cpu either'):
            with torch.autograd.graph.save_on_cpu():
                pass
    return [err(bad_unpack), err(inplace_pack), err(twice), err(raw_twice), err(disabled), err(disabled_cpu)]


@case
def function_saved_tensors():
    log = []

    class Sq(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g
    x = X(3)
    y = Sq.apply(x)
    is_x = y.grad_fn.saved_tensors[0] is x
    y.grad_fn._raw_saved_tensors[0].register_hooks(lambda t: log.append('pack') or t * 3, lambda t: log.append('unpack') or t / 3)
    y.sum().backward()
    return {'is_x': is_x, 'log': log, 'x': x.grad}


@case
def raw_saved_register_hooks():
    log = []
    x = X(3)
    y = x.pow(2)
    y.grad_fn._raw_saved_self.register_hooks(lambda t: log.append('pack') or t * 2, lambda t: log.append('unpack') or t / 2)
    s = y.grad_fn._saved_self
    y.sum().backward()
    return {'log': log, 's': s, 's_is_x': s is x, 'x': x.grad}


@case
def save_on_cpu_grads():
    x = X(2, 3)
    w = (X(3, 2, rg=False) + 0.5).requires_grad_()
    with torch.autograd.graph.save_on_cpu():
        y = (x @ w).tanh()
    with torch.autograd.graph.save_on_cpu(pin_memory=True):
        z = (y * y).sum()
    z.backward()
    return {'x': x.grad, 'w': w.grad}


@case
def saved_hooks_double_backward():
    x = X(3)
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t * 1, lambda t: t * 1):
        y = (x * x * x).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), x)
    return {'g': g, 'gg': gg}


# ------------------------------------------------------------------- checkpoint

@case
def checkpoint_grads():
    torch.manual_seed(0)
    model = nn.Sequential(linear(4, 6), nn.Tanh(), nn.Dropout(0.5), linear(6, 3, salt=1), nn.Sigmoid())
    x = X(5, 4)
    torch.manual_seed(7)
    y = cp.checkpoint(model, x, use_reentrant=False)
    y.sum().backward()
    gx = x.grad.clone()
    gw = model[0].weight.grad.clone()
    model.zero_grad()
    x.grad = None
    torch.manual_seed(7)
    y2 = model(x)
    y2.sum().backward()
    calls = []

    def f(t):
        calls.append(1)
        return t.sin() * t
    x3 = X(3)
    z = cp.checkpoint(f, x3, use_reentrant=False)
    n_fwd = len(calls)
    z.sum().backward()
    return {'y': y, 'same_y': torch.equal(y, y2), 'gx': gx, 'gw': gw, 'same_gx': torch.allclose(gx, x.grad),
            'same_gw': torch.allclose(gw, model[0].weight.grad), 'calls': [n_fwd, len(calls)], 'x3': x3.grad}


@case
def checkpoint_sequential_grads():
    model = nn.Sequential(linear(4, 6), nn.Tanh(), linear(6, 6, salt=2), nn.ReLU(), linear(6, 2, salt=1))
    x = X(3, 4)
    y = cp.checkpoint_sequential(model, 2, x)  # 1.13 has no use_reentrant here (PyTorch 2 has)
    y.pow(2).sum().backward()
    return {'y': y, 'x': x.grad, 'w0': model[0].weight.grad, 'w4': model[4].weight.grad}


if __name__ == '__main__':
    write('hooks', CASES)
