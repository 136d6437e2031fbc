// Hooks PyTorch 2 added, which the 1.13 oracle lacks; expectations are written from PyTorch 2's
// documentation (torch.nn.Module.register_forward_hook / register_forward_pre_hook /
// register_full_backward_pre_hook, torch.Tensor.register_post_accumulate_grad_hook (2.1),
// torch.utils.hooks.BackwardHook's 2.1 warning), plus tensorgrad's own rules for running hooks on
// `forward` (Note [Running hooks on forward] in src/nn/hooks.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { Tensor } from '../src/index.js';
import { err, warningOf } from './autograd_fixture.js';

const nn = torch.nn;
const mm = nn.modules.module;
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const D = (data: number[], rg = false): Tensor => torch.tensor(data, { dtype: torch.float64, requires_grad: rg });

class Affine extends nn.Module {
  w = new nn.Parameter(D([2, 3]));
  forward(x: Tensor, opts?: { shift?: number }): Tensor {
    return x.mul(this.w).add(opts?.shift ?? 0);
  }
}

class Outer extends nn.Module {
  inner = new Affine();
  forward(x: Tensor): Tensor {
    return this.inner.forward(x).tanh();
  }
}

class Derived extends Affine {
  forward(x: Tensor): Tensor {
    return super.forward(x).neg();
  }
}

test('prepend puts a hook first; ids grow; RemovableHandle.remove is idempotent', () => {
  const log: string[] = [];
  const m = new Affine();
  const h1 = m.register_forward_hook(() => void log.push('a'));
  const h2 = m.register_forward_hook(() => void log.push('b'), { prepend: true });
  const h3 = m.register_forward_pre_hook(() => void log.push('p1'));
  const h4 = m.register_forward_pre_hook(() => void log.push('p0'), { prepend: true });
  m.forward(D([1, 1]));
  assert.deepEqual(log, ['p0', 'p1', 'b', 'a']);
  assert.ok(h2.id > h1.id && h4.id > h3.id);
  assert.deepEqual([...m._forward_hooks.keys()], [h2.id, h1.id]);
  for (const h of [h1, h2, h3, h4]) h.remove();
  h1.remove();
  assert.equal(m._forward_hooks.size, 0);
  assert.equal(String(h1), '<torch.utils.hooks.RemovableHandle>');
  assert.ok(h1 instanceof torch.utils.hooks.RemovableHandle);
});

test('with_kwargs: hooks get (module, args, kwargs[, output]); a pre-hook returns [args, kwargs]', () => {
  const m = new Affine();
  const seen: unknown[] = [];
  m.register_forward_pre_hook((_m: Any, args: Any[], kwargs: Any) => [[args[0].mul(2)], { ...kwargs, shift: 1 }], {
    with_kwargs: true,
  });
  m.register_forward_hook(
    (_m: Any, args: Any[], kwargs: Any, out: Any) => {
      seen.push(args.length, kwargs);
      return out.add(100);
    },
    { with_kwargs: true },
  );
  const y = m.forward(D([1, 2]));
  assert.deepEqual(y.tolist(), [105, 113]);
  assert.deepEqual(seen, [1, { shift: 1 }]);
  const bad = new Affine();
  bad.register_forward_pre_hook(() => 5, { with_kwargs: true });
  assert.equal(
    err(() => bad.forward(D([1, 2]))),
    'forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got 5.',
  );
});

test('always_call forward hooks run when forward throws; the error propagates', () => {
  class Boom extends nn.Module {
    forward(): Tensor {
      throw new Error('boom');
    }
  }
  const m = new Boom();
  const log: unknown[] = [];
  m.register_forward_hook((_m: Any, _a: Any, out: Any) => void log.push(['always', out]), { always_call: true });
  m.register_forward_hook(() => void log.push('normal'));
  const g = mm.register_module_forward_hook(() => void log.push('global'), { always_call: true });
  try {
    assert.equal(
      err(() => m.forward()),
      'boom',
    );
  } finally {
    g.remove();
  }
  assert.deepEqual(log, ['global', ['always', null]]);
  const m2 = new Boom();
  m2.register_forward_hook(
    () => {
      throw new Error('hook failed');
    },
    { always_call: true },
  );
  const warns = warningOf(() =>
    assert.equal(
      err(() => m2.forward()),
      'boom',
    ),
  );
  assert.deepEqual(warns, [
    'module forward hook with ``always_call=True`` raised an exception that was silenced as another error was ' +
      'raised in forward: hook failed',
  ]);
});

