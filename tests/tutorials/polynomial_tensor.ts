// beginner_source/examples_tensor/polynomial_tensor.py, line by line.
import * as torch from '../../src/index.js';
import { pyfloat } from './py.js';

torch.manual_seed(0);

const dtype = torch.float;
const device = torch.device('cpu');

const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
const y = torch.sin(x);

const a = torch.randn([], { device, dtype });
const b = torch.randn([], { device, dtype });
const c = torch.randn([], { device, dtype });
const d = torch.randn([], { device, dtype });

const learning_rate = 1e-6;
for (let t = 0; t < 2000; t++) {
  const y_pred = a
    .add(b.mul(x))
    .add(c.mul(x.pow(2)))
    .add(d.mul(x.pow(3)));

  const loss = y_pred.sub(y).pow(2).sum().item() as number;
  if (t % 100 === 99) console.log(t, pyfloat(loss));

  const grad_y_pred = torch.mul(-2.0, y.sub(y_pred));
  const grad_a = grad_y_pred.sum();
  const grad_b = torch.matmul({ input: grad_y_pred, other: x }).sum();
  const grad_c = torch.matmul({ input: grad_y_pred, other: x.pow(2) }).sum();
  const grad_d = torch.matmul({ input: grad_y_pred, other: x.pow(3) }).sum();

  a.sub_(torch.mul(learning_rate, grad_a));
  b.sub_(torch.mul(learning_rate, grad_b));
  c.sub_(torch.mul(learning_rate, grad_c));
  d.sub_(torch.mul(learning_rate, grad_d));
}

console.log(
  `Result: y = ${pyfloat(a.item() as number)} + ${pyfloat(b.item() as number)} x + ${pyfloat(c.item() as number)} x^2 + ${pyfloat(d.item() as number)} x^3`,
);
