// Every function and class src/index.ts exports is called by some test: by name in a test file
// (torch.<name>, a named import from src/index, or the Tensor method of the same name, .<name>(),
// which the function forwards to), or as the op of a PyTorch fixture case ("op": "torch.<name>" or
// ".<name>", the reduce fixture's {"form", "op"}, the views fixture's "call": ["<name>", ...] or ["torch.<name>", ...]).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name === 'oracle' ? [] : files(p, ext);
    return p.endsWith(ext) && basename(p) !== 'exports.test.ts' ? [p] : [];
  });
}

/** The exported names each source uses: torch.<name>, and named imports from src/index. */
function usedInTests(): Set<string> {
  const used = new Set<string>();
  for (const f of files(here, '.ts')) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\btorch\.([A-Za-z_$][\w$]*)/g)) used.add(m[1]);
    for (const m of text.matchAll(/\.([A-Za-z_$][\w$]*)\(/g)) used.add(m[1]);
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'\.\.?\/(?:\.\.\/)?src\/index\.js'/g)) {
      for (const part of m[1].split(',')) {
        const name = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0];
        if (name && new RegExp(`\\b${name.replace('$', '\\$')}\\b\\s*[(.<]|new\\s+${name}\\b`).test(text))
          used.add(name);
      }
    }
  }
  return used;
}

/** The functions and methods fixture cases call. */
function calledByFixtures(): Set<string> {
  const used = new Set<string>();
  for (const f of readdirSync(join(here, 'fixtures')).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(join(here, 'fixtures', f), 'utf8');
    for (const m of text.matchAll(/"op":"torch\.([A-Za-z_]\w*)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/"op":"\.([A-Za-z_]\w*)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/"form":"(?:torch|method)","op":"([A-Za-z_]\w*)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/"call":\["(?:torch\.)?([A-Za-z_]\w*)"/g)) used.add(m[1]);
  }
  return used;
}

test('every exported function and class of src/index.ts is called by a test', (t) => {
  const exported = Object.keys(torch).filter((n) => typeof (torch as Record<string, unknown>)[n] === 'function');
  const used = usedInTests();
  const fixtures = calledByFixtures();
  const untested = exported.filter((n) => !used.has(n) && !fixtures.has(n));
  t.diagnostic(`${exported.length} exported functions and classes; ${untested.length} without a test`);
  assert.deepEqual(untested, [], `exported from src/index.ts but called by no test: ${untested.join(', ')}`);
});
