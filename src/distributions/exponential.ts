// torch.distributions.Exponential (PyTorch's torch/distributions/exponential.py).

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import * as constraints from './constraints.js';
import { Distribution, broadcast_all, checkOpts, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

/** Exponential(rate): density rate * exp(-rate * x) on x >= 0. */
export class Exponential extends Distribution {
  constructor(rate: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[rate], opts] = splitDistOpts(args, 'Exponential', 1);
    checkOpts('Exponential', opts, ['validate_args', 'rate']);
    const r = rate ?? (opts as { rate?: unknown }).rate;
    [this._params.rate] = broadcast_all(r);
    this._init(typeof r === 'number' ? [] : this.rate.shape, [], opts.validate_args);
  }

  get rate(): Tensor {
    return this._params.rate;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.rate.reciprocal();
  }
  override get mode(): Tensor {
    return torch.zeros_like(this.rate);
  }
  override get stddev(): Tensor {
    return this.rate.reciprocal();
  }
  override get variance(): Tensor {
    return this.rate.pow(-2);
  }

  override expand(batch_shape: readonly number[]): Exponential {
    batch_shape = shapeArg('Exponential.expand()', batch_shape);
    const b = [...batch_shape];
    return this._expanded(b, { rate: this.rate.expand(b) });
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    return torch.empty(shape, { dtype: this.rate.dtype }).exponential_().div(this.rate);
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Exponential', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }

  override cdf(value: Tensor): Tensor {
    value = tensorValue('Exponential', 'cdf', value);
    if (this._validate_args) this._validate_sample(value);
    return torch.rsub(this.rate.neg().mul(value).exp(), 1);
  }

  override icdf(value: Tensor): Tensor {
    value = tensorValue('Exponential', 'icdf', value);
    return torch.rsub(value, 1).log().neg().div(this.rate);
  }

  override entropy(): Tensor {
    return torch.rsub(this.rate.log(), 1.0);
  }
}
