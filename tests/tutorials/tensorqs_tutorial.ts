// beginner_source/basics/tensorqs_tutorial.py, line by line (see tensorqs_tutorial.py).
import * as torch from '../../src/index.js';
import { pyfloat, pytype } from './py.js';

torch.manual_seed(0);

const data = [
  [1n, 2n],
  [3n, 4n],
];
const x_data = torch.tensor(data);

const x_ones = torch.ones_like(x_data); // retains the properties of x_data
console.log(`Ones Tensor: \n ${x_ones} \n`);

const x_rand = torch.rand_like(x_data, { dtype: torch.float }); // overrides the datatype of x_data
console.log(`Random Tensor: \n ${x_rand} \n`);

const shape = [2, 3];
const rand_tensor = torch.rand(shape);
const ones_tensor = torch.ones(shape);
const zeros_tensor = torch.zeros(shape);

console.log(`Random Tensor: \n ${rand_tensor} \n`);
console.log(`Ones Tensor: \n ${ones_tensor} \n`);
console.log(`Zeros Tensor: \n ${zeros_tensor}`);

let tensor = torch.rand(3, 4);

console.log(`Shape of tensor: ${tensor.shape}`);
console.log(`Datatype of tensor: ${tensor.dtype}`);
console.log(`Device tensor is stored on: ${tensor.device}`);

if (torch.cuda.is_available() && torch.device('cuda').index !== null) {
  tensor = tensor.to('cuda');
}

tensor = torch.ones(4, 4);
console.log('First row: ', tensor.select(0, 0));
console.log('First column: ', tensor.index(':', 0));
console.log('Last column:', tensor.index('...', -1));
tensor.index_put_([':', 1], 0);
console.log(tensor);

const t1 = torch.cat([tensor, tensor, tensor], { dim: 1 });
console.log(t1);

const y1 = tensor.matmul(tensor.T);
const y2 = tensor.matmul(tensor.T);

const y3 = torch.rand_like(tensor);
torch.matmul(tensor, tensor.T, { out: y3 });

const z1 = tensor.mul(tensor);
const z2 = tensor.mul(tensor);

const z3 = torch.rand_like(tensor);
torch.mul(tensor, tensor, { out: z3 });
console.log([y1, y2, y3, z1, z2, z3].join('\n'));

const agg = tensor.sum();
const agg_item = agg.item() as number;
console.log(pyfloat(agg_item), pytype(agg_item));

console.log(tensor, '\n');
tensor.add_(5);
console.log(tensor);

const t = torch.ones(5);
console.log(`t: ${t}`);
t.add_(1);
console.log(`t: ${t}`);
