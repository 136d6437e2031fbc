// torch.distributions.TransformedDistribution and LogNormal (PyTorch's transformed_distribution.py
// and log_normal.py).

import { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import { makeSize } from '../tensor/shape.js';
import * as constraints from './constraints.js';
import {
  Distribution,
  _sum_rightmost,
  broadcast_all,
  finfo,
  checkOpts,
  shapeArg,
  splitDistOpts,
  tensorValue,
  type DistributionOpts,
} from './distribution.js';
import { Independent } from './independent.js';
import { Normal } from './normal.js';
import { AbsTransform, AffineTransform, ExpTransform, Transform } from './transforms.js';
import { Uniform } from './uniform.js';
import * as torch from '../api/torch.js';

/** The event dims of a chain of transforms' domain and codomain (PyTorch's ComposeTransform). */
function composeDims(parts: readonly Transform[]): { domain: number; codomain: number } {
  if (parts.length === 0) return { domain: 0, codomain: 0 };
  let d = parts[parts.length - 1].codomain.event_dim;
  for (let i = parts.length - 1; i >= 0; i--) {
    d += parts[i].domain.event_dim - parts[i].codomain.event_dim;
    d = Math.max(d, parts[i].domain.event_dim);
  }
  let c = parts[0].domain.event_dim;
  for (const p of parts) {
    c += p.codomain.event_dim - p.domain.event_dim;
    c = Math.max(c, p.codomain.event_dim);
  }
  return {
    domain: Math.max(d, parts[0].domain.event_dim),
    codomain: Math.max(c, parts[parts.length - 1].codomain.event_dim),
  };
}

/** TransformedDistribution(base_distribution, transforms): base samples pushed through transforms. */
export class TransformedDistribution extends Distribution {
  base_dist!: Distribution;
  transforms!: Transform[];

  constructor(base_distribution: Distribution, transforms: Transform | Transform[], opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[base, transforms], opts] = splitDistOpts(args, this.constructor.name, 2);
    checkOpts(this.constructor.name, opts, ['validate_args']);
    this._setup(base, transforms, opts.validate_args);
  }

  protected _setup(base: unknown, transforms: unknown, validate_args?: boolean | null): void {
    if (!(base instanceof Distribution)) {
      throw new TypeError(`TransformedDistribution(): argument 'base_distribution' must be a Distribution`);
    }
    if (transforms instanceof Transform) this.transforms = [transforms];
    else if (Array.isArray(transforms)) {
      if (!transforms.every((t) => t instanceof Transform)) {
        throw new RangeError('transforms must be a Transform or a list of Transforms');
      }
      this.transforms = [...(transforms as Transform[])];
    } else {
      throw new RangeError(`transforms must be a Transform or list, but was ${String(transforms)}`);
    }
    const baseShape = [...base.batch_shape, ...base.event_shape];
    const baseEventDim = base.event_shape.length;
    const dims = composeDims(this.transforms);
    if (baseShape.length < dims.domain) {
      throw new RangeError(
        `base_distribution needs to have shape with size at least ${dims.domain}, but got ${makeSize(baseShape).toString()}.`,
      );
    }
    let shape = baseShape;
    for (const t of this.transforms) shape = t.forward_shape(shape);
    let expanded = shape;
    for (const t of [...this.transforms].reverse()) expanded = t.inverse_shape(expanded);
    let b = base;
    if (expanded.length !== baseShape.length || expanded.some((d, i) => d !== baseShape[i])) {
      b = b.expand(expanded.slice(0, expanded.length - baseEventDim));
    }
    const reinterpreted = dims.domain - baseEventDim;
    if (reinterpreted > 0) b = new Independent(b, reinterpreted);
    this.base_dist = b;
    const eventDim = dims.codomain + Math.max(baseEventDim - dims.domain, 0);
    const cut = shape.length - eventDim;
    this._init(shape.slice(0, cut), shape.slice(cut), validate_args);
  }

  override get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override get support(): constraints.Constraint {
    if (this.transforms.length === 0) return this.base_dist.support;
    let support = this.transforms[this.transforms.length - 1].codomain;
    if (this._event_shape.length > support.event_dim) {
      support = constraints.independent(support, this._event_shape.length - support.event_dim);
    }
    return support;
  }
  override get has_rsample(): boolean {
    return this.base_dist.has_rsample;
  }

  override expand(batch_shape: readonly number[]): TransformedDistribution {
    const b = shapeArg(`${this.constructor.name}.expand()`, batch_shape);
    let shape = [...b, ...this._event_shape];
    for (const t of [...this.transforms].reverse()) shape = t.inverse_shape(shape);
    const d = this._expanded(b, { ...this._params });
    d.base_dist = this.base_dist.expand(shape.slice(0, shape.length - this.base_dist.event_shape.length));
    d.transforms = this.transforms;
    return d;
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    return no_grad(() => {
      let x = this.base_dist.sample(sample_shape);
      for (const t of this.transforms) x = t.forward(x);
      return x;
    });
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    let x = this.base_dist.rsample(sample_shape);
    for (const t of this.transforms) x = t.forward(x);
    return x;
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue(this.constructor.name, 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    let eventDim = this._event_shape.length;
    let logProb: Tensor | number = 0.0;
    let y = value;
    for (const t of [...this.transforms].reverse()) {
      const x = t.inv.forward(y);
      eventDim += t.domain.event_dim - t.codomain.event_dim;
      const term = _sum_rightmost(t.log_abs_det_jacobian(x, y), eventDim - t.domain.event_dim);
      logProb = typeof logProb === 'number' ? term.neg().add(logProb) : logProb.sub(term);
      y = x;
    }
    const base = _sum_rightmost(this.base_dist.log_prob(y), eventDim - this.base_dist.event_shape.length);
    return typeof logProb === 'number' ? base.add(logProb) : logProb.add(base);
  }

  private _monotonize_cdf(value: Tensor): Tensor {
    let sign: number | Tensor = 1;
    for (const t of this.transforms) {
      const ts = t.sign;
      if (typeof sign === 'number' && typeof ts === 'number') sign *= ts;
      else sign = typeof sign === 'number' ? (ts as Tensor).mul(sign) : sign.mul(ts as Tensor);
    }
    if (sign === 1) return value;
    return value
      .sub(0.5)
      .mul(sign as Tensor)
      .add(0.5);
  }

  override cdf(value: Tensor): Tensor {
    value = tensorValue(this.constructor.name, 'cdf', value);
    for (const t of [...this.transforms].reverse()) value = t.inv.forward(value);
    if (this._validate_args) this.base_dist._validate_sample(value);
    return this._monotonize_cdf(this.base_dist.cdf(value));
  }

  override icdf(value: Tensor): Tensor {
    value = tensorValue(this.constructor.name, 'icdf', value);
    let v = this.base_dist.icdf(this._monotonize_cdf(value));
    for (const t of this.transforms) v = t.forward(v);
    return v;
  }
}

/** LogNormal(loc, scale): exp of a Normal(loc, scale). */
export class LogNormal extends TransformedDistribution {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    const [[loc, scale], opts] = splitDistOpts(args, 'LogNormal', 2);
    checkOpts('LogNormal', opts, ['validate_args', 'loc', 'scale']);
    const o = opts as { loc?: Tensor | number; scale?: Tensor | number };
    const base = new Normal((loc ?? o.loc) as Tensor, (scale ?? o.scale) as Tensor, {
      validate_args: opts.validate_args,
    });
    super(base, new ExpTransform(), { validate_args: opts.validate_args });
  }

  get loc(): Tensor {
    return (this.base_dist as Normal).loc;
  }
  get scale(): Tensor {
    return (this.base_dist as Normal).scale;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.loc.add(this.scale.pow(2).div(2)).exp();
  }
  override get mode(): Tensor {
    return this.loc.sub(this.scale.square()).exp();
  }
  override get variance(): Tensor {
    const s2 = this.scale.pow(2);
    return s2.exp().sub(1).mul(this.loc.mul(2).add(s2).exp());
  }
  override entropy(): Tensor {
    return this.base_dist.entropy().add(this.loc);
  }
}

