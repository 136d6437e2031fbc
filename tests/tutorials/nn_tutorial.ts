// beginner_source/nn_tutorial.py ("What is torch.nn really?"), line by line (see the .py twin).
// Python rebinds `model`, `fit`, `preprocess`, `train_dl` to values of other types; here those
// bindings are loosely typed.
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { pyfloat, print } from './py.js';

function synthetic_mnist(n: number, g: torch.Generator): [Tensor, Tensor] {
  const u = torch.rand([n, 784], { generator: g });
  const x = u.mul(torch.rand([n, 784], { generator: g }).lt(0.15));
  x.index_put_([':', '392:402'], u.index(':', '392:402'));
  return [x, u.index(':', '392:402').argmax(1)];
}

const g = new torch.Generator().manual_seed(3);
const [x_train, y_train] = synthetic_mnist(640, g);
const [x_valid, y_valid] = synthetic_mnist(256, g);
torch.manual_seed(0);

const [n] = x_train.shape;
console.log(x_train, y_train);
console.log(x_train.shape);
console.log(y_train.min(), y_train.max());

const weights = torch.randn(784, 10).div(Math.sqrt(784));
weights.requires_grad_();
const bias = torch.zeros(10, { requires_grad: true });

function log_softmax(x: Tensor): Tensor {
  return x.sub(x.exp().sum(-1).log().unsqueeze(-1));
}

let model: any = (xb: Tensor): Tensor => log_softmax(xb.matmul(weights).add(bias));

const bs = 64; // batch size

let xb = x_train.index('0:' + bs); // a mini-batch from x
const preds = model(xb); // predictions
console.log(preds.select(0, 0), preds.shape);

function nll(input: Tensor, target: Tensor): Tensor {
  return input.index(torch.arange(target.shape[0]), target).mean().neg();
}

let loss_func: (input: Tensor, target: Tensor) => Tensor = nll;

let yb = y_train.index('0:' + bs);
console.log(loss_func(preds, yb));

function accuracy(out: Tensor, yb: Tensor): Tensor {
  const preds = torch.argmax(out, { dim: 1 });
  return preds.eq(yb).float().mean();
}

console.log(accuracy(preds, yb));

let lr = 0.5; // learning rate
const epochs = 2; // how many epochs to train for

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    const start_i = i * bs;
    const end_i = start_i + bs;
    xb = x_train.index(`${start_i}:${end_i}`);
    yb = y_train.index(`${start_i}:${end_i}`);
    const pred = model(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    torch.no_grad(() => {
      weights.sub_(weights.grad!.mul(lr));
      bias.sub_(bias.grad!.mul(lr));
      weights.grad!.zero_();
      bias.grad!.zero_();
    });
  }
}

console.log(loss_func(model(xb), yb), accuracy(model(xb), yb));

const F = torch.nn.functional;

loss_func = F.cross_entropy;

model = (xb: Tensor): Tensor => xb.matmul(weights).add(bias);

console.log(loss_func(model(xb), yb), accuracy(model(xb), yb));

const { nn } = torch;

class Mnist_Logistic0 extends nn.Module {
  declare weights: torch.nn.Parameter;
  declare bias: torch.nn.Parameter;
  constructor() {
    super();
    this.weights = new nn.Parameter(torch.randn(784, 10).div(Math.sqrt(784)));
    this.bias = new nn.Parameter(torch.zeros(10));
  }

  forward(xb: Tensor): Tensor {
    return xb.matmul(this.weights).add(this.bias);
  }
}

model = new Mnist_Logistic0();

console.log(loss_func(model.forward(xb), yb));

let fit: any = (): void => {
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
      const start_i = i * bs;
      const end_i = start_i + bs;
      const xb = x_train.index(`${start_i}:${end_i}`);
      const yb = y_train.index(`${start_i}:${end_i}`);
      const pred = model.forward(xb);
      const loss = loss_func(pred, yb);

      loss.backward();
      torch.no_grad(() => {
        for (const p of model.parameters()) p.sub_(p.grad.mul(lr));
        model.zero_grad();
      });
    }
  }
};

