// The TensorFlow.js worker (tfjs-core with the cpu or wasm backend, chosen by --backend): the
// workloads of tfjs_workloads.ts on Node, and W6 (peak RSS), which only a process can measure.

import { emit, guarded, parseWorkerConfig, rssMiB } from './harness.js';
import { loadTf, tfMlp, tfTimeWorkloads, wasmFeatures, type TF } from './tfjs_workloads.js';

const cfg = parseWorkerConfig(process.argv);
const backendName = process.argv[process.argv.indexOf('--backend') + 1];
const wasmDir = process.argv.includes('--wasm-dir') ? process.argv[process.argv.indexOf('--wasm-dir') + 1] : null;

function memoryWorkload(tf: TF): void {
  guarded('W6.peak', () => {
    const { step } = tfMlp(tf, cfg.mlp);
    const base = rssMiB().now;
    let loss = 0;
    for (let i = 0; i < cfg.rssSteps; i++) loss = step();
    const { peak } = rssMiB();
    emit('fig', { id: 'W6.peak', mib: [peak], check: loss });
    emit('fig', { id: 'W6.growth', mib: [peak - base] });
  });
}

async function main(): Promise<void> {
  let tf: TF;
  try {
    tf = await loadTf(backendName, wasmDir);
  } catch (e) {
    emit('unavailable', { reason: `cannot load TensorFlow.js ${backendName} backend: ${(e as Error).message}` });
    return;
  }
  const version = `tfjs-core ${tf.version_core} (${backendName}${await wasmFeatures(tf)}), Node ${process.version}`;
  emit('info', { version });
  if (cfg.rss) memoryWorkload(tf);
  else tfTimeWorkloads(tf, cfg, emit);
}

void main();
