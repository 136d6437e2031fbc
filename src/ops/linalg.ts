// Matrix products. matmul dispatches on dimensionality exactly as torch.matmul does, so the
// grad_fn a user sees is the one PyTorch shows (MmBackward0, DotBackward0, MvBackward0, ...).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods and
// torch.nn.functional functions (as functional_<name>, given their public names in
// src/api/functional.ts); op(), fn(), method(), src/ops/declare.ts), each right after its
// implementation: its PyTorch signature and gradcheck samples beside the forward, the autograd node
// (backward formula, saved tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import type { View } from '../backend/backend.js';
import { broadcastShapes, formatShape, isExpandableTo } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, applyInplace, defineOp } from '../autograd/op.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { resultType } from './pointwise.js';
import { mulScalar } from './pointwise/arith.js';
import { padBatched, unsafeView } from './view.js';
import { op, fn, alias, type OpSample } from './declare.js';

function checkSameDType(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`expected scalar type ${a.dtype.scalarType} but found ${b.dtype.scalarType}`);
  }
}

/** Batched product of [..., M, K] and [..., K, N] (batch dims equal), in the operands' dtype. */
function product(a: Tensor, b: Tensor, outShape: number[]): Tensor {
  const dtype = a.dtype;
  const k = a._shape[a.dim() - 1];
  if (k === 0) return K.full(outShape, 0, dtype);
  // The kernel writes every element: no zero-filling first.
  const out = K.output(outShape, dtype);
  if (out.numel() === 0) return out;
  const folded = a.dim() > 2 ? foldShared(a, b) : null;
  if (folded !== null) backend().matmul(folded[0], folded[1], out._data);
  else backend().matmul(a._v(), b._v(), out._data);
  return out;
}

/**
 * A batched product whose second operand is the same matrix for every batch entry (batch strides 0,
 * as vmap's expanded parameters are) and whose first operand's batch and row dims lie at one row
 * stride: the [batch * M, K] @ [K, N] product that computes it as one GEMM (the output, contiguous,
 * is the same memory either way). Null when the operands are not laid out so.
 */
function foldShared(a: Tensor, b: Tensor): [View, View] | null {
  const nd = a._shape.length;
  for (let d = 0; d < nd - 2; d++) if (b._strides[d] !== 0 && b._shape[d] !== 1) return null;
  // Rows: the batch dims and M of a, size-1 dims skipped, each at its inner neighbour's span.
  let rows = 1;
  let stride = 0;
  let inner = -1;
  for (let d = nd - 2; d >= 0; d--) {
    const n = a._shape[d];
    if (n === 1) continue;
    if (a._strides[d] === 0) return null;
    if (inner >= 0 && a._strides[d] !== a._strides[inner] * a._shape[inner]) return null;
    if (inner < 0) stride = a._strides[d];
    inner = d;
    rows *= n;
  }
  if (rows === a._shape[nd - 2]) return null; // nothing to fold
  const av: View = {
    data: a._data,
    shape: [rows, a._shape[nd - 1]],
    strides: [stride, a._strides[nd - 1]],
    offset: a._offset,
    dtype: a._dtype.name,
  };
  const bv: View = {
    data: b._data,
    shape: [b._shape[nd - 2], b._shape[nd - 1]],
    strides: [b._strides[nd - 2], b._strides[nd - 1]],
    offset: b._offset,
    dtype: b._dtype.name,
  };
  return [av, bv];
}

/** A product's tangent: the sum of the terms present (zeros shaped like the result when none is). */
function tangentSum(parts: readonly (Tensor | null | undefined)[], result: Tensor): Tensor {
  let sum: Tensor | null = null;
  for (const t of parts) if (t !== null && t !== undefined) sum = sum === null ? t : sum.add(t);
  return sum ?? result.detach().mul(0);
}

/** Column-major (a transposed contiguous matrix), as ATen's mm_mat1/mm_mat2_backward test it. */
function columnMajor(t: Tensor): boolean {
  return t._strides[0] === 1 && t._strides[1] === t._shape[0];
}

/** ATen's maybe_multiply: no op when the scale is 1. */
function scaled(t: Tensor, alpha: number): Tensor {
  return alpha === 1 ? t : mulScalar(t, alpha);
}

/**
 * Gradient of mat1 in mat1 @ mat2, laid out like mat1 (a column-major operand, such as linear's
 * weight.t(), gets a column-major gradient, so the weight's own gradient comes out contiguous).
 */
function mat1Grad(g: Tensor, mat1: Tensor, mat2: Tensor, alpha: number): Tensor {
  return scaled(columnMajor(mat1) ? mat2.mm(g.t()).t() : g.mm(mat2.t()), alpha);
}

