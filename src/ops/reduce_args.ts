// The argument handling the reductions share (reduce.ts, minmax.ts, moments.ts, norm.ts, scan.ts,
// softmax.ts): options objects, dims, keepdim, reduced shapes. Kept apart from reduce.ts so that
// scan.ts, which reduce.ts imports for prod's backward, can use it without an import circle.

import { bool, toDType, type DType } from '../tensor/dtype.js';
import { contiguousStrides, normalizeDim } from '../tensor/shape.js';
import { Tensor, type Dims } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';

export interface ReduceOpts {
  dim?: Dims | null;
  keepdim?: boolean;
  dtype?: DType | string;
}

/** True for a `{ ... }` literal: the options object that ends a call. */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Splits a call's arguments into its positional part and its trailing options object. */
export function splitOptions<T extends object>(args: readonly unknown[]): [unknown[], Partial<T>] {
  const last = args[args.length - 1];
  return isOptions(last) ? [args.slice(0, -1), last as Partial<T>] : [[...args], {}];
}

/** Accepts (dim?, keepdim?, opts?) or (opts). */
export function reduceArgs(args: readonly unknown[]): { dim: Dims | null; keepdim: boolean; dtype?: DType } {
  const [pos, opts] = splitOptions<ReduceOpts>(args);
  const dtype = opts.dtype ?? undefined;
  return {
    dim: (pos[0] as Dims | null | undefined) ?? opts.dim ?? null,
    keepdim: (pos[1] as boolean | undefined) ?? opts.keepdim ?? false,
    dtype: dtype === undefined ? undefined : toDType(dtype),
  };
}

/** All dims of x, in order. */
export function allDims(x: Tensor): number[] {
  return [...Array(x.dim()).keys()];
}

/** Normalized, sorted, de-duplicated dims; null or [] means all dims. */
export function reduceDims(x: Tensor, dim: Dims | null | undefined): number[] {
  const nd = x.dim();
  if (dim === null || dim === undefined) return allDims(x);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  if (list.length === 0) return allDims(x);
  const out = list.map((d) => normalizeDim(d, nd));
  if (new Set(out).size !== out.length) {
    throw new Error(`dim ${out.find((d, i) => out.indexOf(d) !== i)} appears multiple times in the list of dims`);
  }
  // A 0-d tensor accepts dim 0 / -1 but has nothing to reduce.
  return nd === 0 ? [] : out.sort((p, q) => p - q);
}

/** The one dim of ops that take a single `int dim` (prod, cumsum, softmax, max(dim), ...). */
export function singleDim(op: string, x: Tensor, dim: unknown): number {
  if (typeof dim !== 'number') {
    throw new TypeError(
      `${op}() received an invalid combination of arguments - got (${pyTypeName(dim)}), but expected one of:`,
    );
  }
  return normalizeDim(dim, x.dim());
}

/** PyTorch's error for keepdim given to an op whose all-dims form has no keepdim (prod, max, min). */
export function keepdimWithoutDim(op: string): TypeError {
  return new TypeError(
    `${op}() received an invalid combination of arguments - got (keepdim=bool, ), but expected one of:`,
  );
}

function pyTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'tuple';
  if (v === undefined) return '';
  return v === null ? 'NoneType' : typeof v;
}

/** Re-inserts reduced dims (size 1) into a gradient so it broadcasts against the input. */
export function unsqueezeReduced(g: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  let out = g;
  for (const d of dims) out = out.unsqueeze(d);
  return out;
}

/** Number of elements a reduction over `dims` folds into each output element. */
export function countOf(shape: readonly number[], dims: readonly number[]): number {
  return dims.reduce((n, d) => n * shape[d], 1);
}

/** The shape a reduction over `dims` produces. */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, d) => {
    if (!dims.includes(d)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** A contiguous tensor's data seen with another shape of the same size (no copy, no history). */
export function reshaped(t: Tensor, shape: readonly number[]): Tensor {
  return Tensor._make(t._data, [...shape], contiguousStrides(shape), t._offset, t.dtype);
}

/** Data-dependent branch of several backward formulas: does t hold a zero? */
export function hasZero(t: Tensor): boolean {
  return K.reduce('all', t, allDims(t), false, bool)._data[0] === 0;
}