test('full backward pre-hooks see and may replace grad_output; they run before full backward hooks', () => {
  const m = new Affine();
  const log: unknown[] = [];
  m.register_full_backward_pre_hook((_m: Any, go: Any[]) => {
    log.push(['pre', go[0].tolist()]);
    return [go[0].mul(10)];
  });
  m.register_full_backward_hook(
    (_m: Any, gi: Any[], go: Any[]) => void log.push(['bwd', gi[0].tolist(), go[0].tolist()]),
  );
  const x = D([1, 2], true);
  m.forward(x).sum().backward();
  assert.deepEqual(log, [
    ['pre', [1, 1]],
    ['bwd', [20, 30], [10, 10]],
  ]);
  assert.deepEqual(x.grad?.tolist(), [20, 30]);
  assert.deepEqual(m.w.grad?.tolist(), [10, 20]);
  const bad = new Affine();
  bad.register_full_backward_pre_hook((_m: Any, go: Any[]) => [go[0], go[0]]);
  assert.equal(
    err(() =>
      bad
        .forward(D([1, 2], true))
        .sum()
        .backward(),
    ),
    'Backward pre hook returned an invalid number of grad_output, got 2, but expected 1',
  );
  const g = mm.register_module_full_backward_pre_hook((mod: Any) => void log.push(mod.constructor.name));
  try {
    new nn.Tanh()
      .forward(D([1, 2], true))
      .sum()
      .backward();
  } finally {
    g.remove();
  }
  assert.equal(log[log.length - 1], 'Tanh');
});

test('a full backward hook on a module whose inputs need no grad warns (PyTorch 2.1)', () => {
  const m = new Affine();
  let calls = 0;
  m.register_full_backward_hook((_m: Any, gi: Any[]) => {
    calls++;
    assert.deepEqual(gi, [null]);
  });
  const warns = warningOf(() =>
    m
      .forward(D([1, 2]))
      .sum()
      .backward(),
  );
  assert.equal(calls, 1);
  assert.deepEqual(warns, [
    'Full backward hook is firing when gradients are computed with respect to module outputs since no inputs ' +
      'require gradients. See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook ' +
      'for more details.',
  ]);
});

test('register_post_accumulate_grad_hook runs after .grad is accumulated (PyTorch 2.1)', () => {
  const p = D([1, 2], true);
  const seen: number[][] = [];
  const h = p.register_post_accumulate_grad_hook((t) => void seen.push((t.grad as Tensor).tolist() as number[]));
  p.mul(3).sum().backward();
  p.mul(3).sum().backward();
  h.remove();
  p.mul(3).sum().backward();
  assert.deepEqual(seen, [
    [3, 3],
    [6, 6],
  ]);
  assert.deepEqual(p.grad?.tolist(), [9, 9]);
  assert.equal(
    err(() => D([1]).register_post_accumulate_grad_hook(() => null)),
    "cannot register a hook on a tensor that doesn't require gradient",
  );
  assert.equal(
    err(() => p.mul(2).register_post_accumulate_grad_hook(() => null)),
    'post accumulate grad hooks cannot be registered on non-leaf tensors',
  );
});

