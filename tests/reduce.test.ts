// Replays tests/fixtures/reduce.json (tests/oracle/reduce.py): every reduction, scan and softmax
// against PyTorch 1.13 — forward values and dtypes, input gradients, grad_fn names, the printed
// named tuples of max/min/cummax/cummin, and error messages.

import { test } from 'node:test';
import { jsMessage } from './replay.js';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, expectation, loadFixture, num, type EncTensor } from './helpers.js';

type Arg = number | string | boolean | null | Arg[] | { tensor: EncTensor };

interface Case {
  form: 'method' | 'torch' | 'F';
  op: string;
  base: number;
  view: [string, ...number[]] | null;
  args: Arg[];
  kwargs: Record<string, Arg>;
  error?: string;
  out?: EncTensor | EncTensor[];
  repr?: string;
  grad_fn?: string | null;
  grad?: EncTensor | null;
  create_graph?: boolean;
}

interface LongSum {
  long: { n: number; lo: number; hi: number };
  out: EncTensor;
  mean: EncTensor;
  norm: EncTensor;
}

const [header, ...rest] = loadFixture<unknown>('reduce');
const inputs = (header as { inputs: EncTensor[] }).inputs;
const cases = rest.filter((c): c is Case => !('long' in (c as object)));
const longSum = rest.find((c): c is LongSum => 'long' in (c as object));

function decodeArg(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decodeArg);
  if (typeof a === 'string') {
    if (a.startsWith('torch.')) return (torch as unknown as Record<string, unknown>)[a.slice(6)];
    if (a === 'inf' || a === '-inf' || a === 'nan') return num(a);
    return a;
  }
  if (a !== null && typeof a === 'object') return dec(a.tensor);
  return a;
}

type Fn = (...args: unknown[]) => unknown;

function invoke(c: Case, x: Tensor): unknown {
  const args = c.args.map(decodeArg);
  const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v)]));
  if (Object.keys(kwargs).length > 0) args.push(kwargs);
  if (c.form === 'method') return ((x as unknown as Record<string, Fn>)[c.op] as Fn).apply(x, args);
  const ns = (c.form === 'torch' ? torch : torch.nn.functional) as unknown as Record<string, Fn>;
  return ns[c.op](x, ...args);
}

