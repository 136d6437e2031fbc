// Tutorial conformance: each port of a PyTorch tutorial (tests/tutorials/<name>.ts) prints, line
// by line, what its PyTorch twin (tests/tutorials/<name>.py) printed (tests/fixtures/tutorials/,
// written by tests/oracle/tutorials.py). A port runs in this process with console.log captured, so
// tensors, modules, sizes and dtypes print through util.inspect as console.log prints them.
// Tutorials that train for many steps compare numbers within a relative tolerance (float32 sums
// may round differently in the last digit); every other character must match.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { format } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Each port, with the relative tolerance for the numbers it prints (0: exact text). */
const PORTS: Record<string, number> = {
  tensorqs_tutorial: 0,
  autogradqs_tutorial: 0,
  polynomial_tensor: 1e-4,
  polynomial_autograd: 1e-4,
  polynomial_custom_function: 1e-4,
  polynomial_nn: 1e-4,
  buildmodel_tutorial: 0,
  polynomial_optim: 1e-4,
  polynomial_module: 1e-4,
  quickstart_tutorial: 1e-4,
  optimization_tutorial: 1e-4,
  neural_networks_tutorial: 0,
  autograd_tutorial: 0,
  nn_tutorial: 1e-4,
  tensor_tutorial: 0,
  pytorch_tutorial: 0,
  deep_learning_tutorial: 0,
  sequence_models_tutorial: 0,
  word_embeddings_tutorial: 1e-4,
  cifar10_tutorial: 1e-4,
  char_rnn_classification_tutorial: 1e-4,
  forward_ad_usage: 0,
  jacobians_hessians: 0,
  per_sample_grads: 0,
  ensembling: 0,
  neural_tangent_kernels: 1e-4,
  pruning_tutorial: 0,
  parametrizations: 1e-4,
  autograd_saved_tensors_hooks_tutorial: 0,
  tensors_deeper_tutorial: 0,
  autogradyt_tutorial: 0,
};

const NUM = /-?(?:\d+\.?\d*(?:e[+-]?\d+)?|nan|inf)/g;

function sameLine(got: string, want: string, tol: number): boolean {
  if (got === want) return true;
  if (tol === 0) return false;
  if (got.replace(NUM, '#') !== want.replace(NUM, '#')) return false;
  const a = got.match(NUM) ?? [];
  const b = want.match(NUM) ?? [];
  return a.every((s, i) => {
    const x = Number(s);
    const y = Number(b[i]);
    return s === b[i] || Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
  });
}

async function runPort(name: string): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(format(...args));
  try {
    await import(`./tutorials/${name}.ts`);
  } finally {
    console.log = log;
    torch.set_grad_enabled(true);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

for (const [name, tol] of Object.entries(PORTS)) {
  test(`tutorial ${name}: prints what PyTorch prints`, async () => {
    const want = readFileSync(join(here, 'fixtures', 'tutorials', `${name}.txt`), 'utf8').split('\n');
    const got = (await runPort(name)).split('\n');
    for (let i = 0; i < Math.max(got.length, want.length); i++) {
      assert.ok(
        sameLine(got[i] ?? '<missing>', want[i] ?? '<missing>', tol),
        `${name}.txt line ${i + 1}:\n  got:  ${JSON.stringify(got[i])}\n  want: ${JSON.stringify(want[i])}`,
      );
    }
  });
}

test('every fixture in tests/fixtures/tutorials has a port in the list, and every port a fixture', () => {
  const fixtures = readdirSync(join(here, 'fixtures', 'tutorials'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
  assert.deepEqual(fixtures, Object.keys(PORTS).sort());
});
