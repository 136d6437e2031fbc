// The Chromium side of `npm run bench -- --browser`: bundled by bench/browser.ts (tensorgrad from
// dist/index.js) and loaded in a headless page, it runs W1-W5 on one engine, the one its address
// names: tensorgrad's TypeScript backend, TensorFlow.js's wasm backend or jax-js (wasm device),
// with the same code as their Node workers (tg_workloads.ts, tfjs_workloads.ts, jaxjs_workloads.ts).
// It prints the harness protocol's `@@kind json` lines to the console, which the driver relays to
// its stdout.

import type { Config, Emit } from './harness.js';

/** What the driver puts in the page's address: the worker config and which engine to run. */
export interface PageConfig extends Config {
  page: { engine: PageEngine; jaxVersion: string };
}
export type PageEngine = 'tensorgrad' | 'tfjs-wasm' | 'jax-js';

const say = (kind: string, payload: unknown): void => console.log(`@@${kind} ${JSON.stringify(payload)}`);
const browser = (): string => /Chrom(e|ium)\/[\d.]+/.exec(navigator.userAgent)?.[0] ?? navigator.userAgent;
const isolated = (): boolean => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;

/** Loads the engine, says what it is, and returns its W1-W5 runner. */
async function engine(cfg: PageConfig): Promise<((c: Config, e: Emit) => void) | null> {
  const which = cfg.page.engine;
  try {
    if (which === 'tensorgrad') {
      const torch = await import('../src/index.js');
      const { startThreads, timeWorkloads } = await import('./tg_workloads.js');
      await startThreads();
      say('info', {
        backend: 'js',
        version:
          `tensorgrad ${torch.__version__} (TypeScript backend) in ${browser()}, ` +
          `${torch.get_num_threads()} GEMM thread(s)${isolated() ? '' : ' (page not cross-origin-isolated)'}`,
      });
      return timeWorkloads;
    }
    if (which === 'tfjs-wasm') {
      const { loadTf, tfTimeWorkloads, wasmFeatures } = await import('./tfjs_workloads.js');
      const tf = await loadTf('wasm', '/tfjs/');
      say('info', { version: `tfjs-core ${tf.version_core} (wasm${await wasmFeatures(tf)}) in ${browser()}` });
      return (c, e) => tfTimeWorkloads(tf, c, e);
    }
    const { loadJax, jaxTimeWorkloads } = await import('./jaxjs_workloads.js');
    const jax = await loadJax();
    say('info', { version: `jax-js ${cfg.page.jaxVersion} (wasm device) in ${browser()}` });
    return (c, e) => jaxTimeWorkloads(jax, c, e);
  } catch (e) {
    say('unavailable', { reason: `cannot load ${which} in the page: ${(e as Error).message}` });
    return null;
  }
}

async function main(): Promise<void> {
  const cfg = JSON.parse(decodeURIComponent(location.hash.slice(1))) as PageConfig;
  const run = await engine(cfg);
  if (run === null) return;
  // Let the page's event loop run between workloads (the driver reads the console as it goes).
  for (const id of cfg.only) {
    run({ ...cfg, only: [id] }, say);
    await new Promise((ok) => setTimeout(ok, 0));
  }
}

main()
  .catch((e: Error) => say('error', { id: 'page', message: String(e.stack ?? e) }))
  .finally(() => say('done', {}));
