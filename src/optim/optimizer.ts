// torch.optim.Optimizer: parameter groups, per-parameter state, zero_grad, state_dict, repr.
//
// Note [Fused updates]: PyTorch 1.13 updates each parameter with a chain of in-place tensor ops
// (exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1), ...). Here each optimizer runs that chain as one
// loop over the parameter's storage, rounding after every op as the float32 kernels do (Math.fround),
// so trajectories follow PyTorch's while making no temporary tensors. Scalars are cast to the
// parameter's dtype first, as ATen does; `add_(x, alpha)` is one fused multiply-add there, so it
// rounds once.

import { Tensor } from '../tensor/tensor.js';
import { float32, type TypedArray } from '../tensor/dtype.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as K from '../tensor/kernels.js';
import { pyBool, pyFloat } from '../tensor/format.js';
import { argTypeError, boolParam, jsTypeName } from '../tensor/argcheck.js';

export type HyperValue = number | boolean | string | null | readonly [number, number];
export type Hyper = Record<string, HyperValue>;

export interface ParamGroup extends Record<string, unknown> {
  params: Tensor[];
  lr: number;
}

export type ParamsArg = Iterable<Tensor> | Iterable<{ params: Iterable<Tensor> } & Record<string, unknown>>;

/** One parameter's state: moment buffers (tensors), step counts, or None (SGD without momentum). */
export type ParamState = Record<string, Tensor | number | null>;

export interface OptimizerState {
  state: Map<number, ParamState>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

/** Rounds to the parameter's precision after each op (see Note [Fused updates]). */
export type Round = (x: number) => number;

const identity: Round = (x) => x;

export function rounding(p: Tensor): Round {
  return p.dtype === float32 ? Math.fround : identity;
}

/** Marks `lr` as a hyperparameter every group must set (SGD has no default learning rate). */
export const REQUIRED = null;

export abstract class Optimizer {
  readonly defaults: Hyper;
  readonly param_groups: ParamGroup[] = [];
  /** Per-parameter state (momentum buffers, moment estimates), keyed by the parameter. */
  readonly state = new Map<Tensor, ParamState>();

