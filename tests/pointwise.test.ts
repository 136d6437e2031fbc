// Elementwise ops against PyTorch (fixtures from tests/oracle/pointwise.py): values, dtypes,
// grad_fn names, input gradients, in-place semantics and error texts.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('pointwise');

replayCases('pointwise', cases);
