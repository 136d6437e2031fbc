// Seed notebook 002: a derivative as a limit, gradients of dot products and sums, backward of
// non-scalars through a sum, detach, Python-style control flow, and the MSE loss gradient.
// Run: npx tsx examples/seeds/002_derivatives.ts
import * as t from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { cell, print, show } from './notebook.js';

const nn = t.nn;
t.manual_seed(0);

cell('In [1] limits');
// The difference quotient of f(x) = 3x^2 - 4x at x = 1 tends to f'(1) = 2 as h shrinks.
function f(x: Tensor): Tensor {
  return x.pow(2).mul(3).sub(x.mul(4));
}
let h = t.tensor(0.1, { dtype: t.float64 });
let x = t.tensor(1, { dtype: t.float64 });
for (let i = 0; i < 10; i++) {
  const delta = f(x.add(h)).sub(f(x)).div(h);
  print((delta.item() as number).toFixed(10));
  h = h.mul(0.1);
}

cell('In [2]');
// y = 2 x.x, so dy/dx = 4x. (arange(4.) is float: JavaScript writes the dtype explicitly.)
x = t.arange(4, { dtype: t.float32 });
print(x);
x.requires_grad_(true);
print(x.grad);
let y = t.dot(x, x).mul(2);
show(y);

cell('In [3]');
y.backward();
show(x.grad);

cell('In [4]');
show(x.grad!.eq(x.mul(4)));

cell('In [5]');
// A new function: the gradient of sum(x) is all ones (after clearing the old gradient).
x.grad!.zero_();
y = x.sum();
y.backward();
show(x.grad);

cell('In [6]');
print(x);
x.grad!.zero_();
y = x.select(0, 0).add(x.select(0, 1).mul(2));
y.backward();
show(x.grad);

cell('In [14]');
// For a non-scalar y, backpropagate its sum: d(sum x*x)/dx = 2x.
x.grad!.zero_();
y = x.mul(x);
print(y);
y = y.sum();
y.backward();
print(y);
show(x.grad);

cell('In [17]');
// detach: u is treated as a constant, so d(u*x)/dx = u; y itself still backpropagates to 2x.
x.grad!.zero_();
y = x.mul(x);
const u = y.detach();
const z = u.mul(x);
z.sum().backward();
x.grad!.eq(u);
x.grad!.zero_();
y.sum().backward();
show(x.grad);

cell('In [26]');
// Loops and branches decide the graph at run time; d is linear in a, so grad = d / a.
function f2(a: Tensor): Tensor {
  let b = a.mul(2);
  while (b.norm().lt(1000).item()) {
    b = b.mul(2);
  }
  let c: Tensor;
  if (b.sum().gt(0).item()) {
    c = b;
  } else {
    c = b.mul(100);
  }
  return c;
}
let a = t.randn([], { requires_grad: true });
const d = f2(a);
d.backward();
print(a, d);
show(a.grad!.eq(d.div(a)));

cell('In [1] mse');
// MSE loss: mean((a - b)^2) has gradient 2(a - b)/n = [-2, -2] here, whichever side a is on.
a = t.tensor([[1], [2]], { dtype: t.float32, requires_grad: true });
const b = t.tensor([[3], [4]], { dtype: t.float32 });
const loss_func = new nn.MSELoss();
let loss = loss_func.forward(a, b);
loss.sum().backward();
print('a.grad is :{}', a.grad);
a.grad!.zero_();
loss = loss_func.forward(b, a);
loss.backward();
print('a.grad is :{}', a.grad);
a.grad!.zero_();
loss = loss_func.forward(b, a);
loss.mean().backward();
print('a.grad is :{}', a.grad);
