// beginner_source/nlp/pytorch_tutorial.py, line by line.
import * as torch from '../../src/index.js';
import { print } from './py.js';
const { autograd } = torch;

torch.manual_seed(1);

const V_data = [1, 2, 3];
const V = torch.Tensor(V_data);
console.log(V);

const M_data = [
  [1, 2, 3],
  [4, 5, 6],
];
const M = torch.Tensor(M_data);
console.log(M);

const T_data = [
  [
    [1, 2],
    [3, 4],
  ],
  [
    [5, 6],
    [7, 8],
  ],
];
const T = torch.Tensor(T_data);
console.log(T);

console.log(V.select(0, 0));

console.log(M.select(0, 0));

console.log(T.select(0, 0));

let x = torch.randn([3, 4, 5]);
console.log(x);

x = torch.Tensor([1, 2, 3]);
let y = torch.Tensor([4, 5, 6]);
let z = x.add(y);
console.log(z);

const x_1 = torch.randn(2, 5);
const y_1 = torch.randn(3, 5);
const z_1 = torch.cat([x_1, y_1]);
console.log(z_1);

const x_2 = torch.randn(2, 3);
const y_2 = torch.randn(2, 5);
const z_2 = torch.cat([x_2, y_2], 1);
console.log(z_2);

x = torch.randn(2, 3, 4);
console.log(x);
console.log(x.view(2, 12)); // Reshape to 2 rows, 12 columns
console.log(x.view(2, -1));

x = autograd.Variable(torch.Tensor([1, 2, 3]), { requires_grad: true });
console.log(x.data);

y = autograd.Variable(torch.Tensor([4, 5, 6]), { requires_grad: true });
z = x.add(y);
console.log(z.data);

console.log(z.grad_fn);

const s = z.sum();
console.log(s);
console.log(s.grad_fn);

s.backward();
console.log(x.grad);

x = torch.randn([2, 2]);
y = torch.randn([2, 2]);
z = x.add(y);

const var_x = autograd.Variable(x, { requires_grad: true });
const var_y = autograd.Variable(y, { requires_grad: true });
const var_z = var_x.add(var_y);
console.log(var_z.grad_fn);

const var_z_data = var_z.data;
const new_var_z = autograd.Variable(var_z_data);

print(new_var_z.grad_fn);

x = torch.randn(2, 2);
y = torch.randn(2, 2);
print(x.requires_grad, y.requires_grad);
z = x.add(y);
print(z.grad_fn);
x = x.requires_grad_();
y = y.requires_grad_();
z = x.add(y);
console.log(z.grad_fn);
print(z.requires_grad);
const new_z = z.detach();
print(new_z.grad_fn);
print(x.requires_grad);
print(x.pow(2).requires_grad);
torch.no_grad(() => {
  print(x.pow(2).requires_grad);
});
