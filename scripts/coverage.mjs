// npm run coverage: line and branch coverage of src/ (c8, V8's own coverage through tsx's source
// maps) for the whole suite, once per backend: the TypeScript backend always, the native addon
// when it is built (there, src/ is the TypeScript side of the addon; its C++ is not measured).
// Reports land in coverage/<backend>/ (index.html, coverage-summary.json); a table at the end.
// Extra arguments go to scripts/test.mjs (a file filter); TENSORGRAD_TEST_SHUFFLE works too.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableBackends } from './backends.mjs';

const c8 = join('node_modules', 'c8', 'bin', 'c8.js');
let status = 0;
const rows = [];
for (const backend of availableBackends()) {
  const reports = join('coverage', backend);
  const temp = join('coverage', `.tmp-${backend}`);
  rmSync(reports, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    [
      c8,
      '--all',
      '--src',
      'src',
      '--include',
      'src/**',
      '--temp-directory',
      temp,
      '--reports-dir',
      reports,
      '--reporter=html',
      '--reporter=json-summary',
      '--reporter=text-summary',
      process.execPath,
      join('scripts', 'test.mjs'),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, TENSORGRAD_TEST_BACKENDS: backend } },
  );
  rmSync(temp, { recursive: true, force: true });
  if (r.status !== 0) status = r.status ?? 1;
  const total = JSON.parse(readFileSync(join(reports, 'coverage-summary.json'), 'utf8')).total;
  rows.push({ backend, lines: total.lines.pct, branches: total.branches.pct, functions: total.functions.pct });
}
console.log('\n# coverage of src/ (lines, branches, functions)');
for (const r of rows) console.log(`# ${r.backend.padEnd(6)} ${r.lines}%  ${r.branches}%  ${r.functions}%`);
process.exit(status);
