// beginner_source/blitz/cifar10_tutorial.py, line by line (see the .py twin).
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { pyformat } from './py.js';

class CIFAR10 extends torch.utils.data.Dataset<[Tensor, number]> {
  readonly data: Tensor;
  readonly targets: Tensor;
  readonly transform: (x: Tensor) => Tensor;
  constructor(opts: { root: string; train?: boolean; download?: boolean; transform: (x: Tensor) => Tensor }) {
    super();
    const train = opts.train ?? true;
    const g = new torch.Generator().manual_seed(train ? 1 : 2);
    const n = train ? 400 : 100;
    this.data = torch.rand([n, 3, 32, 32], { generator: g });
    this.targets = this.data.index(':', 0, ':10', ':10').mean(2).argmax(1);
    this.transform = opts.transform;
  }

  get length(): number {
    return this.targets.shape[0];
  }

  get(idx: number): [Tensor, number] {
    return [this.transform(this.data.select(0, idx)), Number(this.targets.select(0, idx).item())];
  }
}

const transform = (x: Tensor): Tensor => x.sub(0.5).div(0.5);

torch.manual_seed(0);

const trainset = new CIFAR10({ root: './data', train: true, download: true, transform });
const trainloader = new torch.utils.data.DataLoader(trainset, { batch_size: 4, shuffle: true, num_workers: 2 });

const testset = new CIFAR10({ root: './data', train: false, download: true, transform });
const testloader = new torch.utils.data.DataLoader(testset, { batch_size: 4, shuffle: false, num_workers: 2 });

const classes = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const at = (t: Tensor, j: number): number => Number(t.select(0, j).item());

let dataiter = trainloader[Symbol.iterator]();
let [images, labels] = dataiter.next().value!;

console.log([0, 1, 2, 3].map((j) => classes[at(labels, j)].padStart(5)).join(' '));

const { nn } = torch;
const F = torch.nn.functional;

class Net extends nn.Module {
  declare conv1: torch.nn.Conv2d;
  declare pool: torch.nn.MaxPool2d;
  declare conv2: torch.nn.Conv2d;
  declare fc1: torch.nn.Linear;
  declare fc2: torch.nn.Linear;
  declare fc3: torch.nn.Linear;
  constructor() {
    super();
    this.conv1 = new nn.Conv2d(3, 6, 5);
    this.pool = new nn.MaxPool2d(2, 2);
    this.conv2 = new nn.Conv2d(6, 16, 5);
    this.fc1 = new nn.Linear(16 * 5 * 5, 120);
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, 10);
  }

  forward(x: Tensor): Tensor {
    x = this.pool.forward(F.relu(this.conv1.forward(x)));
    x = this.pool.forward(F.relu(this.conv2.forward(x)));
    x = x.view(-1, 16 * 5 * 5);
    x = F.relu(this.fc1.forward(x));
    x = F.relu(this.fc2.forward(x));
    x = this.fc3.forward(x);
    return x;
  }
}

const net = new Net();
console.log(net);

const { optim } = torch;

const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });

for (let epoch = 0; epoch < 2; epoch++) {
  let running_loss = 0.0;
  for (const [i, data] of [...trainloader].entries()) {
    const [inputs, labels] = data;

    optimizer.zero_grad();

    const outputs = net.forward(inputs);
    const loss = criterion.forward(outputs, labels);
    loss.backward();
    optimizer.step();

    running_loss += loss.item() as number;
    if (i % 25 === 24) {
      console.log(`[${epoch + 1}, ${String(i + 1).padStart(5)}] loss: ${pyformat(running_loss / 25, '.3f')}`);
      running_loss = 0.0;
    }
  }
}

console.log('Finished Training');

dataiter = testloader[Symbol.iterator]();
[images, labels] = dataiter.next().value!;

console.log('GroundTruth: ', [0, 1, 2, 3].map((j) => classes[at(labels, j)].padStart(5)).join(' '));

let outputs = net.forward(images);

let [, predicted] = torch.max(outputs, 1);

console.log('Predicted: ', [0, 1, 2, 3].map((j) => classes[at(predicted, j)].padStart(5)).join(' '));

let correct = 0;
let total = 0;
torch.no_grad(() => {
  for (const data of testloader) {
    [images, labels] = data;
    outputs = net.forward(images);
    [, predicted] = torch.max(outputs.data, 1);
    total += labels.size(0);
    correct += predicted.eq(labels).sum().item() as number;
  }
});

console.log(`Accuracy of the network on the 10000 test images: ${Math.trunc((100 * correct) / total)} %`);

const class_correct = Array.from({ length: 10 }, () => 0);
const class_total = Array.from({ length: 10 }, () => 0);
torch.no_grad(() => {
  for (const data of testloader) {
    [images, labels] = data;
    outputs = net.forward(images);
    [, predicted] = torch.max(outputs, 1);
    const c = predicted.eq(labels).squeeze();
    for (let i = 0; i < 4; i++) {
      const label = at(labels, i);
      class_correct[label] += Number(c.select(0, i).item());
      class_total[label] += 1;
    }
  }
});

for (let i = 0; i < 10; i++) {
  const pct = Math.trunc((100 * class_correct[i]) / Math.max(class_total[i], 1));
  console.log(`Accuracy of ${classes[i].padStart(5)} : ${String(pct).padStart(2)} %`);
}

const device = torch.device(torch.cuda.is_available() ? 'cuda:0' : 'cpu');

console.log(String(device));
