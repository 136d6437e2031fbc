// beginner_source/introyt/tensors_deeper_tutorial.py, line by line (see the .py twin for what is
// left out). Python's integer tuples are int64 tensors here ({ dtype: torch.int64 }), and
// `a[0][1] = 561` is `a.select(0, 0).select(0, 1).fill_(561)`.
import * as torch from '../../src/index.js';
import { print, pyfloat, pytype } from './py.js';

const i64 = { dtype: torch.int64 };

let x = torch.empty(3, 4);
print(pytype(x));
console.log(x.shape);

const zeros = torch.zeros(2, 3);
console.log(zeros);

let ones = torch.ones(2, 3);
console.log(ones);

torch.manual_seed(1729);
const random = torch.rand(2, 3);
console.log(random);

torch.manual_seed(1729);
const random1 = torch.rand(2, 3);
console.log(random1);

const random2 = torch.rand(2, 3);
console.log(random2);

torch.manual_seed(1729);
const random3 = torch.rand(2, 3);
console.log(random3);

const random4 = torch.rand(2, 3);
console.log(random4);

x = torch.empty(2, 2, 3);
console.log(x.shape);

const empty_like_x = torch.empty_like(x);
console.log(empty_like_x.shape);

const zeros_like_x = torch.zeros_like(x);
console.log(zeros_like_x.shape);
console.log(zeros_like_x);

const ones_like_x = torch.ones_like(x);
console.log(ones_like_x.shape);
console.log(ones_like_x);

const rand_like_x = torch.rand_like(x);
console.log(rand_like_x.shape);
console.log(rand_like_x);

const some_constants = torch.tensor([
  [3.1415926, 2.71828],
  [1.61803, 0.0072897],
]);
console.log(some_constants);

const some_integers = torch.tensor([2, 3, 5, 7, 11, 13, 17, 19], i64);
console.log(some_integers);

const more_integers = torch.tensor(
  [
    [2, 4, 6],
    [3, 6, 9],
  ],
  i64,
);
console.log(more_integers);

try {
  torch.ones([2, 3], { dtype: torch.int16 as never });
} catch (e) {
  if (!(e instanceof TypeError) || !e.message.startsWith('torch.int16 is not supported')) throw e;
  print('int16: not supported');
}

let b = torch.rand([2, 3], { dtype: torch.float64 }).mul(20);
console.log(b);

let c = b.to(torch.int32);
console.log(c);

ones = torch.zeros(2, 2).add(1);
const twos = torch.ones(2, 2).mul(2);
const threes = torch.ones(2, 2).mul(7).sub(1).div(2);
const fours = twos.pow(2);
const sqrt2s = twos.pow(0.5);

console.log(ones);
console.log(twos);
console.log(threes);
console.log(fours);
console.log(sqrt2s);

const powers2 = twos.pow(
  torch.tensor(
    [
      [1, 2],
      [3, 4],
    ],
    i64,
  ),
);
console.log(powers2);

const fives = ones.add(fours);
console.log(fives);

const dozens = threes.mul(fours);
console.log(dozens);

try {
  const a = torch.rand(2, 3);
  const b = torch.rand(3, 2);
  console.log(a.mul(b));
} catch (e) {
  print('RuntimeError:', (e as Error).message);
}

const rand = torch.rand(2, 4);
const doubled = rand.mul(torch.ones(1, 4).mul(2));

console.log(rand);
console.log(doubled);

let a = torch.ones(4, 3, 2);

b = a.mul(torch.rand(3, 2)); // 3rd & 2nd dims identical to a, dim 1 absent
console.log(b);

c = a.mul(torch.rand(3, 1)); // 3rd dim = 1, 2nd dim identical to a
console.log(c);

let d = a.mul(torch.rand(1, 2)); // 3rd dim identical to a, 2nd dim = 1
console.log(d);

a = torch.ones(4, 3, 2);
for (const shape of [[4, 3], [2, 3], [0]]) {
  try {
    console.log(a.mul(torch.rand(shape)));
  } catch (e) {
    print('RuntimeError:', (e as Error).message);
  }
}

// common functions
a = torch.rand(2, 4).mul(2).sub(1);
print('Common functions:');
console.log(torch.abs(a));
console.log(torch.ceil(a));
console.log(torch.floor(a));
console.log(torch.clamp(a, -0.5, 0.5));

