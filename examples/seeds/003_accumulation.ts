// Seed notebook 003: a simple graph t = a + b, only leaves keep gradients, gradients accumulate
// until cleared (a.grad = null), and what no_grad / set_grad_enabled switch off.
// Run: npx tsx examples/seeds/003_accumulation.ts
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { cell, print, show, showError } from './notebook.js';

torch.manual_seed(0);

cell('In [3]');
// requires_grad can be given at creation or set afterwards.
let a = torch.full([3, 3], 1, { dtype: torch.float32, requires_grad: true });
let b = torch.full([3, 3], 2, { dtype: torch.float32 });
b.requires_grad = true;
show([a, b]);

cell('In [4]');
// If any input requires grad, so does the result.
let t: Tensor = a.add(b);
let y = t.sum();
show(t.requires_grad);

cell('In [5]');
y.backward();

cell('In [6]');
// Only leaves keep their gradient (t.grad is None, with a warning).
show([a.grad, b.grad, t.grad]);

cell('In [50]');
// t = w*a + b with a = 1, b = 2, w = 2.
a = torch.full([2, 2], 1, { dtype: torch.float32, requires_grad: true });
b = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });
const w = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });

cell('In [56]');
// dz/da = w, dz/db = 1, dz/dw = a; y and t are not leaves, so they keep no gradient.
y = w.mul(a);
t = y.add(b);
const z = t.sum();
z.backward();
print(a.is_leaf, b.is_leaf, w.is_leaf, y.is_leaf, t.is_leaf);
show([a.grad, b.grad, w.grad, y.grad, t.grad]);

cell('In [15]');
// Gradients start as None and accumulate over backward calls; a non-scalar needs a gradient argument.
a = torch.full([2, 2], 1, { dtype: torch.float32, requires_grad: true });
b = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });
print(a.grad);
let c = a.add(b);
showError(() => c.backward());
t = c.sum();
t.backward();
print(a.grad);
c = a.add(b);
t = c.sum();
t.backward();
print(a.grad);

cell('In [25]');
// Setting a.grad = null clears the accumulated gradient.
a = torch.full([2, 2], 1, { dtype: torch.float32, requires_grad: true });
b = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });
print(a.grad);
c = a.add(b);
t = c.sum();
t.backward();
print(a.grad);
a.grad = null;
c = a.add(b);
t = c.sum();
t.backward();
print(a.grad);

cell('In [30]');
// Results computed under no_grad have no graph to backpropagate through.
a = torch.full([2, 2], 1, { dtype: torch.float32, requires_grad: true });
b = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });
print(a.grad);
torch.no_grad(() => {
  c = a.add(b);
  t = c.sum();
});
showError(() => t.backward());
const c1 = a.add(b);
const t1 = c1.sum();
t1.backward();

cell('In [37]');
// no_grad governs recording, not backward: a graph built outside it still backpropagates inside it.
a = torch.full([2, 2], 1, { dtype: torch.float32, requires_grad: true });
b = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });
print(a.grad);
c = a.add(b);
t = c.sum();
torch.no_grad(() => t.backward());
print(a.grad);

cell('In [33]');
// set_grad_enabled(true/false) as a block.
a = torch.full([2, 2], 1, { dtype: torch.float32, requires_grad: true });
b = torch.full([2, 2], 2, { dtype: torch.float32, requires_grad: true });
print(a.grad);
c = a.add(b);
t = c.sum();
t.backward();
print(a.grad);
torch.set_grad_enabled(true, () => {
  c = a.add(b);
  t = c.sum();
  t.backward();
  print(a.grad);
});
torch.set_grad_enabled(false, () => {
  c = a.add(b);
  t = c.sum();
});
showError(() => t.backward());
print(a.grad);
