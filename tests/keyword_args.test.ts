// Parameters PyTorch lets a caller name, given by name in the options object, for entry points
// that are not declared ops: zero_grad(set_to_none=...) on optimizers and modules, and the `v` of
// torch.autograd.functional's vector products. Named and positional forms must agree, and wrong
// types and unknown names get PyTorch's TypeErrors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';

test('zero_grad: set_to_none positionally or by name, on optimizers and modules', () => {
  const model = new torch.nn.Linear(3, 2);
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
  const fill = (): void => model.forward(torch.ones(1, 3)).sum().backward();
  for (const [zero, keeps] of [
    [() => opt.zero_grad(), false],
    [() => opt.zero_grad(true), false],
    [() => opt.zero_grad(false), true],
    [() => opt.zero_grad({ set_to_none: false }), true],
    [() => opt.zero_grad({ set_to_none: true }), false],
    [() => opt.zero_grad({}), false],
    [() => model.zero_grad({ set_to_none: false }), true],
    [() => model.zero_grad(false), true],
    [() => model.zero_grad(), false],
  ] as [() => void, boolean][]) {
    fill();
    zero();
    if (keeps)
      assert.deepEqual(model.weight.grad?.tolist(), [
        [0, 0, 0],
        [0, 0, 0],
      ]);
    else assert.equal(model.weight.grad, null);
  }
  assert.throws(() => opt.zero_grad({ set_to_nil: false } as never), {
    name: 'TypeError',
    message: "zero_grad() got an unexpected keyword argument 'set_to_nil'",
  });
  assert.throws(() => model.zero_grad('no' as never), {
    name: 'TypeError',
    message: "zero_grad(): argument 'set_to_none' (position 1) must be bool, not string",
  });
  assert.throws(() => opt.zero_grad({ set_to_none: 1 } as never), {
    name: 'TypeError',
    message: "zero_grad(): argument 'set_to_none' (position 1) must be bool, not number",
  });
});

test('autograd.functional vector products: v positionally or by name', () => {
  const F = torch.autograd.functional;
  const f = (x: torch.Tensor): torch.Tensor => x.pow(3).mul(2);
  const s = (x: torch.Tensor): torch.Tensor => x.pow(3).sum();
  const x = torch.tensor([1, 2, 3], { dtype: torch.float64 });
  const v = torch.tensor([0.5, -1, 2], { dtype: torch.float64 });
  const same = (a: unknown, b: unknown): void =>
    assert.deepEqual(
      (a as torch.Tensor[]).map((t) => t.tolist()),
      (b as torch.Tensor[]).map((t) => t.tolist()),
    );
  same(F.vjp(f, x, v), F.vjp(f, x, { v }));
  same(F.jvp(f, x, v), F.jvp(f, x, { v }));
  same(F.vhp(s, x, v), F.vhp(s, x, { v }));
  same(F.hvp(s, x, v), F.hvp(s, x, { v, create_graph: false }));
  same(F.vjp(f, x, v, { strict: false }), F.vjp(f, x, { v, strict: false }));
  assert.throws(() => F.vjp(f, x, { w: v } as never), {
    name: 'TypeError',
    message: "vjp() got an unexpected keyword argument 'w'",
  });
  assert.throws(() => F.jvp(f, x, { v } as never, {}), {
    name: 'TypeError',
    message: "jvp() got multiple values for argument 'v'",
  });
});