/** Gradient of mat2 in mat1 @ mat2, laid out like mat2 (see mat1Grad). */
function mat2Grad(g: Tensor, mat1: Tensor, mat2: Tensor, alpha: number): Tensor {
  return scaled(columnMajor(mat2) ? g.t().mm(mat1).t() : mat1.t().mm(g), alpha);
}

const MM = defineOp({
  node: 'MmBackward0',
  jvp: ([ta, tb], p) => tangentSum([ta?.mm(p.other), tb && p.self.mm(tb)], p.result),
  batch: ([a, b]) => a.matmul(b),
  saves: ['self', 'other'],
  forward: ([a, b]) => product(a, b, [a._shape[0], b._shape[1]]),
  backward: (g, s, { needs }) => [
    needs[0] ? mat1Grad(g, s.self, s.other, 1) : null,
    needs[1] ? mat2Grad(g, s.self, s.other, 1) : null,
  ],
});

export function mmImpl(a: Tensor, b: Tensor): Tensor {
  checkMm(a, b);
  return apply(MM, [a, b], undefined);
}

export const mm = op('mm(Tensor self, Tensor mat2)', mmImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'mm [3, 4] @ [4, 2]', inputs: () => [k.make([3, 4]), k.make([4, 2], { salt: 1 })], fn: (a, b) => f(a, b) },
    {
      name: 'mm transposed [3, 4] @ [4, 2]',
      inputs: () => [k.transposed([3, 4]), k.make([4, 2], { salt: 1 })],
      fn: (a, b) => f(a, b),
    },
  ],
});

/** mm's argument checks, with its messages (addmm makes them too). */
function checkMm(a: Tensor, b: Tensor): void {
  if (a.dim() !== 2) throw new RangeError(`self must be a matrix`);
  if (b.dim() !== 2) throw new RangeError(`mat2 must be a matrix`);
  if (a._shape[1] !== b._shape[0]) {
    throw new RangeError(
      `mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`,
    );
  }
  checkSameDType(a, b);
}

const BMM = defineOp({
  node: 'BmmBackward0',
  jvp: ([ta, tb], p) => tangentSum([ta?.bmm(p.other), tb && p.self.bmm(tb)], p.result),
  batch: ([a, b]) => a.matmul(b),
  saves: ['self', 'other'],
  forward: ([a, b]) => product(a, b, [a._shape[0], a._shape[1], b._shape[2]]),
  backward: (g, s, { needs }) => [
    needs[0] ? g.bmm(s.other.transpose(1, 2)) : null,
    needs[1] ? s.self.transpose(1, 2).bmm(g) : null,
  ],
});

export function bmmImpl(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 3) throw new RangeError('batch1 must be a 3D tensor');
  if (b.dim() !== 3) throw new RangeError('batch2 must be a 3D tensor');
  if (a._shape[0] !== b._shape[0]) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b._shape[0]}, ${b._shape[1]}].`,
    );
  }
  if (a._shape[2] !== b._shape[1]) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b._shape[0]}, ${b._shape[1]}].`,
    );
  }
  checkSameDType(a, b);
  return apply(BMM, [a, b], undefined);
}

export const bmm = op('bmm(Tensor self, Tensor mat2)', bmmImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'bmm [2, 3, 4] @ [2, 4, 2]',
      inputs: () => [k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (a, b) => f(a, b),
    },
  ],
});

const DOT = defineOp({
  node: 'DotBackward0',
  jvp: ([ta, tb], p) => tangentSum([ta?.dot(p.other), tb && p.self.dot(tb)], p.result),
  batch: ([a, b]) => a.mul(b).sum(-1),
  saves: ['self', 'other'],
  forward: ([a, b]) => product(a.view(1, -1), b.view(-1, 1), [1, 1]).view([]),
  backward: (g, s, { needs }) => [needs[0] ? s.other.mul(g) : null, needs[1] ? s.self.mul(g) : null],
});

