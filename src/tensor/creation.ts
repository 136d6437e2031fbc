// Tensor creation: torch.tensor and the factory functions.

import {
  bool,
  float32,
  float64,
  get_default_dtype,
  int32,
  int64,
  toDType,
  convertFill,
  DType,
  type TypedArray,
} from './dtype.js';
import { contiguousStrides, numel, parseSize } from './shape.js';
import { Tensor, viewHooks } from './tensor.js';
import * as K from './kernels.js';
import { arangeTensor, linspaceTensor, logspaceTensor } from './range.js';
import { argTypeError, jsTypeName } from './argcheck.js';
import { checkDevice, type Device } from './device.js';

export interface FactoryOpts {
  dtype?: DType | string | null;
  requires_grad?: boolean;
  device?: string | Device;
  /** PyTorch's out=: the result is written into this tensor, which is returned. */
  out?: Tensor | null;
}

/** Nested arrays of numbers, booleans or bigints; a scalar; a typed array; or a tensor. */
export type NestedData = number | boolean | bigint | TypedArray | readonly NestedData[] | Tensor;

const FACTORY_GRAD_ERROR = 'Only Tensors of floating point and complex dtype can require gradients';

function finish(t: Tensor, opts?: FactoryOpts): Tensor {
  checkDevice(opts?.device);
  if (opts?.requires_grad) {
    if (!t.dtype.is_floating_point) throw new Error(FACTORY_GRAD_ERROR);
    t.requires_grad_(true);
  }
  return t;
}

function dtypeOf(opts: FactoryOpts | undefined, fallback: DType): DType {
  return opts?.dtype != null ? toDType(opts.dtype) : fallback;
}

type Sequence = ArrayLike<NestedData>;

/** Arrays and typed arrays are sequences; a tensor with dimensions reads as its nested list. */
function asSequence(d: NestedData): Sequence | null {
  if (d instanceof Tensor) return d.dim() > 0 ? (d.tolist() as Sequence) : null;
  if (Array.isArray(d)) return d;
  if (ArrayBuffer.isView(d)) return d as unknown as Sequence;
  return null;
}

/**
 * Walks nested data as PyTorch's tensor_new does: the shape comes from the first element at each
 * depth, then every element must agree with it. Returns the flat values and the dtype they imply.
 */
