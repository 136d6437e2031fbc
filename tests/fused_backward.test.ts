// The fused first-order backward kernels (gelu_backward, gelu_tanh_backward, softmaxBackward,
// layerNormBackward) against the composed formulas the same ops record under create_graph: the
// same gradients, and a create_graph gradient that is still differentiable.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

const F = torch.nn.functional;

const CASES: Record<string, { shape: number[]; fn: (x: Tensor, w: Tensor, b: Tensor) => Tensor }> = {
  gelu: { shape: [6, 40], fn: (x) => F.gelu(x) },
  'gelu tanh': { shape: [6, 40], fn: (x) => F.gelu(x, { approximate: 'tanh' }) },
  softmax: { shape: [5, 7, 33], fn: (x) => F.softmax(x, -1) },
  'layer_norm affine': { shape: [4, 9, 33], fn: (x, w, b) => F.layer_norm(x, [33], { weight: w, bias: b }) },
  layer_norm: { shape: [4, 9, 33], fn: (x) => F.layer_norm(x, [33]) },
};

function close(got: Tensor, want: Tensor, rtol: number, label: string): void {
  const g = got.toTypedArray();
  const w = want.toTypedArray();
  assert.equal(g.length, w.length, label);
  const scale = Math.max(1, ...Array.from(w, (v) => Math.abs(v)));
  for (let i = 0; i < w.length; i++) {
    assert.ok(Math.abs(g[i] - w[i]) <= rtol * scale, `${label}: element ${i}: ${g[i]} vs ${w[i]}`);
  }
}

for (const dtype of [torch.float32, torch.float64]) {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name} (${dtype.toString()}): the fused backward equals the composed one`, () => {
      torch.manual_seed(3);
      const x = torch.randn(c.shape, { dtype }).mul(3).requires_grad_();
      const n = c.shape[c.shape.length - 1];
      const w = torch.randn([n], { dtype }).requires_grad_();
      const b = torch.randn([n], { dtype }).requires_grad_();
      const g = torch.randn(c.shape, { dtype });
      const inputs = name === 'layer_norm affine' ? [x, w, b] : [x];
      const fused = torch.autograd.grad([c.fn(x, w, b)], inputs, { grad_outputs: [g] });
      const composed = torch.autograd.grad([c.fn(x, w, b)], inputs, { grad_outputs: [g], create_graph: true });
      const rtol = dtype === torch.float32 ? 2e-6 : 1e-12;
      inputs.forEach((_t, i) => {
        close(fused[i] as Tensor, (composed[i] as Tensor).detach(), rtol, `${name} input ${i}`);
        assert.equal(fused[i]?.grad_fn, null);
      });
      // (the bias gradient, a sum of g alone, has no graph in PyTorch either)
      assert.notEqual(composed[0]?.grad_fn, null);
      // The composed gradient carries a graph: a second derivative exists.
      const [gg] = torch.autograd.grad([(composed[0] as Tensor).pow(2).sum()], [x]);
      assert.equal(gg?.shape.join(), c.shape.join());
    });
  }
}
