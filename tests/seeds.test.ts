// Seed conformance: each seed notebook port (examples/seeds/*.ts) prints, cell by cell, exactly what
// its Python twin (tests/oracle/seeds/seed00N.py) printed under PyTorch (tests/fixtures/seeds.json).
// Python prints node addresses (`<AddBackward0 object at 0x...>`); the oracle strips them, since
// String(node) is `<AddBackward0>` by design (DESIGN.md §1).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadFixture } from './helpers.js';

interface SeedCase {
  seed: string;
  cells: { label: string; output: string }[];
}

const PORTS: Record<string, string> = {
  '000': 'examples/seeds/000_variable.ts',
  '001': 'examples/seeds/001_gradients.ts',
  '002': 'examples/seeds/002_derivatives.ts',
  '003': 'examples/seeds/003_accumulation.ts',
  '004': 'examples/seeds/004_autograd_intro.ts',
};

/** Cells whose output differs by nature, each with the check that replaces exact equality. */
const DIVERGENT: Record<string, (out: string) => boolean> = {
  // torch.__version__ is this library's own version string.
  '001 In [77]': (out) => /^'\d+\.\d+\.\d+[^']*'\n$/.test(out),
};

function runPort(file: string): { label: string; output: string }[] {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return stdout
    .split('#### ')
    .slice(1)
    .map((chunk) => {
      const nl = chunk.indexOf('\n');
      return { label: chunk.slice(0, nl), output: chunk.slice(nl + 1) };
    });
}

const seeds = loadFixture<SeedCase>('seeds');
for (const c of seeds) {
  test(`seed ${c.seed}: every cell prints what PyTorch prints`, (t) => {
    const got = runPort(PORTS[c.seed]);
    assert.deepEqual(
      got.map((g) => g.label),
      c.cells.map((e) => e.label),
      'the port has the same cells in the same order',
    );
    let compared = 0;
    c.cells.forEach((expected, i) => {
      const key = `${c.seed} ${expected.label}`;
      const divergent = DIVERGENT[key];
      if (divergent) assert.ok(divergent(got[i].output), `${key}: ${JSON.stringify(got[i].output)}`);
      else assert.equal(got[i].output, expected.output, `cell ${key}`);
      compared++;
    });
    assert.equal(compared, c.cells.length);
    t.diagnostic(`seed ${c.seed}: ${compared} cells compared`);
  });
}

// The fixture itself, so that this holds whichever tests a --test-name-pattern selects.
test('the seed fixture covers every port', () => {
  assert.deepEqual(seeds.map((c) => c.seed).sort(), Object.keys(PORTS).sort());
  const cells = seeds.reduce((n, c) => n + c.cells.length, 0);
  console.log(`seed conformance: ${cells} cells in ${seeds.length} seeds`);
  assert.ok(cells >= 60);
});
