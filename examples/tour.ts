// A short tour of tensorgrad's autograd: run with `npm run tour`.
import * as torch from '../src/index.js';

console.log('tensorgrad', torch.__version__);

// A leaf that records the operations applied to it.
const x = torch.ones(2, 2, { requires_grad: true });
console.log(String(x));

// y = x + 2; z = 3 y^2; out = mean(z)
const y = x.add(2);
console.log(String(y));
const z = y.mul(y).mul(3);
const out = z.mean();
console.log(String(z));
console.log(String(out));

// d(out)/dx = 6 (x + 2) / 4 = 4.5
out.backward();
console.log(String(x.grad));

// Vector-Jacobian product for a non-scalar output.
const v = torch.tensor([1.0, 2.0, 3.0, 4.0], { requires_grad: true });
const w = v.mul(2).view(2, 2);
w.backward(
  torch.tensor([
    [2.0, 0.2],
    [0.01, 0.001],
  ]),
);
console.log(String(v.grad));

// Gradients are not recorded inside no_grad.
const a = torch.tensor(1.0, { requires_grad: true });
const b = torch.no_grad(() => a.pow(3));
console.log(String(a.pow(2)), b.requires_grad);

// torch.autograd.grad returns gradients instead of accumulating them.
const w2 = torch.full([1], 2, { requires_grad: true });
const mse = torch.nn.functional.mse_loss(torch.ones(1).mul(w2), torch.ones(1));
console.log(torch.autograd.grad(mse, [w2]).map(String));
