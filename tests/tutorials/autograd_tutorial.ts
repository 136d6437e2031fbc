// beginner_source/blitz/autograd_tutorial.py, line by line.
import * as torch from '../../src/index.js';
import { print } from './py.js';

torch.manual_seed(0);

let x = torch.ones(2, 2, { requires_grad: true });
console.log(x);

let y = x.add(2);
console.log(y);

console.log(y.grad_fn);

const z = y.mul(y).mul(3);
const out = z.mean();

console.log(z, out);

let a = torch.randn(2, 2);
a = a.mul(3).div(a.sub(1));
print(a.requires_grad);
a.requires_grad_(true);
print(a.requires_grad);
const b = a.mul(a).sum();
console.log(b.grad_fn);

out.backward();

console.log(x.grad);

x = torch.randn(3, { requires_grad: true });

y = x.mul(2);
while (y.data.norm().lt(1000).item()) {
  y = y.mul(2);
}

console.log(y);

const gradients = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float });
y.backward(gradients);

console.log(x.grad);

print(x.requires_grad);
print(x.pow(2).requires_grad);

torch.no_grad(() => {
  print(x.pow(2).requires_grad);
});
