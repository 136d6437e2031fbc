// torch.multinomial with PyTorch 1.13's CPU algorithms, so seeded draws match PyTorch's:
// - without replacement: the Gumbel-max trick in its exponential form, argmax (one sample) or
//   top-k over p / q with q ~ Exp(1) drawn by exponential_ in the input's layout;
// - with replacement (any number of samples): per row, the cumulative distribution in the input's dtype,
//   normalized, and a binary search for each 53-bit uniform draw.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { allocate } from '../tensor/alloc.js';
import { Tensor } from '../tensor/tensor.js';
import { float32, int64 } from '../tensor/dtype.js';
import { genOf, likeStrides, sampled, vmapSampler, type GeneratorOpts } from './random.js';
import { vmapState } from '../autograd/batching.js';
import { fillExponential } from '../tensor/random_fill.js';
import { op } from './declare.js';

export interface MultinomialOpts extends GeneratorOpts {
  replacement?: boolean;
}

const invalid = (what: string): Error => new Error(`invalid multinomial distribution (${what})`);

/**
 * torch.multinomial(input, num_samples, replacement = false, { generator }): indices drawn from
 * the categories of each row of input (1-d or 2-d, non-negative weights), as an int64 tensor.
 */
export function multinomialImpl(
  input: Tensor,
  num_samples: number,
  replacement?: boolean | MultinomialOpts,
  opts?: MultinomialOpts,
): Tensor {
  if (typeof replacement === 'object') return multinomialImpl(input, num_samples, undefined, replacement);
  if (vmapState.depth !== 0 && input.dim() >= 1 && input.dim() <= 2) {
    // Inside vmap (Note [vmap randomness]): the rows of every example drawn as one 2-d call.
    return vmapSampler([input], ([p]) => {
      const k = p._shape[p.dim() - 1];
      const out = multinomialImpl(p.reshape([-1, k]), num_samples, replacement, opts);
      return out.reshape([...p._shape.slice(0, -1), num_samples]);
    });
  }
  const withReplacement = replacement ?? opts?.replacement ?? false;
  const n = num_samples;
  if (input.dim() < 1 || input.dim() > 2) throw new Error('prob_dist must be 1 or 2 dim');
  if (!input.dtype.is_floating_point) {
    const name = { int32: 'Int', int64: 'Long', bool: 'Bool' }[input.dtype.name as 'int32' | 'int64' | 'bool'];
    throw new Error(`multinomial only supports floating-point dtypes for input, got: ${name}`);
  }
  if (!Number.isInteger(n)) throw new TypeError(`multinomial(): argument 'num_samples' must be int, not ${n}`);
  if (n <= 0) throw new Error('cannot sample n_sample <= 0 samples');
  const k = input.shape[input.dim() - 1];
  if (!withReplacement && n > k) {
    throw new Error('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  if (k > 2 ** 24) throw new Error('number of categories cannot exceed 2^24');
  const rows = input.dim() === 1 ? 1 : input.shape[0];
  const shape = input.dim() === 1 ? [n] : [rows, n];
  const g = genOf(opts);
  const p = input.toTypedArray();
  const out = allocate(int64, rows * n, shape) as Float64Array;
  if (!withReplacement) gumbelMax(input, p, rows, k, n, out, g);
  else cumulativeSearch(p, rows, k, n, out, g, input.dtype === float32);
  return Tensor._make(out, shape, input.dim() === 1 ? [1] : [n, 1], 0, int64);
}

type T = Tensor;
export const multinomial = op(
  'multinomial(Tensor self, int num_samples, bool replacement=False, *, Generator? generator=None)',
  multinomialImpl as (self: T, num_samples: number, replacement?: boolean, opts?: GeneratorOpts) => T,
);

function gumbelMax(
  input: Tensor,
  p: ArrayLike<number>,
  rows: number,
  k: number,
  n: number,
  out: Float64Array,
  g: ReturnType<typeof genOf>,
): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] < Infinity))
      throw new Error('probability tensor contains either `inf`, `nan` or element < 0');
  }
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[r * k + j];
    if (sum === 0) throw invalid('sum of probabilities <= 0');
  }
  const q = sampled(input.shape, likeStrides(input), input.dtype, (buf) => fillExponential(buf, 1, g)).toTypedArray();
  const single = input.dtype === float32;
  for (let i = 0; i < q.length; i++) q[i] = single ? Math.fround(p[i] / q[i]) : p[i] / q[i];
  for (let r = 0; r < rows; r++) {
    const base = r * k;
    if (n === 1) {
      // argmax: the first maximum, NaN counting as the largest.
      let best = 0;
      for (let j = 1; j < k; j++) {
        const v = q[base + j];
        const b = q[base + best];
        if (b !== b) break;
        if (v > b || v !== v) best = j;
      }
      out[r] = best;
    } else {
      // topk, largest first; equal values (zero weights) in index order.
      const idx = Array.from({ length: k }, (_, j) => j);
      idx.sort((a, b) => q[base + b] - q[base + a] || a - b);
      for (let j = 0; j < n; j++) out[r * n + j] = idx[j];
    }
  }
}

function cumulativeSearch(
  p: ArrayLike<number>,
  rows: number,
  k: number,
  n: number,
  out: Float64Array,
  g: ReturnType<typeof genOf>,
  single: boolean,
): void {
  const round = single ? Math.fround : (x: number) => x;
  const cum = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = p[r * k + j];
      if (!(v >= 0)) throw invalid('encountering probability entry < 0');
      if (!Number.isFinite(v)) throw invalid('encountering probability entry = infinity or NaN');
      sum = round(sum + v);
      cum[j] = sum;
    }
    if (!(sum > 0)) throw invalid('sum of probabilities <= 0');
    for (let j = 0; j < k; j++) cum[j] = round(cum[j] / sum);
    cum[k - 1] = 1;
    for (let s = 0; s < n; s++) {
      const u = g._uniform53();
      let left = 0;
      let right = k;
      while (right - left > 0) {
        const mid = left + ((right - left) >> 1);
        if (cum[mid] < u) left = mid + 1;
        else right = mid;
      }
      out[r * n + s] = left;
    }
  }
}
