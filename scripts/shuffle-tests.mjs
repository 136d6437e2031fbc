// Preloaded (node --import) into each test file's process by scripts/test.mjs when
// TENSORGRAD_TEST_SHUFFLE is set: the file's top-level tests run in an order shuffled by that seed
// (Node 20 has no --test-shuffle). It holds back node:test's test/it/describe calls while the test
// file is evaluated, then registers them in the shuffled order. Nested tests keep their order.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const nodeTest = require('node:test');

/** mulberry32: a small seeded generator, so one seed gives one order on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function shuffle(list, rand) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const seed = Number(process.env.TENSORGRAD_TEST_SHUFFLE);
const main = process.argv[1];
if (Number.isFinite(seed) && main && /\.test\.[cm]?[jt]s$/.test(main)) {
  const held = [];
  let holding = true;
  for (const name of ['test', 'it', 'describe', 'suite']) {
    const original = nodeTest[name];
    if (typeof original !== 'function') continue;
    const wrapped = function (...args) {
      if (!holding) return original.apply(this, args);
      held.push(() => original.apply(this, args));
      return undefined;
    };
    // test.skip, test.todo, test.only, describe.skip...: passed through unchanged.
    for (const key of Object.keys(original)) wrapped[key] = original[key];
    nodeTest[name] = wrapped;
  }
  syncBuiltinESMExports();
  // Evaluate the test file now (node's own import of it then finds it loaded), then register.
  await import(pathToFileURL(main).href);
  holding = false;
  for (const register of shuffle(held, seededRandom(seed ^ hash(main)))) register();
}

function hash(s) {
  let h = 2166136261;
  for (const c of s.replace(/^.*tests[/\\]/, '')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
