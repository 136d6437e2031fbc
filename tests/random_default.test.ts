// The default generator before any manual_seed: it starts from the seed of a new torch.Generator()
// (67280421310721), so its stream is the one the fixture records for a fresh PyTorch generator.
// A file of its own so that no other test has drawn from the default stream first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadFixture, num, type EncTensor } from './helpers.js';

interface Case {
  name: string;
  calls: { op: string; size?: number[] }[];
  results: (EncTensor | number[] | string | null)[];
}

test('the unseeded default stream is a fresh generator stream', () => {
  const fresh = loadFixture<Case>('random').find((c) => c.name === 'fresh generator (default seed)')!;
  assert.equal(torch.initial_seed(), Number(fresh.results[0]));
  assert.deepEqual(Array.from(torch.get_rng_state()), fresh.results[1]);
  const draws = [torch.rand(5), torch.randn(20), torch.randn(3)];
  draws.forEach((t, i) => {
    const want = fresh.results[i + 2] as EncTensor;
    assert.deepEqual(Array.from(t.toTypedArray()), want.data.map(num), fresh.calls[i + 2].op);
  });
});