test('hooks run when a parent calls this.sub.forward, once through super.forward, and leave the module plain', () => {
  const outer = new Outer();
  const log: string[] = [];
  const h = outer.inner.register_forward_hook(() => void log.push('inner'));
  outer.forward(D([1, 2]));
  assert.deepEqual(log, ['inner']);
  assert.ok(outer.inner instanceof Affine);
  assert.equal(String(outer), 'Outer(\n  (inner): Affine()\n)');
  assert.deepEqual([...outer.state_dict().keys()], ['inner.w']);
  assert.deepEqual(Object.keys(outer.inner), ['training', 'w']);
  assert.equal([...outer.parameters()].length, 1);
  h.remove();
  assert.equal(Object.getPrototypeOf(outer.inner), Affine.prototype);
  outer.forward(D([1, 2]));
  assert.deepEqual(log, ['inner']);

  const d = new Derived();
  const g = mm.register_module_forward_hook((mod: Any) => void log.push('global ' + mod.constructor.name));
  try {
    d.forward(D([1, 2]));
    d.register_forward_hook(() => void log.push('local'));
    d.forward(D([1, 2]));
  } finally {
    g.remove();
  }
  assert.deepEqual(log.slice(1), ['global Derived', 'global Derived', 'local']);
  d.forward(D([1, 2]));
  assert.deepEqual(log.slice(4), ['local']);
});

test('hooks coexist with spectral_norm, and with checkpoint', () => {
  const lin = new nn.Linear(3, 2).double();
  const log: string[] = [];
  lin.register_forward_hook(() => void log.push('hook'));
  nn.utils.spectral_norm(lin);
  lin.forward(torch.ones(1, 3, { dtype: torch.float64 }));
  assert.deepEqual(log, ['hook']);
  const m = new Affine();
  m.register_forward_hook(() => void log.push('ckpt'));
  const x = D([1, 2], true);
  const y = torch.utils.checkpoint.checkpoint((t: Tensor) => m.forward(t), x, { use_reentrant: false });
  y.sum().backward();
  assert.deepEqual(log, ['hook', 'ckpt', 'ckpt']);
  assert.deepEqual(x.grad?.tolist(), [2, 3]);
});

test('hook registration checks its arguments', () => {
  const m = new Affine();
  assert.match(err(() => m.register_forward_hook(3 as Any)) ?? '', /hook/);
  assert.equal(
    err(() => m.register_forward_hook(() => null, { bogus: true } as Any)),
    "register_forward_hook() got an unexpected keyword argument 'bogus'",
  );
  assert.match(err(() => (D([1], true).exp().grad_fn as Any).register_prehook(null)) ?? '', /not callable/);
  assert.match(
    err(() =>
      torch.autograd.graph.saved_tensors_hooks(
        1 as Any,
        (t) => t,
        () => 0,
      ),
    ) ?? '',
    /pack_hook/,
  );
  assert.match(err(() => torch.autograd.graph.disable_saved_tensors_hooks(3 as Any, () => 0)) ?? '', /error_message/);
  assert.equal(
    err(() => torch.autograd.graph.save_on_cpu({ pin: true } as Any, () => 0)),
    "save_on_cpu() got an unexpected keyword argument 'pin'",
  );
});

test('checkpoint: preserve_rng_state, the use_reentrant warning, and a mismatched recomputation', () => {
  const x = D([1, 2, 3, 4, 5, 6, 7, 8], true);
  const drop = (t: Tensor): Tensor => torch.nn.functional.dropout(t, 0.5).mul(t);
  torch.manual_seed(3);
  const ref = drop(x);
  ref.sum().backward();
  const want = (x.grad as Tensor).clone();
  (x as Any).grad = null;
  torch.manual_seed(3);
  const warns = warningOf(() => torch.utils.checkpoint.checkpoint(drop, x).sum().backward());
  assert.deepEqual(x.grad?.tolist(), want.tolist());
  assert.equal(warns.length <= 1, true);
  let n = 0;
  const odd = (t: Tensor): Tensor => (n++ === 0 ? t.exp() : t.mul(1));
  const y = torch.utils.checkpoint.checkpoint(odd, x, { use_reentrant: false, preserve_rng_state: false });
  assert.equal(
    err(() => y.sum().backward()),
    'torch.utils.checkpoint: A different number of tensors was saved during the original forward and recomputation.',
  );
  let k = 0;
  const reshaped = (t: Tensor): Tensor => (k++ === 0 ? t : t.reshape(2, 4)).exp();
  const z = torch.utils.checkpoint.checkpoint(reshaped, x, { use_reentrant: false });
  let thrown: unknown = null;
  try {
    z.sum().backward();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof torch.utils.checkpoint.CheckpointError);
  assert.equal(
    (thrown as Error).message,
    'torch.utils.checkpoint: Recomputed values for the following tensors have different metadata than during ' +
      "the forward pass.\ntensor at position 0:\nsaved metadata: {'shape': torch.Size([8]), 'dtype': torch.float64, " +
      "'device': device(type='cpu')}\nrecomputed metadata: {'shape': torch.Size([2, 4]), 'dtype': torch.float64, " +
      "'device': device(type='cpu')}\n",
  );
});

