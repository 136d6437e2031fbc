// The real-valued location-scale families (Normal, Laplace, Cauchy): one constructor (loc and scale
// positionally or by name, broadcast together), their parameters and constraints, and expand.

import type { Tensor } from '../tensor/tensor.js';
import * as constraints from './constraints.js';
import { Distribution, broadcast_all, checkOpts, shapeArg, splitDistOpts } from './distribution.js';

export abstract class LocScale extends Distribution {
  /** @internal `args`: the subclass constructor's (loc, scale, opts?) as given. */
  protected constructor(args: unknown[]) {
    super();
    const name = new.target.name;
    const [[loc, scale], opts] = splitDistOpts(args, name, 2);
    checkOpts(name, opts, ['validate_args', 'loc', 'scale']);
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
  override get mode(): Tensor {
    return this.loc;
  }

  override expand(batch_shape: readonly number[]): this {
    const b = [...shapeArg(`${this.constructor.name}.expand()`, batch_shape)];
    return this._expanded(b, { loc: this.loc.expand(b), scale: this.scale.expand(b) });
  }
}
