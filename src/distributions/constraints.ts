// torch.distributions.constraints: the regions a distribution's parameters and samples live in
// (PyTorch's torch/distributions/constraints.py). A constraint's check(value) returns a bool tensor
// of value's shape less its event_dim rightmost dims; its repr is PyTorch's (`Real()`,
// `GreaterThan(lower_bound=0.0)`, `IndependentConstraint(Real(), 1)`).

import { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import * as linalg from '../api/linalg.js';
import { pyFloat } from '../tensor/format.js';
import { bool } from '../tensor/dtype.js';
import { notImplemented } from './errors.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** An integer bound as Python prints an int (a tensor bound as f'{tensor}' formats it). */
function intBound(v: number | Tensor): string {
  return v instanceof Tensor ? floatBound(v) : String(v);
}

function nonzeroInt(v: number): string {
  return String(v);
}

/** Constraint: the abstract base class. */
export class Constraint {
  /** Whether the constrained space is discrete. */
  get is_discrete(): boolean {
    return false;
  }
  /** Number of rightmost dimensions that together define an event. */
  get event_dim(): number {
    return 0;
  }
  /** A bool tensor of sample_shape + batch_shape saying whether each event satisfies the constraint. */
  check(value: Tensor): Tensor {
    if (!(value instanceof Tensor)) {
      throw new TypeError(
        `${this._name}.check(): argument 'value' must be Tensor, not ${value === null ? 'null' : typeof value}`,
      );
    }
    return this._check(value);
  }

  /** check() for a tensor argument. */
  protected _check(_value: Tensor): Tensor {
    throw notImplemented('');
  }
  /** PyTorch's class name without its leading underscore. */
  protected get _name(): string {
    return this.constructor.name.replace(/^_/, '');
  }
  toString(): string {
    return `${this._name}()`;
  }
  [INSPECT](): string {
    return this.toString();
  }
}

/** Placeholder for parameters whose support depends on other parameters (not checkable). */
export class _Dependent extends Constraint {
  constructor(
    private readonly _is_discrete: boolean | undefined = undefined,
    private readonly _event_dim: number | undefined = undefined,
  ) {
    super();
    if (_is_discrete !== undefined && typeof _is_discrete !== 'boolean') {
      throw new TypeError(`_Dependent(): argument 'is_discrete' must be boolean`);
    }
    if (_event_dim !== undefined && !Number.isInteger(_event_dim)) {
      throw new TypeError(`_Dependent(): argument 'event_dim' must be int`);
    }
  }
  override get is_discrete(): boolean {
    if (this._is_discrete === undefined) throw notImplemented('.is_discrete cannot be determined statically');
    return this._is_discrete;
  }
  override get event_dim(): number {
    if (this._event_dim === undefined) throw notImplemented('.event_dim cannot be determined statically');
    return this._event_dim;
  }
  override check(_x: Tensor): Tensor {
    throw new RangeError('Cannot determine validity of dependent constraint');
  }
  protected override get _name(): string {
    return 'Dependent';
  }
}

/** constraints.is_dependent(c). */
export function is_dependent(c: Constraint): boolean {
  return c instanceof _Dependent;
}

/** Aggregates a base constraint over reinterpreted_batch_ndims rightmost dims. */
export class _IndependentConstraint extends Constraint {
  constructor(
    readonly base_constraint: Constraint,
    readonly reinterpreted_batch_ndims: number,
  ) {
    super();
    if (!(base_constraint instanceof Constraint)) throw new TypeError('base_constraint must be a Constraint');
    if (!Number.isInteger(reinterpreted_batch_ndims) || reinterpreted_batch_ndims < 0) {
      throw new TypeError('reinterpreted_batch_ndims must be a non-negative integer');
    }
  }
  override get is_discrete(): boolean {
    return this.base_constraint.is_discrete;
  }
  override get event_dim(): number {
    return this.base_constraint.event_dim + this.reinterpreted_batch_ndims;
  }
  override _check(value: Tensor): Tensor {
    let result = this.base_constraint.check(value);
    const n = this.reinterpreted_batch_ndims;
    if (result.dim() < n) {
      const expected = this.base_constraint.event_dim + n;
      throw new RangeError(`Expected value.dim() >= ${expected} but got ${value.dim()}`);
    }
    result = result.reshape([...result.shape.slice(0, result.dim() - n), -1]);
    return result.all(-1);
  }
  protected override get _name(): string {
    return 'IndependentConstraint';
  }
  override toString(): string {
    return `${this._name}(${this.base_constraint.toString()}, ${this.reinterpreted_batch_ndims})`;
  }
}

class _Boolean extends Constraint {
  override get is_discrete(): boolean {
    return true;
  }
  override _check(value: Tensor): Tensor {
    return value.eq(0).logical_or(value.eq(1));
  }
}

class _OneHot extends Constraint {
  override get is_discrete(): boolean {
    return true;
  }
  override get event_dim(): number {
    return 1;
  }
  override _check(value: Tensor): Tensor {
    const isBoolean = value.eq(0).logical_or(value.eq(1));
    const isNormalized = value.sum(-1).eq(1);
    return isBoolean.all(-1).logical_and(isNormalized);
  }
}

class _IntegerInterval extends Constraint {
  constructor(
    readonly lower_bound: number | Tensor,
    readonly upper_bound: number | Tensor,
  ) {
    super();
  }
  override get is_discrete(): boolean {
    return true;
  }
  override _check(value: Tensor): Tensor {
    return value
      .remainder(1)
      .eq(0)
      .logical_and(value.ge(this.lower_bound as Tensor))
      .logical_and(value.le(this.upper_bound as Tensor));
  }
  override toString(): string {
    return `${this._name}(lower_bound=${intBound(this.lower_bound)}, upper_bound=${intBound(this.upper_bound)})`;
  }
}

class _IntegerGreaterThan extends Constraint {
  constructor(readonly lower_bound: number) {
    super();
  }
  override get is_discrete(): boolean {
    return true;
  }
  override _check(value: Tensor): Tensor {
    return value.remainder(1).eq(0).logical_and(value.ge(this.lower_bound));
  }
  override toString(): string {
    return `${this._name}(lower_bound=${nonzeroInt(this.lower_bound)})`;
  }
}

class _Real extends Constraint {
  override _check(value: Tensor): Tensor {
    return value.eq(value); // false for NaNs
  }
}

/** A float bound (PyTorch's 0. and 1. literals print as 0.0 and 1.0). */
function floatBound(v: number | Tensor): string {
  if (!(v instanceof Tensor)) return pyFloat(v);
  if (v.dim() !== 0) return v.toString();
  return v.dtype.is_floating_point ? pyFloat(v.item() as number) : String(v.item());
}

class _GreaterThan extends Constraint {
  constructor(readonly lower_bound: number | Tensor) {
    super();
  }
  override _check(value: Tensor): Tensor {
    return value.gt(this.lower_bound as Tensor);
  }
  override toString(): string {
    return `${this._name}(lower_bound=${floatBound(this.lower_bound)})`;
  }
}

class _GreaterThanEq extends Constraint {
  constructor(readonly lower_bound: number | Tensor) {
    super();
  }
  override _check(value: Tensor): Tensor {
    return value.ge(this.lower_bound as Tensor);
  }
  override toString(): string {
    return `${this._name}(lower_bound=${floatBound(this.lower_bound)})`;
  }
}

class _LessThan extends Constraint {
  constructor(readonly upper_bound: number | Tensor) {
    super();
  }
  override _check(value: Tensor): Tensor {
    return value.lt(this.upper_bound as Tensor);
  }
  override toString(): string {
    return `${this._name}(upper_bound=${floatBound(this.upper_bound)})`;
  }
}

class _Interval extends Constraint {
  constructor(
    readonly lower_bound: number | Tensor,
    readonly upper_bound: number | Tensor,
  ) {
    super();
  }
  override _check(value: Tensor): Tensor {
    return value.ge(this.lower_bound as Tensor).logical_and(value.le(this.upper_bound as Tensor));
  }
  override toString(): string {
    return `${this._name}(lower_bound=${floatBound(this.lower_bound)}, upper_bound=${floatBound(this.upper_bound)})`;
  }
}

class _HalfOpenInterval extends _Interval {
  override _check(value: Tensor): Tensor {
    return value.ge(this.lower_bound as Tensor).logical_and(value.lt(this.upper_bound as Tensor));
  }
}

class _Simplex extends Constraint {
  override get event_dim(): number {
    return 1;
  }
  override _check(value: Tensor): Tensor {
    return torch.all(value.ge(0), -1).logical_and(value.sum(-1).sub(1).abs().lt(1e-6));
  }
}

class _LowerTriangular extends Constraint {
  override get event_dim(): number {
    return 2;
  }
  override _check(value: Tensor): Tensor {
    const tril = value.tril();
    return tril
      .eq(value)
      .view([...value.shape.slice(0, -2), -1])
      .all(-1);
  }
}

class _LowerCholesky extends Constraint {
  override get event_dim(): number {
    return 2;
  }
  override _check(value: Tensor): Tensor {
    const tril = value.tril();
    const lower = tril
      .eq(value)
      .view([...value.shape.slice(0, -2), -1])
      .all(-1);
    const positiveDiagonal = value.diagonal(0, -2, -1).gt(0).all(-1);
    return lower.logical_and(positiveDiagonal);
  }
}

class _Square extends Constraint {
  override get event_dim(): number {
    return 2;
  }
  override _check(value: Tensor): Tensor {
    const n = value.dim();
    return torch.full(value.shape.slice(0, -2), value.shape[n - 2] === value.shape[n - 1], { dtype: bool });
  }
}

class _Symmetric extends _Square {
  override _check(value: Tensor): Tensor {
    const square = super._check(value);
    if (!square.all().item()) return square;
    return torch.isclose(value, value.mT, { atol: 1e-6 }).all(-2).all(-1);
  }
}

class _PositiveSemidefinite extends _Symmetric {
  override _check(value: Tensor): Tensor {
    const sym = super._check(value);
    if (!sym.all().item()) return sym;
    return linalg.eigvalsh(value).ge(0).all(-1);
  }
}

class _PositiveDefinite extends _Symmetric {
  override _check(value: Tensor): Tensor {
    const sym = super._check(value);
    if (!sym.all().item()) return sym;
    return linalg.cholesky_ex(value).info.eq(0);
  }
}

export type { _Boolean, _OneHot, _IntegerInterval, _Real, _GreaterThan, _GreaterThanEq, _LessThan, _Interval };
export type { _HalfOpenInterval, _Simplex, _LowerTriangular, _LowerCholesky, _Square, _Symmetric };
export type { _PositiveSemidefinite, _PositiveDefinite, _IntegerGreaterThan };

/** constraints.dependent: a placeholder for supports that depend on other parameters. */
export const dependent = new _Dependent();

function boundArg(where: string, name: string, v: unknown): number | Tensor {
  if (typeof v === 'number' || v instanceof Tensor) return v;
  throw new TypeError(
    `${where}(): argument '${name}' must be a number or Tensor, not ${v === null ? 'null' : typeof v}`,
  );
}

function intArg(where: string, name: string, v: unknown): number {
  if (Number.isInteger(v)) return v as number;
  throw new TypeError(`${where}(): argument '${name}' must be int, not ${v === null ? 'null' : typeof v}`);
}

export const independent = (base_constraint: Constraint, reinterpreted_batch_ndims: number): _IndependentConstraint =>
  new _IndependentConstraint(base_constraint, reinterpreted_batch_ndims);
export const boolean = new _Boolean();
export const one_hot = new _OneHot();
export const nonnegative_integer = new _IntegerGreaterThan(0);
export const positive_integer = new _IntegerGreaterThan(1);
export const integer_interval = (lower_bound: number | Tensor, upper_bound: number | Tensor): _IntegerInterval =>
  new _IntegerInterval(
    lower_bound instanceof Tensor ? lower_bound : intArg('integer_interval', 'lower_bound', lower_bound),
    upper_bound instanceof Tensor ? upper_bound : intArg('integer_interval', 'upper_bound', upper_bound),
  );
export const real = new _Real();
export const real_vector = independent(real, 1);
export const positive = new _GreaterThan(0);
export const nonnegative = new _GreaterThanEq(0);
export const greater_than = (lower_bound: number | Tensor): _GreaterThan =>
  new _GreaterThan(boundArg('greater_than', 'lower_bound', lower_bound));
export const greater_than_eq = (lower_bound: number | Tensor): _GreaterThanEq =>
  new _GreaterThanEq(boundArg('greater_than_eq', 'lower_bound', lower_bound));
export const less_than = (upper_bound: number | Tensor): _LessThan =>
  new _LessThan(boundArg('less_than', 'upper_bound', upper_bound));
export const unit_interval = new _Interval(0, 1);
export const interval = (lower_bound: number | Tensor, upper_bound: number | Tensor): _Interval =>
  new _Interval(boundArg('interval', 'lower_bound', lower_bound), boundArg('interval', 'upper_bound', upper_bound));
export const half_open_interval = (lower_bound: number | Tensor, upper_bound: number | Tensor): _HalfOpenInterval =>
  new _HalfOpenInterval(
    boundArg('half_open_interval', 'lower_bound', lower_bound),
    boundArg('half_open_interval', 'upper_bound', upper_bound),
  );
export const simplex = new _Simplex();
export const lower_triangular = new _LowerTriangular();
export const lower_cholesky = new _LowerCholesky();
export const square = new _Square();
export const symmetric = new _Symmetric();
export const positive_semidefinite = new _PositiveSemidefinite();
export const positive_definite = new _PositiveDefinite();