/** dot's argument checks, with its messages (vdot makes them too). */
function checkDot(a: Tensor, b: Tensor): void {
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new RangeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a._shape[0] !== b._shape[0]) {
    throw new RangeError(
      `inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `dot : expected both vectors to have same dtype, but found ${a.dtype.scalarType} and ${b.dtype.scalarType}`,
    );
  }
}

export function dotImpl(a: Tensor, b: Tensor): Tensor {
  checkDot(a, b);
  return apply(DOT, [a, b], undefined);
}

/** torch.vdot: dot with the first operand conjugated, which for real tensors is dot (its own node name). */
const VDOT = defineOp({ ...DOT, node: 'VdotBackward0' });

export function vdotImpl(a: Tensor, b: Tensor): Tensor {
  checkDot(a, b);
  return apply(VDOT, [a, b], undefined);
}

export const vdot = op('vdot(Tensor self, Tensor other)', vdotImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'vdot [5] . [5]', inputs: () => [k.make([5]), k.make([5], { salt: 1 })], fn: (a, b) => f(a, b) },
  ],
});

export const dot = op('dot(Tensor self, Tensor tensor)', dotImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'dot [5] . [5]', inputs: () => [k.make([5]), k.make([5], { salt: 1 })], fn: (a, b) => f(a, b) },
  ],
});

const MV = defineOp({
  node: 'MvBackward0',
  jvp: ([ta, tb], p) => tangentSum([ta?.mv(p.other), tb && p.self.mv(tb)], p.result),
  batch: ([m, v]) => m.matmul(v.unsqueeze(-1)).squeeze(-1),
  saves: ['self', 'other'],
  forward: ([m, v]) => product(m, v.view(-1, 1), [m._shape[0], 1]).view(m._shape[0]),
  backward: (g, s, { needs }) => [needs[0] ? g.outer(s.other) : null, needs[1] ? s.self.t().mv(g) : null],
});

export function mvImpl(m: Tensor, v: Tensor): Tensor {
  if (m.dim() !== 2 || v.dim() !== 1) {
    // PyTorch 1.13's addmv check: the dims of the (1-D) result, the matrix and the vector.
    throw new RangeError(`vector + matrix @ vector expected, got 1, ${m.dim()}, ${v.dim()}`);
  }
  if (m._shape[1] !== v._shape[0]) {
    throw new RangeError(`size mismatch, got ${m._shape[0]}, ${m._shape[0]}x${m._shape[1]},${v._shape[0]}`);
  }
  checkSameDType(m, v);
  return apply(MV, [m, v], undefined);
}

export const mv = op('mv(Tensor self, Tensor vec)', mvImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'mv [3, 4] @ [4]', inputs: () => [k.make([3, 4]), k.make([4], { salt: 1 })], fn: (a, b) => f(a, b) },
  ],
});

export function outerImpl(a: Tensor, b: Tensor): Tensor {
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new RangeError(`outer: Expected 1-D argument self, but got ${a.dim()}-D`);
  }
  return a.unsqueeze(1).mul(b);
}

export const outer = op('outer(Tensor self, Tensor vec2)', outerImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'outer [3] x [2]', inputs: () => [k.make([3]), k.make([2], { salt: 1 })], fn: (a, b) => f(a, b) },
  ],
});
export const ger = alias(outer, 'ger');

const ADDMM = defineOp<{ beta: number; alpha: number }>({
  node: 'AddmmBackward0',
  jvp: ([tc, ta, tb], p, { args }) =>
    tangentSum(
      [
        tc && tc.mul(args.beta).expand(p.result.shape),
        ta && scaled(ta.mm(p.third), args.alpha),
        tb && scaled(p.other.mm(tb), args.alpha),
      ],
      p.result,
    ),
  // beta * self + alpha * (m1 @ m2), self lined up as [B, ...] when batched
  batch: ([c, a, b], [bc], { beta, alpha }) => {
    const p = a.matmul(b);
    return (bc ? padBatched(c, 2) : c).mul(beta).add(p, { alpha });
  },
  saves: ['other', 'third'],
  inputs: ['self', 'other', 'third'],
  forward: ([input, m1, m2], { beta, alpha }) => {
    const prod = product(m1, m2, [m1._shape[0], m2._shape[1]]);
    const dtype = resultType(input, m1);
    if (alpha === 1 && beta === 1 && prod.dtype === dtype && input.dtype === dtype && prod.is_contiguous()) {
      // The product is a fresh contiguous tensor: the bias is added into it in place (one output
      // instead of two; elementwise kernels allow out to be an operand at the same positions).
      backend().binary('add', K.broadcastView(input, prod._shape), prod._v(), prod._v());
      return prod;
    }
    const scaled = alpha === 1 ? prod : K.binary('mul', prod, K.full([], alpha, dtype), dtype);
    if (beta === 0) return K.binary('add', K.full(scaled.shape, 0, dtype), scaled, dtype);
    const base = beta === 1 ? input : K.binary('mul', input, K.full([], beta, dtype), dtype);
    return K.binary('add', base, scaled, dtype);
  },
  backward: (g, s, { args, needs }) => [
    needs[0] ? scaled(g, args.beta) : null,
    needs[1] ? mat1Grad(g, s.other, s.third, args.alpha) : null,
    needs[2] ? mat2Grad(g, s.other, s.third, args.alpha) : null,
  ],
});

export function addmmImpl(input: Tensor, m1: Tensor, m2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
  // ATen's addmm checks the dtypes first, with its own messages (no promotion of self).
  if (input.dtype !== m2.dtype) throw new TypeError('self and mat2 must have the same dtype');
  if (m1.dtype !== m2.dtype) throw new TypeError('mat1 and mat2 must have the same dtype');
  checkMm(m1, m2);
  // input is expanded to the product's shape (expand's message when it cannot be).
  const shape = [m1._shape[0], m2._shape[1]];
  if (!isExpandableTo(input._shape, shape)) input.expand(shape);
  return apply(ADDMM, [input, m1, m2], { beta: opts?.beta ?? 1, alpha: opts?.alpha ?? 1 });
}

/** Tensor.addmm_: addmm written into self, which must already have the product's shape. */
export function addmm_(self: Tensor, m1: Tensor, m2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
  checkMm(m1, m2);
  const shape = [m1._shape[0], m2._shape[1]];
  if (self._shape.length !== 2 || self._shape[0] !== shape[0] || self._shape[1] !== shape[1]) {
    throw new RangeError(
      `Bad in-place call: input tensor size ${formatShape(self._shape)} and output tensor size ${formatShape(shape)} should match`,
    );
  }
  if (self.dtype !== m1.dtype) throw new TypeError('self and mat2 must have the same dtype');
  if (is_grad_enabled() && (m1.requires_grad || m2.requires_grad)) self._checkInplace();
  return applyInplace(ADDMM, self, [m1, m2], { beta: opts?.beta ?? 1, alpha: opts?.alpha ?? 1 });
}

export const addmm = op('addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)', addmmImpl, {
  inplace: addmm_,
  samples: (k, f): OpSample[] => [
    {
      name: 'addmm_ beta 0.5',
      inputs: () => [k.make([3, 2], { salt: 2 }), k.make([3, 4]), k.make([4, 2], { salt: 1 })],
      fn: (c, a, b) => c.clone().addmm_(a, b, { beta: 0.5 }),
    },
    {
      name: 'addmm [3, 2] + [3, 4] @ [4, 2]',
      inputs: () => [k.make([3, 2], { salt: 2 }), k.make([3, 4]), k.make([4, 2], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b),
    },
    {
      name: 'addmm broadcast bias, beta 0.5, alpha 2',
      inputs: () => [k.make([2], { salt: 2 }), k.make([3, 4]), k.make([4, 2], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b, { beta: 0.5, alpha: 2 }),
    },
  ],
});

const MATMUL_BATCHED = defineOp({
  node: 'BmmBackward0',
  jvp: ([ta, tb], p) => tangentSum([ta?.matmul(p.other), tb && p.self.matmul(tb)], p.result),
  // Batched operands padded to the same number of dims after the batch dim, then broadcast.
  batch: ([a, b], [ba, bb]) => {
    const r = Math.max(a.dim() - (ba ? 1 : 0), b.dim() - (bb ? 1 : 0));
    return (ba ? padBatched(a, r) : a).matmul(bb ? padBatched(b, r) : b);
  },
  saves: ['self', 'other'],
  forward: ([a, b]) => {
    const batch = broadcastShapes(a._shape.slice(0, -2), b._shape.slice(0, -2));
    const M = a._shape[a.dim() - 2];
    const N = b._shape[b.dim() - 1];
    const ea = a.expand([...batch, M, a._shape[a.dim() - 1]]);
    const eb = b.expand([...batch, b._shape[b.dim() - 2], N]);
    return product(ea, eb, [...batch, M, N]);
  },
  backward: (g, s, { needs }) => [
    needs[0] ? g.matmul(s.other.transpose(-1, -2)) : null,
    needs[1] ? s.self.transpose(-1, -2).matmul(g) : null,
  ],
});

/** torch.matmul: dot, mv, mm, or broadcast batched product, by operand dimensionality. */
export function matmulImpl(a: Tensor, b: Tensor): Tensor {
  const da = a.dim();
  const db = b.dim();
  if (da === 0 || db === 0) {
    throw new RangeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dotImpl(a, b);
  if (da === 2 && db === 1) return mvImpl(a, b);
  // ATen squeezes in place here, so the grad_fn is SqueezeBackward3 (squeeze_.dim).
  if (da === 1 && db === 2) {
    const r = mmImpl(a.unsqueeze(0), b);
    // (Under vmap the result is a batched tensor, which in-place view ops do not take.)
    return r._bt !== null ? r.squeeze(0) : r.squeeze_(0);
  }
  if (da === 2 && db === 2) return mmImpl(a, b);
  // Batched: promote 1-D operands to matrices, multiply with broadcasting, then drop them again.
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const K1 = a2._shape[a2.dim() - 1];
  const K2 = b2._shape[b2.dim() - 2];
  if (K1 !== K2) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${formatShape(a2._shape.slice(0, -2))}, ${K1}] but got: [${K2}].`,
    );
  }
  checkSameDType(a, b);
  if (shouldFold(a, db)) {
    // [..., M, K] @ [K, N] or [K]: fold the batch into M and use one mm, then _unsafe_view the
    // result to the batch's shape, as PyTorch does (so the result's grad_fn is UnsafeViewBackward0).
    const folded = a2.reshape(-1, K1).mm(b2);
    return unsafeView(folded, [...a2._shape.slice(0, -1), ...(db === 2 ? [b2._shape[1]] : [])]);
  }
  if (shouldFold(b, da)) {
    // [K] or [M, K] @ [..., K, N]: ATen folds bᵀ instead and transposes back (a copy: CloneBackward0).
    const t1 = b.mT;
    const folded = t1.reshape(-1, K1).mm(da === 2 ? a.t() : a.unsqueeze(1));
    const out = unsafeView(folded, [...t1._shape.slice(0, -1), ...(da === 2 ? [a._shape[0]] : [])]);
    return da === 2 ? out.mT.contiguous() : out;
  }
  // The broadcast batched product, _unsafe_view'ed to the output's shape (without the dims of 1-D operands).
  const out = apply(MATMUL_BATCHED, [a2, b2], undefined);
  const shape = [...out._shape];
  if (db === 1) shape.splice(-1, 1);
  if (da === 1) shape.splice(-2, 1);
  return unsafeView(out, shape);
}

