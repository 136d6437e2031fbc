// Replays tests/fixtures/indexing.json (written by tests/oracle/indexing.py): x[...] and
// x[...] = v expressions, and the gather/scatter/join/rearrange ops, against PyTorch's values,
// gradients, grad_fn names and error texts.

import { test } from 'node:test';
import { jsMessage } from './replay.js';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import type { IndexItem } from '../src/ops/indexing.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

type EncItem = number | boolean | null | string | { t: EncTensor } | { list: unknown[] };
type EncArg = number | boolean | null | string | EncArg[] | { t: EncTensor } | { opts: object } | EncIn;
interface EncIn {
  in: EncTensor;
  grad: boolean;
  tf: Transform;
}
type Transform = 'T' | 'step' | null;

interface Case {
  kind: 'getitem' | 'setitem' | 'call' | 'leaf' | 'double_getitem';
  name: string;
  base?: EncTensor;
  tf?: Transform;
  items?: EncItem[];
  value?: number | boolean | { t: EncTensor; grad: boolean };
  accumulate?: boolean | null;
  call?: string;
  args?: EncArg[];
  error?: string;
  backward_error?: string;
  out?: EncTensor | EncTensor[];
  grad_fn?: string | null;
  is_view?: boolean;
  up?: EncTensor;
  grad?: EncTensor;
  value_grad?: EncTensor;
  grads?: (EncTensor | null)[];
  /** grad_fn of the first input's gradient built with create_graph. */
  double_grad_fn?: string | null;
}

const cases = loadFixture<Case>('indexing');

/** An index item from its JSON encoding: tensors decoded, Python lists passed as arrays. */
function item(e: EncItem): IndexItem {
  if (e !== null && typeof e === 'object') return 't' in e ? dec(e.t) : (e.list as IndexItem);
  return e;
}

function transform(t: Tensor, tf: Transform | undefined): Tensor {
  if (tf === 'T') return t.permute([...Array(t.dim()).keys()].reverse());
  if (tf === 'step') return t.index('...', '::2');
  return t;
}

function leafOf(e: EncTensor, grad = true): Tensor {
  const t = dec(e);
  return grad && t.dtype.is_floating_point ? t.requires_grad_(true) : t;
}

/** node.name() is PyTorch's, namespace included for C++-defined nodes ('torch::autograd::CopySlices'). */
function checkGradFn(out: Tensor, c: Case): void {
  assert.equal(out.grad_fn === null ? null : out.grad_fn.name(), c.grad_fn ?? null, 'grad_fn');
}

