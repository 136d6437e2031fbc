// beginner_source/basics/quickstart_tutorial.py, line by line (see the .py twin).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { FashionMNIST } from './fashion.js';
import { print, pyformat } from './py.js';
const { nn } = torch;
const { DataLoader } = torch.utils.data;

torch.manual_seed(0);

const training_data = new FashionMNIST({ root: 'data', train: true, download: true });

const test_data = new FashionMNIST({ root: 'data', train: false, download: true });

const batch_size = 64;

const train_dataloader = new DataLoader(training_data, { batch_size });
const test_dataloader = new DataLoader(test_data, { batch_size });

for (const [X, y] of test_dataloader) {
  console.log('Shape of X [N, C, H, W]: ', X.shape);
  console.log('Shape of y: ', y.shape, y.dtype);
  break;
}

const device = torch.cuda.is_available() ? 'cuda' : 'cpu';
console.log(`Using ${device} device`);

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
      new nn.ReLU(),
    );
  }

  forward(x: Tensor): Tensor {
    x = this.flatten.forward(x);
    const logits = this.linear_relu_stack.forward(x);
    return logits;
  }
}

let model = new NeuralNetwork().to(device);
console.log(model);

const loss_fn = new nn.CrossEntropyLoss();
const optimizer = new torch.optim.SGD(model.parameters(), { lr: 1e-1 });

function train(
  dataloader: torch.utils.data.DataLoader<[Tensor, number], Tensor[]>,
  model: NeuralNetwork,
  loss_fn: torch.nn.CrossEntropyLoss,
  optimizer: torch.optim.SGD,
): void {
  const size = dataloader.dataset.length;
  // eslint-disable-next-line prefer-const -- X, y are rebound below, as in the Python
  for (let [batch, [X, y]] of [...dataloader].entries()) {
    [X, y] = [X.to(device), y.to(device)];

    const pred = model.forward(X);
    const loss = loss_fn.forward(pred, y);

    optimizer.zero_grad();
    loss.backward();
    optimizer.step();

    if (batch % 3 === 0) {
      const [lossv, current] = [loss.item() as number, batch * X.shape[0]];
      console.log(`loss: ${pyformat(lossv, '>7f')}  [${pyformat(current, '>5d')}/${pyformat(size, '>5d')}]`);
    }
  }
}

function test(
  dataloader: torch.utils.data.DataLoader<[Tensor, number], Tensor[]>,
  model: NeuralNetwork,
  loss_fn: torch.nn.CrossEntropyLoss,
): void {
  const size = dataloader.dataset.length;
  const num_batches = dataloader.length;
  model.eval();
  let [test_loss, correct] = [0, 0];
  torch.no_grad(() => {
    for (let [X, y] of dataloader) {
      [X, y] = [X.to(device), y.to(device)];
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

const epochs = 3;
for (let t = 0; t < epochs; t++) {
  console.log(`Epoch ${t + 1}\n-------------------------------`);
  train(train_dataloader, model, loss_fn, optimizer);
  test(test_dataloader, model, loss_fn);
}
console.log('Done!');

const path = join(mkdtempSync(join(tmpdir(), 'tut-')), 'model.pth');
torch.save(model.state_dict(), path);
console.log('Saved PyTorch Model State to model.pth');

model = new NeuralNetwork();
print(model.load_state_dict(torch.load(path) as Map<string, Tensor>));

const classes = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

model.eval();
const [x, y] = [test_data.get(0)[0], test_data.get(0)[1]];
torch.no_grad(() => {
  const pred = model.forward(x);
  const [predicted, actual] = [classes[Number(pred.select(0, 0).argmax(0).item())], classes[y]];
  console.log(`Predicted: "${predicted}", Actual: "${actual}"`);
});
