// The torch.* spellings of in-place functions and nn.functional ops, the in-place F activations and
// the small Tensor predicates against PyTorch (fixtures from tests/oracle/torch_aliases.py).

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

// The torch.* forms whose nn.functional twin is a composite here (tests/nnf.test.ts COMPOSITE): the
// same values and gradients as PyTorch's, recorded under the composite's last node.
const COMPOSITE = new Set([
  'torch.fill',
  'torch.conv1d',
  'torch.conv_transpose1d',
  'torch.conv_transpose2d',
  'torch.pixel_shuffle',
  'torch.pixel_unshuffle',
  'torch.bilinear',
  'torch.group_norm',
  'torch.celu',
  'torch.selu',
  'torch.prelu',
  'torch.threshold',
  'torch.hardshrink',
  '.hardshrink',
  'torch.celu_',
  'torch.selu_',
  'torch.threshold_',
  'F.elu_',
  'F.leaky_relu_',
  'F.hardtanh_',
  'F.threshold_',
  'F.celu_',
  'F.selu_',
]);

replayCases('torch_aliases', loadFixture<OpCase>('torch_aliases'), {
  tol: { rtol: 1e-7, atol: 1e-9 },
  composite: (c) => COMPOSITE.has(c.op),
});
