// beginner_source/examples_autograd/polynomial_autograd.py, line by line (see the .py twin).
import * as torch from '../../src/index.js';
import { pyfloat } from './py.js';

torch.manual_seed(0);

const dtype = torch.float;
const device = torch.accelerator.is_available() ? torch.accelerator.current_accelerator()!.type : 'cpu';
console.log(`Using ${device} device`);
torch.set_default_device(device);

const x = torch.linspace(-Math.PI, Math.PI, 2000, { dtype });
const y = torch.sin(x);

const a = torch.randn([], { dtype, requires_grad: true });
const b = torch.randn([], { dtype, requires_grad: true });
const c = torch.randn([], { dtype, requires_grad: true });
const d = torch.randn([], { dtype, requires_grad: true });

const learning_rate = 1e-6;
for (let t = 0; t < 2000; t++) {
  const y_pred = a
    .add(b.mul(x))
    .add(c.mul(x.pow(2)))
    .add(d.mul(x.pow(3)));

  const loss = y_pred.sub(y).pow(2).sum();
  if (t % 100 === 99) console.log(t, pyfloat(loss.item() as number));

  loss.backward();

  torch.no_grad(() => {
    a.sub_(torch.mul(learning_rate, a.grad!));
    b.sub_(torch.mul(learning_rate, b.grad!));
    c.sub_(torch.mul(learning_rate, c.grad!));
    d.sub_(torch.mul(learning_rate, d.grad!));

    a.grad = null;
    b.grad = null;
    c.grad = null;
    d.grad = null;
  });
}

console.log(
  `Result: y = ${pyfloat(a.item() as number)} + ${pyfloat(b.item() as number)} x + ${pyfloat(c.item() as number)} x^2 + ${pyfloat(d.item() as number)} x^3`,
);