const CALLS: Record<string, (...a: never[]) => Tensor | Tensor[]> = {
  cat: (ts: Tensor[], dim?: number) => torch.cat(ts, dim),
  stack: (ts: Tensor[], dim?: number) => torch.stack(ts, dim),
  hstack: (ts: Tensor[]) => torch.hstack(ts),
  vstack: (ts: Tensor[]) => torch.vstack(ts),
  dstack: (ts: Tensor[]) => torch.dstack(ts),
  column_stack: (ts: Tensor[]) => torch.column_stack(ts),
  gather: (x: Tensor, d: number, i: Tensor) => x.gather(d, i),
  scatter: (x: Tensor, d: number, i: Tensor, s: Tensor | number) => x.scatter(d, i, s),
  scatter_: (x: Tensor, d: number, i: Tensor, s: Tensor | number) => x.clone().scatter_(d, i, s),
  scatter_add: (x: Tensor, d: number, i: Tensor, s: Tensor) => x.scatter_add(d, i, s),
  scatter_add_: (x: Tensor, d: number, i: Tensor, s: Tensor) => x.clone().scatter_add_(d, i, s),
  index_select: (x: Tensor, d: number, i: Tensor) => x.index_select(d, i),
  index_add: (x: Tensor, d: number, i: Tensor, s: Tensor, o?: { alpha?: number }) => x.index_add(d, i, s, o),
  index_add_: (x: Tensor, d: number, i: Tensor, s: Tensor, o?: { alpha?: number }) => x.clone().index_add_(d, i, s, o),
  index_put: (x: Tensor, idx: Tensor[], v: Tensor, acc?: boolean) => torch.index_put(x, idx, v, acc),
  masked_fill: (x: Tensor, m: Tensor, v: Tensor | number) => x.masked_fill(m, v),
  masked_fill_: (x: Tensor, m: Tensor, v: Tensor | number) => x.clone().masked_fill_(m, v),
  masked_select: (x: Tensor, m: Tensor) => x.masked_select(m),
  masked_select_fixed: (x: Tensor, m: Tensor) => x.masked_select(m),
  masked_scatter: (x: Tensor, m: Tensor, src: Tensor) => x.masked_scatter(m, src),
  masked_scatter_: (x: Tensor, m: Tensor, src: Tensor) => x.clone().masked_scatter_(m, src),
  masked_scatter_fixed_: (x: Tensor, m: Tensor, src: Tensor) => x.clone().masked_scatter_(m, src),
  flip: (x: Tensor, ...d: number[]) => x.flip(...d),
  fliplr: (x: Tensor) => x.fliplr(),
  flipud: (x: Tensor) => x.flipud(),
  roll: (x: Tensor, s: number | number[], d?: number | number[]) => x.roll(s, d),
  repeat: (x: Tensor, ...r: number[]) => x.repeat(...r),
  tile: (x: Tensor, ...r: number[]) => x.tile(...r),
  tril: (x: Tensor, k?: number) => x.tril(k),
  triu: (x: Tensor, k?: number) => x.triu(k),
  tril_: (x: Tensor, k?: number) => x.clone().tril_(k),
  triu_: (x: Tensor, k?: number) => x.clone().triu_(k),
  nonzero: (x: Tensor) => x.nonzero(),
  nonzero_tuple: (x: Tensor) => x.nonzero({ as_tuple: true }),
  argwhere: (x: Tensor) => torch.argwhere(x),
  where: (x: Tensor, c: Tensor, o: Tensor) => x.where(c, o),
  take: (x: Tensor, i: Tensor) => x.take(i),
  take_along_dim: (x: Tensor, i: Tensor, d?: number) => torch.take_along_dim(x, i, d),
  put: (x: Tensor, i: Tensor, src: Tensor, acc?: boolean) => x.put(i, src, acc),
  put_: (x: Tensor, i: Tensor, src: Tensor, acc?: boolean) => x.clone().put_(i, src, acc),
  index_fill: (x: Tensor, d: number, i: Tensor, v: Tensor | number) => x.index_fill(d, i, v),
  index_fill_: (x: Tensor, d: number, i: Tensor, v: Tensor | number) => x.clone().index_fill_(d, i, v),
  index_copy: (x: Tensor, d: number, i: Tensor, src: Tensor) => x.index_copy(d, i, src),
  index_copy_: (x: Tensor, d: number, i: Tensor, src: Tensor) => x.clone().index_copy_(d, i, src),
  rot90: (x: Tensor, k?: number, dims?: number[]) => x.rot90(k, dims),
};

function arg(e: EncArg, leaves: Tensor[]): unknown {
  if (Array.isArray(e)) return e.map((a) => arg(a, leaves));
  if (e === null || typeof e !== 'object') return e;
  if ('t' in e) return dec(e.t);
  if ('opts' in e) return e.opts;
  const leaf = leafOf(e.in, e.grad);
  leaves.push(leaf);
  return transform(leaf, e.tf);
}

/** The oracle's upstream gradient (up_for), requiring grad so that graphs can be built on it. */
function up(out: Tensor): Tensor {
  return torch.arange(out.numel(), { dtype: out.dtype }).remainder(7).add(1).reshape(out.shape).requires_grad_(true);
}

function backwardAndCompare(out: Tensor, c: Case, check: () => void): void {
  if (!c.up) return;
  const up = dec(c.up);
  if (c.backward_error !== undefined) {
    assert.equal(
      errorOf(() => out.backward(up)),
      c.backward_error,
    );
    return;
  }
  out.backward(up);
  check();
}

