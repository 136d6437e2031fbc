// intermediate_source/autograd_saved_tensors_hooks_tutorial.py, line by line (see the .py twin for
// the seeding, the "Extra" prints and the parts skipped). `with ...hooks(pack, unpack):` is a
// callback; `grad_fn._saved_self` is read through `any` (its names depend on the node);
// `eval("torch." + repr(x))` rebuilds the tensor from the numbers its repr prints; the temporary
// files use node:fs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print } from './py.js';

const nn = torch.nn;
/* eslint-disable @typescript-eslint/no-explicit-any */
const fn = (t: Tensor): any => t.grad_fn;

torch.manual_seed(0);

let a = torch.randn(5, { requires_grad: true });
let b = torch.ones(5, { requires_grad: true });
let y = a.mul(b);

console.log(fn(y)._saved_self);
console.log(fn(y)._saved_other);

function f(x: Tensor): Tensor {
  return x.mul(x);
}

let x = torch.randn(5, { requires_grad: true });
y = f(f(f(x)));
console.log(y); // Extra

a = torch.randn(5, { requires_grad: true });
b = torch.ones(5, { requires_grad: true });
y = a.mul(b);

print(fn(y)._saved_self === a); // True
print(fn(y)._saved_other === b); // True

a = torch.randn(5, { requires_grad: true });
y = torch.exp(a);
print(fn(y)._saved_result.equal(y)); // True
print(fn(y)._saved_result === y); // False

let pack_hook = (x: Tensor): unknown => {
  console.log('Packing', x);
  return x;
};

let unpack_hook = (x: unknown): unknown => {
  console.log('Unpacking', x);
  return x;
};
a = torch.ones(5, { requires_grad: true });
b = torch.ones(5, { requires_grad: true }).mul(2);

y = torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook, () => a.mul(b));

y.sum().backward();

x = torch.randn(5, { requires_grad: true });
y = torch.autograd.graph.saved_tensors_hooks(
  (x) => x.mul(4),
  (x) => (x as Tensor).div(4),
  () => torch.pow(x, 2),
);
y.sum().backward();
assert.ok(x.grad!.equal(x.mul(2)));

// Returning an int
const storage: Tensor[] = [];

let pack = (x: Tensor): unknown => {
  storage.push(x);
  return storage.length - 1;
};

let unpack = (x: unknown): Tensor => storage[x as number];

x = torch.randn(5, { requires_grad: true });
y = torch.autograd.graph.saved_tensors_hooks(pack, unpack, () => x.mul(x));
y.sum().backward();

assert.ok(x.grad!.equal(x.mul(2)));
print(storage.length); // Extra

// Returning a tuple
pack = (x: Tensor): unknown => {
  const delta = torch.randn(...x.size());
  return [x.sub(delta), (x: Tensor) => x.add(delta)];
};

unpack = (packed: unknown): Tensor => {
  const [x, f] = packed as [Tensor, (t: Tensor) => Tensor];
  return f(x);
};

x = torch.randn(5, { requires_grad: true });
y = torch.autograd.graph.saved_tensors_hooks(pack, unpack, () => x.mul(x));
y.sum().backward();

assert.ok(torch.allclose(x.grad!, x.mul(2)));

// Returning a str
const evalRepr = (s: string): Tensor =>
  torch.tensor(JSON.parse(s.slice(s.indexOf('['), s.lastIndexOf(']') + 1)) as number[], {
    requires_grad: s.includes('requires_grad=True'),
  });
x = torch.randn(5, { requires_grad: true });
y = torch.autograd.graph.saved_tensors_hooks(
  (x) => String(x),
  (x) => evalRepr(x as string),
  () => x.mul(x),
);
y.sum().backward();
assert.ok(torch.all(x.grad!.sub(x.mul(2)).le(1e-4)).item());
console.log(torch.all(x.grad!.sub(x.mul(2)).le(1e-4))); // Extra

// Saving tensors to CPU
pack_hook = (x: Tensor): unknown => [x.device, x.cpu()];

unpack_hook = (packed: unknown): unknown => {
  const [device, tensor] = packed as [torch.Device, Tensor];
  return tensor.to(device);
};

x = torch.randn(5, { requires_grad: true });
y = torch.autograd.graph.saved_tensors_hooks(pack, unpack, () => x.mul(x));
y.sum().backward();

print(torch.allclose(x.grad!, x.mul(2))); // the tutorial's bare expression, printed

class Model extends nn.Module {
  w: InstanceType<typeof nn.Parameter>;
  constructor() {
    super();
    this.w = new nn.Parameter(torch.randn(5));
  }

  forward(x: Tensor): Tensor {
    return torch.autograd.graph.save_on_cpu({ pin_memory: true }, () => {
      // some computation
      return this.w.mul(x);
    });
  }
}

x = torch.randn(5);
let model: torch.nn.Module = new Model();
let loss = (model.forward(x) as Tensor).sum();
loss.backward();
console.log((model as Model).w.grad); // Extra

class SaveToCpu extends nn.Module {
  constructor(readonly module: torch.nn.Module) {
    super();
  }

  forward(...args: unknown[]): unknown {
    return torch.autograd.graph.save_on_cpu({ pin_memory: true }, () => this.module.forward(...args));
  }
}

model = new nn.Sequential(new nn.Linear(10, 100), new SaveToCpu(new nn.Linear(100, 100)), new nn.Linear(100, 10));

x = torch.randn(10);
loss = (model.forward(x) as Tensor).sum();
loss.backward();
console.log(model); // Extra
console.log((((model as torch.nn.Sequential).at(1) as SaveToCpu).module as any).bias.grad.index(':5')); // Extra

// Saving tensors to disk: the naive version (defined, not run, in the tutorial)
let tmp_dir = 'temp';

let disk_pack_hook = (tensor: Tensor): unknown => {
  const name = join(tmp_dir, randomUUID());
  torch.save(tensor, name);
  return name;
};

let disk_unpack_hook = (name: unknown): Tensor => torch.load(name as string) as Tensor;

// Incorrect version - HINT: Don't do this
tmp_dir = mkdtempSync(join(tmpdir(), 'tensorgrad-'));

disk_pack_hook = (tensor: Tensor): unknown => {
  const name = join(tmp_dir, randomUUID());
  torch.save(tensor, name);
  return name;
};

disk_unpack_hook = (name: unknown): Tensor => {
  const tensor = torch.load(name as string) as Tensor;
  unlinkSync(name as string);
  return tensor;
};

x = torch.ones(5, { requires_grad: true });
y = torch.autograd.graph.saved_tensors_hooks(disk_pack_hook, disk_unpack_hook, () => x.pow(2));
console.log(fn(y)._saved_self);
try {
  console.log(fn(y)._saved_self);
  console.log('Double access succeeded!');
} catch {
  console.log('Double access failed!');
}

// SelfDeletingTempFile (removes its file in __del__), the SAVE_ON_DISK_THRESHOLD hooks and
// nn.DataParallel(SaveToDisk(Model())): skipped (see the header).
rmSync(tmp_dir, { recursive: true, force: true });
