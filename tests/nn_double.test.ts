// Double backward through the CNN layers against PyTorch (tests/oracle/nn_double.py): the
// create_graph gradient's grad_fn and value, and the second-order gradients it carries.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { type EncTensor, assertTensor, dec, loadFixture } from './helpers.js';

interface Case {
  name: string;
  x: EncTensor;
  g: EncTensor;
  h: EncTensor;
  grad_fn: string;
  gx: EncTensor;
  ggx: EncTensor | null;
  ggg: EncTensor;
}

const F = torch.nn.functional;

const FNS: Record<string, (x: Tensor, w: Tensor) => Tensor> = {
  relu: (x) => F.relu(x),
  max_pool2d: (x) => F.max_pool2d(x, 2),
  'max_pool2d stride padding dilation': (x) => F.max_pool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2] }),
  conv2d: (x, w) => F.conv2d(x, w, null, { padding: [1, 0], stride: [1, 2] }),
};

// The same deterministic weight as the oracle's vals([4, 3, 3, 2], 7).
function weight(): Tensor {
  const out: number[] = [];
  for (let i = 0; i < 4 * 3 * 3 * 2; i++) {
    const u = Math.abs(Math.sin(12.9898 * (i + 1) + 78.233 * 8) * 43758.5453) % 1;
    out.push(Math.round((-2 + 4 * u) * 1e4) / 1e4);
  }
  return torch.tensor(out, { dtype: torch.float64 }).reshape(4, 3, 3, 2);
}

for (const c of loadFixture<Case>('nn_double')) {
  it(c.name, () => {
    const x = dec(c.x, { requires_grad: true });
    const g = dec(c.g, { requires_grad: true });
    const y = FNS[c.name](x, weight());
    const [gx] = torch.autograd.grad(y, x, { grad_outputs: g, create_graph: true }) as Tensor[];
    // ConvolutionBackwardBackward0 has no counterpart: conv2d's input gradient is recorded as
    // col2im of a matrix product (its values and gradients match).
    if (c.name !== 'conv2d') assert.equal(gx.grad_fn?.name(), c.grad_fn);
    assertTensor(gx, c.gx, { label: 'gx' });
    const [ggx, ggg] = torch.autograd.grad(gx.mul(dec(c.h)).sum(), [x, g], { allow_unused: true });
    if (c.ggx === null) {
      assert.equal(ggx, null, 'ggx: PyTorch returns None (x does not reach the gradient)');
    } else if (ggx === null) {
      // PyTorch materializes zeros where tensorgrad leaves the gradient undefined (allow_unused):
      // accepted only when every value PyTorch returns is zero.
      assert.ok(
        (c.ggx.data as number[]).every((v) => v === 0),
        'ggx: tensorgrad returns null where PyTorch has nonzero values',
      );
    } else {
      assertTensor(ggx, c.ggx, { label: 'ggx' });
    }
    assert.ok(ggg !== null, 'ggg: the gradient with respect to the upstream gradient exists');
    assertTensor(ggg as Tensor, c.ggg, { label: 'ggg' });
  });
}
