// Composite statistics and numerical helpers against PyTorch (fixtures from
// tests/oracle/statistics.py): torch.cov, corrcoef, trapezoid, trapz, cumulative_trapezoid,
// vander, block_diag, combinations and histc.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('statistics', loadFixture<OpCase>('statistics'));
