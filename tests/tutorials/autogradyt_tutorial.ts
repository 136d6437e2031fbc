// beginner_source/introyt/autogradyt_tutorial.py, line by line (see the .py twin for what is left
// out). The model is called with forward(); `@torch.no_grad()` on a function becomes a function
// whose body runs in torch.no_grad; the profiler's `with ... as prf` returns the profiler.
import * as torch from '../../src/index.js';
import { print } from './py.js';

torch.manual_seed(0);

let a = torch.linspace(0, 2 * Math.PI, { steps: 25, requires_grad: true });
console.log(a);

let b = torch.sin(a);

console.log(b);

const c = b.mul(2);
console.log(c);

const d = c.add(1);
console.log(d);

const out = d.sum();
console.log(out);

const fn = d.grad_fn!;
print('d:');
console.log(fn);
print(fn.next_functions);
print(fn.next_functions[0][0]!.next_functions);
print(fn.next_functions[0][0]!.next_functions[0][0]!.next_functions);
print(fn.next_functions[0][0]!.next_functions[0][0]!.next_functions[0][0]!.next_functions);
print('\nc:');
console.log(c.grad_fn);
print('\nb:');
console.log(b.grad_fn);
print('\na:');
print(a.grad_fn);

out.backward();
console.log(a.grad);

const BATCH_SIZE = 16;
const DIM_IN = 1000;
const DIM_OUT = 10;

class TinyModel extends torch.nn.Module {
  layer1 = new torch.nn.Linear(1000, 100);
  relu = new torch.nn.ReLU();
  layer2 = new torch.nn.Linear(100, 10);

  forward(x: torch.Tensor): torch.Tensor {
    x = this.layer1.forward(x);
    x = this.relu.forward(x);
    x = this.layer2.forward(x);
    return x;
  }
}

const some_input = torch.randn([BATCH_SIZE, DIM_IN], { requires_grad: false });
const ideal_output = torch.randn([BATCH_SIZE, DIM_OUT], { requires_grad: false });

const model = new TinyModel();

const slice = (t: torch.Tensor): torch.Tensor => t.select(0, 0).narrow(0, 0, 10);
console.log(slice(model.layer2.weight)); // just a small slice
print(model.layer2.weight.grad);

const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.001 });

let prediction = model.forward(some_input);

let loss = ideal_output.sub(prediction).pow(2).sum();
console.log(loss);

loss.backward();
console.log(slice(model.layer2.weight));
console.log(slice(model.layer2.weight.grad!));

optimizer.step();
console.log(slice(model.layer2.weight));
console.log(slice(model.layer2.weight.grad!));

console.log(slice(model.layer2.weight.grad!));

for (let i = 0; i < 5; i++) {
  prediction = model.forward(some_input);
  loss = ideal_output.sub(prediction).pow(2).sum();
  loss.backward();
}

console.log(slice(model.layer2.weight.grad!));

optimizer.zero_grad({ set_to_none: false }); // PyTorch 2's default (null) would make the next line fail

console.log(slice(model.layer2.weight.grad!));

a = torch.ones([2, 3], { requires_grad: true });
console.log(a);

const b1 = a.mul(2);
console.log(b1);

a.requires_grad = false;
const b2 = a.mul(2);
console.log(b2);

a = torch.ones([2, 3], { requires_grad: true }).mul(2);
b = torch.ones([2, 3], { requires_grad: true }).mul(3);

let c1 = a.add(b);
console.log(c1);

let c2 = torch.no_grad(() => a.add(b));

console.log(c2);

const c3 = a.mul(b);
console.log(c3);

function add_tensors1(x: torch.Tensor, y: torch.Tensor): torch.Tensor {
  return x.add(y);
}

function add_tensors2(x: torch.Tensor, y: torch.Tensor): torch.Tensor {
  return torch.no_grad(() => x.add(y));
}

a = torch.ones([2, 3], { requires_grad: true }).mul(2);
b = torch.ones([2, 3], { requires_grad: true }).mul(3);

c1 = add_tensors1(a, b);
console.log(c1);

c2 = add_tensors2(a, b);
console.log(c2);

let x = torch.rand([5], { requires_grad: true });
let y = x.detach();

console.log(x);
console.log(y);

try {
  a = torch.linspace(0, 2 * Math.PI, { steps: 25, requires_grad: true });
  torch.sin_(a);
} catch (e) {
  print('RuntimeError:', (e as Error).message);
}

let device = torch.device('cpu');
let run_on_gpu = false;
if (torch.cuda.is_available()) {
  device = torch.device('cuda');
  run_on_gpu = true;
}
void device;

x = torch.randn([2, 3], { requires_grad: true });
y = torch.rand([2, 3], { requires_grad: true });
let z = torch.ones([2, 3], { requires_grad: true });

const prf = torch.autograd.profiler.profile({ use_cuda: run_on_gpu }, () => {
  for (let i = 0; i < 1000; i++) {
    z = z.div(x).mul(y);
  }
});

print(
  prf
    .key_averages()
    .map((e) => [e.key, e.count] as [string, number])
    .sort((p, q) => p[0].localeCompare(q[0]))
    .map(([k, n]) => `('${k}', ${n})`)
    .join(', ')
    .replace(/^(.*)$/, '[$1]'),
);

x = torch.randn([3], { requires_grad: true });

y = x.mul(2);
while (y.data.norm().lt(1000).item()) {
  y = y.mul(2);
}

console.log(y);

const v = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float }); // stand-in for gradients
y.backward(v);

console.log(x.grad);

function exp_adder(x: torch.Tensor, y: torch.Tensor): torch.Tensor {
  return x.exp().mul(2).add(y.mul(3));
}

let inputs: torch.Tensor | torch.Tensor[] = [torch.rand(1), torch.rand(1)]; // arguments for the function
print(inputs);
print(torch.autograd.functional.jacobian(exp_adder, inputs));

inputs = [torch.rand(3), torch.rand(3)]; // arguments for the function
print(inputs);
print(torch.autograd.functional.jacobian(exp_adder, inputs));

function do_some_doubling(x: torch.Tensor): torch.Tensor {
  let y = x.mul(2);
  while (y.data.norm().lt(1000).item()) {
    y = y.mul(2);
  }
  return y;
}

inputs = torch.randn(3);
const my_gradients = torch.tensor([0.1, 1.0, 0.0001]);
print(torch.autograd.functional.vjp(do_some_doubling, inputs, { v: my_gradients }));