  protected constructor(params: ParamsArg, defaults: Hyper) {
    if (defaults === undefined) throw new TypeError(`__init__() missing 1 required positional argument: 'defaults'`);
    if (defaults === null || typeof defaults !== 'object')
      throw argTypeError('Optimizer', 'defaults', 2, 'dict', defaults);
    this.defaults = defaults;
    if (params === null || typeof params !== 'object' || !(Symbol.iterator in params) || params instanceof Tensor) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${jsTypeName(params)}`,
      );
    }
    const list = [...(params as Iterable<unknown>)];
    for (const p of list) {
      if (!(p instanceof Tensor) && (p === null || typeof p !== 'object' || !('params' in p))) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${jsTypeName(p)}`);
      }
    }
    if (list.length === 0) throw new RangeError('optimizer got an empty parameter list');
    const isGroups = typeof list[0] === 'object' && list[0] !== null && 'params' in (list[0] as object);
    const groups = isGroups ? (list as { params: Iterable<Tensor> }[]) : [{ params: list as Tensor[] }];
    for (const g of groups) this.add_param_group(g);
  }

  add_param_group(group: { params: Iterable<Tensor> } & Record<string, unknown>): void {
    if (group === null || typeof group !== 'object' || Object.getPrototypeOf(group) !== Object.prototype) {
      throw new TypeError(`param group must be a dict, got ${jsTypeName(group)}`);
    }
    const given: unknown = group.params;
    let params: Tensor[];
    if (given instanceof Tensor) params = [given];
    else if (given !== null && typeof given === 'object' && Symbol.iterator in given) {
      params = [...(given as Iterable<Tensor>)];
    } else {
      throw new TypeError(
        `param group's 'params' must be a Tensor or an iterable of Tensors, got ${jsTypeName(given)}`,
      );
    }
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${jsTypeName(p)}`);
      }
      if (!p.is_leaf) throw new RangeError("can't optimize a non-leaf Tensor");
    }
    for (const [k, v] of Object.entries(this.defaults)) {
      if (v === REQUIRED && k === 'lr' && group.lr === undefined) {
        throw new RangeError(`parameter group didn't specify a value of required optimization parameter ${k}`);
      }
    }
    for (const g of this.param_groups) {
      if (params.some((p) => g.params.includes(p))) {
        throw new RangeError('some parameters appear in more than one parameter group');
      }
    }
    this.param_groups.push({ ...this.defaults, ...group, params } as ParamGroup);
  }

  /** Clears gradients: set to null by default (as PyTorch 2 does), else zeroed in place. */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = true): void {
    const toNone = boolParam('zero_grad', 'set_to_none', set_to_none, true);
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (toNone) p.grad = null;
        else no_grad(() => p.grad?.zero_());
      }
    }
  }

  /** One update of every parameter that has a gradient. `closure` re-evaluates the loss. */
  step(closure?: () => Tensor): Tensor | null {
    if (closure !== undefined && closure !== null && typeof closure !== 'function') {
      throw new TypeError(`step(): argument 'closure' (position 1) must be function, not ${jsTypeName(closure)}`);
    }
    const loss = closure ? closure() : null;
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        let st = this.state.get(p);
        if (!st) {
          st = {};
          this.state.set(p, st);
        }
        // The loops write the parameter's storage directly; a non-contiguous parameter is updated
        // through a contiguous copy and written back.
        const direct = p.is_contiguous() && p._offset === 0 && p._data.length === p.numel();
        const target = direct ? p : K.copyOf(p);
        const grad = K.contiguous(K.cast(p.grad, p.dtype))._data;
        this._update(target._data, grad, st, group, p);
        if (direct) p._vc.version++;
        else no_grad(() => p.copy_(target));
      }
    }
    return loss;
  }

  /**
   * Updates the values `param` (p's storage, contiguous) from `grad`, one loop per Note [Fused
   * updates]; `state` persists across steps.
   */
  protected abstract _update(
    param: TypedArray,
    grad: TypedArray,
    state: ParamState,
    group: ParamGroup,
    p: Tensor,
  ): void;

  /** State by parameter index (across groups in order), and groups with parameter indices. */
  state_dict(): OptimizerState {
    const index = new Map<Tensor, number>();
    let n = 0;
    const param_groups = this.param_groups.map((g) => {
      const ids = g.params.map((p) => {
        if (!index.has(p)) index.set(p, n++);
        return index.get(p) as number;
      });
      return { ...g, params: ids };
    });
    const state = new Map<number, ParamState>();
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state.set(i, this._exportState(st));
    }
    return { state, param_groups };
  }

  /** A parameter's state as state_dict() shows it (copies, so later steps do not change it). */
  protected _exportState(st: ParamState): ParamState {
    const copy: ParamState = {};
    for (const [k, v] of Object.entries(st)) copy[k] = v === null || typeof v === 'number' ? v : v.clone();
    return copy;
  }

  /** Reads one exported state entry back (tensors cast to the parameter's dtype). */
  protected _importState(st: ParamState, p: Tensor): ParamState {
    const copy: ParamState = {};
    for (const [k, v] of Object.entries(st)) {
      copy[k] = v === null || typeof v === 'number' ? v : K.copyOf(K.cast(v, p.dtype));
    }
    return copy;
  }

  load_state_dict(sd: OptimizerState): void {
    checkOptimizerState(sd);
    if (sd.param_groups.length !== this.param_groups.length) {
      throw new RangeError('loaded state dict has a different number of parameter groups');
    }
    sd.param_groups.forEach((g, gi) => {
      if (g.params.length !== this.param_groups[gi].params.length) {
        throw new RangeError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
    });
    const byIndex: Tensor[] = [];
    sd.param_groups.forEach((g, gi) => {
      const own = this.param_groups[gi];
      g.params.forEach((id, k) => (byIndex[id] = own.params[k]));
      for (const [key, value] of Object.entries(g)) if (key !== 'params') own[key] = value;
    });
    this.state.clear();
    for (const [id, st] of sd.state) {
      const p = byIndex[id];
      if (p) this.state.set(p, this._importState(st, p));
    }
  }

  /** PyTorch's repr: the class name, then each group's hyperparameters in sorted order. */
  toString(): string {
    let s = `${this.constructor.name} (`;
    this.param_groups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(g).sort()) {
        if (key !== 'params') s += `    ${key}: ${pyValue(g[key])}\n`;
      }
    });
    return `${s})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Python's repr of a hyperparameter: ints stay ints, floats as Python prints them, tuples. */
function pyValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (Array.isArray(v)) return `(${v.map(pyValue).join(', ')}${v.length === 1 ? ',' : ''})`;
  return String(v);
}

/** A state buffer of zeros shaped like p, created on first use. */
export function buffer(state: ParamState, key: string, like: Tensor): TypedArray {
  let t = state[key] as Tensor | undefined;
  if (t === undefined) {
    t = K.full(like.shape, 0, like.dtype);
    state[key] = t;
  }
  return t._data;
}

export function checkNonNegative(what: string, v: number): void {
  if (!(v >= 0)) throw new RangeError(`Invalid ${what}: ${v}`);
}

/** Throws unless `sd` has the shape state_dict() gives: { state: Map, param_groups: [{ params: number[] }] }. */
function checkOptimizerState(sd: unknown): asserts sd is OptimizerState {
  const o = sd as { state?: unknown; param_groups?: unknown } | null;
  const groupsOk =
    o !== null &&
    typeof o === 'object' &&
    Array.isArray(o.param_groups) &&
    o.param_groups.every(
      (g: unknown) =>
        g !== null &&
        typeof g === 'object' &&
        Array.isArray((g as { params?: unknown }).params) &&
        (g as { params: unknown[] }).params.every((i) => Number.isInteger(i)),
    );
  if (!groupsOk || !(o.state instanceof Map)) {
    throw new TypeError(
      `load_state_dict(): expected an optimizer state_dict ({ state, param_groups }, as state_dict() returns), got ${jsTypeName(sd)}`,
    );
  }
}

/**
 * PyTorch's constructor arguments: hyperparameters positionally after params in `names` order, or
 * (last) an options object; unknown options are refused as Python refuses unknown keywords.
 */
export function parseOptions<T extends Hyper>(
  cls: string,
  names: readonly string[],
  args: readonly unknown[],
  defaults: T,
): T {
  const out: Hyper = { ...defaults };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    if (a !== null && typeof a === 'object' && !Array.isArray(a)) break;
    if (i >= names.length) {
      throw new TypeError(`${cls}.__init__() takes from 2 to ${names.length + 1} positional arguments`);
    }
    out[names[i]] = a as HyperValue;
  }
  if (i < args.length) {
    const o = args[i];
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) throw argTypeError(cls, 'options', i + 2, 'object', o);
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (!(k in defaults)) throw new TypeError(`${cls}.__init__() got an unexpected keyword argument '${k}'`);
      out[k] = v as HyperValue;
    }
  }
  // each value of the default's kind (a number, a bool, a pair of numbers), as PyTorch's checks need
  for (const [k, v] of Object.entries(out)) {
    const d = defaults[k];
    const pos = names.indexOf(k) + 2;
    const pair = Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
    if (typeof d === 'number' && typeof v !== 'number') throw argTypeError(cls, k, pos, 'float', v);
    if (typeof d === 'boolean' && typeof v !== 'boolean') throw argTypeError(cls, k, pos, 'bool', v);
    if (Array.isArray(d) && !pair) throw argTypeError(cls, k, pos, 'tuple of 2 floats', v);
    if (d === null && v !== null && typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
      throw argTypeError(cls, k, pos, 'float', v);
    }
  }
  return out as T;
}
