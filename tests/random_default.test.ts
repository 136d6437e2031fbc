// The default generator before any manual_seed: it starts from the seed of a new torch.Generator()
// (67280421310721), so its stream is the one the fixture records for a fresh PyTorch generator.
// The draws run in a child process of their own, so that no other test (in this file, or in the
// same process under a runner that shares one) can have drawn from the default stream first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadFixture, num, type EncTensor } from './helpers.js';

interface Case {
  name: string;
  calls: { op: string; size?: number[] }[];
  results: (EncTensor | number[] | string | null)[];
}

function freshProcessDraws(): { seed: string; state: number[]; draws: number[][] } {
  const src = new URL('../src/index.ts', import.meta.url).href;
  const script = `
    import * as torch from ${JSON.stringify(src)};
    const seed = String(torch.initial_seed());
    const state = Array.from(torch.get_rng_state());
    const draws = [torch.rand(5), torch.randn(20), torch.randn(3)].map((t) => Array.from(t.toTypedArray()));
    console.log(JSON.stringify({ seed, state, draws }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { seed: string; state: number[]; draws: number[][] };
}

test('the unseeded default stream is a fresh generator stream', () => {
  const fresh = loadFixture<Case>('random').find((c) => c.name === 'fresh generator (default seed)')!;
  const got = freshProcessDraws();
  assert.equal(got.seed, String(fresh.results[0]));
  assert.deepEqual(got.state, fresh.results[1]);
  got.draws.forEach((d, i) => {
    const want = fresh.results[i + 2] as EncTensor;
    assert.deepEqual(d, want.data.map(num), fresh.calls[i + 2].op);
  });
});