/** HalfNormal(scale): |X| for X ~ Normal(0, scale). */
export class HalfNormal extends TransformedDistribution {
  constructor(scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    const [[scale], opts] = splitDistOpts(args, 'HalfNormal', 1);
    checkOpts('HalfNormal', opts, ['validate_args', 'scale']);
    const base = new Normal(0, (scale ?? (opts as { scale?: Tensor }).scale) as Tensor, { validate_args: false });
    super(base, new AbsTransform(), { validate_args: opts.validate_args });
  }

  get scale(): Tensor {
    return (this.base_dist as Normal).scale;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.scale.mul(Math.sqrt(2 / Math.PI));
  }
  override get mode(): Tensor {
    return torch.zeros_like(this.scale);
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(1 - 2 / Math.PI);
  }
  override log_prob(value: Tensor): Tensor {
    value = tensorValue('HalfNormal', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const lp = this.base_dist.log_prob(value).add(Math.log(2));
    return torch.where(value.ge(0), lp, -Infinity);
  }
  override cdf(value: Tensor): Tensor {
    value = tensorValue('HalfNormal', 'cdf', value);
    if (this._validate_args) this._validate_sample(value);
    return this.base_dist.cdf(value).mul(2).sub(1);
  }
  override icdf(value: Tensor): Tensor {
    value = tensorValue('HalfNormal', 'icdf', value);
    return this.base_dist.icdf(value.add(1).div(2));
  }
  override entropy(): Tensor {
    return this.base_dist.entropy().sub(Math.log(2));
  }
}

const EULER = 0.5772156649015329;

/** Gumbel(loc, scale): the type-I extreme value distribution. */
export class Gumbel extends TransformedDistribution {
  constructor(loc: Tensor | number, scale: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    const [[l0, s0], opts] = splitDistOpts(args, 'Gumbel', 2);
    checkOpts('Gumbel', opts, ['validate_args', 'loc', 'scale']);
    const o = opts as { loc?: unknown; scale?: unknown };
    const l = l0 ?? o.loc;
    const s = s0 ?? o.scale;
    const [loc, scale] = broadcast_all(l, s);
    const f = finfo(loc.dtype);
    const base =
      typeof l === 'number' && typeof s === 'number'
        ? new Uniform(f.tiny, 1 - f.eps)
        : new Uniform(torch.full_like(loc, f.tiny), torch.full_like(loc, 1 - f.eps));
    const transforms = [
      new ExpTransform().inv,
      new AffineTransform(0, torch.ones_like(scale).neg()),
      new ExpTransform().inv,
      new AffineTransform(l as Tensor | number, scale.neg()),
    ];
    super(base, transforms, { validate_args: false });
    this._params.loc = loc;
    this._params.scale = scale;
    this._init(this._batch_shape, this._event_shape, opts.validate_args);
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
  override expand(batch_shape: readonly number[]): Gumbel {
    const d = super.expand(batch_shape) as Gumbel;
    d._params = { loc: this.loc.expand([...batch_shape]), scale: this.scale.expand([...batch_shape]) };
    return d;
  }
  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Gumbel', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  override get mean(): Tensor {
    return this.loc.add(this.scale.mul(EULER));
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }
  override get variance(): Tensor {
    return this.stddev.pow(2);
  }
  override entropy(): Tensor {
    return this.scale.log().add(1 + EULER);
  }
}