// trigonometric functions and their inverses
const angles = torch.tensor([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
const sines = torch.sin(angles);
const inverses = torch.asin(sines);
print('\nSine and arcsine:');
console.log(angles);
console.log(sines);
console.log(inverses);

// bitwise operations
print('\nBitwise XOR:');
b = torch.tensor([1, 5, 11], i64);
c = torch.tensor([2, 7, 10], i64);
console.log(torch.bitwise_xor(b, c));

// comparisons:
print('\nBroadcasted, element-wise equality comparison:');
d = torch.tensor([
  [1, 2],
  [3, 4],
]);
const e = torch.ones(1, 2); // many comparison ops support broadcasting!
console.log(torch.eq(d, e)); // returns a tensor of type bool

// reductions:
print('\nReduction ops:');
console.log(torch.max(d)); // returns a single-element tensor
print(pyfloat(torch.max(d).item() as number)); // extracts the value from the returned tensor
console.log(torch.mean(d)); // average
console.log(torch.std(d)); // standard deviation
console.log(torch.prod(d)); // product of all numbers
console.log(torch.unique(torch.tensor([1, 2, 1, 2, 1, 2], i64))); // filter unique elements

// vector and linear algebra operations
const v1 = torch.tensor([1, 0, 0]); // x unit vector
const v2 = torch.tensor([0, 1, 0]); // y unit vector
const m1 = torch.rand(2, 2); // random matrix
const m2 = torch.tensor([
  [3, 0],
  [0, 3],
]); // three times identity matrix

print('\nVectors & Matrices:');
console.log(torch.cross(v2, v1)); // negative of z unit vector (v1 x v2 == -v2 x v1)
console.log(m1);
const m3 = torch.matmul(m1, m2);
console.log(m3); // 3 times m1
const svd = torch.svd(m3); // singular value decomposition
console.log(svd.S); // the vectors' signs are LAPACK's choice, so their absolute values:
console.log(svd.U.abs());
console.log(svd.V.abs());

a = torch.tensor([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
print('a:');
console.log(a);
console.log(torch.sin(a)); // this operation creates a new tensor in memory
console.log(a); // a has not changed

b = torch.tensor([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
print('\nb:');
console.log(b);
console.log(torch.sin_(b)); // note the underscore
console.log(b); // b has changed

a = torch.ones(2, 2);
b = torch.rand(2, 2);

print('Before:');
console.log(a);
console.log(b);
print('\nAfter adding:');
console.log(a.add_(b));
console.log(a);
console.log(b);
print('\nAfter multiplying');
console.log(b.mul_(b));
console.log(b);

a = torch.rand(2, 2);
b = torch.rand(2, 2);
c = torch.zeros(2, 2);
const old_c = c;

console.log(c);
d = torch.matmul(a, b, { out: c });
console.log(c); // contents of c have changed

if (c !== d) throw new Error('c and d are not the same object');
if (c !== old_c) throw new Error('c is not the same object as before');

torch.rand(2, 2, { out: c }); // works for creation too!
console.log(c); // c has changed again
if (c !== old_c) throw new Error('c is not the same object as before');

a = torch.ones(2, 2);
b = a;

a.select(0, 0).select(0, 1).fill_(561); // we change a...
console.log(b); // ...and b is also altered

a = torch.ones(2, 2);
b = a.clone();

if (b === a) throw new Error('b is a'); // different objects in memory...
console.log(torch.eq(a, b)); // ...but still with the same contents!

a.select(0, 0).select(0, 1).fill_(561); // a changes...
console.log(b); // ...but b is still all ones

a = torch.rand([2, 2], { requires_grad: true }); // turn on autograd
console.log(a);

b = a.clone();
console.log(b);

c = a.detach().clone();
console.log(c);

console.log(a);

if (torch.cuda.is_available()) {
  print('We have a GPU!');
} else {
  print('Sorry, CPU only.');
}

if (torch.cuda.is_available()) {
  const gpu_rand = torch.rand([2, 2], { device: 'cuda' });
  console.log(gpu_rand);
} else {
  print('Sorry, CPU only.');
}

let my_device;
if (torch.cuda.is_available()) {
  my_device = torch.device('cuda');
} else {
  my_device = torch.device('cpu');
}
print(`Device: ${my_device}`);

x = torch.rand([2, 2], { device: my_device });
console.log(x);

let _y = torch.rand(2, 2);
_y = _y.to(my_device);

a = torch.rand(3, 226, 226);
b = a.unsqueeze(0);

console.log(a.shape);
console.log(b.shape);

c = torch.rand(1, 1, 1, 1, 1);
console.log(c);

a = torch.rand(1, 20);
console.log(a.shape);
console.log(a);

b = a.squeeze(0);
console.log(b.shape);
console.log(b);

c = torch.rand(2, 2);
console.log(c.shape);

d = c.squeeze(0);
console.log(d.shape);

a = torch.ones(4, 3, 2);
b = torch.rand(3); // trying to multiply a * b will give a runtime error
c = b.unsqueeze(1); // change to a 2-dimensional tensor, adding new dim at the end
console.log(c.shape);
console.log(a.mul(c)); // broadcasting works again!

const batch_me = torch.rand(3, 226, 226);
console.log(batch_me.shape);
batch_me.unsqueeze_(0);
console.log(batch_me.shape);

const output3d = torch.rand(6, 20, 20);
console.log(output3d.shape);

const input1d = output3d.reshape(6 * 20 * 20);
console.log(input1d.shape);

// can also call it as a method on the torch module:
console.log(torch.reshape(output3d, [6 * 20 * 20]).shape);
