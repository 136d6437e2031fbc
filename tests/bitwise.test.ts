// The bitwise ops against PyTorch (fixtures from tests/oracle/bitwise.py): bitwise_and/or/xor/not
// and the shifts over int32, int64 (beyond 32 bits) and bool, numbers, broadcasting, promotion,
// in-place forms and errors; out-of-range shifts as PyTorch 2 defines them; and the broadcast
// error's dimension.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('bitwise', loadFixture<OpCase>('bitwise'));
