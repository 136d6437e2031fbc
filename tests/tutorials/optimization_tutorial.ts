// beginner_source/basics/optimization_tutorial.py, line by line (see the .py twin).
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { FashionMNIST } from './fashion.js';
import { pyformat } from './py.js';
const { nn } = torch;
const { DataLoader } = torch.utils.data;
type Loader = torch.utils.data.DataLoader<[Tensor, number], Tensor[]>;

torch.manual_seed(0);

const training_data = new FashionMNIST({ root: 'data', train: true, download: true });

const test_data = new FashionMNIST({ root: 'data', train: false, download: true });

const train_dataloader = new DataLoader(training_data, { batch_size: 64 });
const test_dataloader = new DataLoader(test_data, { batch_size: 64 });

class NeuralNetwork extends nn.Module {
  declare flatten: torch.nn.Flatten;
  declare linear_relu_stack: torch.nn.Sequential;
  constructor() {
    super();
    this.flatten = new nn.Flatten();
    this.linear_relu_stack = new nn.Sequential(
      new nn.Linear(28 * 28, 512),
      new nn.ReLU(),
      new nn.Linear(512, 512),
      new nn.ReLU(),
      new nn.Linear(512, 10),
    );
  }

  forward(x: Tensor): Tensor {
    x = this.flatten.forward(x);
    const logits = this.linear_relu_stack.forward(x);
    return logits;
  }
}

const model = new NeuralNetwork();

const learning_rate = 1e-1;
const batch_size = 64;
let epochs = 5;

let loss_fn = new nn.CrossEntropyLoss();

let optimizer = new torch.optim.SGD(model.parameters(), { lr: learning_rate });

function train_loop(
  dataloader: Loader,
  model: NeuralNetwork,
  loss_fn: torch.nn.CrossEntropyLoss,
  optimizer: torch.optim.SGD,
): void {
  const size = dataloader.dataset.length;
  model.train();
  let batch = 0;
  for (const [X, y] of dataloader) {
    const pred = model.forward(X);
    const loss = loss_fn.forward(pred, y);

    optimizer.zero_grad();
    loss.backward();
    optimizer.step();

    if (batch % 3 === 0) {
      const [lossv, current] = [loss.item() as number, batch * batch_size + X.shape[0]];
      console.log(`loss: ${pyformat(lossv, '>7f')}  [${pyformat(current, '>5d')}/${pyformat(size, '>5d')}]`);
    }
    batch++;
  }
}

function test_loop(dataloader: Loader, model: NeuralNetwork, loss_fn: torch.nn.CrossEntropyLoss): void {
  model.eval();
  const size = dataloader.dataset.length;
  const num_batches = dataloader.length;
  let [test_loss, correct] = [0, 0];

  torch.no_grad(() => {
    for (const [X, y] of dataloader) {
      const pred = model.forward(X);
      test_loss += loss_fn.forward(pred, y).item() as number;
      correct += pred.argmax(1).eq(y).type(torch.float).sum().item() as number;
    }
  });

  test_loss /= num_batches;
  correct /= size;
  console.log(
    `Test Error: \n Accuracy: ${pyformat(100 * correct, '>0.1f')}%, Avg loss: ${pyformat(test_loss, '>8f')} \n`,
  );
}

loss_fn = new nn.CrossEntropyLoss();
optimizer = new torch.optim.SGD(model.parameters(), { lr: learning_rate });

epochs = 3;
for (let t = 0; t < epochs; t++) {
  console.log(`Epoch ${t + 1}\n-------------------------------`);
  train_loop(train_dataloader, model, loss_fn, optimizer);
  test_loop(test_dataloader, model, loss_fn);
}
console.log('Done!');
