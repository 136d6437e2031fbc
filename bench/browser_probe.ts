// Why W3 is slower in Chromium than in Node: bundles bench/browser_probe_page.ts from src/ with
// esbuild, serves it cross-origin-isolated (or not, with `noiso`) on 127.0.0.1 and opens it in
// Debian's headless Chromium (playwright-core, as bench/browser.ts does); prints the page's table.
// Run: npx tsx bench/browser_probe.ts [noiso]

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const isolated = process.argv[2] !== 'noiso';
const built = await esbuild.build({
  entryPoints: [join(ROOT, 'bench', 'browser_probe_page.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
  external: ['node:*'],
});
const js = built.outputFiles[0].text;
const server = createServer((req, res) => {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (isolated) {
    headers['cross-origin-opener-policy'] = 'same-origin';
    headers['cross-origin-embedder-policy'] = 'require-corp';
  }
  if (req.url === '/page.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(js);
  else
    res
      .writeHead(200, { ...headers, 'content-type': 'text/html' })
      .end('<!doctype html><script type="module" src="/page.js"></script>');
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const profile = mkdtempSync(join(tmpdir(), 'tensorgrad-probe-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const done = new Promise<void>((ok, fail) => {
    page.on('console', (m) => {
      const s = m.text();
      if (s === '@@done') ok();
      else if (s.startsWith('@@')) console.log(s.slice(2));
    });
    page.on('pageerror', fail);
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await done;
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
