// torch.distributions.Laplace (PyTorch's torch/distributions/laplace.py).

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import * as constraints from './constraints.js';
import { Distribution, broadcast_all, checkOpts, finfo, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

/** Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale). */
export class Laplace extends Distribution {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[loc, scale], opts] = splitDistOpts(args, 'Laplace', 2);
    checkOpts('Laplace', opts, ['validate_args', 'loc', 'scale']);
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
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(2);
  }
  override get stddev(): Tensor {
    return this.scale.mul(2 ** 0.5);
  }

  override expand(batch_shape: readonly number[]): Laplace {
    batch_shape = shapeArg('Laplace.expand()', batch_shape);
    const b = [...batch_shape];
    return this._expanded(b, { loc: this.loc.expand(b), scale: this.scale.expand(b) });
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
