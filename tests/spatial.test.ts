// The spatial ops against PyTorch 1.13 (fixtures from tests/oracle/spatial.py): F.affine_grid,
// F.grid_sample, the 3-D convolutions and poolings, max_unpool, lp_pool and dropout3d (values,
// gradients, error texts), and their nn modules (repr, seeded init, forward, gradients).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, loadFixture, type EncTensor } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const { nn } = torch;

interface ModuleCase {
  name: string;
  ctor: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  seed: number;
  train: boolean;
  repr: string;
  init: Record<string, EncTensor>;
  input: EncTensor;
  forward_seed: number;
  out: EncTensor;
  indices?: EncTensor;
  input_grad: EncTensor;
  param_grads: Record<string, EncTensor>;
}

interface UnpoolCase {
  nd: number;
  input: EncTensor;
  indices: EncTensor;
  output_size: number[];
  out: EncTensor;
  grad: EncTensor;
}

interface CircularCase {
  input: EncTensor;
  padding: number[];
  out: EncTensor;
  grad: EncTensor;
  unbatched: EncTensor;
}

interface Fixture {
  cases: OpCase[];
  modules: ModuleCase[];
  reprs: Record<string, string>;
  unpool: UnpoolCase[];
  circular: Record<string, CircularCase>;
  convt_output_size: { input: EncTensor; output_size: number[]; out: EncTensor; error: string };
  warnings: string[];
}

const fx = loadFixture<Fixture>('spatial') as unknown as Fixture;

// Every warning of this file's calls (the op cases without align_corners among them).
const warned: string[] = [];
process.on('warning', (w) => warned.push(w.message));

// Composites: PyTorch records one node (GridSampler2DBackward0, ...), tensorgrad the ops it is made
// of, so grad_fn names and _version are not compared (values and gradients are). float32 results
// differ from ATen's by rounding order (2-D taps summed per depth tap, sums divided once).
replayCases('spatial', fx.cases, { tol: { rtol: 1e-5, atol: 1e-5 }, composite: () => true });

type Ctor = new (...args: unknown[]) => torch.nn.Module;

function gradLike(out: Tensor): Tensor {
  return torch
    .arange(out.numel(), { dtype: torch.float64 })
    .remainder(7)
    .sub(2.5)
    .div(2)
    .reshape(out.shape)
    .to(out.dtype);
}

const tol = { rtol: 1e-4, atol: 1e-5 };

for (const c of fx.modules) {
  test(`module: ${c.name}`, () => {
    torch.manual_seed(c.seed);
    const C = (nn as unknown as Record<string, Ctor>)[c.ctor];
    assert.equal(typeof C, 'function', `nn.${c.ctor} is missing`);
    const args: unknown[] = [...c.args];
    if (Object.keys(c.kwargs).length > 0) args.push(c.kwargs);
    const m = new C(...args);
    assert.equal(String(m), c.repr, 'repr');
    const state = m.state_dict();
    assert.deepEqual([...state.keys()], Object.keys(c.init), 'state_dict keys');
    for (const [k, v] of state) assertTensor(v, c.init[k], { rtol: 0, atol: 0, label: `init ${k}` });
    m.train(c.train);
    const x = dec(c.input).requires_grad_(true);
    torch.manual_seed(c.forward_seed);
    let out = m.forward(x) as Tensor | [Tensor, Tensor];
    if (Array.isArray(out)) {
      assertTensor(out[1], c.indices as EncTensor, { rtol: 0, atol: 0, label: 'indices' });
      out = out[0];
    }
    assertTensor(out, c.out, { ...tol, label: 'out' });
    out.backward(gradLike(out));
    assertTensor(x.grad as Tensor, c.input_grad, { ...tol, label: 'input grad' });
    for (const [k, p] of m.named_parameters()) {
      assertTensor(p.grad as Tensor, c.param_grads[k], { ...tol, label: `grad ${k}` });
    }
  });
}

test('module reprs', () => {
  const r = fx.reprs;
  assert.equal(String(new nn.Conv3d(1, 2, 3)), r.Conv3d);
  assert.equal(
    String(
      new nn.Conv3d(2, 4, [3, 5, 1], {
        stride: 2,
        padding: [1, 2, 0],
        dilation: 2,
        groups: 2,
        bias: false,
        padding_mode: 'replicate',
      }),
    ),
    r['Conv3d full'],
  );
  assert.equal(String(new nn.Conv3d(2, 4, 2, { padding: 'valid' })), r['Conv3d valid']);
  assert.equal(
    String(new nn.ConvTranspose3d(2, 4, 3, { stride: 2, output_padding: 1, padding: [0, 1, 0], dilation: 1 })),
    r.ConvTranspose3d,
  );
  assert.equal(
    String(
      new nn.ConvTranspose3d(2, 4, [1, 2, 3], { stride: [1, 2, 1], padding: 1, dilation: 2, groups: 2, bias: false }),
    ),
    r['ConvTranspose3d full'],
  );
  assert.equal(String(new nn.MaxPool3d(2)), r.MaxPool3d);
  assert.equal(
    String(
      new nn.MaxPool3d([2, 3, 1], {
        stride: 1,
        padding: [1, 1, 0],
        dilation: 2,
        return_indices: true,
        ceil_mode: true,
      }),
    ),
    r['MaxPool3d full'],
  );
  assert.equal(String(new nn.AvgPool3d(3, { stride: [2, 1, 1], padding: 1 })), r.AvgPool3d);
  assert.equal(String(new nn.AdaptiveAvgPool3d([2, null, 3])), r.AdaptiveAvgPool3d);
  assert.equal(String(new nn.AdaptiveMaxPool3d(2, { return_indices: true })), r.AdaptiveMaxPool3d);
  assert.equal(String(new nn.MaxUnpool1d(2)), r.MaxUnpool1d);
  assert.equal(String(new nn.MaxUnpool2d(3, { stride: 2, padding: 1 })), r.MaxUnpool2d);
  assert.equal(String(new nn.MaxUnpool3d([2, 2, 1])), r.MaxUnpool3d);
  assert.equal(String(new nn.LPPool1d(2, 3, { stride: 2 })), r.LPPool1d);
  assert.equal(String(new nn.LPPool2d(1.5, [2, 3])), r.LPPool2d);
  assert.equal(String(new nn.Dropout3d(0.25)), r.Dropout3d);
});

