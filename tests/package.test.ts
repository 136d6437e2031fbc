// The built package (dist/, made by `npm run build`, which `npm test` runs first) loads through its
// exports map both ways — `import * as torch from 'tensorgrad'` and `require('tensorgrad')` — and
// ships type declarations for both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const script = `
  const x = torch.ones(2, 2, { requires_grad: true });
  const y = x.add(2).mul(3).mean();
  y.backward();
  console.log(String(x.grad));
`;
const expected = 'tensor([[0.7500, 0.7500],\n        [0.7500, 0.7500]])\n';

test('ESM: import * as torch from "tensorgrad"', () => {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `import * as torch from 'tensorgrad';${script}`],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(out, expected);
});

test('CommonJS: require("tensorgrad")', () => {
  const out = execFileSync(process.execPath, ['-e', `const torch = require('tensorgrad');${script}`], {
    encoding: 'utf8',
  });
  assert.equal(out, expected);
});

test('type declarations for both module kinds', () => {
  assert.ok(existsSync('dist/index.d.ts'), 'dist/index.d.ts');
  assert.ok(existsSync('dist/index.d.cts'), 'dist/index.d.cts');
});
