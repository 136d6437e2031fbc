# intermediate_source/jacobians_hessians.py, line by line. Seeded (as the tutorial is). The
# torch.utils.benchmark timings and get_perf prints are dropped (tests never time things); lines
# marked "Extra" print what the tutorial computes or shows as a notebook cell's value. The hessian
# section uses Din = 64 (the tutorial's 512 makes a 32x512x512 Hessian three times over).
# PyTorch 1.13 substitution: torch.func's vmap, vjp, jacrev, jacfwd, hessian, jvp and grad are
# functorch's (the same functions, imported under the same names).
import torch
import torch.nn.functional as F
from functools import partial
_ = torch.manual_seed(0)

def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()

D = 16
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)  # feature vector

def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in unit_vectors]
    return torch.stack(jacobian_rows)

xp = x.clone().requires_grad_()
unit_vectors = torch.eye(D)

jacobian = compute_jac(xp)

print(jacobian.shape)
print(jacobian[0])  # show first row

from functorch import vmap, vjp  # torch.func's, in PyTorch 2

_, vjp_fn = vjp(partial(predict, weight, bias), x)

ft_jacobian, = vmap(vjp_fn)(unit_vectors)

assert torch.allclose(ft_jacobian, jacobian)
print(torch.allclose(ft_jacobian, jacobian), ft_jacobian[1, :4])  # Extra

from functorch import jacrev  # torch.func's, in PyTorch 2

ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)

assert torch.allclose(ft_jacobian, jacobian)
print(torch.allclose(ft_jacobian, jacobian), ft_jacobian[2, :4])  # Extra

# (timing of compute_jac against jacrev dropped)

ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print(ft_jac_weight.shape, ft_jac_bias.shape)  # Extra
print(ft_jac_weight[0, 0, :4], ft_jac_bias[0, :4])  # Extra

from functorch import jacrev, jacfwd  # torch.func's, in PyTorch 2

Din = 32
Dout = 2048
weight = torch.randn(Dout, Din)

bias = torch.randn(Dout)
x = torch.randn(Din)

print(weight.shape)

# (timing of jacfwd against jacrev dropped)
print(torch.allclose(jacfwd(predict, argnums=2)(weight, bias, x), jacrev(predict, argnums=2)(weight, bias, x)))  # Extra

Din = 2048
Dout = 32
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)

# (timing of jacfwd against jacrev dropped)
jf = jacfwd(predict, argnums=2)(weight, bias, x)  # Extra
print(jf.shape, torch.allclose(jf, jacrev(predict, argnums=2)(weight, bias, x)))  # Extra

from functorch import hessian  # torch.func's, in PyTorch 2

Din = 64
Dout = 32
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)

hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)

print(torch.allclose(hess_api, hess_fwdfwd))  # the notebook shows this cell's value
print(hess_api.shape, torch.allclose(hess_api, hess_revrev, atol=1e-6), hess_api[0, 0, :4])  # Extra

batch_size = 64
Din = 31
Dout = 33

weight = torch.randn(Dout, Din)
print(f"weight shape = {weight.shape}")

bias = torch.randn(Dout)

x = torch.randn(batch_size, Din)

compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, x)
print(batch_jacobian0.shape, batch_jacobian0[0, 0, :4])  # Extra

def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)

batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, x).movedim(1, 0)
assert torch.allclose(batch_jacobian0, batch_jacobian1)

compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))

batch_hess = compute_batch_hessian(weight, bias, x)
print(batch_hess.shape)  # the notebook shows this cell's value
print(batch_hess[0, 0, 0, :4])  # Extra

from functorch import jvp, grad, vjp  # torch.func's, in PyTorch 2

def hvp(f, primals, tangents):
  return jvp(grad(f), primals, tangents)[1]

def f(x):
  return x.sin().sum()

x = torch.randn(2048)
tangent = torch.randn(2048)

result = hvp(f, (x,), (tangent,))
print(result[:6])  # Extra

def hvp_revrev(f, primals, tangents):
  _, vjp_fn = vjp(grad(f), *primals)
  return vjp_fn(*tangents)

result_hvp_revrev = hvp_revrev(f, (x,), (tangent,))
assert torch.allclose(result, result_hvp_revrev[0])
print(torch.allclose(result, result_hvp_revrev[0]), type(result_hvp_revrev).__name__, len(result_hvp_revrev))  # Extra
