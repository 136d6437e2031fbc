// The jax-js worker: the workloads of jaxjs_workloads.ts on Node, and W6 (peak RSS), which only a
// process can measure.

import { emit, guarded, parseWorkerConfig, rssMiB } from './harness.js';
import { jaxMlp, jaxTimeWorkloads, loadJax, type Jax } from './jaxjs_workloads.js';

const cfg = parseWorkerConfig(process.argv);

function memoryWorkload(jax: Jax): void {
  guarded('W6.peak', () => {
    const { step } = jaxMlp(jax, cfg.mlp);
    const base = rssMiB().now;
    let loss = 0;
    for (let i = 0; i < cfg.rssSteps; i++) loss = step();
    const { peak } = rssMiB();
    emit('fig', { id: 'W6.peak', mib: [peak], check: loss });
    emit('fig', { id: 'W6.growth', mib: [peak - base] });
  });
}

async function main(): Promise<void> {
  let jax: Jax;
  try {
    jax = await loadJax();
  } catch (e) {
    emit('unavailable', { reason: `cannot load jax-js: ${(e as Error).message}` });
    return;
  }
  const at = process.argv.indexOf('--jax-version');
  const version = at >= 0 ? process.argv[at + 1] : '?';
  emit('info', { version: `jax-js ${version} (wasm device), Node ${process.version}` });
  if (cfg.rss) memoryWorkload(jax);
  else jaxTimeWorkloads(jax, cfg, emit);
}

void main();
