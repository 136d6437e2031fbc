// Autograd against PyTorch: grad modes, inference tensors, detach/.data, retain_grad, hooks,
// broadcasting (cases in tests/oracle/autograd_modes.py).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { D, err, name, runCases, T, warningOf } from './autograd_fixture.js';
import { loadFixture } from './helpers.js';

/**
 * The warnings of a first and a second read of a non-leaf's .grad, in a process of their own: the
 * warning is once per process (as Python's default filter shows it once per call site), so what a
 * read in this process emits depends on which tests ran before it.
 */
let fresh: string[][] | undefined;
function nonLeafGradWarnings(): string[][] {
  const src = new URL('../src/index.ts', import.meta.url).href;
  const script = `
    import * as torch from ${JSON.stringify(src)};
    const seen = [];
    process.emitWarning = (w) => { seen.push(typeof w === 'string' ? w : w.message); };
    const y = torch.tensor([1, 2, 3], { dtype: torch.float64, requires_grad: true }).mul(2);
    const reads = [];
    for (let i = 0; i < 2; i++) { seen.length = 0; void y.grad; reads.push([...seen]); }
    console.log(JSON.stringify(reads));`;
  fresh ??= JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }),
  ) as string[][];
  return fresh;
}

const grad1 = (y: Tensor, x: Tensor, opts?: torch.autograd.GradOpts): Tensor =>
  torch.autograd.grad(y, x, opts)[0] as Tensor;

