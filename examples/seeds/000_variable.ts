// Seed notebook 000: Variable and Tensor, backward accumulation, autograd against a hand-derived
// derivative, leaves and roots of the graph, and torch.autograd.grad. Run: npx tsx examples/seeds/000_variable.ts
import * as t from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { cell, print, show } from './notebook.js';

const V = t.autograd.Variable;
t.manual_seed(0);

cell('In [2]');
// Variable(t, requires_grad=True) is a Tensor that records the operations applied to it.
let x = V(t.ones(2, 2), { requires_grad: true });
show(x);

cell('In [3]');
// A result of an operation carries the node that made it.
let y = x.sum();
show(y);

cell('In [4]');
show(y.grad_fn);

cell('In [5]');
// d(sum x)/dx = 1 for every element.
y.backward();
show(x.grad);

cell('In [6]');
// Gradients accumulate: a second backward adds another 1 (sum saved nothing, so it can rerun).
y.backward();
show(x.grad);

cell('In [7]');
y.backward();
show(x.grad);

cell('In [8]');
// Zeroing the gradient in place through .data leaves x itself untouched.
x.grad!.data.zero_();
show(x);

cell('In [9]');
// A Variable and its .data give the same results from the same functions.
x = V(t.ones(4, 5));
y = t.cos(x);
const x_tensor_cos = t.cos(x.data);
show([x, y, x.data, x_tensor_cos]);

cell('In [10]');
// Adding a tensor that needs no grad to one that does gives a result that does.
const a = V(t.ones(3, 4), { requires_grad: true });
let b = V(t.zeros(3, 4));
const c = a.add(b);
print(a);
print(b);
print(c);

cell('In [11]');
// y = x^2 e^x and its derivative worked out by hand: 2x e^x + x^2 e^x.
function f(x: Tensor): Tensor {
  return x.pow(2).mul(t.exp(x));
}
function gradf(x: Tensor): Tensor {
  return x
    .mul(2)
    .mul(t.exp(x))
    .add(x.pow(2).mul(t.exp(x)));
}

cell('In [12]');
x = V(t.randn(3, 4), { requires_grad: true });
y = f(x);
const dx = gradf(x);
print(y);
print(dx);

cell('In [13]');
// Autograd's vector-Jacobian product with a vector of ones gives the same numbers.
y.backward(t.ones(3, 4));
print(x.grad);

cell('In [14]');
// A small graph: y = w x, z = y + b.
x = V(t.ones(1));
let w = V(t.randn(1), { requires_grad: true });
b = V(t.randn(1), { requires_grad: true });
y = w.mul(x);
let z = y.add(b);

cell('In [15]');
show([x.requires_grad, w.requires_grad, b.requires_grad]);

cell('In [16]');
// Tensors made by the user are leaves, whether or not they require grad.
show([x.is_leaf, w.is_leaf, b.is_leaf]);

cell('In [17]');
show([y.requires_grad, z.requires_grad]);

cell('In [18]');
// Results of operations are not leaves.
show([y.is_leaf, z.is_leaf]);

cell('In [19]');
show(z.grad_fn);

cell('In [20]');
x = V(t.ones(1), { requires_grad: true });
w = V(t.rand(1), { requires_grad: true });
y = w.mul(x);
z = y.sum();
show([x.requires_grad, y.requires_grad, w.requires_grad, x, y, w]);

cell('In [21]');
// Before backward no gradient exists.
show([x.grad, y.grad, w.grad]);

cell('In [22]');
// After backward the leaves hold gradients; the intermediate y does not keep one.
z.backward();
show([x.grad, y.grad, w.grad]);

cell('In [23]');
// torch.autograd.grad returns gradients instead of storing them: dz/dy = 1, dz/dx = w.
x = V(t.rand(3), { requires_grad: true });
w = V(t.rand(3), { requires_grad: true });
y = w.mul(x);
z = y.sum();
print(x, w);
print(t.autograd.grad(z, y));
print(t.autograd.grad(z, x));
