// The notebooks (examples/notebooks/*.ipynb) executed for real in Deno's Jupyter kernel, every code
// cell's outputs compared with the same cells run in PyTorch in IPython (tests/fixtures/notebooks.json,
// from tests/oracle/notebooks.py). scripts/notebooks.mjs does the work (`npm run notebooks` is the
// same check with a printout); see its header for what is compared and how.
//
// Needs Jupyter (.ci/run installs Debian's jupyter-nbconvert) and the built
// library (`npm test` builds it first); skipped, saying why, without them. The notebooks run once
// per suite run, on the last backend of the run (the native addon where it is built): they take
// about a minute, and Deno's kernel loads the library itself, whichever backend this process tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: plain JavaScript modules without types
import { compare, execute, expectations, missing, notebookNames } from '../scripts/notebooks.mjs';
// @ts-expect-error: plain JavaScript modules without types
import { availableBackends } from '../scripts/backends.mjs';

const why: string | null = missing();
const backends: string[] = availableBackends();
const current = process.env.TENSORGRAD_BACKEND;
const skip =
  why !== null
    ? `notebooks not run: ${why}`
    : current !== undefined && current !== backends[backends.length - 1]
      ? `notebooks run once per suite, on the ${backends[backends.length - 1]} backend`
      : process.env.NODE_V8_COVERAGE
        ? 'notebooks not run under coverage (Deno runs them, out of reach of V8 coverage)'
        : false;

test('every notebook executes in Deno and every code cell shows what PyTorch shows', { skip }, (t) => {
  const names: string[] = notebookNames();
  assert.deepEqual(names, [
    '000_variable',
    '001_gradients',
    '002_derivatives',
    '003_accumulation',
    '004_autograd_intro',
    '005_guided_tour',
  ]);
  const expected = expectations();
  const executed = execute(names);
  let total = 0;
  for (const name of names) {
    const r = compare(name, executed[name], expected);
    t.diagnostic(`${name}: ${r.matched}/${r.cells} code cells match`);
    assert.deepEqual(r.problems, [], `${name}:\n${r.problems.join('\n')}`);
    assert.equal(r.matched, r.cells);
    total += r.cells;
  }
  assert.ok(total >= 80, `${total} code cells`);
});