export const matmul = op('matmul(Tensor self, Tensor other)', matmulImpl, {
  samples: (k, f): OpSample[] => [
    ...(
      [
        [[4], [4]],
        [[3, 4], [4]],
        [[4], [4, 2]],
        [
          [3, 4],
          [4, 2],
        ],
        [
          [2, 3, 4],
          [4, 2],
        ],
        [[2, 3, 4], [4]],
        [[4], [2, 4, 3]],
        [
          [1, 3, 4],
          [2, 4, 2],
        ],
        [
          [2, 1, 3, 4],
          [3, 4, 2],
        ],
      ] as const
    ).map(([sa, sb]): OpSample => ({
      name: `matmul [${sa.join(', ')}] @ [${sb.join(', ')}]`,
      inputs: () => [k.make([...sa]), k.make([...sb], { salt: 1 })],
      fn: (a, b) => f(a, b),
    })),
    {
      name: 'matmul transposed [3, 4] @ [4, 2]',
      inputs: () => [k.transposed([3, 4]), k.make([4, 2], { salt: 1 })],
      fn: (a, b) => f(a, b),
    },
  ],
});

/**
 * ATen's should_fold (PyTorch 1.13): a >=3-D operand times a 1-D or 2-D one is folded into one mm,
 * unless it is 3-D times 2-D with its last two dims transposed (that goes to bmm, without a copy).
 */
