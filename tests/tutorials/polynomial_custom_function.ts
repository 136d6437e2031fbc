// beginner_source/examples_autograd/polynomial_custom_function.py, line by line.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { pyfloat } from './py.js';

class LegendrePolynomial3 extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, input: Tensor): Tensor {
    ctx.save_for_backward(input);
    return torch.mul(0.5, torch.mul(5, input.pow(3)).sub(torch.mul(3, input)));
  }

  static backward(ctx: torch.autograd.FunctionCtx, grad_output: Tensor): Tensor {
    const [input] = ctx.saved_tensors as Tensor[];
    return grad_output.mul(1.5).mul(torch.mul(5, input.pow(2)).sub(1));
  }
}

const dtype = torch.float;
const device = torch.device('cpu');

const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
const y = torch.sin(x);

const a = torch.full([], 0.0, { device, dtype, requires_grad: true });
const b = torch.full([], -1.0, { device, dtype, requires_grad: true });
const c = torch.full([], 0.0, { device, dtype, requires_grad: true });
const d = torch.full([], 0.3, { device, dtype, requires_grad: true });

const learning_rate = 5e-6;
let y_pred!: Tensor;
for (let t = 0; t < 2000; t++) {
  const P3 = LegendrePolynomial3.apply as (input: Tensor) => Tensor;

  y_pred = a.add(b.mul(P3(c.add(d.mul(x)))));

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
  `Result: y = ${pyfloat(a.item() as number)} + ${pyfloat(b.item() as number)} * P3(${pyfloat(c.item() as number)} + ${pyfloat(d.item() as number)} x)`,
);
console.log(y_pred.grad_fn, String(device), device);
