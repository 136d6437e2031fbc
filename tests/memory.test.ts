// What the memory savings of a training step must not change (issue 14): AccumulateGrad takes a
// gradient only the engine holds as the leaf's .grad without copying it (Note [Taking a gradient],
// engine.ts), so a gradient anything else can reach must still be copied; and add_/sub_/mul_/div_
// write straight into self when they can (Note [Writing in place directly], op.ts), with the
// values, versions and errors of the out-of-place path. The expected values are the out-of-place
// results computed here, not typed numbers.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { ownership } from '../src/autograd/engine.js';

// The engine tracks only large gradients by default; these tests check its rules on small ones.
ownership.minElements = 0;

const same = (a: Tensor, b: Tensor): void => assert.deepEqual(a.tolist(), b.tolist());

/** Whether two tensors share storage: writing into one changes the other. */
function aliased(a: Tensor, b: Tensor): boolean {
  const before = b.clone();
  torch.no_grad(() => a.add_(1));
  const changed = !torch.equal(b, before);
  torch.no_grad(() => a.sub_(1));
  return changed;
}

describe('AccumulateGrad takes only gradients nothing else holds', () => {
  it('a seed passed straight to a leaf is copied', () => {
    const x = torch.randn([3, 4]).requires_grad_();
    const g = torch.randn([3, 4]);
    x.backward(g);
    same(x.grad!, g);
    assert.ok(!aliased(g, x.grad!));
  });

  it('one gradient passed through to two leaves gives each its own .grad', () => {
    const a = torch.randn([5]).requires_grad_();
    const b = torch.randn([5]).requires_grad_();
    a.mul(2).add(b).sum().backward();
    assert.ok(!aliased(a.grad!, b.grad!));
    const c = torch.randn([5]).requires_grad_();
    const d = torch.randn([5]).requires_grad_();
    c.mul(3).add(d.mul(3)).sum().backward();
    assert.ok(!aliased(c.grad!, d.grad!));
  });

  it('a gradient a leaf hook keeps is copied', () => {
    const w = torch.randn([4, 3]).requires_grad_();
    let seen: Tensor | null = null;
    w.register_hook((g) => {
      seen = g;
    });
    torch.randn([2, 4]).matmul(w).sum().backward();
    assert.ok(seen !== null);
    same(w.grad!, seen);
    assert.ok(!aliased(w.grad!, seen));
  });

  it('a gradient a node post hook sees is copied', () => {
    const w = torch.randn([4, 3]).requires_grad_();
    const y = torch.randn([2, 4]).matmul(w);
    let seen: (Tensor | null)[] = [];
    y.grad_fn!.register_hook((gradInputs) => {
      seen = gradInputs;
    });
    y.sum().backward();
    const g = seen.find((t) => t !== null && t.shape.join() === '4,3') as Tensor;
    same(w.grad!, g);
    assert.ok(!aliased(w.grad!, g));
  });

  it('a gradient captured by autograd.grad is not taken by a leaf', () => {
    const x = torch.randn([3]).requires_grad_();
    const y = x.mul(x).sum();
    const [gx] = torch.autograd.grad([y], [x], { retain_graph: true });
    y.backward();
    same(x.grad!, gx as Tensor);
    assert.ok(!aliased(x.grad!, gx as Tensor));
  });

  it('a gradient returned by a custom Function is copied', () => {
    const held = torch.ones([3]);
    class Keep extends torch.autograd.Function {
      static forward(_ctx: unknown, x: Tensor): Tensor {
        return x.clone();
      }
      static backward(): Tensor {
        return held;
      }
    }
    const x = torch.randn([3]).requires_grad_();
    (Keep.apply(x) as Tensor).sum().backward();
    same(x.grad!, held);
    assert.ok(!aliased(x.grad!, held));
  });

  it('a gradient that is a saved tensor is copied', () => {
    // d(x * c)/dc = x when the incoming gradient is all ones... computed fresh; mul by a leaf
    // whose gradient is the other factor exercises the saved-tensor check either way.
    const x = torch.randn([4]).requires_grad_();
    const c = torch.randn([4]).requires_grad_();
    x.mul(c).backward(torch.ones([4]));
    same(c.grad!, x.detach());
    assert.ok(!aliased(c.grad!, x));
    assert.ok(!aliased(x.grad!, c));
  });

  it('a taken gradient has the leaf layout, and later gradients accumulate into it', () => {
    const w = torch.randn([3, 5]).t().detach().requires_grad_();
    const x = torch.randn([2, 5]);
    const loss = x.matmul(w).pow(2).sum();
    loss.backward({ retain_graph: true });
    assert.deepEqual(w.grad!.stride(), w.stride());
    const first = w.grad!.clone();
    const grad = w.grad!;
    loss.backward();
    assert.equal(w.grad, grad);
    same(w.grad!, first.mul(2));
  });

  it('the sum of two gradients arriving at a leaf is its .grad, and create_graph still records', () => {
    const x = torch.randn([4]).requires_grad_();
    x.mul(2).add(x.mul(3)).sum().backward();
    same(x.grad!, torch.full([4], 5));
    const y = torch.randn([4]).requires_grad_();
    y.pow(3).sum().backward({ create_graph: true });
    assert.ok(y.grad!.grad_fn !== null);
    same(y.grad!, y.detach().pow(2).mul(3));
  });

  it('gradients summed at a shared tensor give the out-of-place sums', () => {
    const x = torch.randn([4]).requires_grad_();
    const y = x.mul(2);
    y.retain_grad();
    const loss = y.mul(3).add(y.mul(4)).add(y.exp()).sum();
    loss.backward({ retain_graph: true });
    const gy = y.detach().exp().add(7);
    same(y.grad!, gy);
    same(x.grad!, gy.mul(2));
    // The first gradient passed through unchanged (not the engine's own): summed out of place.
    const seed = torch.randn([4]);
    const before = seed.clone();
    const z = x.mul(1);
    z.add(z.mul(2)).backward(seed);
    same(seed, before);
    const z2 = x.mul(1);
    z2.mul(2).add(z2).backward(seed);
    same(seed, before);
    const [gz] = torch.autograd.grad([x.mul(1).add(x.mul(2))], [x], { grad_outputs: [seed] });
    same(gz as Tensor, seed.mul(3));
  });

  it('a stolen gradient is not handed out again by a later backward', () => {
    const w = torch.randn([4, 3]).requires_grad_();
    const x = torch.randn([2, 4]);
    x.matmul(w).sum().backward();
    const g = w.grad!;
    const v = torch.randn([4, 3]).requires_grad_();
    v.backward(g);
    assert.ok(!aliased(v.grad!, g));
  });
});

