// Seed notebook 004: the autograd tutorial — tracking operations, grad_fn, backward of a mean,
// vector-Jacobian products, no_grad, and gradients of an MSE loss by autograd.grad and backward.
// Run: npx tsx examples/seeds/004_autograd_intro.ts
import * as torch from '../../src/index.js';
import { cell, print } from './notebook.js';

const F = torch.nn.functional;
torch.manual_seed(0);

cell('tensor 1');
// requires_grad=True tracks every operation on x.
let x = torch.ones(2, 2, { requires_grad: true });
print(x);

cell('tensor 2');
let y = x.add(2);
print(y);

cell('tensor 3');
// y came from an operation, so it has a grad_fn.
print(y.grad_fn);

cell('tensor 4');
const z = y.mul(y).mul(3);
const out = z.mean();
print('z=', z);
print('out=', out);

cell('tensor 5');
// requires_grad_ switches tracking on for an existing tensor.
let a = torch.randn(2, 2);
a = a.mul(3).div(a.sub(1));
print(a.requires_grad);
a.requires_grad_(true);
print(a.requires_grad);
const b = a.mul(a).sum();
print(b.grad_fn);

cell('grad 1');
// out = 3/4 sum((x+2)^2): d(out)/dx = 3(x+2)/2 = 4.5.
out.backward();
print(x.grad);

cell('grad 2');
// .data.norm() is the L2 norm, computed outside the graph.
x = torch.randn(3, { requires_grad: true });
y = x.mul(2);
while (y.data.norm().lt(1000).item()) {
  y = y.mul(2);
}
print(y);

cell('grad 3');
// y is a vector: backward takes the vector v of a vector-Jacobian product.
const v = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float });
y.backward(v);
print(x.grad);

cell('grad 4');
print(x.requires_grad);
print(x.pow(2).requires_grad);
torch.no_grad(() => {
  print(x.pow(2).requires_grad);
});

cell('In [19]');
// torch.autograd.grad(loss, [w]): w must require grad before the loss is built.
x = torch.ones(1);
print(x);
let w = torch.full([1], 2, { dtype: torch.float });
w.requires_grad_();
print(w);
const b2 = torch.ones(1, { requires_grad: true });
print(b2);
let mse = F.mse_loss(x.mul(w), torch.ones(1));
print(torch.autograd.grad(mse, [w]));

cell('In [21]');
// loss.backward() stores the same gradient in w.grad.
x = torch.ones(1);
print(x);
w = torch.full([1], 2, { dtype: torch.float });
w.requires_grad_();
print(w);
mse = F.mse_loss(x.mul(w), torch.ones(1));
mse.backward();
print(w.grad);
