// Attention against PyTorch (fixtures from tests/oracle/attention.py): F.scaled_dot_product_attention
// (PyTorch 2's semantics, computed in the oracle from the formula PyTorch 2 documents), and
// nn.MultiheadAttention / Transformer* modules with PyTorch's seeded initialisation, repr,
// state_dict keys, outputs, attention weights and gradients. The float64 gradcheck and
// gradgradcheck of sdpa (each kind of mask) are rows of the op database (tests/opdb/attention.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

const { nn } = torch;
const F = nn.functional;

interface SdpaCase {
  name: string;
  q: EncTensor;
  k: EncTensor;
  v: EncTensor;
  attn_mask: EncTensor | null;
  is_causal: boolean;
  scale: number | null;
  out: EncTensor;
  grad_out: EncTensor;
  grads: EncTensor[];
}

interface Spec {
  ctor: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

interface TensorArg {
  t: EncTensor;
  rg?: boolean;
}

interface ModuleCase {
  name: string;
  spec: Spec;
  seed: number;
  train: boolean;
  repr: string;
  init: Record<string, EncTensor>;
  inputs: TensorArg[];
  kwargs: Record<string, TensorArg | boolean>;
  out: EncTensor;
  weights: EncTensor | null;
  input_grads: (EncTensor | null)[];
  param_grads: Record<string, EncTensor>;
}

const fixture = loadFixture<{ sdpa: SdpaCase[]; modules: ModuleCase[]; misc: Record<string, unknown> }>('attention')[0];

// float32 sums of a few dozen terms, ordered differently from PyTorch's kernels.
const tol = { rtol: 1e-4, atol: 1e-5 };

for (const c of fixture.sdpa) {
  test(`sdpa: ${c.name}`, () => {
    const [q, k, v] = [c.q, c.k, c.v].map((e) => dec(e, { requires_grad: true }));
    const mask = c.attn_mask === null ? null : dec(c.attn_mask);
    const out = F.scaled_dot_product_attention(q, k, v, mask, 0, c.is_causal, { scale: c.scale });
    assertTensor(out, c.out, { ...tol, label: 'out' });
    out.backward(dec(c.grad_out));
    [q, k, v].forEach((t, i) => assertTensor(t.grad as Tensor, c.grads[i], { ...tol, label: `grad ${i}` }));
  });
}

test('sdpa: options object, errors', () => {
  const c = fixture.sdpa.find((s) => s.is_causal) as SdpaCase;
  const [q, k, v] = [c.q, c.k, c.v].map((e) => dec(e));
  assertTensor(F.scaled_dot_product_attention(q, k, v, { is_causal: true }), c.out, tol);
  assert.equal(
    errorOf(() => F.scaled_dot_product_attention(q, k, v, { is_causal: true, attn_mask: torch.ones(1) })),
    '_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True',
  );
  assert.match(
    errorOf(() => F.scaled_dot_product_attention(q, k, v, { causal: true } as never)),
    /unexpected keyword/,
  );
});

type Ctor = new (...args: unknown[]) => torch.nn.Module;

function build(spec: Spec): torch.nn.Module {
  const arg = (a: unknown): unknown =>
    a !== null && typeof a === 'object' && 'module' in (a as object) ? build((a as { module: Spec }).module) : a;
  const C = (nn as unknown as Record<string, Ctor>)[spec.ctor];
  const args = spec.args.map(arg);
  const kwargs = Object.fromEntries(Object.entries(spec.kwargs).map(([k, v]) => [k, arg(v)]));
  // nn.Transformer takes only keywords: its options object is its first argument.
  if (Object.keys(kwargs).length > 0 || args.length === 0) args.push(kwargs);
  return new C(...args);
}

const moduleTol = { rtol: 1e-4, atol: 2e-5 };

for (const c of fixture.modules) {
  test(`module: ${c.name}`, () => {
    torch.manual_seed(c.seed);
    const m = build(c.spec);
    m.train(c.train);
    assert.equal(String(m), c.repr, 'repr');
    const state = m.state_dict();
    assert.deepEqual([...state.keys()], Object.keys(c.init), 'state_dict keys');
    for (const [k, v] of state) assertTensor(v, c.init[k], { rtol: 0, atol: 0, label: `init ${k}` });
    const inputs = c.inputs.map((a) => dec(a.t, { requires_grad: a.rg === true }));
    const kwargs = Object.fromEntries(
      Object.entries(c.kwargs).map(([k, v]) => [k, typeof v === 'object' ? dec(v.t) : v]),
    );
    let out = (m.forward as (...a: unknown[]) => unknown)(...inputs, kwargs) as Tensor | [Tensor, Tensor | null];
    let weights: Tensor | null = null;
    if (Array.isArray(out)) [out, weights] = out;
    assertTensor(out, c.out, { ...moduleTol, label: 'out' });
    if (c.weights === null) assert.equal(weights, null, 'weights');
    else assertTensor(weights as Tensor, c.weights, { ...moduleTol, label: 'weights' });
    let loss = out.mul(gradLike(out)).sum();
    if (weights !== null) loss = loss.add(weights.mul(gradLike(weights)).mul(0.5).sum());
    loss.backward();
    inputs.forEach((x, i) => {
      const want = c.input_grads[i];
      if (want !== null) assertTensor(x.grad as Tensor, want, { ...moduleTol, label: `input grad ${i}` });
    });
    const grads = Object.fromEntries([...m.named_parameters()].map(([k, p]) => [k, p.grad]));
    for (const [k, want] of Object.entries(c.param_grads)) {
      assertTensor(grads[k] as Tensor, want, { ...moduleTol, label: `grad ${k}` });
    }
  });
}

/** tests/oracle/cases.py grad_like: (i mod 7 - 2.5) / 2 in the tensor's shape. */
function gradLike(t: Tensor): Tensor {
  return torch.arange(t.numel(), { dtype: torch.float64 }).remainder(7).sub(2.5).div(2).reshape(t.shape).to(t.dtype);
}

test('generate_square_subsequent_mask and error texts', () => {
  const misc = fixture.misc as Record<string, string> & { square_subsequent_mask_4: EncTensor };
  assertTensor(nn.Transformer.generate_square_subsequent_mask(4), misc.square_subsequent_mask_4, { rtol: 0, atol: 0 });
  const E = 8;
  const mha = new nn.MultiheadAttention(E, 2);
  const x = torch.zeros(4, 3, E);
  const kv = torch.zeros(5, 3, E);
  assert.equal(
    errorOf(() => new nn.MultiheadAttention(10, 3)),
    misc.mha_divisible,
  );
  const x4 = torch.zeros(2, 2, 2, E);
  assert.equal(
    errorOf(() => mha.forward(x4, x4, x4)),
    misc.mha_query_dim,
  );
  assert.equal(
    errorOf(() => mha.forward(x, kv, kv, { attn_mask: torch.zeros(4, 4) })),
    misc.mha_2d_mask_shape,
  );
  assert.equal(
    errorOf(() => mha.forward(x, kv, kv, { attn_mask: torch.zeros(2, 4, 5) })),
    misc.mha_3d_mask_shape,
  );
  assert.equal(
    errorOf(() => mha.forward(torch.zeros(4, 3, 6), kv, kv)),
    misc.mha_embed_dim,
  );
  assert.equal(
    errorOf(() => new nn.TransformerEncoderLayer(E, 2, { activation: 'tanh' as never })),
    misc.activation,
  );
  const tf = new nn.Transformer({
    d_model: E,
    nhead: 2,
    num_encoder_layers: 1,
    num_decoder_layers: 1,
    dim_feedforward: 16,
  });
  assert.equal(
    errorOf(() => tf.forward(kv, x.narrow(1, 0, 2))),
    misc.transformer_batch,
  );
  assert.equal(
    errorOf(() => tf.forward(torch.zeros(5, 3, 6), torch.zeros(4, 3, 6))),
    misc.transformer_features,
  );
  const kpm = torch.zeros([3, 5], { dtype: torch.bool });
  assert.equal(
    errorOf(() => mha.forward(x, kv.select(0, 0), kv)),
    misc.mha_key_dim,
  );
  assert.equal(
    errorOf(() => mha.forward(x, kv, kv, { key_padding_mask: kpm.select(0, 0) })),
    misc.mha_kpm_dim,
  );
  assert.equal(
    errorOf(() => mha.forward(x, kv, kv, { key_padding_mask: kpm.narrow(1, 0, 4) })),
    misc.mha_kpm_shape,
  );
  assert.equal(
    errorOf(() => mha.forward(x, kv, kv, { attn_mask: torch.zeros(1, 1, 4, 5) })),
    misc.mha_mask_dim,
  );
  const x1 = x.select(1, 0);
  const kv1 = kv.select(1, 0);
  assert.equal(
    errorOf(() => mha.forward(x1, kv1, kv1, { key_padding_mask: kpm })),
    misc.mha_unbatched_kpm_dim,
  );
  assert.match(
    errorOf(() => mha.forward(x, kv, kv, { is_causal: true })),
    /^Need attn_mask if specifying the is_causal hint/,
  );
  assert.match(
    errorOf(() => mha.forward(x, kv, kv, { masks: null } as never)),
    /unexpected keyword argument 'masks'/,
  );
});

test('TransformerEncoder: layers are deep copies; activation as a function; positional masks', () => {
  torch.manual_seed(0);
  const layer = new nn.TransformerEncoderLayer(8, 2, {
    dim_feedforward: 16,
    dropout: 0,
    activation: (t: Tensor) => t.tanh(),
  });
  const enc = new nn.TransformerEncoder(layer, 2);
  const [l0, l1] = [...enc.layers] as InstanceType<typeof nn.TransformerEncoderLayer>[];
  assert.notEqual(l0.linear1.weight, l1.linear1.weight);
  assert.ok(torch.equal(l0.linear1.weight, layer.linear1.weight));
  assert.equal([...enc.parameters()].length, 2 * [...layer.parameters()].length);
  const x = torch.randn(4, 3, 8);
  const mask = nn.Transformer.generate_square_subsequent_mask(4);
  const a = enc.forward(x, mask);
  const b = l1.forward(l0.forward(x, { src_mask: mask }), mask);
  assert.ok(torch.allclose(a, b));
});
