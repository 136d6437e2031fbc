// torch.distributions.Cauchy (PyTorch's torch/distributions/cauchy.py).

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import * as constraints from './constraints.js';
import { Distribution, broadcast_all, checkOpts, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';
import { cauchySample } from './sampling.js';

/** Cauchy(loc, scale): the ratio of two independent normals, located at loc with half-width scale. */
export class Cauchy extends Distribution {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[loc, scale], opts] = splitDistOpts(args, 'Cauchy', 2);
    checkOpts('Cauchy', opts, ['validate_args', 'loc', 'scale']);
    const o = opts as { loc?: unknown; scale?: unknown };
    const l = loc ?? o.loc;
    const s = scale ?? o.scale;
    [this._params.loc, this._params.scale] = broadcast_all(l, s);
    const batch = typeof l === 'number' && typeof s === 'number' ? [] : this.loc.shape;
    this._init(batch, [], opts.validate_args);
  }

  get loc(): Tensor {
    return this._params.loc;
  }
  get scale(): Tensor {
    return this._params.scale;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return torch.full([...this._extended_shape()], NaN, { dtype: this.loc.dtype });
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return torch.full([...this._extended_shape()], Infinity, { dtype: this.loc.dtype });
  }

  override expand(batch_shape: readonly number[]): Cauchy {
    batch_shape = shapeArg('Cauchy.expand()', batch_shape);
    const b = [...batch_shape];
    return this._expanded(b, { loc: this.loc.expand(b), scale: this.scale.expand(b) });
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
