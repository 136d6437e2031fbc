// Runs every tests/**/*.test.ts file with node's test runner (Node 20 has no --test globs), once
// per available backend.
// Extra arguments are passed through (e.g. a file filter: node scripts/test.mjs printing).
// TENSORGRAD_TEST_SHUFFLE=<seed> (or =random) runs the files, and the tests within each file, in an
// order shuffled by that seed, and prints the seed so a failing order can be replayed (Node 20 has
// no --test-shuffle).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableBackends } from './backends.mjs';
import { seededRandom, shuffle } from './shuffle-tests.mjs';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = find('tests').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
const shuffleEnv = process.env.TENSORGRAD_TEST_SHUFFLE;
const seed = !shuffleEnv
  ? undefined
  : shuffleEnv === 'random'
    ? Math.floor(Math.random() * 2 ** 32)
    : Number(shuffleEnv) >>> 0;
const preload = [];
if (seed !== undefined) {
  shuffle(files, seededRandom(seed));
  // Within each file too: scripts/shuffle-tests.mjs registers its top-level tests shuffled.
  preload.push('--import', './scripts/shuffle-tests.mjs');
  console.log(`# tests shuffled (files, and tests within each file) with TENSORGRAD_TEST_SHUFFLE=${seed}`);
  console.log(`# file order: ${files.join(' ')}`);
}
// The suite runs once per backend: the TypeScript one always, the native addon when it is built.
const backends = availableBackends();
let status = 0;
for (const name of backends) {
  console.log(`\n# tests on the ${name} backend (TENSORGRAD_BACKEND=${name})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...preload, '--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: {
      ...process.env,
      TENSORGRAD_BACKEND: name,
      ...(seed === undefined ? {} : { TENSORGRAD_TEST_SHUFFLE: String(seed) }),
    },
  });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