for (const c of cases) {
  test(`${c.kind} ${c.name}`, () => {
    if (c.kind === 'getitem') {
      const leaf = leafOf(c.base as EncTensor);
      const x = transform(leaf, c.tf);
      const items = (c.items as EncItem[]).map(item);
      if (c.error !== undefined) {
        assert.equal(
          errorOf(() => x.index(...items)),
          jsMessage(c.error),
        );
        return;
      }
      const out = x.index(...items);
      assertTensor(out, c.out as EncTensor);
      checkGradFn(out, c);
      assert.equal(out._base !== null, c.is_view, 'is a view');
      backwardAndCompare(out, c, () => assertTensor(leaf.grad as Tensor, c.grad as EncTensor, { label: 'grad' }));
    } else if (c.kind === 'setitem') {
      const leaf = leafOf(c.base as EncTensor);
      const w = leaf.dtype.is_floating_point ? leaf.clone() : leaf;
      const x = transform(w, c.tf);
      const items = (c.items as EncItem[]).map(item);
      const v = c.value as Case['value'];
      const value = typeof v === 'object' ? dec(v.t, { requires_grad: v.grad }) : (v as number | boolean);
      const run = (): unknown =>
        c.accumulate === null || c.accumulate === undefined
          ? x.index_put_(items, value)
          : x.index_put_(items, value, c.accumulate);
      if (c.error !== undefined) {
        assert.equal(errorOf(run), jsMessage(c.error));
        return;
      }
      run();
      assertTensor(w, c.out as EncTensor);
      checkGradFn(w, c);
      backwardAndCompare(w, c, () => {
        assertTensor(leaf.grad as Tensor, c.grad as EncTensor, { label: 'grad' });
        if (c.value_grad) assertTensor((value as Tensor).grad as Tensor, c.value_grad, { label: 'value grad' });
      });
    } else if (c.kind === 'double_getitem') {
      const leaf = leafOf(c.base as EncTensor);
      const out = leaf.index(...(c.items as EncItem[]).map(item));
      const [g] = torch.autograd.grad(out, [leaf], { grad_outputs: up(out), create_graph: true });
      assert.equal(g?.grad_fn?.name() ?? null, c.double_grad_fn ?? null);
    } else if (c.kind === 'leaf') {
      const leaf = torch.zeros(3, { dtype: torch.float64, requires_grad: true });
      const items = (c.items as EncItem[]).map(item);
      assert.equal(
        errorOf(() => leaf.index_put_(items, 1)),
        jsMessage(c.error ?? ''),
      );
    } else {
      const leaves: Tensor[] = [];
      const args = (c.args as EncArg[]).map((a) => arg(a, leaves));
      const fn = CALLS[c.call as string] as (...a: unknown[]) => Tensor | Tensor[];
      if (c.error !== undefined) {
        assert.equal(
          errorOf(() => fn(...args)),
          jsMessage(c.error),
        );
        return;
      }
      const out = fn(...args);
      if (c.double_grad_fn !== undefined) {
        const [g] = torch.autograd.grad(out as Tensor, [leaves[0]], {
          grad_outputs: up(out as Tensor),
          create_graph: true,
        });
        assert.equal(g?.grad_fn?.name() ?? null, c.double_grad_fn ?? null, 'double backward grad_fn');
      }
      if (Array.isArray(out)) {
        const want = c.out as EncTensor[];
        assert.equal(out.length, want.length);
        out.forEach((o, i) => assertTensor(o, want[i]));
        return;
      }
      assertTensor(out, c.out as EncTensor);
      checkGradFn(out, c);
      backwardAndCompare(out, c, () =>
        (c.grads ?? []).forEach((g, i) => {
          if (g === null) assert.equal(leaves[i].grad, null);
          else assertTensor(leaves[i].grad as Tensor, g, { label: `grad ${i}` });
        }),
      );
    }
  });
}

test('repeat with a negative repeat of a size-0 dim (accepted, the product being 0) has an empty gradient', () => {
  // PyTorch 1.13's backward reshapes to the negative repeat and throws "invalid shape dimension -2"
  // unless a repeat is 0; the gradient of an empty input is empty either way.
  const x = torch.zeros([2, 0], { dtype: torch.float64, requires_grad: true });
  const y = x.repeat(3, -2);
  assert.deepEqual([...y.shape], [6, 0]);
  y.sum().backward();
  assert.deepEqual([...(x.grad as Tensor).shape], [2, 0]);
  assert.equal(
    torch.autograd.gradcheck((t: Tensor) => t.tile([3, -2]), [x.detach().requires_grad_()]),
    true,
  );
});

test('repeat/tile to an empty result with a huge dim builds no index table (surface fuzzer seed 7085: "Invalid typed array length")', () => {
  const x = torch.zeros([0, 3], { requires_grad: true });
  const y = torch.tile(x, [1e15]);
  assert.deepEqual([...y.shape], [0, 3e15]);
  assert.equal(String(torch.zeros(2, 3).repeat(0, 1e15)), 'tensor([], size=(0, 3000000000000000))');
  y.sum().backward();
  assert.deepEqual([...(x.grad as Tensor).shape], [0, 3]);
});
