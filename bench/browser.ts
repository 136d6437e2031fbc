// `npm run bench -- --browser` adds the column "tensorgrad-js (Chromium)": this driver, started like
// any worker with `--config <json>`, bundles bench/browser_page.ts with dist/index.js (esbuild),
// serves it on 127.0.0.1 with the headers that make the page cross-origin-isolated (so the GEMM's
// Web Workers can share its WebAssembly memory), opens it in Debian's headless Chromium through
// playwright-core (as tests/browser.test.ts does) and relays the page's `@@kind json` console lines
// to its stdout. Only the page is timed, by itself; W5, W6 and W8 are not run there.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, parseWorkerConfig, type WorkloadId } from './harness.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The workloads the page runs. */
export const BROWSER_WORKLOADS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4'];

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
  const scratch = mkdtempSync(join(tmpdir(), 'tensorgrad-browser-bench-'));
  const dist = join(ROOT, 'dist', 'index.js');
  try {
    const outfile = join(scratch, 'page.js');
    await esbuild.build({
      entryPoints: [join(ROOT, 'bench', 'browser_page.ts')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
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
    const files: Record<string, [string, string]> = {
      '/': ['<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>', 'text/html'],
      '/page.js': [readFileSync(outfile, 'utf8'), 'text/javascript'],
    };
    const server = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (f === undefined) return void res.writeHead(404).end();
      res
        .writeHead(200, {
          'content-type': `${f[1]}; charset=utf-8`,
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
      await page.goto(`http://127.0.0.1:${port}/#${encodeURIComponent(JSON.stringify({ ...cfg, only }))}`);
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
