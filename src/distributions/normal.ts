// torch.distributions.Normal (PyTorch's torch/distributions/normal.py).

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as torch from '../api/torch.js';
import { _standard_normal, tensorValue, type DistributionOpts } from './distribution.js';
import { LocScale } from './loc_scale.js';

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

/** Normal(loc, scale): the Gaussian with mean loc and standard deviation scale. */
export class Normal extends LocScale {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super(args);
  }

  override get mean(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale;
  }
  override get variance(): Tensor {
    return this.stddev.pow(2);
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    return no_grad(() => torch.normal(this.loc.expand(shape), this.scale.expand(shape)));
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    const shape = this._extended_shape(sample_shape);
    const eps = _standard_normal(shape, this.loc.dtype);
    return this.loc.add(eps.mul(this.scale));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Normal', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const v = this.scale.pow(2);
    return value.sub(this.loc).pow(2).neg().div(v.mul(2)).sub(this.scale.log()).sub(LOG_SQRT_2PI);
  }

  override cdf(value: Tensor): Tensor {
    value = tensorValue('Normal', 'cdf', value);
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.SQRT2).erf().add(1).mul(0.5);
  }

  override icdf(value: Tensor): Tensor {
    value = tensorValue('Normal', 'icdf', value);
    return this.loc.add(this.scale.mul(value.mul(2).sub(1).erfinv()).mul(Math.SQRT2));
  }

  override entropy(): Tensor {
    return this.scale.log().add(0.5 + 0.5 * Math.log(2 * Math.PI));
  }
}