function flatten(data: NestedData): { shape: number[]; flat: number[]; inferred: DType } {
  const shape: number[] = [];
  for (let seq = asSequence(data); seq !== null;) {
    shape.push(seq.length);
    if (seq.length === 0) break;
    seq = asSequence(seq[0]);
  }
  const flat: number[] = [];
  let sawNumber = false;
  let sawBigInt = false;
  let sawBool = false;
  const visit = (d: NestedData, depth: number): void => {
    const seq = asSequence(d);
    if (depth < shape.length) {
      if (seq === null) throw new TypeError('not a sequence');
      if (seq.length !== shape[depth]) {
        throw new RangeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${seq.length})`);
      }
      if (d instanceof Float32Array || d instanceof Float64Array || d instanceof Int32Array) sawNumber = true;
      for (let i = 0; i < seq.length; i++) visit(seq[i], depth + 1);
      return;
    }
    if (seq !== null) throw new TypeError('must be real number, not Array');
    const v = d instanceof Tensor ? d.item() : d;
    if (typeof v === 'boolean') {
      sawBool = true;
      flat.push(v ? 1 : 0);
    } else if (typeof v === 'bigint') {
      sawBigInt = true;
      flat.push(Number(v));
    } else if (typeof v === 'number') {
      sawNumber = true;
      flat.push(v);
    } else {
      throw new TypeError(`Could not infer dtype of ${typeof v}`);
    }
  };
  visit(data, 0);
  // DESIGN.md §1: number data becomes the default dtype (JavaScript cannot tell 1 from 1.0).
  const inferred = sawNumber ? get_default_dtype() : sawBigInt ? int64 : sawBool ? bool : get_default_dtype();
  return { shape, flat, inferred };
}

/** Stores data values as `dtype` does: integers truncate, with PyTorch's overflow check. */
function storeData(flat: readonly number[], dtype: DType): TypedArray {
  const arr = new dtype.array(flat.length);
  if (dtype.is_floating_point) {
    arr.set(flat);
  } else if (dtype === bool) {
    for (let i = 0; i < flat.length; i++) arr[i] = flat[i] !== 0 ? 1 : 0;
  } else {
    const [lo, hi] = dtype === int32 ? [-2147483648, 2147483648] : [-9223372036854775808, 9223372036854775808];
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (!(v >= lo && v < hi))
        throw new RangeError(`value cannot be converted to type ${dtype.name} without overflow`);
      arr[i] = Math.trunc(v) + 0;
    }
  }
  return arr;
}

/** torch.tensor(data, { dtype, requires_grad }). Always copies. */
export function tensor(data: NestedData, opts?: FactoryOpts): Tensor {
  const { shape, flat, inferred } = flatten(data);
  const dtype = dtypeOf(opts, data instanceof Tensor ? data.dtype : inferred);
  return finish(Tensor._make(storeData(flat, dtype), shape, contiguousStrides(shape), 0, dtype), opts);
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
  const dtype = dtypeOf(opts, typeof fill_value === 'boolean' ? bool : get_default_dtype());
  return finish(K.full(parseSize([size]), convertFill(Number(fill_value), dtype), dtype), opts);
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
  // A bool bound counts as 0 or 1 (PyTorch's Scalar), an integer one.
  const nums = (opts ? args.slice(0, -1) : args)
    .filter((a) => a !== undefined)
    .map((a) => (typeof a === 'boolean' ? Number(a) : a)) as number[];
  const dtype = opts?.dtype != null ? toDType(opts.dtype) : null;
  return finish(arangeTensor(nums, dtype), opts);
}

export function linspace(start: number, end: number, steps: number, opts?: FactoryOpts): Tensor {
  return finish(linspaceTensor(start, end, steps, dtypeOf(opts, get_default_dtype())), opts);
}

/** torch.logspace(start, end, steps, base = 10, { dtype }); base may also come in the options. */
export function logspace(
  start: number,
  end: number,
  steps: number,
  base?: number | (FactoryOpts & { base?: number }),
  opts?: FactoryOpts,
): Tensor {
  const o = typeof base === 'object' ? base : opts;
  const b = typeof base === 'number' ? base : ((o as { base?: number } | undefined)?.base ?? 10);
  return finish(logspaceTensor(start, end, steps, b, dtypeOf(o, get_default_dtype())), o);
}

export function eye(n: number, m?: number | FactoryOpts, opts?: FactoryOpts): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const o = typeof m === 'object' ? m : opts;
  if (n < 0) throw new RangeError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new RangeError(`m must be greater or equal to 0, got ${cols}`);
  const t = K.full([n, cols], 0, dtypeOf(o, get_default_dtype()));
  for (let i = 0; i < Math.min(n, cols); i++) t._data[i * cols + i] = 1;
  return finish(t, o);
}

/** Legacy constructors: FloatTensor(data) copies data; FloatTensor(2, 3) makes a 2x3 tensor. */
function legacy(dtype: DType) {
  return (...args: (NestedData | number)[]): Tensor => {
    if (args.length === 0) return K.empty([0], dtype);
    const [first] = args;
    if (args.length === 1 && typeof first !== 'number') return tensor(first, { dtype });
    if (args.length === 1 && !Number.isInteger(first)) {
      throw new TypeError('new(): data must be a sequence (got float)');
    }
    if (typeof first !== 'number') {
      throw new TypeError(
        `new() received an invalid combination of arguments - got (${args.map(jsTypeName).join(', ')}), ` +
          'but expected one of:\n * (tuple of ints size)\n * (object data)\n',
      );
    }
    const bad = args.findIndex((a) => !Number.isInteger(a));
    if (bad >= 0) {
      throw new TypeError(
        `new(): argument 'size' must be tuple of ints, but found element of type ${jsTypeName(args[bad])} at pos ${bad + 1}`,
      );
    }
    return K.empty(parseSize(args), dtype);
  };
}

// See Note [Tensor hooks]: new torch.Tensor(...) is the legacy constructor of the default dtype.
viewHooks.legacyTensor = (args) => legacy(get_default_dtype())(...(args as (NestedData | number)[]));

export const FloatTensor = legacy(float32);
export const DoubleTensor = legacy(float64);
export const LongTensor = legacy(int64);
export const IntTensor = legacy(int32);
export const BoolTensor = legacy(bool);

/** torch.from_numpy's JavaScript counterpart: wraps a typed array without copying. */
function convertData(data: ArrayLike<number | bigint>, d: DType): TypedArray {
  const out = new d.array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    out[i] = d === bool ? (v !== 0 ? 1 : 0) : v;
  }
  return out;
}

export function from_typed_array(data: TypedArray, shape?: readonly number[], dtype?: DType): Tensor {
  if (!ArrayBuffer.isView(data) || data instanceof DataView)
    throw argTypeError('from_typed_array', 'data', 1, 'typed array', data);
  if (shape !== undefined && !(Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0))) {
    throw argTypeError('from_typed_array', 'shape', 2, 'tuple of ints', shape);
  }
  if (dtype !== undefined && !(dtype instanceof DType))
    throw argTypeError('from_typed_array', 'dtype', 3, 'torch.dtype', dtype);
  const d =
    dtype ??
    (data instanceof Float32Array
      ? float32
      : data instanceof Int32Array
        ? int32
        : data instanceof Uint8Array
          ? bool
          : (data as unknown) instanceof BigInt64Array
            ? int64
            : float64);
  const s = shape ? [...shape] : [data.length];
  if (numel(s) !== data.length)
    throw new RangeError(`shape [${s.join(', ')}] is invalid for input of size ${data.length}`);
  // The data is shared when it already is the dtype's storage kind; otherwise it is converted
  // (a BigInt64Array for int64, whose storage is doubles; float64 data for a float32 tensor, ...).
  if (!(data instanceof d.array)) return Tensor._make(convertData(data, d), s, contiguousStrides(s), 0, d);
  return Tensor._make(data, s, contiguousStrides(s), 0, d);
}