describe('in-place arithmetic written directly', () => {
  const ops = ['add_', 'sub_', 'mul_', 'div_'] as const;
  const outOfPlace = { add_: 'add', sub_: 'sub', mul_: 'mul', div_: 'div' } as const;

  for (const op of ops) {
    it(`${op} gives the out-of-place values, bumps the version once (float32, float64, broadcast, scalar)`, () => {
      for (const dtype of [torch.float32, torch.float64]) {
        for (const other of [torch.randn([3, 4], { dtype }), torch.randn([4], { dtype }), 0.3, 2]) {
          const p = torch.randn([3, 4], { dtype });
          const expected = (p[outOfPlace[op]] as (o: unknown) => Tensor)(other);
          const v = p._version;
          (p[op] as (o: unknown) => Tensor)(other);
          assert.equal(p._version, v + 1);
          same(p, expected);
        }
      }
    });
  }

  it('alpha scales the other operand as the out-of-place op does', () => {
    const p = torch.randn([6]);
    const q = torch.randn([6]);
    const expected = p.sub(q, { alpha: 0.1 });
    p.sub_(q, { alpha: 0.1 });
    same(p, expected);
    const r = torch.randn([6]);
    const expected2 = r.add(q, { alpha: 3 });
    r.add_(q, { alpha: 3 });
    same(r, expected2);
  });

  it('an operand sharing self storage gives the out-of-place result', () => {
    const a = torch.randn([4]);
    const expected = a.add(a);
    a.add_(a);
    same(a, expected);
    const m = torch.randn([3, 3]);
    const expected2 = m.mul(m.t());
    m.mul_(m.t());
    same(m, expected2);
    const rows = torch.randn([2, 5]);
    const expected3 = rows.select(0, 0).div(rows.select(0, 1));
    rows.select(0, 0).div_(rows.select(0, 1));
    same(rows.select(0, 0), expected3);
  });

  it('a non-contiguous self and mixed dtypes keep the out-of-place path and its errors', () => {
    const m = torch.randn([3, 4]);
    const t = m.t();
    const expected = t.mul(2);
    t.mul_(2);
    same(t, expected);
    const f = torch.randn([3]);
    const expected2 = f.add(torch.ones([3], { dtype: torch.float64 })).to(torch.float32);
    f.add_(torch.ones([3], { dtype: torch.float64 }));
    same(f, expected2);
    assert.equal(f.dtype, torch.float32);
    const i = torch.ones([3], { dtype: torch.int64 });
    assert.throws(() => i.add_(1.5), /result type Float can't be cast to the desired output type Long/);
  });

  it('in-place arithmetic under grad still records, with self written directly', () => {
    const x = torch.randn([4]).requires_grad_();
    const y = x.mul(1);
    const q = torch.randn([4]).requires_grad_();
    y.sub_(q, { alpha: 2 });
    assert.equal(y.grad_fn!.name(), 'SubBackward0');
    y.sum().backward();
    same(x.grad!, torch.ones([4]));
    same(q.grad!, torch.full([4], -2));
    const leaf = torch.randn([4]).requires_grad_();
    assert.throws(() => leaf.add_(1), /a leaf Variable that requires grad is being used in an in-place operation/);
  });

  it('an update loop under no_grad gives the same parameters as the out-of-place update', () => {
    torch.manual_seed(0);
    const w = torch.randn([8, 4]).requires_grad_();
    const ref = w.detach().clone();
    const x = torch.randn([16, 8]);
    for (let i = 0; i < 3; i++) {
      x.matmul(w).pow(2).mean().backward();
      const g = w.grad!;
      torch.no_grad(() => w.sub_(g.mul(0.1)));
      w.grad = null;
      const r = ref.clone().requires_grad_();
      x.matmul(r).pow(2).mean().backward();
      ref.copy_(ref.sub(r.grad!.mul(0.1)));
    }
    same(w.detach(), ref);
  });
});
