// Printing, character for character against PyTorch 1.13's repr (tests/oracle/print.py).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { dec, errorOf, expectation, loadFixture, num, type EncTensor } from './helpers.js';

interface PrintCase {
  name: string;
  x: EncTensor;
  opts: Record<string, number | boolean | string | null>[];
  default_dtype: 'float64' | null;
  requires_grad: boolean;
  op: string | null;
  repr: string | null;
  error: string | null;
}

const OPS: Record<string, (x: Tensor) => Tensor> = {
  mul2: (x) => x.mul(2),
  add1: (x) => x.add(1),
  sub1: (x) => x.sub(1),
  div2: (x) => x.div(2),
  neg: (x) => x.neg(),
  pow2: (x) => x.pow(2),
  sum: (x) => x.sum(),
  mean: (x) => x.mean(),
  exp: (x) => x.exp(),
  view: (x) => x.view(-1),
  t: (x) => x.t(),
  unsqueeze0: (x) => x.unsqueeze(0),
  select0: (x) => x.select(0, 0),
  clone: (x) => x.clone(),
};

function printOptions(o: PrintCase['opts'][number]): Parameters<typeof torch.set_printoptions>[0] {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' && k !== 'profile' ? num(v) : v;
  return out;
}

function reset(): void {
  torch.set_printoptions({ profile: 'default' });
  torch.set_default_dtype(torch.float32);
}

const cases = loadFixture<PrintCase>('print');

test('the fixture covers at least 200 cases', () => {
  assert.ok(cases.length >= 200, `${cases.length} cases`);
});

for (const c of cases) {
  test(`print: ${c.name}`, () => {
    try {
      if (c.default_dtype === 'float64') torch.set_default_dtype(torch.float64);
      for (const o of c.opts) torch.set_printoptions(printOptions(o));
      let t = dec(c.x, { requires_grad: c.requires_grad });
      if (c.op !== null) t = OPS[c.op](t);
      if (c.error !== null) {
        assert.equal(
          errorOf(() => String(t)),
          c.error,
        );
        return;
      }
      assert.equal(String(t), c.repr);
      assert.equal(t.toString(), c.repr);
      assert.equal(inspect(t), c.repr);
    } finally {
      reset();
    }
  });
}

test('printing records no autograd history', () => {
  const x = torch.arange(2000, { dtype: torch.float64 }).requires_grad_();
  const y = x.mul(2);
  const before = y.grad_fn;
  String(x);
  String(y);
  assert.equal(y.grad_fn, before);
  assert.equal(x.grad_fn, null);
  assert.equal(x._vc.version, 0);
  y.sum().backward();
  assert.equal(String(x.grad?.select(0, 0)), expectation('print', 'grad of mul(2), element 0'));
});

test('printing works on non-contiguous, expanded and offset views', () => {
  const base = torch.arange(24).reshape(2, 3, 4);
  assert.equal(String(base.transpose(0, 2)), String(base.transpose(0, 2).contiguous()));
  assert.equal(String(base.permute(2, 0, 1).select(0, 1)), expectation('print', 'permute(2, 0, 1).select(0, 1)'));
  assert.equal(String(torch.tensor([1.5, 2.5]).expand(2, 2)), expectation('print', 'expand(2, 2)'));
  assert.equal(String(base.select(1, 2).narrow(1, 1, 2)), expectation('print', 'select(1, 2).narrow(1, 1, 2)'));
  assert.equal(String(base.as_strided([2, 2], [1, 5], 3)), expectation('print', 'as_strided([2, 2], [1, 5], 3)'));
  assert.equal(
    String(base.select(0, 1).select(0, 2).select(0, 3)),
    expectation('print', 'select(0, 1).select(0, 2).select(0, 3)'),
  );
  const big = torch.arange(3000).reshape(30, 100).t();
  assert.equal(String(big), expectation('print', 'arange(3000).reshape(30, 100).t()'));
  assert.equal(String(torch.zeros(3, 0).t()), expectation('print', 'zeros(3, 0).t()'));
});
