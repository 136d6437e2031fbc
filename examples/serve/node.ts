// The exported MNIST model answering in Node, through ONNX Runtime alone (no tensorgrad):
//
//   npm start                                     trains and writes runs/<timestamp>/model.onnx
//   npx tsx examples/serve/node.ts                classifies the 1,756 test digits with the newest run's model
//   npx tsx examples/serve/node.ts model.onnx --port 8080
//                                                 also serves POST /predict and the browser page
//                                                 (http://127.0.0.1:8080/, onnxruntime-web)

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { argmax, predict, serve, testDigits } from './server.js';

function newestModel(): string {
  const runs = existsSync('runs') ? readdirSync('runs').sort().reverse() : [];
  const run = runs.find((r) => existsSync(join('runs', r, 'model.onnx')));
  if (run === undefined) throw new Error('no runs/<timestamp>/model.onnx: run `npm start` first, or name a model');
  return join('runs', run, 'model.onnx');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' } } });
  const modelPath = positionals[0] ?? newestModel();
  const session = await ort.InferenceSession.create(modelPath);
  const digits = testDigits(200);
  let correct = 0;
  for (let i = 0; i < digits.length; i += 256) {
    const batch = digits.slice(i, i + 256);
    const logits = await predict(
      session,
      batch.map((d) => d.pixels),
    );
    logits.forEach((l, k) => (correct += argmax(l) === batch[k].label ? 1 : 0));
  }
  console.log(
    `${modelPath}: ${correct}/${digits.length} test digits right (${((100 * correct) / digits.length).toFixed(2)}%) with ONNX Runtime ${ort.env.versions.common}`,
  );
  if (values.port !== undefined) {
    const { origin } = await serve(modelPath, Number(values.port));
    console.log(`serving POST ${origin}/predict and the browser page at ${origin}/ (Ctrl-C stops)`);
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
