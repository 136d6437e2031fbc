// docs/ops.md is generated from the op declarations; this fails when it no longer matches them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { opsDoc } from '../scripts/ops-doc.js';
import { surfaceFiles, WRAPPED } from '../scripts/surface-gen.js';

test('docs/ops.md is up to date with the declarations (npx tsx scripts/ops-doc.ts)', async () => {
  assert.equal(readFileSync('docs/ops.md', 'utf8'), await opsDoc());
});

test('src/api/ (torch.*, nn.functional, special, linalg, the Tensor surface) is generated from the declarations (npx tsx scripts/surface-gen.ts)', async () => {
  for (const [path, text] of Object.entries(await surfaceFiles())) assert.equal(readFileSync(path, 'utf8'), text, path);
});

test('every declared function is public: torch.*, torch.nn.functional, torch.special or torch.linalg (gathered in src/api/)', async () => {
  const torch = await import('../src/index.js');
  const { DECLARATIONS } = await import('../src/ops/declare.js');
  const spaces = [torch, torch.nn.functional, torch.special, torch.linalg] as unknown as Record<string, unknown>[];
  const exported = new Set(spaces.flatMap((ns) => Object.values(ns)));
  const missing = DECLARATIONS.filter(
    (d) =>
      d.isFunction &&
      !exported.has(d.function) &&
      // einsum, meshgrid and cartesian_prod wrap their declarations to take Python's varargs.
      !WRAPPED.has(d.name),
  ).map((d) => d.name);
  assert.deepEqual(missing, []);
});
