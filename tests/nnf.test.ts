// torch.nn.functional's additions and PyTorch's positional calls of its options, against PyTorch
// 1.13 (fixtures from tests/oracle/nnf.py): values, gradients, error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

/**
 * Ops composed from other ops here where ATen records one node (LeakyReluBackward0,
 * ConstantPadNdBackward0, UpsampleBilinear2DBackward1, ...), and in-place forms (recorded as a
 * copy): their printed grad_fn is the last op's, so only its presence is compared.
 */
const COMPOSITE = new Set([
  'F.leaky_relu',
  'F.elu',
  'F.selu',
  'F.celu',
  'F.hardtanh',
  'F.relu6',
  'F.hardsigmoid',
  'F.hardswish',
  'F.mish',
  'F.logsigmoid',
  'F.glu',
  'F.pad',
  'F.smooth_l1_loss',
  'F.huber_loss',
  'F.soft_margin_loss',
  'F.adaptive_avg_pool2d',
  'F.adaptive_max_pool2d',
  'F.interpolate',
  'F.upsample',
  'F.upsample_nearest',
  'F.upsample_bilinear',
  'F.unfold',
  'F.fold',
  'F.threshold',
  'F.hardshrink',
  'F.softshrink',
  'F.prelu',
  'F.conv1d',
  'F.max_pool1d',
  'F.avg_pool1d',
  'F.adaptive_avg_pool1d',
  'F.adaptive_max_pool1d',
  'F.group_norm',
  'F.one_hot',
]);
const composite = (c: OpCase): boolean =>
  COMPOSITE.has(c.op) || c.kwargs?.inplace !== undefined || /inplace/.test(c.name);

// float32 values composed in a different order than ATen's kernels differ in the last bits.
replayCases('nnf_functional', loadFixture<OpCase>('nnf_functional'), {
  tol: { rtol: 1e-5, atol: 1e-5 },
  label: (c) => `F: ${c.name}`,
  composite,
});

interface ModuleCase {
  name: string;
  ctor: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  error?: string;
  train?: boolean;
  repr?: string;
  state_dict?: string[];
  /** The state_dict right after construction (PyTorch's seeded initialisation). */
  state?: Record<string, EncTensor>;
  inputs?: EncTensor[];
  grad_inputs?: number;
  seed?: number;
  out?: EncTensor;
  grad_out?: EncTensor;
  grads?: (EncTensor | null)[];
}

type Ctor = new (...args: unknown[]) => torch.nn.Module;

// Each module built with PyTorch's constructor arguments (positional, then the keyword ones as the
// options object), printed, and run forward and backward on inputs entering as clones.
for (const c of loadFixture<ModuleCase>('nnf_modules')) {
  test(`nn.${c.ctor}: ${c.name}`, () => {
    const C = (torch.nn as unknown as Record<string, Ctor>)[c.ctor];
    const arg = (v: unknown): unknown =>
      v !== null && typeof v === 'object' && 't' in v ? dec((v as { t: EncTensor }).t) : v;
    const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v)]));
    const args = Object.keys(kwargs).length > 0 ? [...c.args.map(arg), kwargs] : c.args.map(arg);
    if (c.error !== undefined) {
      torch.manual_seed(0);
      assert.equal(
        errorOf(() => new C(...args)),
        c.error,
      );
      return;
    }
    torch.manual_seed(0);
    const m = new C(...args);
    m.train(c.train ?? true);
    for (const [k, v] of Object.entries(c.state ?? {})) {
      assertTensor(m.state_dict().get(k) as Tensor, v, { rtol: 0, atol: 0, label: `initial ${k}` });
    }
    assert.equal(String(m), c.repr);
    assert.deepEqual([...m.state_dict().keys()].sort(), c.state_dict);
    const grads = c.grad_inputs ?? 0;
    const xs = (c.inputs ?? []).map((e, i) => dec(e).requires_grad_(i < grads));
    if (c.seed !== undefined) torch.manual_seed(c.seed);
    const forward = m.forward as (...a: Tensor[]) => Tensor | Tensor[];
    let out = forward.call(m, ...xs.map((x) => x.clone()));
    if (Array.isArray(out)) out = out[0];
    assertTensor(out, c.out as EncTensor, { rtol: 1e-5, atol: 1e-5, label: 'out' });
    if (c.grad_out === undefined) return;
    out.backward(dec(c.grad_out));
    (c.grads ?? []).forEach((want, i) => {
      if (want === null) assert.equal(xs[i].grad, null);
      else assertTensor(xs[i].grad as Tensor, want, { rtol: 1e-5, atol: 1e-5, label: `grad ${i}` });
    });
  });
}
