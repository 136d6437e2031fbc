// Argument checks for entry points that are not declared ops (grad modes, optimizers, loaders):
// PyTorch's wording with JavaScript type names, so a wrong value never reaches code that trusts it.

import { DType } from './dtype.js';
import { Tensor } from './tensor.js';

/** The name a JavaScript value's type goes by in messages ('number', 'Array', 'Tensor', ...). */
export function jsTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Tensor) return 'Tensor';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof DType) return 'torch.dtype';
  const t = typeof v;
  if (t !== 'object') return t;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null || proto === Object.prototype) return 'object';
  const ctor = (v as { constructor?: { name?: string } }).constructor;
  return ctor?.name ?? 'object';
}

/** PyTorch's "f(): argument 'x' (position n) must be T, not U". */
export function argTypeError(fn: string, param: string, position: number, expected: string, v: unknown): TypeError {
  return new TypeError(`${fn}(): argument '${param}' (position ${position}) must be ${expected}, not ${jsTypeName(v)}`);
}

/** Throws unless v is a function (the callback a `with` block becomes). */
export function checkFunction(fn: string, param: string, position: number, v: unknown): void {
  if (typeof v !== 'function') throw argTypeError(fn, param, position, 'function', v);
}

/** Throws unless v is absent or a `{ ... }` options object. */
export function checkOptionsArg(fn: string, position: number, v: unknown): void {
  if (v === undefined) return;
  const proto: unknown = v !== null && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (proto !== Object.prototype && proto !== null) throw argTypeError(fn, 'options', position, 'object', v);
}

/**
 * A lone bool parameter given positionally or by name (`zero_grad(false)` or
 * `zero_grad({ set_to_none: false })`), checked: its value, or `fallback` when absent.
 */
export function boolParam(fn: string, param: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  const proto: unknown = v !== null && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (proto === Object.prototype || proto === null) {
    for (const k of Object.keys(v as object)) {
      if (k !== param) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    }
    const given = (v as Record<string, unknown>)[param];
    if (given === undefined) return fallback;
    if (typeof given !== 'boolean') throw argTypeError(fn, param, 1, 'bool', given);
    return given;
  }
  throw argTypeError(fn, param, 1, 'bool', v);
}

/** Throws unless v is a Tensor or an array of Tensors. */
export function checkTensors(fn: string, param: string, position: number, v: unknown, allowNull = false): void {
  if (v instanceof Tensor || (allowNull && (v === null || v === undefined))) return;
  if (Array.isArray(v) && v.every((t) => t instanceof Tensor || (allowNull && t === null))) return;
  throw argTypeError(fn, param, position, 'Tensor or tuple of Tensors', v);
}

/** Python's str() of any value, for reprs of arguments kept as given (never throws). */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'number' ? String(x) : pyStr(x)));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'object' && Object.getPrototypeOf(v) === null) return '{}';
  return String(v);
}