fit();

console.log(loss_func(model.forward(xb), yb));

class Mnist_Logistic extends nn.Module {
  declare lin: torch.nn.Linear;
  constructor() {
    super();
    this.lin = new nn.Linear(784, 10);
  }

  forward(xb: Tensor): Tensor {
    return this.lin.forward(xb);
  }
}

model = new Mnist_Logistic();
console.log(loss_func(model.forward(xb), yb));

fit();

console.log(loss_func(model.forward(xb), yb));

const { optim } = torch;

function get_model(): [Mnist_Logistic, torch.optim.SGD] {
  const model = new Mnist_Logistic();
  return [model, new optim.SGD(model.parameters(), { lr })];
}

let opt: torch.optim.Optimizer;
[model, opt] = get_model();
console.log(loss_func(model.forward(xb), yb));

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    const start_i = i * bs;
    const end_i = start_i + bs;
    xb = x_train.index(`${start_i}:${end_i}`);
    yb = y_train.index(`${start_i}:${end_i}`);
    const pred = model.forward(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }
}

console.log(loss_func(model.forward(xb), yb));

const { TensorDataset, DataLoader } = torch.utils.data;

let train_ds = new TensorDataset(x_train, y_train);

[model, opt] = get_model();

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    [xb, yb] = train_ds.get(`${i * bs}:${i * bs + bs}`);
    const pred = model.forward(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }
}

console.log(loss_func(model.forward(xb), yb));

train_ds = new TensorDataset(x_train, y_train);
let train_dl: any = new DataLoader(train_ds, { batch_size: bs });

[model, opt] = get_model();

for (let epoch = 0; epoch < epochs; epoch++) {
  for ([xb, yb] of train_dl) {
    const pred = model.forward(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }
}

console.log(loss_func(model.forward(xb), yb));

train_ds = new TensorDataset(x_train, y_train);
train_dl = new DataLoader(train_ds, { batch_size: bs, shuffle: true });

const valid_ds = new TensorDataset(x_valid, y_valid);
let valid_dl: any = new DataLoader(valid_ds, { batch_size: bs * 2 });

[model, opt] = get_model();

for (let epoch = 0; epoch < epochs; epoch++) {
  model.train();
  for ([xb, yb] of train_dl) {
    const pred = model.forward(xb);
    const loss = loss_func(pred, yb);

    loss.backward();
    opt.step();
    opt.zero_grad();
  }

  model.eval();
  const valid_loss = torch.no_grad(() =>
    [...valid_dl].map(([xb, yb]: Tensor[]) => loss_func(model.forward(xb), yb)).reduce((a, b) => a.add(b)),
  );

  console.log(epoch, valid_loss.div(valid_dl.length));
}

function loss_batch(model: any, loss_func: any, xb: Tensor, yb: Tensor, opt: any = null): [number, number] {
  const loss = loss_func(model.forward(xb), yb);

  if (opt !== null) {
    loss.backward();
    opt.step();
    opt.zero_grad();
  }

  return [loss.item() as number, xb.shape[0]];
}

fit = (epochs: number, model: any, loss_func: any, opt: any, train_dl: any, valid_dl: any): void => {
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    for (const [xb, yb] of train_dl) loss_batch(model, loss_func, xb, yb, opt);

    model.eval();
    const results = torch.no_grad(() =>
      [...valid_dl].map(([xb, yb]: Tensor[]) => loss_batch(model, loss_func, xb, yb)),
    );
    const [losses, nums] = [results.map((r) => r[0]), results.map((r) => r[1])];
    const val_loss = losses.reduce((s, l, i) => s + l * nums[i], 0) / nums.reduce((s, m) => s + m, 0);

    console.log(epoch, pyfloat(val_loss));
  }
};

