// The window functions against PyTorch (fixtures from tests/oracle/windows.py): torch.hann_window,
// hamming_window, blackman_window and bartlett_window; values, dtypes, requires_grad and errors.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('windows', loadFixture<OpCase>('windows'));