for (const c of fx.unpool) {
  test(`MaxUnpool${c.nd}d module forward and backward`, () => {
    const C = (nn as unknown as Record<string, Ctor>)[`MaxUnpool${c.nd}d`];
    const m = new C(2) as unknown as { forward(x: Tensor, i: Tensor, o?: number[]): Tensor };
    const x = dec(c.input).requires_grad_(true);
    const y = m.forward(x, dec(c.indices), c.output_size);
    assertTensor(y, c.out, { rtol: 0, atol: 0, label: 'out' });
    y.backward(torch.ones_like(y));
    assertTensor(x.grad as Tensor, c.grad, { rtol: 0, atol: 0, label: 'grad' });
  });
}

// CircularPad1d/2d/3d are PyTorch 2.1 modules: their forward is F.pad(input, padding, 'circular'),
// which the 1.13 oracle computes; the repr (the padding tuple) and the rank check are 2.1's.
for (const [nd, c] of Object.entries(fx.circular)) {
  test(`CircularPad${nd}d`, () => {
    const C = (nn as unknown as Record<string, Ctor>)[`CircularPad${nd}d`];
    const m = new C(c.padding);
    assert.equal(String(m), `CircularPad${nd}d((${c.padding.join(', ')}))`);
    const x = dec(c.input).requires_grad_(true);
    const y = m.forward(x) as Tensor;
    assertTensor(y, c.out, { rtol: 0, atol: 0, label: 'out' });
    y.backward(torch.ones_like(y));
    assertTensor(x.grad as Tensor, c.grad, { rtol: 0, atol: 0, label: 'grad' });
    assertTensor(m.forward(dec(c.input).select(0, 0)) as Tensor, c.unbatched, { rtol: 0, atol: 0, label: 'unbatched' });
    const n = Number(nd);
    assert.throws(() => m.forward(torch.zeros(Array<number>(n).fill(2))), {
      message: `expected ${n + 1}D or ${n + 2}D input (got ${n}D input)`,
    });
    assert.equal(
      String(new C(1)),
      `CircularPad${nd}d((${Array<number>(2 * n)
        .fill(1)
        .join(', ')}))`,
    );
  });
}

test('ConvTranspose3d forward with output_size', () => {
  const c = fx.convt_output_size;
  torch.manual_seed(5);
  const m = new nn.ConvTranspose3d(2, 3, 3, { stride: 2, padding: 1 });
  const x = dec(c.input);
  assertTensor(m.forward(x, c.output_size), c.out, { rtol: 1e-5, atol: 1e-6, label: 'out' });
  assertTensor(m.forward(x, { output_size: c.output_size }), c.out, { rtol: 1e-5, atol: 1e-6, label: 'out' });
  assert.throws(() => m.forward(x, [9, 9, 9]), { message: c.error });
});

test('grid_sample has a second derivative (PyTorch 1.13 has none)', () => {
  const x = torch.randn([1, 2, 3, 4], { dtype: torch.float64, requires_grad: true });
  const g = torch.rand([1, 2, 2, 2], { dtype: torch.float64 }).mul(2).sub(1).requires_grad_();
  const y = torch.nn.functional.grid_sample(x, g, { align_corners: false });
  const [gx, gg] = torch.autograd.grad(y.pow(2).sum(), [x, g], { create_graph: true }) as Tensor[];
  const [ggx] = torch.autograd.grad(gx.sum().add(gg.sum()), [x]) as Tensor[];
  assert.deepEqual([...ggx.shape], [1, 2, 3, 4]);
});

test("PyTorch's warnings: align_corners default, unit-size grid, dropout3d rank", async () => {
  // The oracle's three calls (tests/oracle/spatial.py). Each warning is given once per process, so
  // one an earlier test gave is already in `warned` (the tests may run in any order).
  const F = torch.nn.functional;
  F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 1, 2));
  F.affine_grid(torch.zeros(2, 2, 3), [2, 1, 1, 3], { align_corners: true });
  F.dropout3d(torch.zeros(2, 3), 0.5);
  await new Promise((r) => setImmediate(r));
  for (const w of fx.warnings) assert.ok(warned.includes(w), `missing warning: ${w}`);
});

test('Spatial Transformer step: the identity transform samples the input back, gradients reach theta', () => {
  const F = torch.nn.functional;
  torch.manual_seed(0);
  const x = torch.randn([4, 1, 28, 28]);
  const fc = new nn.Linear(8, 6);
  fc.weight.data.zero_();
  fc.bias?.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0]));
  const theta = fc.forward(torch.randn([4, 8])).view([-1, 2, 3]);
  const grid = F.affine_grid(theta, x.size(), { align_corners: false });
  const y = F.grid_sample(x, grid, { align_corners: false });
  assert.ok((y.sub(x).abs().max().item() as number) < 1e-5);
  y.pow(2).sum().backward();
  assert.deepEqual([...(fc.bias?.grad as Tensor).shape], [6]);
  assert.ok(((fc.weight.grad as Tensor).abs().sum().item() as number) > 0);
});
