// beginner_source/examples_nn/polynomial_nn.py, line by line.
import * as torch from '../../src/index.js';
import { pyfloat } from './py.js';

torch.manual_seed(0);

const x = torch.linspace(-Math.PI, Math.PI, 2000);
const y = torch.sin(x);

const p = torch.tensor([1n, 2n, 3n]);
const xx = x.unsqueeze(-1).pow(p);

const model = new torch.nn.Sequential(new torch.nn.Linear(3, 1), new torch.nn.Flatten(0, 1));
console.log(model);

const loss_fn = new torch.nn.MSELoss({ reduction: 'sum' });
console.log(loss_fn);

const learning_rate = 1e-6;
for (let t = 0; t < 2000; t++) {
  const y_pred = model.forward(xx);

  const loss = loss_fn.forward(y_pred, y);
  if (t % 100 === 99) console.log(t, pyfloat(loss.item() as number));

  model.zero_grad();

  loss.backward();

  torch.no_grad(() => {
    for (const param of model.parameters()) {
      param.sub_(torch.mul(learning_rate, param.grad!));
    }
  });
}

const linear_layer = model.at(0) as torch.nn.Linear;

const item = (t: torch.Tensor): string => pyfloat(t.item() as number);
console.log(
  `Result: y = ${item(linear_layer.bias!)} + ${item(linear_layer.weight.index(':', 0))} x + ${item(linear_layer.weight.index(':', 1))} x^2 + ${item(linear_layer.weight.index(':', 2))} x^3`,
);
console.log(linear_layer, model.length, model.at(-1));
