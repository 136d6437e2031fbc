// beginner_source/blitz/tensor_tutorial.py, line by line (see the .py twin).
import * as torch from '../../src/index.js';
import { pyfloat } from './py.js';

torch.manual_seed(0);

let x = torch.empty(5, 3);
console.log(x.shape);

x = torch.rand(5, 3);
console.log(x);

x = torch.zeros(5, 3, { dtype: torch.long });
console.log(x);

x = torch.tensor([5.5, 3]);
console.log(x);

x = x.new_ones(5, 3, { dtype: torch.double }); // new_* methods take in sizes
console.log(x);

x = torch.randn_like(x, { dtype: torch.float }); // override dtype!
console.log(x); // result has the same size

console.log(x.size());

let y = torch.rand(5, 3);
console.log(x.add(y));

console.log(torch.add(x, y));

const result = torch.empty(5, 3);
torch.add(x, y, { out: result });
console.log(result);

y.add_(x);
console.log(y);

console.log(x.index(':', 1));

x = torch.randn(4, 4);
y = x.view(16);
let z = x.view(-1, 8); // the size -1 is inferred from other dimensions
console.log(x.size(), y.size(), z.size());

x = torch.randn(1);
console.log(x);
console.log(pyfloat(x.item() as number));

if (torch.cuda.is_available()) {
  const device = torch.device('cuda'); // a CUDA device object
  y = torch.ones_like(x, { device }); // directly create a tensor on GPU
  x = x.to(device); // or just use strings ``.to("cuda")``
  z = x.add(y);
  console.log(z);
  console.log(z.to('cpu', torch.double)); // ``.to`` can also change dtype together!
}

const device = torch.device('cpu');
y = torch.ones_like(x, { device });
x = x.to(device);
z = x.add(y);
console.log(z);
console.log(z.to('cpu', torch.double));
console.log(x.t_(), x.shape, y.unsqueeze_(0).shape, y.squeeze_().shape);
