// torch.distributions.transforms (PyTorch's transforms.py): invertible maps with their Jacobians,
// for TransformedDistribution. A transform is applied with t.forward(x) (Python's t(x)); its
// inverse is t.inv. Caching (cache_size) is not implemented: every call recomputes.

import { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import { broadcast_shapes } from '../tensor/shape.js';
import { functional_softplus as softplus } from '../ops/activation.js';
import * as constraints from './constraints.js';
import { finfo } from './distribution.js';
import { notImplemented } from './errors.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function tensorArg(cls: string, method: string, v: unknown): Tensor {
  if (!(v instanceof Tensor)) {
    throw new TypeError(`${cls}.${method}(): argument must be Tensor, not ${v === null ? 'null' : typeof v}`);
  }
  return v;
}

function shapeOf(t: Transform, method: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d))) {
    throw new TypeError(`${t.constructor.name}.${method}(): argument 'shape' must be an Array of numbers (torch.Size)`);
  }
  return [...(shape as number[])];
}

/** Transform: the abstract base class. */
export class Transform {
  get bijective(): boolean {
    return false;
  }
  get domain(): constraints.Constraint {
    throw notImplemented('');
  }
  get codomain(): constraints.Constraint {
    throw notImplemented('');
  }
  get event_dim(): number {
    if (this.domain.event_dim === this.codomain.event_dim) return this.domain.event_dim;
    throw new RangeError('Please use either .domain.event_dim or .codomain.event_dim');
  }
  /** +1 or -1 for monotone transforms (a tensor for AffineTransform with a tensor scale). */
  get sign(): number | Tensor {
    throw notImplemented('');
  }
  /** The inverse transform. */
  get inv(): Transform {
    return new _InverseTransform(this);
  }
  /** y = t(x). */
  forward(x: Tensor): Tensor {
    return this._call(tensorArg(this.constructor.name, 'forward', x));
  }
  protected _call(_x: Tensor): Tensor {
    throw notImplemented('');
  }
  /** x = t^-1(y). */
  _inv_call(y: Tensor): Tensor {
    return this._inverse(tensorArg(this.constructor.name, 'inv', y));
  }
  protected _inverse(_y: Tensor): Tensor {
    throw notImplemented('');
  }
  /** log |dy/dx|. */
  log_abs_det_jacobian(_x: Tensor, _y: Tensor): Tensor {
    throw notImplemented('');
  }
  forward_shape(shape: readonly number[]): number[] {
    return shapeOf(this, 'forward_shape', shape);
  }
  inverse_shape(shape: readonly number[]): number[] {
    return shapeOf(this, 'inverse_shape', shape);
  }
  /** Python's ==: the same transform (same class; AffineTransform: equal loc and scale). */
  equals(other: Transform): boolean {
    return other instanceof Transform && other.constructor === this.constructor;
  }
  toString(): string {
    return `${this.constructor.name}()`;
  }
  [INSPECT](): string {
    return this.toString();
  }
}

/** The inverse of a transform (t.inv). */
export class _InverseTransform extends Transform {
  constructor(readonly _inv: Transform) {
    super();
    if (!(_inv instanceof Transform))
      throw new TypeError(`_InverseTransform(): argument 'transform' must be a Transform`);
  }
  override get bijective(): boolean {
    return this._inv.bijective;
  }
  override equals(other: Transform): boolean {
    return other instanceof _InverseTransform && this._inv.equals(other._inv);
  }
  override get domain(): constraints.Constraint {
    return this._inv.codomain;
  }
  override get codomain(): constraints.Constraint {
    return this._inv.domain;
  }
  override get sign(): number | Tensor {
    return this._inv.sign;
  }
  override get inv(): Transform {
    return this._inv;
  }
  override forward(x: Tensor): Tensor {
    return this._inv._inv_call(x);
  }
  override _inv_call(y: Tensor): Tensor {
    return this._inv.forward(y);
  }
  override log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor {
    tensorArg('_InverseTransform', 'log_abs_det_jacobian', x);
    tensorArg('_InverseTransform', 'log_abs_det_jacobian', y);
    return this._inv.log_abs_det_jacobian(y, x).neg();
  }
  override forward_shape(shape: readonly number[]): number[] {
    return this._inv.inverse_shape(shape);
  }
  override toString(): string {
    return `_InverseTransform(${this._inv.toString()})`;
  }
  override inverse_shape(shape: readonly number[]): number[] {
    return this._inv.forward_shape(shape);
  }
}

/** y = exp(x). */
export class ExpTransform extends Transform {
  override get bijective(): boolean {
    return true;
  }
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  override get sign(): number {
    return 1;
  }
  protected override _call(x: Tensor): Tensor {
    return x.exp();
  }
  protected override _inverse(y: Tensor): Tensor {
    return y.log();
  }
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    return tensorArg('ExpTransform', 'log_abs_det_jacobian', x);
  }
}

