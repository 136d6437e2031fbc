// Samplers PyTorch's distributions call that tensorgrad has no public op for yet, with PyTorch
// 1.13's CPU streams: Tensor.cauchy_() (torch.poisson is src/ops/special2.ts's). Each draws from the default generator
// exactly as ATen's serial CPU kernels do (one element after another, in memory order).

import type { Tensor } from '../tensor/tensor.js';
import { default_generator } from '../tensor/generator.js';
import { float64, type DType } from '../tensor/dtype.js';
import { from_typed_array } from '../tensor/creation.js';
import { no_grad } from '../autograd/grad_mode.js';
import { poissonImpl } from '../ops/special2.js';

/**
 * torch.empty(shape).cauchy_(): median + sigma * tan(pi * (u - 0.5)) with u a 53-bit uniform,
 * at::cauchy_distribution<double>, rounded to dtype.
 */
export function cauchySample(shape: readonly number[], dtype: DType, median = 0, sigma = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new dtype.array(n);
  for (let i = 0; i < n; i++) out[i] = median + sigma * Math.tan(Math.PI * (default_generator._uniform53() - 0.5));
  return from_typed_array(out, [...shape], dtype);
}

/** torch.poisson(rate): one Poisson draw per element of rate (ATen's CPU stream), never recorded. */
export function poissonSample(rate: Tensor): Tensor {
  return no_grad(() => poissonImpl(rate));
}

const TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
  0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
];

function stirlingApproxTail(k: number): number {
  if (k <= 9) return TAIL[k];
  const kp1sq = (k + 1) * (k + 1);
  return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

type Round = (x: number) => number;
const same: Round = (x) => x;

/** ATen's binomial_inversion: counts geometric gaps until they pass count. */
function binomialInversion(count: number, prob: number, F: Round): number {
  let geomSum = 0;
  let numGeom = 0;
  const logprob = Math.log1p(F(-prob));
  for (;;) {
    const U = default_generator._uniform53();
    const geom = Math.ceil(Math.log(U) / logprob);
    geomSum += geom;
    if (geomSum > count) break;
    numGeom += 1;
  }
  return numGeom;
}

/** ATen's btrs: the transformed rejection with squeeze of Hoermann (1993). */
// scalar_t arithmetic (count, prob and their products) rounds through F; the rest is double.
function btrs(count: number, prob: number, F: Round): number {
  const g = default_generator;
  const stddev = Math.sqrt(F(F(count * prob) * F(1 - prob)));
  const b = 1.15 + 2.53 * stddev;
  const a = -0.0873 + 0.0248 * b + 0.01 * prob;
  const c = F(count * prob) + 0.5;
  const vR = 0.92 - 4.2 / b;
  const r = F(prob / F(1 - prob));
  const alpha = (2.83 + 5.1 / b) * stddev;
  const m = Math.floor(F(F(count + 1) * prob));
  for (;;) {
    const U = g._uniform53() - 0.5;
    let V = g._uniform53();
    const us = 0.5 - Math.abs(U);
    const k = F(Math.floor(((2 * a) / us + b) * U + c));
    if (k < 0 || k > count) continue;
    if (us >= 0.07 && V <= vR) return k;
    V = Math.log((V * alpha) / (a / (us * us) + b));
    const upperbound =
      (m + 0.5) * Math.log((m + 1) / (r * (count - m + 1))) +
      (count + 1) * Math.log((count - m + 1) / (count - k + 1)) +
      (k + 0.5) * Math.log((r * (count - k + 1)) / (k + 1)) +
      stirlingApproxTail(m) +
      stirlingApproxTail(count - m) -
      stirlingApproxTail(k) -
      stirlingApproxTail(count - k);
    if (V <= upperbound) return k;
  }
}

/** ATen's sample_binomial(count, prob). */
function sampleBinomial(count: number, prob: number, F: Round): number {
  if (count <= 0 || prob <= 0) return 0;
  if (prob >= 1) return count;
  if (prob <= 0.5) return F(count * prob) >= 10 ? btrs(count, prob, F) : binomialInversion(count, prob, F);
  if (prob > 0.5) {
    const q = F(1 - prob);
    return F(count * q) >= 10 ? count - btrs(count, q, F) : count - binomialInversion(count, q, F);
  }
  return NaN;
}

/** torch.binomial(count, prob): one draw per element (count and prob of one shape and dtype). */
export function binomialSample(count: Tensor, prob: Tensor): Tensor {
  const n = count.contiguous().toTypedArray();
  const p = prob.contiguous().toTypedArray();
  const out = new prob.dtype.array(p.length);
  const F = prob.dtype === float64 ? same : Math.fround;
  for (let i = 0; i < p.length; i++) out[i] = sampleBinomial(Number(n[i]), Number(p[i]), F);
  return from_typed_array(out, [...prob.shape], prob.dtype);
}
