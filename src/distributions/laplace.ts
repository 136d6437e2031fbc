// torch.distributions.Laplace (PyTorch's torch/distributions/laplace.py).

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import { finfo, tensorValue, type DistributionOpts } from './distribution.js';
import { LocScale } from './loc_scale.js';

/** Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale). */
export class Laplace extends LocScale {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super(args);
  }

  override get mean(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(2);
  }
  override get stddev(): Tensor {
    return this.scale.mul(2 ** 0.5);
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    const eps = finfo(this.loc.dtype).eps;
    const u = torch.empty(shape, { dtype: this.loc.dtype }).uniform_(eps - 1, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(u.abs().neg().log1p()));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Laplace', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    return this.scale.mul(2).log().neg().sub(value.sub(this.loc).abs().div(this.scale));
  }

  override cdf(value: Tensor): Tensor {
    value = tensorValue('Laplace', 'cdf', value);
    if (this._validate_args) this._validate_sample(value);
    const d = value.sub(this.loc);
    return torch.rsub(d.sign().mul(0.5).mul(d.abs().neg().div(this.scale).expm1()), 0.5);
  }

  override icdf(value: Tensor): Tensor {
    value = tensorValue('Laplace', 'icdf', value);
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(term.abs().mul(-2).log1p()));
  }

  override entropy(): Tensor {
    return this.scale.mul(2).log().add(1);
  }
}
