// Seed notebook 001: Variable, gradients of a mean, grad_fn and next_functions, leaves, vector-
// Jacobian products, no_grad, and changing values through .data without autograd noticing.
// Run: npx tsx examples/seeds/001_gradients.ts
import * as torch from '../../src/index.js';
import { cell, print, show } from './notebook.js';

const Variable = torch.autograd.Variable;
torch.manual_seed(0);

cell('In [77]');
// The library's version string (PyTorch's twin shows its own).
show(torch.__version__);

cell('In [78]');
// requires_grad decides whether a tensor takes part in backpropagation.
const tensor = torch.FloatTensor([
  [1, 2],
  [3, 4],
]);
const varibale = Variable(tensor, { requires_grad: true });
show(varibale);

cell('In [79]');
const v_out = torch.mean(varibale.pow(2));
show(v_out);

cell('In [89]');
// v_out = 1/4 sum(v^2), so d(v_out)/dv = v/2.
v_out.backward(null, { retain_graph: true });
show(varibale.grad);

cell('In [106]');
// A tensor created directly has no grad_fn.
let x = torch.ones(2, 2, { requires_grad: true });
print(x.grad_fn);

cell('In [107]');
// A computed one does; its next_functions lead back to x's AccumulateGrad (and None for the constant).
let y = x.add(2);
print(y.grad_fn!.next_functions);

cell('In [108]');
print(x.is_leaf);
print(y.is_leaf);

cell('In [109]');
x = torch.tensor([1.0, 2.0, 3.0, 4.0], { requires_grad: true });
y = x.mul(2);
const z = y.view(2, 2);
print(z);

cell('In [114]');
// z is not a scalar, so backward needs a weight vector v of z's shape: x.grad = 2 v.
const v = torch.tensor(
  [
    [2.0, 0.2],
    [0.01, 0.001],
  ],
  { dtype: torch.float },
);
z.backward(v, { retain_graph: true });
print(x.grad);

cell('In [117]');
// Inside no_grad nothing is recorded: only y1 = x^2 contributes to the graph of y3.
x = torch.tensor(1.0, { requires_grad: true });
const y1 = x.pow(2);
const y2 = torch.no_grad(() => x.pow(3));
const y3 = y1.add(y2);
print(y1, y1.requires_grad);
print(y2, y2.requires_grad);
print(y3, y3.requires_grad);

cell('In [120]');
// .data is the same values outside the graph.
x = torch.ones(1, { requires_grad: true });
print(x.data);
print(x.data.requires_grad);

cell('In [121]');
// Changing x through .data changes its value but not the recorded gradient of y = 2x.
y = x.mul(2);
x.data.mul_(100);
y.backward();
print(x);
print(x.grad);
