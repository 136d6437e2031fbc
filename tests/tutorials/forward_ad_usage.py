# intermediate_source/forward_ad_usage.py, line by line. Seeded for determinism. The tutorial
# itself prints nothing (it asserts), so the lines marked "Extra" print what it computes.
# PyTorch 1.13 substitutions (the port uses PyTorch 2's names): torch.func.functional_call is
# torch.nn.utils.stateless.functional_call; `functorch as ft` is the tutorial's own import.
import torch
import torch.autograd.forward_ad as fwAD

torch.manual_seed(0)

primal = torch.randn(10, 10)
tangent = torch.randn(10, 10)

def fn(x, y):
    return x ** 2 + y ** 2

with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    assert fwAD.unpack_dual(dual_input).tangent is tangent

    dual_input_alt = fwAD.make_dual(primal, tangent.T)
    assert fwAD.unpack_dual(dual_input_alt).tangent is not tangent

    plain_tensor = torch.randn(10, 10)
    dual_output = fn(dual_input, plain_tensor)

    jvp = fwAD.unpack_dual(dual_output).tangent

    # Extra: a dual tensor prints its tangent; the copied tangent has the primal's layout
    print(dual_input[:2, :3])
    print(fwAD.unpack_dual(dual_input_alt).tangent.stride(), fwAD.unpack_dual(dual_input_alt).tangent.is_contiguous())
    print(fwAD.unpack_dual(dual_input[0, :4]))
    print(dual_input._base is primal, dual_input.shape)

assert fwAD.unpack_dual(dual_output).tangent is None
print(jvp)  # Extra
print(fwAD.unpack_dual(dual_output))  # Extra: no tangent once the level has exited

import torch.nn as nn

model = nn.Linear(5, 5)
input = torch.randn(16, 5)

params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.rand_like(p) for name, p in params.items()}

with fwAD.dual_level():
    for name, p in params.items():
        delattr(model, name)
        setattr(model, name, fwAD.make_dual(p, tangents[name]))

    out = model(input)
    jvp = fwAD.unpack_dual(out).tangent

print(jvp)  # Extra
print(list(dict(model.named_parameters())))  # Extra: the duals are plain attributes, not parameters

# torch.func.functional_call is torch.nn.utils.stateless.functional_call in PyTorch 1.13
from torch.nn.utils.stateless import functional_call

model = nn.Linear(5, 5)

dual_params = {}
with fwAD.dual_level():
    for name, p in params.items():
        dual_params[name] = fwAD.make_dual(p, tangents[name])
    out = functional_call(model, dual_params, input)
    jvp2 = fwAD.unpack_dual(out).tangent

assert torch.allclose(jvp, jvp2)
print(torch.allclose(jvp, jvp2), torch.equal(jvp, jvp2))  # Extra

class Fn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, foo):
        result = torch.exp(foo)
        ctx.result = result
        return result

    @staticmethod
    def jvp(ctx, gI):
        gO = gI * ctx.result
        del ctx.result
        return gO

fn = Fn.apply

primal = torch.randn(10, 10, dtype=torch.double, requires_grad=True)
tangent = torch.randn(10, 10)

with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    dual_output = fn(dual_input)
    jvp = fwAD.unpack_dual(dual_output).tangent
    print(dual_output[0, :3])  # Extra

print(jvp[:2])  # Extra
print(jvp.dtype)  # Extra

print(torch.autograd.gradcheck(Fn.apply, (primal,), check_forward_ad=True,
                         check_backward_ad=False, check_undefined_grad=False,
                         check_batched_grad=False))  # Extra: print its result

import functorch as ft

primal0 = torch.randn(10, 10)
tangent0 = torch.randn(10, 10)
primal1 = torch.randn(10, 10)
tangent1 = torch.randn(10, 10)

def fn(x, y):
    return x ** 2 + y ** 2

primal_out, tangent_out = ft.jvp(fn, (primal0, primal1), (tangent0, tangent1))
print(primal_out[0], tangent_out[0], sep='\n')  # Extra

primal = torch.randn(10, 10)
tangent = torch.randn(10, 10)
y = torch.randn(10, 10)

import functools
new_fn = functools.partial(fn, y=y)
primal_out, tangent_out = ft.jvp(new_fn, (primal,), (tangent,))
print(primal_out[0], tangent_out[0], sep='\n')  # Extra

model = nn.Linear(5, 5)
input = torch.randn(16, 5)
tangents = tuple([torch.rand_like(p) for p in model.parameters()])

func, params, buffers = ft.make_functional_with_buffers(model)

def func_params_only(params):
    return func(params, buffers, input)

model_output, jvp_out = ft.jvp(func_params_only, (params,), (tangents,))
print(model_output[:3], jvp_out[:3], sep='\n')  # Extra
