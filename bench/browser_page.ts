// The Chromium side of `npm run bench -- --browser`: bundled with dist/index.js by bench/browser.ts
// and loaded in a headless page, it runs W1-W4 on the TypeScript backend with the same code as the
// Node worker (tg_workloads.ts) and prints the harness protocol's `@@kind json` lines to the
// console, which the driver relays to its stdout.

import * as torch from '../src/index.js';
import type { Config } from './harness.js';
import { startThreads, timeWorkloads } from './tg_workloads.js';

const say = (kind: string, payload: unknown): void => console.log(`@@${kind} ${JSON.stringify(payload)}`);

async function main(): Promise<void> {
  const cfg = JSON.parse(decodeURIComponent(location.hash.slice(1))) as Config;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  await startThreads();
  say('info', {
    backend: 'js',
    version:
      `tensorgrad ${torch.__version__} (TypeScript backend) in ${/Chrom(e|ium)\/[\d.]+/.exec(navigator.userAgent)?.[0] ?? navigator.userAgent}, ` +
      `${torch.get_num_threads()} GEMM thread(s)${isolated ? '' : ' (page not cross-origin-isolated)'}`,
  });
  // Let the page's event loop run between workloads (the driver reads the console as it goes).
  for (const id of cfg.only) {
    timeWorkloads({ ...cfg, only: [id] }, say);
    await new Promise((ok) => setTimeout(ok, 0));
  }
}

main()
  .catch((e: Error) => say('error', { id: 'page', message: String(e.stack ?? e) }))
  .finally(() => say('done', {}));
