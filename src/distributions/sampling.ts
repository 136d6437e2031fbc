// Samplers PyTorch's distributions call that tensorgrad has no public op for yet, with PyTorch
// 1.13's CPU streams: Tensor.cauchy_() and torch.poisson(). Each draws from the default generator
// exactly as ATen's serial CPU kernels do (one element after another, in memory order).

import type { Tensor } from '../tensor/tensor.js';
import { default_generator } from '../tensor/generator.js';
import { float64, type DType } from '../tensor/dtype.js';
import { from_typed_array } from '../tensor/creation.js';
import { lgamma } from '../backend/js/math.js';

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

/** ATen's sample_poisson(lambda): transformed rejection (Hoermann 1993) from 10 on, else multiplication. */
function samplePoisson(lambda: number): number {
  const g = default_generator;
  if (lambda >= 10) {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = g._uniform53() - 0.5;
      const V = g._uniform53();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1)) {
        return k;
      }
    }
  }
  if (lambda === 0) return 0;
  const enlam = Math.exp(-lambda);
  let X = 0;
  let prod = 1.0;
  for (;;) {
    prod *= g._uniform53();
    if (prod > enlam) X += 1;
    else return X;
  }
}

/** torch.poisson(rate): one Poisson draw per element of rate, in rate's dtype. */
export function poissonSample(rate: Tensor): Tensor {
  const lambdas = rate.contiguous().toTypedArray();
  for (let i = 0; i < lambdas.length; i++) {
    if (!(lambdas[i] >= 0)) throw new Error('invalid Poisson rate, expected rate to be non-negative');
  }
  const out = new rate.dtype.array(lambdas.length);
  for (let i = 0; i < lambdas.length; i++) out[i] = samplePoisson(Number(lambdas[i]));
  return from_typed_array(out, [...rate.shape], rate.dtype === float64 ? float64 : rate.dtype);
}
