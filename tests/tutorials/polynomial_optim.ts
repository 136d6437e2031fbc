// beginner_source/examples_nn/polynomial_optim.py, line by line.
import * as torch from '../../src/index.js';
import { pyfloat } from './py.js';

torch.manual_seed(0);

const x = torch.linspace(-Math.PI, Math.PI, 2000);
const y = torch.sin(x);

const p = torch.tensor([1n, 2n, 3n]);
const xx = x.unsqueeze(-1).pow(p);

const model = new torch.nn.Sequential(new torch.nn.Linear(3, 1), new torch.nn.Flatten(0, 1));
const loss_fn = new torch.nn.MSELoss({ reduction: 'sum' });

const learning_rate = 1e-6;
const optimizer = new torch.optim.SGD(model.parameters(), { lr: learning_rate });
console.log(optimizer);
for (let t = 0; t < 2000; t++) {
  const y_pred = model.forward(xx);

  const loss = loss_fn.forward(y_pred, y);
  if (t % 100 === 99) console.log(t, pyfloat(loss.item() as number));

  optimizer.zero_grad();

  loss.backward();

  optimizer.step();
}

const linear_layer = model.at(0) as torch.nn.Linear;
const item = (t: torch.Tensor): string => pyfloat(t.item() as number);
console.log(
  `Result: y = ${item(linear_layer.bias!)} + ${item(linear_layer.weight.index(':', 0))} x + ${item(linear_layer.weight.index(':', 1))} x^2 + ${item(linear_layer.weight.index(':', 2))} x^3`,
);

for (const opt of [
  new torch.optim.Adam(model.parameters(), { lr: 1e-4 }),
  new torch.optim.RMSprop(model.parameters(), { lr: 1e-5 }),
]) {
  console.log(opt);
  for (let t = 0; t < 100; t++) {
    const loss = loss_fn.forward(model.forward(xx), y);
    if (t % 25 === 24) console.log(t, pyfloat(loss.item() as number));
    opt.zero_grad();
    loss.backward();
    opt.step();
  }
}
