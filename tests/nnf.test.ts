// torch.nn.functional's additions and PyTorch's positional calls of its options, against PyTorch
// 1.13 (fixtures from tests/oracle/nnf.py): values, gradients, error texts.

import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

void torch;

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
  'F.softplus',
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
