// intermediate_source/jacobians_hessians.py, line by line. The torch.utils.benchmark timings and
// get_perf prints are dropped (tests never time things); lines marked "Extra" print what the
// tutorial computes or shows as a notebook cell's value. The hessian section uses Din = 64 (the
// tutorial's 512 makes a 32x512x512 Hessian three times over). functools.partial is a closure.
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print } from './py.js';

const F = torch.nn.functional;
torch.manual_seed(0);

function predict(weight: Tensor, bias: Tensor, x: Tensor): Tensor {
  return F.linear(x, weight, bias).tanh();
}

const D = 16;
let weight = torch.randn(D, D);
let bias = torch.randn(D);
let x = torch.randn(D); // feature vector

function compute_jac(xp: Tensor): Tensor {
  const jacobian_rows = [...unit_vectors].map(
    (vec) => torch.autograd.grad(predict(weight, bias, xp), xp, { grad_outputs: vec })[0]!,
  );
  return torch.stack(jacobian_rows);
}

const xp = x.clone().requires_grad_();
const unit_vectors = torch.eye(D);

const jacobian = compute_jac(xp);

print(jacobian.shape);
console.log(String(jacobian.index(0))); // show first row

const { vmap, vjp } = torch.func;

const [, vjp_fn] = vjp((x: Tensor) => predict(weight, bias, x), x) as [Tensor, (v: Tensor) => Tensor[]];

let [ft_jacobian] = vmap(vjp_fn)(unit_vectors) as Tensor[];

assert.ok(torch.allclose(ft_jacobian, jacobian));
print(torch.allclose(ft_jacobian, jacobian), ft_jacobian.index(1, ':4')); // Extra

const { jacrev } = torch.func;

ft_jacobian = jacrev(predict, { argnums: 2 })(weight, bias, x) as Tensor;

assert.ok(torch.allclose(ft_jacobian, jacobian));
print(torch.allclose(ft_jacobian, jacobian), ft_jacobian.index(2, ':4')); // Extra

// (timing of compute_jac against jacrev dropped)

const [ft_jac_weight, ft_jac_bias] = jacrev(predict, { argnums: [0, 1] })(weight, bias, x) as Tensor[];
print(ft_jac_weight.shape, ft_jac_bias.shape); // Extra
print(ft_jac_weight.index(0, 0, ':4'), ft_jac_bias.index(0, ':4')); // Extra

const { jacfwd } = torch.func;

let Din = 32;
let Dout = 2048;
weight = torch.randn(Dout, Din);

bias = torch.randn(Dout);
x = torch.randn(Din);

print(weight.shape);

// (timing of jacfwd against jacrev dropped)
print(
  torch.allclose(
    jacfwd(predict, { argnums: 2 })(weight, bias, x) as Tensor,
    jacrev(predict, { argnums: 2 })(weight, bias, x) as Tensor,
  ),
); // Extra

Din = 2048;
Dout = 32;
weight = torch.randn(Dout, Din);
bias = torch.randn(Dout);
x = torch.randn(Din);

// (timing of jacfwd against jacrev dropped)
const jf = jacfwd(predict, { argnums: 2 })(weight, bias, x) as Tensor; // Extra
print(jf.shape, torch.allclose(jf, jacrev(predict, { argnums: 2 })(weight, bias, x) as Tensor)); // Extra

const { hessian } = torch.func;

Din = 64;
Dout = 32;
weight = torch.randn(Dout, Din);
bias = torch.randn(Dout);
x = torch.randn(Din);

const hess_api = hessian(predict, { argnums: 2 })(weight, bias, x) as Tensor;
const hess_fwdfwd = jacfwd(jacfwd(predict, { argnums: 2 }), { argnums: 2 })(weight, bias, x) as Tensor;
const hess_revrev = jacrev(jacrev(predict, { argnums: 2 }), { argnums: 2 })(weight, bias, x) as Tensor;

print(torch.allclose(hess_api, hess_fwdfwd)); // the notebook shows this cell's value
print(hess_api.shape, torch.allclose(hess_api, hess_revrev, { atol: 1e-6 }), hess_api.index(0, 0, ':4')); // Extra

const batch_size = 64;
Din = 31;
Dout = 33;

weight = torch.randn(Dout, Din);
console.log(`weight shape = ${weight.shape}`);

bias = torch.randn(Dout);

x = torch.randn(batch_size, Din);

const compute_batch_jacobian = vmap(jacrev(predict, { argnums: 2 }), { in_dims: [null, null, 0] });
const batch_jacobian0 = compute_batch_jacobian(weight, bias, x) as Tensor;
print(batch_jacobian0.shape, batch_jacobian0.index(0, 0, ':4')); // Extra

function predict_with_output_summed(weight: Tensor, bias: Tensor, x: Tensor): Tensor {
  return predict(weight, bias, x).sum(0);
}

const batch_jacobian1 = (jacrev(predict_with_output_summed, { argnums: 2 })(weight, bias, x) as Tensor).movedim(1, 0);
assert.ok(torch.allclose(batch_jacobian0, batch_jacobian1));

const compute_batch_hessian = vmap(hessian(predict, { argnums: 2 }), { in_dims: [null, null, 0] });

const batch_hess = compute_batch_hessian(weight, bias, x) as Tensor;
print(batch_hess.shape); // the notebook shows this cell's value
console.log(String(batch_hess.index(0, 0, 0, ':4'))); // Extra

const { jvp, grad } = torch.func;

function hvp(f: (x: Tensor) => Tensor, primals: Tensor[], tangents: Tensor[]): Tensor {
  return (jvp(grad(f), primals, tangents) as Tensor[])[1];
}

function f(x: Tensor): Tensor {
  return x.sin().sum();
}

x = torch.randn(2048);
const tangent = torch.randn(2048);

const result = hvp(f, [x], [tangent]);
console.log(String(result.index(':6'))); // Extra

function hvp_revrev(f: (x: Tensor) => Tensor, primals: Tensor[], tangents: Tensor[]): Tensor[] {
  const [, vjp_fn] = vjp(grad(f), ...primals) as [Tensor, (...v: Tensor[]) => Tensor[]];
  return vjp_fn(...tangents);
}

const result_hvp_revrev = hvp_revrev(f, [x], [tangent]);
assert.ok(torch.allclose(result, result_hvp_revrev[0]));
print(torch.allclose(result, result_hvp_revrev[0]), 'tuple', result_hvp_revrev.length); // Extra