test('the legacy global backward hook sits on the output grad_fn, and may replace grad_input', () => {
  const log: unknown[] = [];
  const g = mm.register_module_backward_hook((mod: Any, gi: Any[], go: Any[]) => {
    log.push([mod.constructor.name, gi.length, go.length]);
    return [gi[0].mul(2)];
  });
  const x = D([0.5, -1], true);
  try {
    new nn.Tanh().forward(x).sum().backward();
  } finally {
    g.remove();
  }
  assert.deepEqual(log, [['Tanh', 1, 1]]);
  const want = torch.tanh(x.detach()).pow(2).neg().add(1).mul(2);
  assert.ok(torch.allclose(x.grad as Tensor, want));
  assert.equal(
    err(() => mm.register_module_full_backward_hook(() => null)),
    'Cannot use both regular backward hooks and full backward hooks as a global Module hook. Please use only one of them.',
  );
});

test('register_state_dict_pre_hook runs with each module and its prefix (PyTorch 2.0)', () => {
  const outer = new Outer();
  const log: unknown[] = [];
  outer.register_state_dict_pre_hook(
    (m: Any, prefix: string, keep: boolean) => void log.push([m.constructor.name, prefix, keep]),
  );
  const h = outer.inner.register_state_dict_pre_hook(
    (m: Any, prefix: string) => void log.push([m.constructor.name, prefix]),
  );
  assert.deepEqual([...outer.state_dict().keys()], ['inner.w']);
  h.remove();
  outer.state_dict();
  assert.deepEqual(log, [
    ['Outer', '', false],
    ['Affine', 'inner.'],
    ['Outer', '', false],
  ]);
  assert.equal(Object.getPrototypeOf(outer), Outer.prototype);
});

test('hooks registered after a parametrization run, and removing them keeps the parametrization', () => {
  const lin = new nn.Linear(2, 2).double();
  class Double extends nn.Module {
    forward(w: Tensor): Tensor {
      return w.mul(2);
    }
  }
  nn.utils.parametrize.register_parametrization(lin, 'weight', new Double());
  const log: string[] = [];
  const h = lin.register_forward_hook(() => void log.push('hook'));
  nn.utils.parametrize.register_parametrization(lin, 'bias', new Double());
  const x = torch.ones(1, 2, { dtype: torch.float64 });
  const y1 = lin.forward(x);
  h.remove();
  const y2 = lin.forward(x);
  assert.deepEqual(log, ['hook']);
  assert.ok(torch.equal(y1, y2));
  assert.equal(lin.constructor.name, 'ParametrizedLinear');
  assert.ok(torch.equal(lin.bias as Tensor, (lin as Any).parametrizations.bias.original.mul(2)));
});

test('RemovableHandle and checkpoint_sequential check their arguments', () => {
  const d = new Map<number, unknown>();
  const h = new torch.utils.hooks.RemovableHandle(d, { extra_dict: new Map() });
  d.set(h.id, 1);
  h.remove();
  assert.equal(d.size, 0);
  assert.equal(
    err(() => new torch.utils.hooks.RemovableHandle([] as Any)),
    "cannot create weak reference to 'Array' object",
  );
  assert.equal(
    err(() => torch.utils.checkpoint.checkpoint_sequential(D([1]) as Any, 1, D([1]))),
    "checkpoint_sequential(): argument 'functions' must be nn.Sequential or Array, not Tensor",
  );
  assert.equal(
    err(() => torch.utils.checkpoint.checkpoint_sequential([3 as Any], 1, D([1]))),
    "'number' object is not callable",
  );
});
