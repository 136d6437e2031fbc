// View and shape ops against PyTorch 1.13 (tests/oracle/views.py): geometry, storage sharing,
// version counters, grad_fn names, gradients and error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

type Arg =
  | number
  | number[]
  | { zeros: number[] }
  | { long: number | number[] | number[][] }
  | { dtype: 'float32' | 'float64' | 'int32' | 'int64' | 'bool' };
type Call = [string, Arg[] | null];

interface Out {
  value: EncTensor;
  stride: number[];
  storage_offset: number;
  is_contiguous: boolean;
  grad_fn: string | null;
  requires_grad: boolean;
  is_view: boolean;
  shares: boolean;
}

interface ViewCase {
  name: string;
  x: EncTensor;
  pre: Call[];
  call: Call;
  error?: string;
  multi?: boolean;
  outs?: Out[];
  weights?: EncTensor[];
  grad?: EncTensor;
  write?: { base: EncTensor; base_version: number; out_version: number };
}

function arg(a: Arg): unknown {
  if (typeof a === 'object' && !Array.isArray(a)) {
    if ('long' in a) return torch.tensor(a.long, { dtype: torch.int64 });
    return 'zeros' in a ? torch.zeros(a.zeros) : torch[a.dtype];
  }
  return a;
}

function run(t: Tensor, [method, args]: Call): Tensor | Tensor[] {
  const lib = torch as unknown as Record<string, (...a: unknown[]) => Tensor | Tensor[]>;
  if (method.startsWith('torch.')) return lib[method.slice(6)](t, ...(args ?? []).map(arg));
  const obj = t as unknown as Record<string, unknown>;
  if (args === null) return obj[method] as Tensor;
  return (obj[method] as (...a: unknown[]) => Tensor | Tensor[]).apply(t, args.map(arg));
}

function chain(t: Tensor, c: ViewCase): Tensor {
  for (const p of c.pre) t = run(t, p) as Tensor;
  return t;
}

const cases = loadFixture<ViewCase>('views');

const warnings: string[] = [];
process.on('warning', (w) => warnings.push(w.message));

for (const c of cases) {
  test(`views: ${c.name}`, () => {
    const floating = c.x.dtype === 'float32' || c.x.dtype === 'float64';
    const base = dec(c.x, { requires_grad: floating });
    const t = chain(base, c);
    if (c.error !== undefined) {
      assert.equal(
        errorOf(() => run(t, c.call)),
        c.error,
      );
      return;
    }
    const out = run(t, c.call);
    assert.equal(Array.isArray(out), c.multi, 'multiple outputs');
    const outs = Array.isArray(out) ? out : [out];
    const want = c.outs as Out[];
    assert.equal(outs.length, want.length, 'number of outputs');
    outs.forEach((o, i) => {
      const w = want[i];
      const label = `output ${i}`;
      assertTensor(o, w.value, { label, rtol: 0, atol: 0 });
      assert.deepEqual(o.stride(), w.stride, `${label} stride`);
      assert.equal(o.storage_offset(), w.storage_offset, `${label} storage_offset`);
      assert.equal(o.is_contiguous(), w.is_contiguous, `${label} is_contiguous`);
      assert.equal(o.grad_fn?.name() ?? null, w.grad_fn, `${label} grad_fn`);
      assert.equal(o.requires_grad, w.requires_grad, `${label} requires_grad`);
      assert.equal(o._base !== null, w.is_view, `${label} is a view`);
      assert.equal(o._data.buffer === base._data.buffer, w.shares, `${label} shares storage`);
    });
    if (c.grad !== undefined) {
      const ws = (c.weights as EncTensor[]).map((e) => dec(e));
      let loss: Tensor | null = null;
      outs.forEach((o, i) => {
        if (!o.requires_grad) return;
        const term = o.mul(ws[i]).sum();
        loss = loss === null ? term : loss.add(term);
      });
      (loss as unknown as Tensor).backward();
      assertTensor(base.grad as Tensor, c.grad, { label: 'grad' });
    }
    if (c.write !== undefined) {
      const b2 = dec(c.x);
      const first = torch.no_grad(() => {
        const o = run(chain(b2, c), c.call);
        const o0 = Array.isArray(o) ? o[0] : o;
        o0.add_(100);
        return o0;
      });
      assertTensor(b2, c.write.base, { label: 'base after write', rtol: 0, atol: 0 });
      assert.equal(b2._version, c.write.base_version, 'base _version');
      assert.equal(first._version, c.write.out_version, 'output _version');
    }
  });
}

test('x.T on a tensor of dimension other than 2 or 0 warns once per process', async () => {
  void torch.zeros(2, 3, 4).T;
  void torch.zeros(2).T;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(warnings.filter((m) => m.startsWith('The use of `x.T` on tensors')).length, 1);
});

test('squeeze with a list of dims (PyTorch 2.x squeeze.dims: SqueezeBackward2)', () => {
  const x = torch.zeros(1, 2, 1, 3, 1).requires_grad_();
  const y = x.squeeze([0, -1, 1]);
  assert.deepEqual(y.shape, [2, 1, 3]);
  assert.equal(y.grad_fn?.name(), 'SqueezeBackward2');
  y.sum().backward();
  assert.deepEqual(x.grad?.shape, [1, 2, 1, 3, 1]);
});

test('view(dtype) between float64 and int64 is refused (int64 is stored as doubles)', () => {
  assert.match(
    errorOf(() => torch.zeros(2, { dtype: torch.float64 }).view(torch.int64)),
    /view\(torch\.int64\) of a torch\.float64 tensor is not supported/,
  );
});
