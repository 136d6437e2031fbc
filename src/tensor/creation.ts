// Tensor creation: torch.tensor and the factory functions.

import {
  bool,
  float32,
  float64,
  get_default_dtype,
  int32,
  int64,
  toDType,
  type DType,
  type TypedArray,
} from './dtype.js';
import { contiguousStrides, numel, parseSize } from './shape.js';
import { Tensor } from './tensor.js';
import * as K from '../ops/kernels.js';

export interface FactoryOpts {
  dtype?: DType | string;
  requires_grad?: boolean;
  device?: string;
}

/** Nested arrays of numbers, booleans or bigints; a scalar; a typed array; or a tensor. */
export type NestedData = number | boolean | bigint | TypedArray | readonly NestedData[] | Tensor;

function finish(t: Tensor, opts?: FactoryOpts): Tensor {
  if (opts?.device !== undefined && opts.device !== 'cpu') {
    throw new Error(`tensorgrad only supports device 'cpu', got '${opts.device}'`);
  }
  if (opts?.requires_grad) t._factoryRequiresGrad();
  return t;
}

function dtypeOf(opts: FactoryOpts | undefined, fallback: DType): DType {
  return opts?.dtype !== undefined ? toDType(opts.dtype) : fallback;
}

/** Walks nested data: its shape, its flat values, and the dtype the values imply. */
function flatten(data: NestedData): { shape: number[]; flat: number[]; inferred: DType } {
  const shape: number[] = [];
  const flat: number[] = [];
  let sawFloat = false;
  let sawBigInt = false;
  let sawBool = false;
  let sawNumber = false;
  const visit = (d: NestedData, depth: number): void => {
    if (d instanceof Tensor) {
      if (d.dim() > 0) {
        visit(d.tolist() as NestedData, depth);
        return;
      }
      d = d.item();
    }
    if (Array.isArray(d) || ArrayBuffer.isView(d)) {
      const arr = d as ArrayLike<NestedData>;
      if (depth === shape.length) shape.push(arr.length);
      else if (shape[depth] !== arr.length) {
        throw new RangeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${arr.length})`);
      }
      if (ArrayBuffer.isView(d) && !(d instanceof BigInt64Array)) {
        if (d instanceof Float32Array || d instanceof Float64Array) sawFloat = true;
        else sawNumber = true;
        if (depth + 1 < shape.length) throw new RangeError(`expected sequence at dim ${depth + 1}`);
        for (let i = 0; i < arr.length; i++) flat.push(Number(arr[i]));
        return;
      }
      for (let i = 0; i < arr.length; i++) visit(arr[i], depth + 1);
      return;
    }
    if (depth < shape.length) {
      throw new TypeError(`expected sequence at dim ${depth}, got a scalar`);
    }
    if (typeof d === 'boolean') {
      sawBool = true;
      flat.push(d ? 1 : 0);
    } else if (typeof d === 'bigint') {
      sawBigInt = true;
      flat.push(Number(d));
    } else if (typeof d === 'number') {
      sawNumber = true;
      if (!Number.isInteger(d)) sawFloat = true;
      flat.push(d);
    } else {
      throw new TypeError(`Could not infer dtype of ${typeof d}`);
    }
  };
  visit(data, 0);
  // DESIGN.md §1: number data becomes the default dtype (JavaScript cannot tell 1 from 1.0).
  let inferred: DType;
  if (sawNumber || sawFloat) inferred = get_default_dtype();
  else if (sawBigInt) inferred = int64;
  else if (sawBool) inferred = bool;
  else inferred = get_default_dtype();
  return { shape, flat, inferred };
}

/** torch.tensor(data, { dtype, requires_grad }). Always copies. */
export function tensor(data: NestedData, opts?: FactoryOpts): Tensor {
  const { shape, flat, inferred } = flatten(data);
  const dtype = dtypeOf(opts, data instanceof Tensor ? data.dtype : inferred);
  const arr = new dtype.array(flat.length);
  if (dtype === bool) for (let i = 0; i < flat.length; i++) arr[i] = flat[i] !== 0 ? 1 : 0;
  else if (!dtype.is_floating_point) for (let i = 0; i < flat.length; i++) arr[i] = Math.trunc(flat[i]);
  else arr.set(flat);
  return finish(Tensor._make(arr, shape, contiguousStrides(shape), 0, dtype), opts);
}

type SizeArgs = (number | readonly number[] | FactoryOpts | undefined)[];

/** Splits f(2, 3, opts) / f([2, 3], opts) into sizes and options. */
function sizeAndOpts(args: SizeArgs): [number[], FactoryOpts | undefined] {
  const last = args[args.length - 1];
  const hasOpts = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const sizes = (hasOpts ? args.slice(0, -1) : args).filter((a) => a !== undefined);
  return [parseSize(sizes), hasOpts ? (last as FactoryOpts) : undefined];
}

function filled(value: number, args: SizeArgs): Tensor {
  const [shape, opts] = sizeAndOpts(args);
  return finish(K.full(shape, value, dtypeOf(opts, get_default_dtype())), opts);
}

export function zeros(...args: SizeArgs): Tensor {
  return filled(0, args);
}

export function ones(...args: SizeArgs): Tensor {
  return filled(1, args);
}

/** Memory comes from a fresh typed array, so empty tensors hold zeros. */
export function empty(...args: SizeArgs): Tensor {
  return filled(0, args);
}

/** torch.full(size, fill_value): a number fills the default dtype, a boolean makes a bool tensor. */
export function full(size: readonly number[], fill_value: number | boolean, opts?: FactoryOpts): Tensor {
  const fallback = typeof fill_value === 'boolean' ? bool : get_default_dtype();
  return finish(K.full(parseSize([size]), Number(fill_value), dtypeOf(opts, fallback)), opts);
}

function likeOpts(t: Tensor, opts?: FactoryOpts): FactoryOpts {
  return { ...opts, dtype: opts?.dtype ?? t.dtype };
}

export const zeros_like = (t: Tensor, opts?: FactoryOpts): Tensor => zeros(t.shape, likeOpts(t, opts));
export const ones_like = (t: Tensor, opts?: FactoryOpts): Tensor => ones(t.shape, likeOpts(t, opts));
export const empty_like = (t: Tensor, opts?: FactoryOpts): Tensor => empty(t.shape, likeOpts(t, opts));
export const full_like = (t: Tensor, value: number | boolean, opts?: FactoryOpts): Tensor =>
  full(t.shape, value, likeOpts(t, opts));

/**
 * torch.arange(end) / (start, end) / (start, end, step). All-integer arguments give int64, as in
 * PyTorch; any fractional argument gives the default dtype.
 */
export function arange(...args: (number | FactoryOpts | undefined)[]): Tensor {
  const last = args[args.length - 1];
  const opts = typeof last === 'object' ? (last as FactoryOpts) : undefined;
  const nums = (opts ? args.slice(0, -1) : args).filter((a) => a !== undefined) as number[];
  let start = 0;
  let end: number;
  let step = 1;
  if (nums.length === 1) [end] = nums;
  else if (nums.length === 2) [start, end] = nums;
  else if (nums.length === 3) [start, end, step] = nums;
  else throw new TypeError('arange() takes 1 to 3 positional arguments');
  if (step === 0) throw new RangeError('step must be nonzero');
  if ((step > 0 && start > end) || (step < 0 && start < end)) {
    throw new RangeError('upper bound and larger bound inconsistent with step sign');
  }
  const allInt = nums.every(Number.isInteger);
  const dtype = dtypeOf(opts, allInt ? int64 : get_default_dtype());
  const n = Math.max(0, Math.ceil((end - start) / step));
  const data = new dtype.array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(Tensor._make(data, [n], [1], 0, dtype), opts);
}

export function linspace(start: number, end: number, steps: number, opts?: FactoryOpts): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError('number of steps must be non-negative');
  const dtype = dtypeOf(opts, get_default_dtype());
  const data = new dtype.array(steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Symmetric evaluation from both ends, as ATen does, so the last element is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + step * i : end - step * (steps - i - 1);
  return finish(Tensor._make(data, [steps], [1], 0, dtype), opts);
}

export function logspace(start: number, end: number, steps: number, base = 10, opts?: FactoryOpts): Tensor {
  const exps = linspace(start, end, steps, { dtype: float64 });
  const dtype = dtypeOf(opts, get_default_dtype());
  const data = new dtype.array(steps);
  for (let i = 0; i < steps; i++) data[i] = Math.pow(base, exps._data[i]);
  return finish(Tensor._make(data, [steps], [1], 0, dtype), opts);
}

export function eye(n: number, m?: number | FactoryOpts, opts?: FactoryOpts): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const o = typeof m === 'object' ? m : opts;
  const t = K.full([n, cols], 0, dtypeOf(o, get_default_dtype()));
  for (let i = 0; i < Math.min(n, cols); i++) t._data[i * cols + i] = 1;
  return finish(t, o);
}

/** Legacy constructors: FloatTensor(data) copies data; FloatTensor(2, 3) makes a 2x3 tensor. */
function legacy(dtype: DType) {
  return (...args: (NestedData | number)[]): Tensor => {
    if (args.length === 0) return K.empty([0], dtype);
    if (args.every((a) => typeof a === 'number') && args.length > 1) return K.empty(parseSize(args), dtype);
    if (args.length === 1 && typeof args[0] === 'number') return K.empty([args[0]], dtype);
    return tensor(args[0], { dtype });
  };
}

export const FloatTensor = legacy(float32);
export const DoubleTensor = legacy(float64);
export const LongTensor = legacy(int64);
export const IntTensor = legacy(int32);
export const BoolTensor = legacy(bool);

/** torch.from_numpy's JavaScript counterpart: wraps a typed array without copying. */
export function from_typed_array(data: TypedArray, shape?: readonly number[], dtype?: DType): Tensor {
  const d =
    dtype ??
    (data instanceof Float32Array
      ? float32
      : data instanceof Int32Array
        ? int32
        : data instanceof Uint8Array
          ? bool
          : float64);
  const s = shape ? [...shape] : [data.length];
  if (numel(s) !== data.length)
    throw new RangeError(`shape [${s.join(', ')}] is invalid for input of size ${data.length}`);
  return Tensor._make(data, s, contiguousStrides(s), 0, d);
}