/** y = loc + scale * x, over event_dim rightmost dims. */
export class AffineTransform extends Transform {
  readonly loc: Tensor | number;
  readonly scale: Tensor | number;
  private readonly _event_dim: number;

  constructor(loc: Tensor | number, scale: Tensor | number, opts?: { event_dim?: number; cache_size?: number }) {
    super();
    for (const [name, v] of [
      ['loc', loc],
      ['scale', scale],
    ] as const) {
      if (typeof v !== 'number' && !(v instanceof Tensor)) {
        throw new TypeError(`AffineTransform(): argument '${name}' must be a number or Tensor, not ${typeof v}`);
      }
    }
    const e = opts?.event_dim ?? 0;
    if (!Number.isInteger(e) || e < 0) throw new TypeError(`AffineTransform(): argument 'event_dim' must be int`);
    this.loc = loc;
    this.scale = scale;
    this._event_dim = e;
  }
  override get bijective(): boolean {
    return true;
  }
  override get event_dim(): number {
    return this._event_dim;
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: Tensor | number, b: Tensor | number): boolean =>
      typeof a === 'number' && typeof b === 'number'
        ? a === b
        : Boolean(
            torch
              .eq(a instanceof Tensor ? a : torch.tensor(a), b)
              .all()
              .item(),
          );
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
  override get domain(): constraints.Constraint {
    return this._event_dim === 0 ? constraints.real : constraints.independent(constraints.real, this._event_dim);
  }
  override get codomain(): constraints.Constraint {
    return this.domain;
  }
  override get sign(): number | Tensor {
    if (typeof this.scale === 'number') return this.scale > 0 ? 1 : this.scale < 0 ? -1 : 0;
    return this.scale.sign();
  }
  protected override _call(x: Tensor): Tensor {
    return x.mul(this.scale as Tensor).add(this.loc as Tensor);
  }
  protected override _inverse(y: Tensor): Tensor {
    return y.sub(this.loc as Tensor).div(this.scale as Tensor);
  }
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    tensorArg('AffineTransform', 'log_abs_det_jacobian', x);
    let shape = [...x.shape];
    let result =
      typeof this.scale === 'number' ? torch.full_like(x, Math.log(Math.abs(this.scale))) : this.scale.abs().log();
    if (this._event_dim) {
      result = result.view([...result.shape.slice(0, result.dim() - this._event_dim), -1]).sum(-1);
      shape = shape.slice(0, shape.length - this._event_dim);
    }
    return result.expand(shape);
  }
  override forward_shape(shape: readonly number[]): number[] {
    const ls = this.loc instanceof Tensor ? this.loc.shape : [];
    const ss = this.scale instanceof Tensor ? this.scale.shape : [];
    return [...broadcast_shapes(shapeOf(this, 'forward_shape', shape), ls, ss)];
  }
  override inverse_shape(shape: readonly number[]): number[] {
    return this.forward_shape(shape);
  }
}

/** y = sigmoid(x), clipped into (0, 1). */
export class SigmoidTransform extends Transform {
  override get bijective(): boolean {
    return true;
  }
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.unit_interval;
  }
  override get sign(): number {
    return 1;
  }
  protected override _call(x: Tensor): Tensor {
    const f = finfo(x.dtype);
    return x.sigmoid().clamp(f.tiny, 1 - f.eps);
  }
  protected override _inverse(y: Tensor): Tensor {
    const f = finfo(y.dtype);
    const c = y.clamp(f.tiny, 1 - f.eps);
    return c.log().sub(c.neg().log1p());
  }
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    tensorArg('SigmoidTransform', 'log_abs_det_jacobian', x);
    return softplus(x.neg()).neg().sub(softplus(x));
  }
}

/** y = tanh(x). */
export class TanhTransform extends Transform {
  override get bijective(): boolean {
    return true;
  }
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.interval(-1.0, 1.0);
  }
  override get sign(): number {
    return 1;
  }
  protected override _call(x: Tensor): Tensor {
    return x.tanh();
  }
  protected override _inverse(y: Tensor): Tensor {
    return y.atanh();
  }
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    tensorArg('TanhTransform', 'log_abs_det_jacobian', x);
    return torch
      .rsub(x, Math.log(2))
      .sub(softplus(x.mul(-2)))
      .mul(2);
  }
}

/** y = |x| (not bijective). */
export class AbsTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  protected override _call(x: Tensor): Tensor {
    return x.abs();
  }
  protected override _inverse(y: Tensor): Tensor {
    return y;
  }
}
