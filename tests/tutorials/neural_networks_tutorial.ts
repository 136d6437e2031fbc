// beginner_source/blitz/neural_networks_tutorial.py, line by line.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
const { nn } = torch;
const F = torch.nn.functional;
import { print } from './py.js';

torch.manual_seed(0);

class Net extends nn.Module {
  declare conv1: torch.nn.Conv2d;
  declare conv2: torch.nn.Conv2d;
  declare fc1: torch.nn.Linear;
  declare fc2: torch.nn.Linear;
  declare fc3: torch.nn.Linear;

  constructor() {
    super();
    this.conv1 = new nn.Conv2d(1, 6, 5);
    this.conv2 = new nn.Conv2d(6, 16, 5);
    this.fc1 = new nn.Linear(16 * 5 * 5, 120);
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, 10);
  }

  forward(x: Tensor): Tensor {
    x = F.max_pool2d(F.relu(this.conv1.forward(x)), [2, 2]);
    x = F.max_pool2d(F.relu(this.conv2.forward(x)), 2);
    x = x.view(-1, this.num_flat_features(x));
    x = F.relu(this.fc1.forward(x));
    x = F.relu(this.fc2.forward(x));
    x = this.fc3.forward(x);
    return x;
  }

  num_flat_features(x: Tensor): number {
    const size = x.size().slice(1); // all dimensions except the batch dimension
    let num_features = 1;
    for (const s of size) num_features *= s;
    return num_features;
  }
}

const net = new Net();
console.log(net);

const params = [...net.parameters()];
console.log(params.length);
console.log(params[0].size()); // conv1's .weight

const input = torch.randn(1, 1, 32, 32);
const out = net.forward(input);
console.log(out);

net.zero_grad();
out.backward(torch.randn(1, 10));

let output = net.forward(input);
let target = torch.randn(10); // a dummy target
target = target.view(1, -1); // make it the same shape as output
const criterion = new nn.MSELoss();

let loss = criterion.forward(output, target);
console.log(loss);

console.log(loss.grad_fn); // MSELoss
console.log(loss.grad_fn!.next_functions[0][0]); // Linear
console.log(loss.grad_fn!.next_functions[0][0]!.next_functions[0][0]); // ReLU

net.zero_grad(); // zeroes the gradient buffers of all parameters

console.log('conv1.bias.grad before backward');
print(net.conv1.bias!.grad);

loss.backward();

console.log('conv1.bias.grad after backward');
print(net.conv1.bias!.grad);

const learning_rate = 0.01;
for (const f of net.parameters()) {
  f.data.sub_(f.grad!.data.mul(learning_rate));
}

const optim = torch.optim;

const optimizer = new optim.SGD(net.parameters(), { lr: 0.01 });

optimizer.zero_grad(); // zero the gradient buffers
output = net.forward(input);
loss = criterion.forward(output, target);
loss.backward();
optimizer.step(); // Does the update
console.log(`${loss}\n${net.forward(input)}`);
