// The nn modules and functions added for the tutorials (ConvTranspose, InstanceNorm, containers,
// losses, ...), against PyTorch 1.13 (fixtures from tests/oracle/nn2.py): values, input and
// parameter gradients, seeded initialisation, reprs, state_dict keys and error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

// Every function here is composed from other ops where ATen records one node (or its own
// composition ends on another op): only the grad_fn's presence is compared.

replayCases('nn2_functional', loadFixture<OpCase>('nn2_functional'), {
  tol: { rtol: 1e-5, atol: 1e-5 },
  label: (c) => `F: ${c.name}`,
  composite: () => true,
});

interface ModuleCase {
  name: string;
  ctor: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  error?: string;
  forward_error?: string;
  train?: boolean;
  repr?: string;
  state_dict?: string[];
  named_parameters?: string[];
  state?: Record<string, EncTensor>;
  inputs: EncTensor[];
  fkwargs?: Record<string, unknown>;
  grad_inputs?: number;
  seed?: number;
  out?: EncTensor;
  grad_out?: EncTensor;
  grads?: (EncTensor | null)[];
  param_grads?: Record<string, EncTensor>;
}

type Ctor = new (...args: unknown[]) => torch.nn.Module;

const arg = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(arg);
  if (v !== null && typeof v === 'object') {
    if ('t' in v) return dec((v as { t: EncTensor }).t);
    if ('dtype' in v) return (torch as unknown as Record<string, unknown>)[(v as { dtype: string }).dtype];
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, arg(e)]));
  }
  return v;
};

for (const c of loadFixture<ModuleCase>('nn2_modules')) {
  test(`nn.${c.ctor}: ${c.name}`, () => {
    const C = (torch.nn as unknown as Record<string, Ctor>)[c.ctor];
    assert.ok(C, `nn.${c.ctor} exists`);
    const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v)]));
    const args = Object.keys(kwargs).length > 0 ? [...c.args.map(arg), kwargs] : c.args.map(arg);
    torch.manual_seed(0);
    if (c.error !== undefined) {
      assert.equal(
        errorOf(() => new C(...args)),
        c.error,
      );
      return;
    }
    const m = new C(...args);
    m.train(c.train ?? true);
    for (const [k, v] of Object.entries(c.state ?? {})) {
      assertTensor(m.state_dict().get(k) as Tensor, v, { rtol: 0, atol: 0, label: `initial ${k}` });
    }
    assert.equal(String(m), c.repr);
    assert.deepEqual([...m.state_dict().keys()].sort(), c.state_dict);
    assert.deepEqual(
      [...m.named_parameters()].map(([n]) => n),
      c.named_parameters,
    );
    const grads = c.grad_inputs ?? 0;
    const xs = c.inputs.map((e, i) => {
      const x = dec(e);
      return x.requires_grad_(i < grads && x.is_floating_point());
    });
    if (c.inputs.length === 0) return;
    if (c.seed !== undefined) torch.manual_seed(c.seed);
    const forward = m.forward as (...a: unknown[]) => Tensor | Tensor[];
    const fargs: unknown[] = xs.map((x) => x.clone());
    if (c.fkwargs) fargs.push(Object.fromEntries(Object.entries(c.fkwargs).map(([k, v]) => [k, arg(v)])));
    if (c.forward_error !== undefined) {
      assert.equal(
        errorOf(() => forward.call(m, ...fargs)),
        c.forward_error,
      );
      return;
    }
    let out = forward.call(m, ...fargs);
    if (Array.isArray(out)) out = out[0];
    assertTensor(out, c.out as EncTensor, { rtol: 1e-5, atol: 1e-5, label: 'out' });
    if (c.grad_out === undefined) return;
    out.backward(dec(c.grad_out));
    (c.grads ?? []).forEach((want, i) => {
      if (want === null) assert.equal(xs[i].grad, null);
      else assertTensor(xs[i].grad as Tensor, want, { rtol: 1e-5, atol: 1e-5, label: `grad ${i}` });
    });
    const params = new Map(m.named_parameters());
    for (const [k, v] of Object.entries(c.param_grads ?? {})) {
      assertTensor(params.get(k)?.grad as Tensor, v, { rtol: 1e-4, atol: 1e-5, label: `grad ${k}` });
    }
  });
}