function shouldFold(t: Tensor, otherDim: number): boolean {
  const d = t.dim();
  if (d < 3 || otherDim > 2) return false;
  const st = t.stride() as number[];
  const sz = t._shape;
  return !(d === 3 && otherDim === 2 && st[2] !== 1 && st[0] === sz[1] * sz[2]);
}

/**
 * y = x Wᵀ + b (F.linear), dispatched as ATen's linear is (so grad_fn names match): addmm for a
 * 2-D input with bias, addmm on the flattened rows for a contiguous 3-D one, else matmul + add_.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (input.dim() === 2 && bias) return addmmImpl(bias, input, weight.t());
  if (bias && input.dim() === 3 && input.is_contiguous()) {
    const [a, b, c] = input.shape;
    const out = addmmImpl(bias, input.view(a * b, c), weight.t());
    return out.view(a, b, out.size(1));
  }
  const out = input.matmul(weight.t());
  if (!bias) return out;
  // ATen adds the bias in place (output.add_(bias)): the output keeps its dtype and shape. Under vmap
  // (a batched operand), out of place, as functorch's decomposition of linear.
  return out._bt === null && bias._bt === null ? out.add_(bias) : out.add(bias);
}

export const functional_linear = fn('linear(Tensor input, Tensor weight, Tensor? bias=None)', linear);
