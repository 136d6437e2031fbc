// docs/ops.md is generated from the op declarations; this fails when it no longer matches them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { opsDoc } from '../scripts/ops-doc.js';

test('docs/ops.md is up to date with the declarations (npx tsx scripts/ops-doc.ts)', () => {
  assert.equal(readFileSync('docs/ops.md', 'utf8'), opsDoc());
});