const impls: Record<string, () => unknown> = {
  grad_modes: () => {
    const x = T(1.0, true);
    const y1 = x.pow(2);
    let y2!: Tensor;
    let y4!: Tensor;
    let inNoGrad = true;
    let inEnable = false;
    torch.no_grad(() => {
      y2 = x.pow(3);
      inNoGrad = torch.is_grad_enabled();
      torch.enable_grad(() => {
        y4 = x.mul(4);
        inEnable = torch.is_grad_enabled();
      });
    });
    const y3 = y1.add(y2);
    const y5 = torch.set_grad_enabled(false, () => x.mul(5));
    torch.set_grad_enabled(false);
    const y6 = x.mul(6);
    const glob = torch.is_grad_enabled();
    torch.set_grad_enabled(true);
    const modes = (): boolean[] => [torch.is_grad_enabled(), torch.is_inference_mode_enabled()];
    const [y7, inf, y8, infEnable, y9, infOff] = torch.inference_mode(() => {
      const a = x.mul(7);
      const m = modes();
      const [b, mb] = torch.enable_grad(() => [x.mul(8), modes()] as const);
      const [c, mc] = torch.inference_mode(() => [x.mul(9), modes()] as const, false);
      return [a, m, b, mb, c, mc] as const;
    });
    y3.backward();
    return {
      requires: [y1, y2, y3, y4, y5, y6, y7, y8, y9].map((t) => t.requires_grad),
      modes: [inNoGrad, inEnable, glob, torch.is_grad_enabled()],
      inference: [inf, infEnable, infOff],
      grad: x.grad,
      y3,
      y2,
    };
  },

  grad_modes_inference_tensors: () => {
    const x = D([1.0, 2.0], true);
    const [q, v, y] = torch.inference_mode(() => {
      const qq = torch.ones([2], { dtype: torch.float64 });
      const vv = qq.narrow(0, 0, 1);
      const yy = x.mul(2);
      qq.add_(1);
      return [qq, vv, yy];
    });
    return {
      q: q.clone(),
      flags: [
        q.is_inference(),
        v.is_inference(),
        q.narrow(0, 0, 1).is_inference(),
        q.mul(2).is_inference(),
        q.clone().is_inference(),
        q.detach().is_inference(),
        q.data.is_inference(),
        x.is_inference(),
        y.is_inference(),
        y.requires_grad,
      ],
      save: err(() => x.mul(q)),
      inplace: err(() => q.zero_()),
      inplace_no_grad: err(() => torch.no_grad(() => q.zero_())),
      requires_grad: err(() => q.requires_grad_()),
      no_save_ok: x.add(q).requires_grad,
    };
  },

  backward_inside_no_grad: () => {
    const x = D([1.0, 2.0], true);
    const y = x.mul(x).sum();
    torch.no_grad(() => y.backward());
    const z = x.pow(3).sum();
    const gz = torch.no_grad(() => grad1(z, x));
    return { grad: x.grad, gz, unused: null };
  },

  detach_and_data: () => {
    const x = T([1.0], true);
    const d = x.data;
    const flags = [d.requires_grad, d.is_leaf];
    const y = torch.mul(2, x);
    x.data.mul_(100);
    y.backward();
    const a = D([1.0, 2.0], true);
    const b = a.detach();
    b.select(0, 0).fill_(5.0);
    const e = a.exp();
    e.detach().zero_();
    return {
      data_flags: flags,
      x,
      x_grad: x.grad,
      a_after: a,
      b_flags: [b.requires_grad, b.is_leaf],
      detached_error: err(() => e.sum().backward()),
      versions: [a._version, e._version],
    };
  },

  detach_inplace: () => {
    const x = D([1.0, 2.0], true);
    const y = x.mul(2);
    y.detach_();
    const z = x.mul(3);
    const v = z.select(0, 0);
    return {
      y: [y.requires_grad, y.is_leaf, name(y.grad_fn)],
      view_error: err(() => v.detach_()),
      leaf_view_error: err(() => x.select(0, 0).detach_()),
    };
  },

  data_setter: () => {
    const x = D([1.0, 2.0], true);
    x.data = D([[3.0, 4.0, 5.0]]);
    const y = x.mul(x).sum();
    y.backward();
    return { x, grad: x.grad, shape: x.shape };
  },

  retain_grad_and_warning: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const y = x.mul(2);
    warningOf(() => y.grad); // in this process, it may have been emitted already
    const w = nonLeafGradWarnings()[0];
    y.retain_grad();
    const z = y.mul(y).sum();
    z.backward(null, { retain_graph: true });
    const g1 = (y.grad as Tensor).clone();
    z.backward();
    return {
      warning: w,
      g1,
      g2: y.grad,
      retains: [x.retains_grad, y.retains_grad],
      leaf_retain_noop: x.retain_grad() ?? null,
      no_grad_error: err(() => torch.ones(2).retain_grad()),
    };
  },

  hooks_tensor: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const seen: Tensor[] = [];
    const y = x.mul(2);
    y.register_hook((g) => {
      seen.push(g.clone());
    });
    const h = y.register_hook((g) => g.mul(10));
    const z = y.mul(y).sum();
    z.backward(null, { retain_graph: true });
    const g1 = (x.grad as Tensor).clone();
    h.remove();
    x.grad = null;
    z.backward();
    return { seen, g1, g2: x.grad };
  },

  hooks_leaf_and_order: () => {
    const x = D([1.0, 2.0], true);
    const h = x.register_hook((g) => g.add(1));
    x.mul(3).sum().backward();
    const g1 = (x.grad as Tensor).clone();
    h.remove();
    x.mul(3).sum().backward();
    const y = x.mul(2);
    y.retain_grad();
    y.register_hook((g) => g.mul(10));
    y.mul(1).sum().backward();
    const y2 = x.mul(2);
    y2.register_hook((g) => g.mul(10));
    y2.retain_grad();
    y2.mul(1).sum().backward();
    const hooked = x.mul(1);
    hooked.register_hook((g) => g.mul(100));
    const captured = torch.autograd.grad(hooked.mul(3).sum(), hooked);
    return {
      g1,
      g2: x.grad,
      retain_before_hook: y.grad,
      retain_after_hook: y2.grad,
      captured_before_hooks: captured,
      no_grad_error: err(() => torch.ones(2).register_hook((g) => g)),
    };
  },

  hooks_errors: () => {
    const x = T([1.0, 2.0, 3.0], true);
    const myhook = (g: Tensor): Tensor => g.double();
    const y = x.mul(2);
    y.register_hook((g) => g.sum());
    const z = x.mul(2);
    z.register_hook(myhook);
    const x2 = T([1.0, 2.0, 3.0], true);
    x2.register_hook((g) => g.narrow(0, 0, 2));
    return {
      size: err(() => y.sum().backward()),
      type: err(() => z.sum().backward()),
      leaf_size: err(() => x2.mul(2).sum().backward()),
    };
  },

  hooks_seen_once_summed: () => {
    const x = D([1.0, 2.0], true);
    const z = x.mul(1);
    const seen: Tensor[] = [];
    z.register_hook((g) => {
      seen.push(g.clone());
    });
    z.mul(z).sum().backward();
    return { seen };
  },

  variable_legacy: () => {
    const t = torch.ones(2, 2);
    const v = torch.autograd.Variable(t, { requires_grad: true });
    const u = torch.autograd.Variable(t);
    return { v: [v.requires_grad, v.is_leaf, v.constructor.name], u: [u.requires_grad], v_val: v };
  },

  broadcasting_grads: () => {
    const a = D([[1.0], [2.0], [3.0]], true);
    const b = D([0.5, -1.0, 2.0, 4.0], true);
    const c = D(2.0, true);
    const d = D([[[1.0, 2.0, 3.0, 4.0]], [[-1.0, -2.0, -3.0, -4.0]]], true);
    const y = a.mul(b).add(c).div(d.mul(d).add(1)).sub(a);
    y.backward(torch.ones([2, 3, 4], { dtype: torch.float64 }));
    return { y_shape: y.shape, ga: a.grad, gb: b.grad, gc: c.grad, gd: d.grad };
  },

  broadcasting_scalar_and_keepdim: () => {
    const a = D(
      [
        [1.0, 2.0],
        [3.0, 4.0],
      ],
      true,
    );
    const m = a.mean(1, true);
    const s = a.sum(0);
    const y = a.sub(m).pow(2).mul(s).sum();
    y.backward();
    const p = T([1.0, 2.0], true);
    const q = p.mul(D(3.0)).sum();
    q.backward();
    return { grad: a.grad, p_grad: p.grad, q_dtype: `torch.${q.dtype.name}` };
  },
};

runCases('autograd_modes', impls);

test('the non-leaf .grad warning is emitted once per process', () => {
  const want = (
    loadFixture<{ name: string; result: { warning: string[] } }>('autograd_modes').find(
      (c) => c.name === 'retain_grad_and_warning',
    ) as { result: { warning: string[] } }
  ).result.warning;
  assert.equal(want.length, 1);
  assert.deepEqual(nonLeafGradWarnings(), [want, []]);
  // In this process too, whatever ran before: after one read, a second read is silent.
  const y = D([1.0], true).mul(2);
  warningOf(() => y.grad);
  assert.deepEqual(
    warningOf(() => y.grad),
    [],
  );
});
