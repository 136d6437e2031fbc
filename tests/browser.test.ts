// tensorgrad in a browser: the ESM build (dist/index.js, made by `npm run build`) loads as an ES
// module in headless Chromium and runs an autograd program (tests/browser/program.js) through the
// pure-TypeScript backend, giving exactly what the same build gives in Node.
//
// Chromium is Debian's (/usr/bin/chromium, `apt-get install -y chromium`), driven by playwright-core,
// which never downloads a browser of its own. Without it the browser test skips.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const DIST = resolve('dist/index.js');
const PAGE_DIR = resolve('tests/browser');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Results {
  printed: Record<string, string>;
  float32: Record<string, unknown>;
  float64: Record<string, unknown>;
}

interface PageResult {
  ok?: Results;
  error?: string;
  native?: boolean;
}

// Math.exp, Math.log, Math.cos and the like are not correctly rounded, and V8 has changed how it
// computes them: Chromium's engine and Node's differ in the last bit for about one argument in
// ten. So values that pass through them are compared to within a few units in the last place of
// their dtype; printed text, shapes, dtypes and grad_fn names must match exactly.
const RTOL = { float32: 2 ** -21, float64: 2 ** -40 };

function assertClose(actual: unknown, expected: unknown, rtol: number, path: string): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', path);
    const ok = Object.is(actual, expected) || Math.abs((actual as number) - expected) <= rtol * Math.abs(expected);
    assert.ok(ok, `${path}: ${String(actual)} in the browser, ${expected} in Node`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: shape differs`);
    expected.forEach((e, i) => assertClose(actual[i], e, rtol, `${path}[${i}]`));
  } else {
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected as object), path);
    for (const [k, e] of Object.entries(expected as object)) {
      assertClose((actual as Record<string, unknown>)[k], e, rtol, `${path}.${k}`);
    }
  }
}

function readDist(): string {
  assert.ok(existsSync(DIST), `${DIST} is missing: run \`npm run build\` first`);
  return readFileSync(DIST, 'utf8');
}

/** Serves the page, the program and the build (nothing else) on 127.0.0.1, on a free port. */
async function serve(): Promise<{ server: Server; origin: string }> {
  const files: Record<string, string> = {
    '/': join(PAGE_DIR, 'index.html'),
    '/program.js': join(PAGE_DIR, 'program.js'),
    '/dist/index.js': DIST,
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (req.method !== 'GET' || file === undefined) {
      res.writeHead(404).end();
      return;
    }
    // Module scripts need a JavaScript MIME type.
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(file));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** The program run in Node on the same build and backend, with the warnings it emits. */
async function runInNode(): Promise<{ result: Results; warnings: string[] }> {
  // Compare like with like: the browser always has the TypeScript backend, with its WebAssembly
  // matrix products. Both are chosen when the module loads, hence the dynamic imports below.
  process.env.TENSORGRAD_BACKEND = 'js';
  delete process.env.TENSORGRAD_WASM;
  const torch = (await import(pathToFileURL(DIST).href)) as unknown;
  const { run } = (await import(pathToFileURL(join(PAGE_DIR, 'program.js')).href)) as {
    run(t: unknown): Results;
  };
  const warnings: string[] = [];
  const emit = process.emitWarning;
  process.emitWarning = ((message: string, type: string) => void warnings.push(`${type}: ${message}`)) as typeof emit;
  try {
    return { result: JSON.parse(JSON.stringify(run(torch))) as Results, warnings };
  } finally {
    process.emitWarning = emit;
  }
}

test('the ESM build reaches no Node built-in at module load', () => {
  const src = readDist();
  // Node-only modules must be reached lazily (process.getBuiltinModule), never by a static or
  // top-level import, which a browser cannot resolve.
  assert.doesNotMatch(src, /^\s*(import|export)\b[^;]*\bfrom\s*["'][^"']+["']/m, 'static import in dist/index.js');
  assert.doesNotMatch(src, /\bimport\s*\(\s*["']node:/, 'dynamic import of a node: module in dist/index.js');
  assert.doesNotMatch(src, /\brequire\s*\(/, 'require() in dist/index.js');
});

test('autograd in headless Chromium matches Node', { timeout: 20_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} not found; install it with: apt-get install -y chromium`);
    return;
  }
  readDist();
  const expected = await runInNode();

  const { server, origin } = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'tensorgrad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 10_000,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const warnings: string[] = [];
    const pageErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'warning') warnings.push(msg.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${origin}/`, { timeout: 5_000 });
    await page.waitForFunction(() => (globalThis as { __tensorgrad?: unknown }).__tensorgrad, null, {
      timeout: 10_000,
    });
    const got = (await page.evaluate(() => (globalThis as { __tensorgrad?: unknown }).__tensorgrad)) as PageResult;

    assert.equal(got.error, undefined, `the page threw: ${got.error}`);
    assert.deepEqual(pageErrors, []);
    assert.equal(got.native, false, 'the browser runs the TypeScript backend');
    const ok = got.ok as Results;
    assert.deepEqual(ok.printed, expected.result.printed);
    assertClose(ok.float32, expected.result.float32, RTOL.float32, 'float32');
    assertClose(ok.float64, expected.result.float64, RTOL.float64, 'float64');
    assert.deepEqual(warnings, expected.warnings);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});