function describe(c: Case): string {
  const view = c.view ? `.${c.view[0]}(${c.view.slice(1).join(', ')})` : '';
  const b = inputs[c.base];
  const call = [
    ...c.args.map((a) => JSON.stringify(a)),
    ...Object.entries(c.kwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
  ];
  return `${c.form} ${c.op}(${call.join(', ')}) on ${b.dtype}[${b.shape.join(', ')}]${view}`;
}

/** torch.linspace(-1, 1.5, n) shaped like t, as the oracle seeds each output's gradient. */
function gradOutput(t: Tensor): Tensor {
  const n = t.numel();
  const step = n > 1 ? 2.5 / (n - 1) : 0;
  const data = Array.from({ length: n }, (_, i) => (i < n / 2 ? -1 + step * i : 1.5 - step * (n - 1 - i)));
  return torch.tensor(data, { dtype: t.dtype }).reshape(t.shape);
}

function check(c: Case): void {
  const leaf = dec(inputs[c.base], { requires_grad: inputs[c.base].dtype.startsWith('float') });
  const x = c.view
    ? (((leaf as unknown as Record<string, Fn>)[c.view[0]] as Fn).apply(leaf, c.view.slice(1)) as Tensor)
    : leaf;
  if (c.error !== undefined) {
    assert.equal(
      errorOf(() => invoke(c, x)),
      jsMessage(c.error),
    );
    return;
  }
  const out = invoke(c, x);
  let outs: Tensor[];
  if (Array.isArray(c.out)) {
    outs = [...(out as Iterable<Tensor>)];
    assert.equal(outs.length, c.out.length, 'number of outputs');
    outs.forEach((t, i) => assertTensor(t, (c.out as EncTensor[])[i], { label: `output ${i}` }));
    if (c.repr !== undefined) {
      const named = out as { values: Tensor; indices: Tensor };
      assert.equal(String(out), c.repr);
      assert.equal(named.values, outs[0]);
      assert.equal(named.indices, outs[1]);
    }
  } else {
    outs = [out as Tensor];
    assertTensor(out as Tensor, c.out as EncTensor, { label: 'output' });
  }
  assert.equal(outs[0].grad_fn?.name() ?? null, c.grad_fn ?? null, 'grad_fn');
  if (c.grad !== undefined) {
    const floating = outs.filter((t) => t.is_floating_point());
    torch.autograd.backward(floating, floating.map(gradOutput), { create_graph: c.create_graph ?? false });
    if (c.grad === null) assert.equal(leaf.grad, null, 'grad');
    else assertTensor(leaf.grad as Tensor, c.grad, { label: 'grad' });
  }
}

const byOp = new Map<string, Case[]>();
for (const c of cases) {
  const key = `${c.form === 'method' ? 'Tensor.' : c.form === 'torch' ? 'torch.' : 'F.'}${c.op}`;
  byOp.set(key, [...(byOp.get(key) ?? []), c]);
}

for (const [key, list] of byOp) {
  test(`${key} matches PyTorch (${list.length} cases)`, () => {
    const failures: string[] = [];
    for (const c of list) {
      try {
        check(c);
      } catch (e) {
        failures.push(`${describe(c)}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures.slice(0, 15), [], `${failures.length} of ${list.length} failed`);
  });
}

test('a float32 sum of 1e6 elements matches PyTorch within float32 rounding', () => {
  assert.ok(longSum);
  const { n, lo, hi } = longSum.long;
  const x = torch.linspace(lo, hi, n).sin();
  assertTensor(x.sum(), longSum.out);
  assertTensor(x.mean(), longSum.mean);
  assertTensor(x.norm(), longSum.norm);
});

test('max(dim) destructures like a named tuple', () => {
  const x = torch.tensor(
    [
      [1, 7, 3],
      [9, 2, 4],
    ],
    { dtype: torch.int64 },
  );
  type Named = { values: EncTensor; indices: EncTensor };
  const max = expectation<Named>('reduce', 'max(1)');
  const [values, indices] = x.max(1);
  assertTensor(values, max.values);
  assertTensor(indices, max.indices);
  const min = expectation<Named>('reduce', 'min(dim=0, keepdim=True)');
  const r = torch.min(x, { dim: 0, keepdim: true });
  assertTensor(r.values, min.values);
  assertTensor(r.indices, min.indices);
  assert.equal(r[0], r.values);
  assert.equal(r[1], r.indices);
  assert.equal(r.length, 2);
});

test('softmax and log_softmax backpropagate twice (create_graph), as PyTorch does', () => {
  // d/dx sum(f(x) * w) with create_graph, then the gradient of its squared norm.
  for (const name of ['softmax', 'log_softmax'] as const) {
    const want = expectation<{ x: EncTensor; w: EncTensor; g: EncTensor; g_grad_fn: string; gg: EncTensor }>(
      'reduce',
      `${name} twice`,
    );
    const x = dec(want.x, { requires_grad: true });
    const [g] = torch.autograd.grad(x[name](0).mul(dec(want.w)).sum(), [x], { create_graph: true });
    assertTensor(g as Tensor, want.g, { label: `${name} g` });
    // The first gradient's grad_fn is not compared: PyTorch records it as one node
    // (SoftmaxBackwardDataBackward0 / LogSoftmaxBackwardDataBackward0), tensorgrad as the ops of
    // the backward formula (MulBackward0 ...); the values and the second derivative are the same.
    assert.ok((g as Tensor).grad_fn !== null, `${name}: g records its graph (PyTorch: ${want.g_grad_fn})`);
    const [gg] = torch.autograd.grad((g as Tensor).pow(2).sum(), [x]);
    assertTensor(gg as Tensor, want.gg, { label: `${name} gg` });
  }
});

test('keepdim without dim keeps every dim as size 1 (PyTorch 2 semantics; 1.13 rejects it for sum)', () => {
  const x = torch.ones(2, 3);
  assert.deepEqual(x.sum({ keepdim: true }).shape, [1, 1]);
  assert.deepEqual(x.mean({ keepdim: true }).shape, [1, 1]);
  assert.deepEqual(x.std({ keepdim: true }).shape, [1, 1]);
  assert.deepEqual(x.all({ keepdim: true }).shape, [1, 1]);
  assert.equal(x.sum({ keepdim: true }).item(), 6);
});
