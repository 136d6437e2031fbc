// The built package (dist/, made by `npm run build`, which `npm test` runs first) loads through its
// exports map both ways — `import * as torch from 'tensorgrad'` and `require('tensorgrad')` — and
// ships type declarations for both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

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

/**
 * A TypeScript user of the package sees the Tensor methods and torch.* functions with their types:
 * a consumer file typechecks against dist/index.d.ts, and a misspelt method is a type error.
 */
test('type declarations give Tensor its methods (a consumer typechecks)', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const dir = mkdtempSync(join(tmpdir(), 'tg-types-'));
  try {
    const good = join(dir, 'good.ts');
    const bad = join(dir, 'bad.ts');
    const dts = JSON.stringify(new URL('../dist/index.js', import.meta.url).pathname);
    writeFileSync(
      good,
      `import * as torch from ${dts};
       const x: torch.Tensor = torch.ones(2, 3, { requires_grad: true });
       const y: torch.Tensor = x.add(1).sum({ dim: 1 }).exp().mean();
       const z: torch.Tensor = x.T.matmul(x).index(0);
       y.backward();
       const g: torch.Tensor | null = x.grad;
       const s: torch.Size = z.shape;
       void [g, s];\n`,
    );
    writeFileSync(bad, `import * as torch from ${dts};\ntorch.ones(2).no_such_method();\n`);
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
    ];
    execFileSync(process.execPath, [tsc, ...args, good], { encoding: 'utf8' });
    let err = '';
    try {
      execFileSync(process.execPath, [tsc, ...args, bad], { encoding: 'utf8' });
    } catch (e) {
      err = String((e as { stdout?: string }).stdout);
    }
    assert.match(err, /Property 'no_such_method' does not exist on type 'Tensor/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
