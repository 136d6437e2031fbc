// `npm run bench -- --browser` adds the columns "tensorgrad-js (Chromium)", "tfjs-wasm (Chromium)"
// and "jax-js (Chromium)": this driver, started like any worker with `--config <json>` and
// `--page-engine tensorgrad|tfjs-wasm|jax-js`, bundles bench/browser_page.ts (tensorgrad from
// dist/index.js, each engine in its own chunk) with esbuild, serves it on 127.0.0.1 with the
// headers that make the page cross-origin-isolated (so the engines' Web Workers can share
// WebAssembly memory), with TensorFlow.js's .wasm files under /tfjs/, opens it in Debian's headless
// Chromium through playwright-core (as tests/browser.test.ts does) and relays the page's
// `@@kind json` console lines to its stdout. Only the page is timed, by itself; W6-W10 are not run
// there (W6 is a process's peak RSS; the others are tensorgrad-only workloads).

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, parseWorkerConfig, type WorkloadId } from './harness.js';
import type { PageConfig, PageEngine } from './browser_page.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The workloads the page runs. */
export const BROWSER_WORKLOADS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5'];
const ENGINES: readonly PageEngine[] = ['tensorgrad', 'tfjs-wasm', 'jax-js'];
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

async function main(): Promise<void> {
  const cfg = parseWorkerConfig(process.argv);
  const only = cfg.only.filter((w) => BROWSER_WORKLOADS.includes(w));
  if (cfg.rss || only.length === 0) return;
  let chromium: typeof import('playwright-core').chromium;
  let esbuild: typeof import('esbuild');
  try {
    ({ chromium } = await import('playwright-core'));
    esbuild = await import('esbuild');
  } catch (e) {
    emit('unavailable', { reason: `cannot load playwright-core or esbuild: ${(e as Error).message}` });
    return;
  }
  const at = process.argv.indexOf('--page-engine');
  const engine = (at >= 0 ? process.argv[at + 1] : 'tensorgrad') as PageEngine;
  if (!ENGINES.includes(engine)) throw new Error(`--page-engine must be one of ${ENGINES.join(', ')}`);
  const req = createRequire(join(ROOT, 'bench', 'browser.ts'));
  const scratch = mkdtempSync(join(tmpdir(), 'tensorgrad-browser-bench-'));
  const dist = join(ROOT, 'dist', 'index.js');
  try {
    const outdir = join(scratch, 'page');
    await esbuild.build({
      entryPoints: { page: join(ROOT, 'bench', 'browser_page.ts') },
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      mainFields: ['browser', 'module', 'main'],
      logLevel: 'silent',
      // The page imports ../src/index.js for its types; it runs the built package.
      plugins: [
        {
          name: 'tensorgrad-from-dist',
          setup(b) {
            b.onResolve({ filter: /^\.\.\/src\/index\.js$/ }, () => ({ path: dist }));
          },
        },
      ],
    });
    const files: Record<string, [Buffer | string, string]> = {
      '/': ['<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>', 'text/html'],
    };
    for (const f of readdirSync(outdir)) files[`/${f}`] = [readFileSync(join(outdir, f)), TYPES[extname(f)]];
    const tfjsWasm = join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    for (const f of readdirSync(tfjsWasm).filter((n) => n.endsWith('.wasm'))) {
      files[`/tfjs/${f}`] = [readFileSync(join(tfjsWasm, f)), TYPES['.wasm']];
    }
    const jaxPkg = join(dirname(dirname(req.resolve('@jax-js/jax'))), 'package.json');
    const jaxVersion = (JSON.parse(readFileSync(jaxPkg, 'utf8')) as { version: string }).version;
    const server = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (f === undefined) return void res.writeHead(404).end();
      res
        .writeHead(200, {
          'content-type': f[1].startsWith('text/') ? `${f[1]}; charset=utf-8` : f[1],
          'cache-control': 'no-store',
          // Cross-origin isolation: SharedArrayBuffer, hence the GEMM's worker threads.
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        })
        .end(f[0]);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    const profile = join(scratch, 'profile');
    let context;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
        timeout: 30_000,
      });
    } catch (e) {
      server.close();
      emit('unavailable', { reason: `cannot start ${CHROMIUM}: ${(e as Error).message.split('\n')[0]}` });
      return;
    }
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const done = new Promise<void>((ok, fail) => {
        page.on('console', (msg) => {
          const text = msg.text();
          if (text.startsWith('@@done')) ok();
          else if (text.startsWith('@@')) process.stdout.write(`${text}\n`);
        });
        page.on('pageerror', (e) => fail(e));
        page.on('crash', () => fail(new Error('the page crashed')));
      });
      const pageCfg: PageConfig = { ...cfg, only, page: { engine, jaxVersion } };
      await page.goto(`http://127.0.0.1:${port}/#${encodeURIComponent(JSON.stringify(pageCfg))}`);
      await done;
    } finally {
      await context.close();
      server.closeAllConnections();
      server.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
