// The torch.func examples (examples/func/) run to the end: each checks its own result (per-sample
// gradients equal to a loop of backward passes, the ensemble equal to each model alone, H v equal
// to hessian @ v, Newton's method converging) and exits non-zero when the check fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

for (const name of ['per_sample_grads', 'ensembling', 'hvp', 'newton']) {
  test(`examples/func/${name}.ts`, () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', `examples/func/${name}.ts`], {
      cwd: root,
      encoding: 'utf8',
      env: process.env,
    });
    assert.ok(out.length > 0);
  });
}
