// Scans: cumsum and cumprod, plus flip, which their backward formulas need (reversed_cumsum), and
// diff, their inverse (forward differences, composed of narrow and sub).
// Backward formulas follow tools/autograd/derivatives.yaml and FunctionsManual.cpp (PyTorch 1.13).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import type { View } from '../backend/backend.js';
import { bool, int64, toDType, type DType } from '../tensor/dtype.js';
import { arange } from '../tensor/creation.js';
import { normalizeDim } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { whereImpl } from './pointwise.js';
import { catImpl } from './join.js';
import { hasZero, splitOptions, singleDim } from './reduce_args.js';
import { op, type OpSample } from './declare.js';

// ---------------------------------------------------------------- flip

const FLIP: OpDef<{ dims: number[] }> = defineOp<{ dims: number[] }>({
  node: 'FlipBackward0',
  batch: ([x], _b, a) => apply(FLIP, [x], { dims: a.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: ([x], { dims }) => {
    // A view with negated strides reads x backwards along dims; copying it materializes the flip.
    const strides = [...x._strides];
    let offset = x._offset;
    for (const d of dims) {
      if (x._shape[d] > 0) offset += (x._shape[d] - 1) * strides[d];
      strides[d] = -strides[d];
    }
    const src: View = { data: x._data, shape: x._shape, strides, offset };
    const out = K.empty(x.shape, x.dtype);
    backend().copy(src, out._v(), false);
    return out;
  },
  backward: (g, _s, { args }) => [flip(g, args.dims)],
});

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const ds = dims.map((d) => normalizeDim(d, x.dim()));
  if (new Set(ds).size !== ds.length)
    throw new Error(`dim ${ds.find((d, i) => ds.indexOf(d) !== i)} appears multiple times in the list of dims`);
  return apply(FLIP, [x], { dims: x.dim() === 0 ? [] : ds });
}

/** Sums from the end: out[i] = sum over j >= i of x[j] (FunctionsManual.cpp, reversed_cumsum). */
function reversedCumsum(x: Tensor, dim: number): Tensor {
  return flip(cumsumImpl(flip(x, [dim]), dim), [dim]);
}

// ---------------------------------------------------------------- cumsum, cumprod

/** The scans' batching rule: along dim + 1 (a 0-d example scans as one element). */
function scanBatched(def: OpDef<ScanArgs>, x: Tensor, a: ScanArgs): Tensor {
  if (x.dim() === 1) return apply(def, [x.unsqueeze(1)], { ...a, dim: 1 }).squeeze(1);
  return apply(def, [x], { ...a, dim: a.dim + 1 });
}

interface ScanArgs {
  dim: number;
  dtype: DType;
}

function scanArgs(op: string, x: Tensor, args: readonly unknown[]): ScanArgs {
  const [pos, opts] = splitOptions<{ dim: number; dtype: DType | string }>(args);
  const dim = pos[0] ?? opts.dim;
  if (dim === undefined) {
    throw new TypeError(`${op}() received an invalid combination of arguments - got (), but expected one of:`);
  }
  const dtype = opts.dtype ? toDType(opts.dtype) : x.dtype.is_floating_point ? x.dtype : int64;
  return { dim: singleDim(op, x, dim), dtype };
}

const CUMSUM: OpDef<ScanArgs> = defineOp<ScanArgs>({
  node: 'CumsumBackward0',
  batch: ([x], _b, a) => scanBatched(CUMSUM, x, a),
  jvp: 'linear',
  forward: ([x], { dim, dtype }) => K.scan('cumsum', x, dim, dtype),
  backward: (g, _s, { args, meta }) => {
    const grad = g.to(meta[0].dtype);
    if (grad.numel() <= 1 || grad._shape[args.dim] === 1) return [grad];
    return [reversedCumsum(grad, args.dim)];
  },
});

/** cumsum(dim, { dtype }): integral inputs accumulate in int64. */
export function cumsumImpl(x: Tensor, ...args: unknown[]): Tensor {
  return apply(CUMSUM, [x], scanArgs('cumsum', x, args));
}

const SCAN = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, *, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname dim, *, ScalarType? dtype=None)`,
  ] as const;

type T = Tensor;
type DTypeOpt = { dtype?: DType | string | null };

type Scan = (self: T, dim: number, opts?: DTypeOpt) => T;
export const cumsum = op(SCAN('cumsum'), cumsumImpl as Scan, {
  samples: (k): OpSample[] => [
    ...k.layouts('cumsum dim=-1', (x) => x.cumsum(-1)),
    ...k.layouts('cumsum dim=0', (x) => x.cumsum(0), { scalar: false }),
  ],
});

// cumprod_backward (FunctionsManual.cpp). Without zeros, d/dx_k of y_j = prod_{i<=j} x_i is
// y_j / x_k, so the gradient is reversed_cumsum(grad * y) / x. With zeros that division is
// undefined, and PyTorch has two formulas: an O(n) one for a first-order backward (below, with
// ATen's masked_scatter_ written as where), and, when the backward itself records (create_graph),
// sum_{j>=k} grad_j * prod_{i<=j, i!=k} x_i, computed for every k at once from a [..., k, j] table.
function cumprodWithZerosBackward(grad: Tensor, input: Tensor, dim: number, output: Tensor): Tensor {
  if (!is_grad_enabled()) return cumprodWithZerosFirstOrder(grad, input, dim, output);
  const n = input._shape[dim];
  const x = input.movedim(dim, -1);
  const g = grad.movedim(dim, -1);
  const positions = arange(n, { dtype: int64 });
  const diagonal = positions.unsqueeze(1).eq(positions);
  const notBefore = positions.unsqueeze(1).le(positions);
  const table = x.unsqueeze(-2).expand([...x.shape.slice(0, -1), n, n]);
  const others = cumprodImpl(whereImpl(diagonal, 1, table), -1);
  const terms = whereImpl(notBefore, others.mul(g.unsqueeze(-2)), 0);
  return terms.sum(-1).movedim(-1, dim);
}

/** Positions 0..n-1 along `dim` of a tensor of `shape` (size 1 elsewhere), to compare with indices. */
function positionsAlong(shape: readonly number[], dim: number): Tensor {
  return arange(shape[dim], { dtype: int64 }).view(shape.map((s, d) => (d === dim ? s : 1)));
}

function cumprodWithZerosFirstOrder(grad: Tensor, input: Tensor, dim: number, output: Tensor): Tensor {
  const zerosSeen = cumsumImpl(input.eq(0), dim);
  // Before the first zero: the division formula holds.
  let mask = zerosSeen.eq(0);
  const w = output.mul(grad);
  let gradInput = whereImpl(mask, reversedCumsum(whereImpl(mask, w, 0), dim).div(input), 0);
  // At the first zero z1: prod(x[:z1]) * (grad[z1] + sum(grad[z1+1:z2] * cumprod(x[z1+1:z2]))).
  mask = zerosSeen.eq(1);
  const positions = positionsAlong(input.shape, dim);
  const firstZero = K.reduce('argmax', mask, [dim], true, mask.dtype);
  const firstZeroMask = positions.eq(firstZero).logical_and(mask);
  mask = mask.logical_and(firstZeroMask.logical_not());
  const before = firstZero.sub(1).clamp_min(0);
  const prodBefore = whereImpl(firstZero.eq(0), 1, whereImpl(positions.eq(before), output, 0).sum(dim, true));
  const atFirstZero = cumprodImpl(whereImpl(mask, input, 1), dim)
    .mul(whereImpl(zerosSeen.ne(1), 0, grad))
    .sum(dim, true)
    .mul(prodBefore);
  gradInput = whereImpl(firstZeroMask, atFirstZero, gradInput);
  return gradInput;
}

/**
 * cumprod's JVP: d/dε prod_{i<=j} (x_i + ε t_i) = sum_{k<=j} t_k prod_{i<=j, i!=k} x_i, which is
 * result * cumsum(t / x) without zeros; with zeros, computed for every (k, j) at once as the
 * backward's create_graph formula does.
 */
function cumprodTangent(t: Tensor, x: Tensor, result: Tensor, dim: number): Tensor {
  if (x.dim() === 0 || x._shape[dim] <= 1) return t.to(result.dtype);
  if (!hasZero(x)) return result.mul(cumsumImpl(t.div(x), dim));
  const n = x._shape[dim];
  const xs = x.movedim(dim, -1);
  const positions = arange(n, { dtype: int64 });
  const diagonal = positions.unsqueeze(1).eq(positions);
  const notAfter = positions.unsqueeze(1).le(positions);
  // others[..., k, j] = prod_{i<=j, i!=k} x_i
  const table = xs.unsqueeze(-2).expand([...xs.shape.slice(0, -1), n, n]);
  const others = cumprodImpl(whereImpl(diagonal, 1, table), -1);
  const terms = whereImpl(notAfter, others.mul(t.movedim(dim, -1).unsqueeze(-1)), 0);
  return terms.sum(-2).movedim(-1, dim);
}

const CUMPROD: OpDef<ScanArgs> = defineOp<ScanArgs>({
  node: 'CumprodBackward0',
  jvp: ([t], s, { args }) => cumprodTangent(t!, s.self, s.result, args.dim),
  batch: ([x], _b, a) => scanBatched(CUMPROD, x, a),
  saves: ['self', 'result'],
  forward: ([x], { dim, dtype }) => K.scan('cumprod', x, dim, dtype),
  backward: (g, s, { args, meta }) => {
    const grad = g.to(meta[0].dtype);
    const input = s.self;
    if (input.numel() <= 1 || input._shape[args.dim] === 1) return [grad];
    if (!hasZero(input)) return [reversedCumsum(s.result.mul(grad), args.dim).div(input)];
    return [cumprodWithZerosBackward(grad, input, args.dim, s.result)];
  },
});

/** cumprod(dim, { dtype }): integral inputs accumulate in int64. */
export function cumprodImpl(x: Tensor, ...args: unknown[]): Tensor {
  return apply(CUMPROD, [x], scanArgs('cumprod', x, args));
}

export const cumprod = op(SCAN('cumprod'), cumprodImpl as Scan, {
  samples: (k): OpSample[] => [
    ...k.layouts('cumprod dim=-1', (x) => x.cumprod(-1), { lo: 0.5, hi: 1.5 }),
    ...k.layouts('cumprod dim=0', (x) => x.cumprod(0), { lo: -1.5, hi: -0.5, scalar: false }),
    {
      name: 'cumprod with zeros',
      inputs: () => [
        k.values([
          [0, 2, 3, 0.5],
          [4, 0, 0, 2],
          [1, 2, 0.5, 0],
        ]),
      ],
      fn: (x) => x.cumprod(1),
    },
  ],
});

/**
 * torch.diff: the n-th forward difference along dim (after prepend and append are joined on),
 * as ATen's diff computes it: n times narrow(1:) - narrow(:-1), logical_xor for bool tensors.
 */
export function diffImpl(x: Tensor, n = 1, dim = -1, prepend?: Tensor | null, append?: Tensor | null): Tensor {
  if (x.dim() === 0) throw new RangeError('diff expects input to be at least one-dimensional');
  // PyTorch 2's check (1.13 returned the input itself for a negative order).
  if (n < 0) throw new RangeError(`order must be non-negative but got ${n}`);
  for (const t of [prepend, append]) {
    if (t !== undefined && t !== null && t.dim() !== x.dim()) {
      throw new RangeError('diff expects prepend or append to be the same dimension as input');
    }
  }
  const d = normalizeDim(dim, x.dim());
  // n = 0 is the input itself (a copy), without prepend and append, as in ATen.
  if (n === 0) return x.clone();
  const parts = [prepend, x, append].filter((t): t is Tensor => t !== undefined && t !== null);
  let result = parts.length > 1 ? catImpl(parts, d) : x;
  const steps = Math.min(n, result._shape[d]);
  let len = result._shape[d] - 1;
  for (let i = 0; i < steps; i++) {
    const later = result.narrow(d, 1, len);
    const earlier = result.narrow(d, 0, len);
    result = result.dtype === bool ? later.logical_xor(earlier) : later.sub(earlier);
    len--;
  }
  return result;
}

export const diff = op('diff(Tensor self, int n=1, int dim=-1, Tensor? prepend=None, Tensor? append=None)', diffImpl, {
  samples: (k, f): OpSample[] => [
    k.shaped('diff', [3, 4], (x) => f(x)),
    k.shaped('diff n 2 dim 0', [4, 3], (x) => f(x, 2, 0)),
    {
      name: 'diff prepend append',
      inputs: () => [k.make([2, 3]), k.make([2, 1], { salt: 1 }), k.make([2, 2], { salt: 2 })],
      fn: (x, p, a) => f(x, 1, -1, p, a),
    },
  ],
});