interface ContainerCase {
  repr: string;
  named_parameters: string[];
  state_dict: string[];
  one_repr: string;
}

test('ParameterList and ParameterDict inside a module: repr, named_parameters, state_dict', () => {
  const [want] = loadFixture<ContainerCase>('nn2_containers');
  class Net extends torch.nn.Module {
    ps = new torch.nn.ParameterList([new torch.nn.Parameter(torch.zeros(2)), new torch.nn.Parameter(torch.ones(3, 2))]);
    pd = new torch.nn.ParameterDict({
      w: new torch.nn.Parameter(torch.zeros(4)),
      b: new torch.nn.Parameter(torch.zeros(1, { dtype: torch.float64 })),
    });
    lin = new torch.nn.Linear(2, 2);
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  const net = new Net();
  assert.equal(String(net), want.repr);
  assert.deepEqual(
    [...net.named_parameters()].map(([n]) => n),
    want.named_parameters,
  );
  assert.deepEqual([...net.state_dict().keys()], want.state_dict);
  assert.equal(String(new torch.nn.ParameterList([new torch.nn.Parameter(torch.zeros(5))])), want.one_repr);
  // list and dict access
  assert.equal(net.ps.length, 2);
  assert.deepEqual([...net.ps.at(-1).shape], [3, 2]);
  net.ps.append(torch.ones(1));
  assert.ok(net.ps.at(2) instanceof torch.nn.Parameter);
  assert.deepEqual(net.pd.keys(), ['b', 'w']);
  assert.ok(net.pd.has('w') && !net.pd.has('x'));
  net.pd.set('c', torch.ones(2));
  assert.deepEqual(net.pd.keys(), ['b', 'w', 'c']);
  assert.equal(net.pd.pop('c').numel(), 2);
  assert.equal(net.pd.length, 2);
  assert.equal(
    errorOf(() => net.ps.append(3 as unknown as Tensor)),
    "cannot assign 'number' object to parameter '3' (torch.nn.Parameter or None required)",
  );
});

test('InstanceNorm and Softmax2d forward a non-tensor input: a TypeError naming the argument, not an internal error', () => {
  for (const m of [new torch.nn.InstanceNorm1d(3), new torch.nn.InstanceNorm3d(3), new torch.nn.Softmax2d()]) {
    for (const bad of [undefined, null, 2, [1, 2]]) {
      assert.throws(
        () => m.forward(bad as never),
        (e: Error) =>
          e instanceof TypeError && e.message.startsWith("forward(): argument 'input' (position 1) must be Tensor"),
      );
    }
  }
});

test('gaussian_nll_loss takes eps as a float even when integral: an integer var is refused as by clamp_(min=2.0)', () => {
  // PyTorch clamps a clone of var in place with a float eps; JavaScript's 2 is Python's 2.0 here.
  const F = torch.nn.functional;
  const x = torch.zeros(1, 3, { dtype: torch.int32 });
  assert.throws(
    () => F.gaussian_nll_loss(x, x, torch.ones(1, 1, { dtype: torch.int32 }), { eps: 2 }),
    /^TypeError: result type Float can't be cast to the desired output type int$/,
  );
  const loss = F.gaussian_nll_loss(torch.tensor([1, 2]), torch.zeros(2), torch.tensor([0.5, 4]), { eps: 2 });
  // var clamped to [2, 4]: 0.5 (log 2 + 1/2) and 0.5 (log 4 + 4/4), averaged
  assert.ok(Math.abs((loss.item() as number) - (0.5 * (Math.log(2) + 0.5) + 0.5 * (Math.log(4) + 1)) / 2) < 1e-6);
});