function get_data(train_ds: any, valid_ds: any, bs: number): [any, any] {
  return [
    new DataLoader(train_ds, { batch_size: bs, shuffle: true }),
    new DataLoader(valid_ds, { batch_size: bs * 2 }),
  ];
}

[train_dl, valid_dl] = get_data(train_ds, valid_ds, bs);
[model, opt] = get_model();
fit(epochs, model, loss_func, opt, train_dl, valid_dl);

class Mnist_CNN extends nn.Module {
  declare conv1: torch.nn.Conv2d;
  declare conv2: torch.nn.Conv2d;
  declare conv3: torch.nn.Conv2d;
  constructor() {
    super();
    this.conv1 = new nn.Conv2d(1, 16, { kernel_size: 3, stride: 2, padding: 1 });
    this.conv2 = new nn.Conv2d(16, 16, { kernel_size: 3, stride: 2, padding: 1 });
    this.conv3 = new nn.Conv2d(16, 10, { kernel_size: 3, stride: 2, padding: 1 });
  }

  forward(xb: Tensor): Tensor {
    xb = xb.view(-1, 1, 28, 28);
    xb = F.relu(this.conv1.forward(xb));
    xb = F.relu(this.conv2.forward(xb));
    xb = F.relu(this.conv3.forward(xb));
    xb = F.avg_pool2d(xb, 4);
    return xb.view(-1, xb.size(1));
  }
}

lr = 0.1;

model = new Mnist_CNN();
opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });

fit(epochs, model, loss_func, opt, train_dl, valid_dl);

class Lambda extends nn.Module {
  declare func: (...args: any[]) => any;
  constructor(func: (...args: any[]) => any) {
    super();
    this.func = func;
  }

  forward(x: Tensor): Tensor {
    return this.func(x);
  }
}

let preprocess: any = (x: Tensor): Tensor => x.view(-1, 1, 28, 28);

model = new nn.Sequential(
  new Lambda(preprocess),
  new nn.Conv2d(1, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 10, { kernel_size: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.AvgPool2d(4),
  new Lambda((x: Tensor) => x.view(x.size(0), -1)),
);
console.log(model);

opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });

fit(epochs, model, loss_func, opt, train_dl, valid_dl);

preprocess = (x: Tensor, y: Tensor): [Tensor, Tensor] => [x.view(-1, 1, 28, 28), y];

class WrappedDataLoader {
  constructor(
    readonly dl: any,
    readonly func: (...b: Tensor[]) => Tensor[],
  ) {}

  get length(): number {
    return this.dl.length;
  }

  *[Symbol.iterator](): Generator<Tensor[]> {
    const batches = this.dl[Symbol.iterator]();
    for (const b of { [Symbol.iterator]: () => batches }) yield this.func(...(b as Tensor[]));
  }
}

[train_dl, valid_dl] = get_data(train_ds, valid_ds, bs);
train_dl = new WrappedDataLoader(train_dl, preprocess);
valid_dl = new WrappedDataLoader(valid_dl, preprocess);

model = new nn.Sequential(
  new nn.Conv2d(1, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 16, { kernel_size: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 10, { kernel_size: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.AdaptiveAvgPool2d(1),
  new Lambda((x: Tensor) => x.view(x.size(0), -1)),
);

opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });

fit(epochs, model, loss_func, opt, train_dl, valid_dl);

print(torch.cuda.is_available());

const dev = torch.cuda.is_available() ? torch.device('cuda') : torch.device('cpu');

preprocess = (x: Tensor, y: Tensor): [Tensor, Tensor] => [x.view(-1, 1, 28, 28).to(dev), y.to(dev)];

[train_dl, valid_dl] = get_data(train_ds, valid_ds, bs);
train_dl = new WrappedDataLoader(train_dl, preprocess);
valid_dl = new WrappedDataLoader(valid_dl, preprocess);

model.to(dev);
opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });

fit(epochs, model, loss_func, opt, train_dl, valid_dl);
