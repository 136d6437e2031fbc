// torch.distributions.Cauchy (PyTorch's torch/distributions/cauchy.py).

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import { tensorValue, type DistributionOpts } from './distribution.js';
import { LocScale } from './loc_scale.js';
import { cauchySample } from './sampling.js';

/** Cauchy(loc, scale): the ratio of two independent normals, located at loc with half-width scale. */
export class Cauchy extends LocScale {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super(args);
  }

  override get mean(): Tensor {
    return torch.full([...this._extended_shape()], NaN, { dtype: this.loc.dtype });
  }
  override get variance(): Tensor {
    return torch.full([...this._extended_shape()], Infinity, { dtype: this.loc.dtype });
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    const eps = cauchySample(this._extended_shape(sample_shape), this.loc.dtype);
    return this.loc.add(eps.mul(this.scale));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Cauchy', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    return this.scale.log().neg().sub(Math.log(Math.PI)).sub(value.sub(this.loc).div(this.scale).pow(2).add(1).log());
  }

  override cdf(value: Tensor): Tensor {
    value = tensorValue('Cauchy', 'cdf', value);
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.loc).div(this.scale).atan().div(Math.PI).add(0.5);
  }

  override icdf(value: Tensor): Tensor {
    value = tensorValue('Cauchy', 'icdf', value);
    return value.sub(0.5).mul(Math.PI).tan().mul(this.scale).add(this.loc);
  }

  override entropy(): Tensor {
    return this.scale.log().add(Math.log(4 * Math.PI));
  }
}
