// Linear algebra: torch.linalg.det, slogdet, inv, inv_ex, solve, cholesky, cholesky_ex, qr, eigh,
// eigvalsh, svd, svdvals, pinv, lstsq, matrix_power, matrix_exp, matrix_rank, cond, multi_dot,
// vecdot, matmul and diagonal, and the torch.* / Tensor spellings PyTorch keeps for some of them
// (det, logdet, slogdet, inverse, cholesky, qr, svd, pinverse, matrix_power, matrix_exp). Inputs
// are batches of matrices [*, m, n]. QR is LAPACK's Householder algorithm, so Q and R carry
// LAPACK's signs. Eigenvalues come from cyclic Jacobi rotations and singular values from one-sided
// Jacobi, in float64: the values are PyTorch's, but each eigen/singular vector's sign is this
// algorithm's, not LAPACK's (PyTorch documents them as unique only up to sign; tests compare
// sign-invariant quantities). eigvalsh/svdvals take the vectors as constants in their backward
// (first-order gradients); eigh/svd recompute them differentiably (PyTorch's formulas).
//
// Note [Factorizations in float64]: LAPACK is not available to either backend, so the
// factorizations run here, on a float64 copy of each matrix (float32 inputs are factored in double
// and the results rounded once, so they are at least as accurate as LAPACK's single-precision
// routines, which PyTorch calls; they may differ from PyTorch's in the last bit). LU is
// getrf's: partial pivoting on the largest magnitude in the column (the first on ties), so
// determinants, signs and the singular pivot PyTorch reports are LAPACK's. Cholesky is the lower
// factor by columns (potrf), failing at the first leading minor that is not positive.
//
// Each op is a node whose forward computes from detached inputs and whose backward is written in
// differentiable ops (so gradients of gradients work, and forward mode is derived from it); the
// batching rule is the op itself on the batch-first physical inputs, since every op here already
// takes leading batch dims. Formulas as in PyTorch's derivatives.yaml / FunctionsManual.cpp.

import { Tensor } from '../tensor/tensor.js';
import { float64, int32, int64, type DType } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { broadcastShapes } from '../tensor/shape.js';
import { emitWarning } from '../tensor/warn.js';
import { apply, applyMulti, defineOp, type OpDef } from '../autograd/op.js';
import { no_grad } from '../autograd/grad_mode.js';
import { linalg_matrix_norm } from './linalg_extra.js';
import { splitOptions } from './reduce_args.js';
import { matmulImpl } from './linalg.js';
import { diagonalImpl } from './slicing.js';
import { catImpl, stackImpl } from './join.js';
import { index_selectImpl } from './index_ops.js';
import { whereImpl } from './pointwise/ternary.js';
import { fn, op, type OpSample, type SampleKit } from './declare.js';

type T = Tensor;

// ---------------------------------------------------------------- argument checks

/** ATen's checkIsMatrix + squareCheckInputs and the floating-point check, with `f`'s name. */
export function checkSquare(A: T, f: string, argName = 'A'): number {
  if (A.dim() < 2) throw new Error(`${f}: The input tensor ${argName} must have at least 2 dimensions.`);
  const n = A._shape[A.dim() - 1];
  const m = A._shape[A.dim() - 2];
  if (m !== n)
    throw new Error(`${f}: ${argName} must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (!A.dtype.is_floating_point) {
    throw new Error(`${f}: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`);
  }
  return n;
}

/** ATen's LinAlgError text for a batch: "(Batch element k): " before the message when batched. */
export function batchPrefix(A: T, b: number): string {
  return A.dim() > 2 ? `(Batch element ${b}): ` : '';
}

/** PyTorch's torch.linalg.LinAlgError (a RuntimeError). */
export class LinAlgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinAlgError';
  }
}

// ---------------------------------------------------------------- factorizations

/** Each matrix of A ([*, n, n]) as float64, contiguous: [data, count of matrices]. */
export function float64Matrices(A: T): [Float64Array, number] {
  const data = K.contiguous(A.detach().to(float64))._data as Float64Array;
  return [Float64Array.from(data), A._shape.slice(0, -2).reduce((p, s) => p * s, 1)];
}

/** Result data as a tensor of `shape` and `dtype` (float64 data rounded once for float32). */
export function tensorOf(data: Float64Array, shape: readonly number[], dtype: DType): T {
  const t = Tensor._make(data, [...shape], contiguous(shape), 0, float64);
  return dtype === float64 ? t : t.to(dtype);
}

/** The n×n identity of `dtype`. */
export function eye(n: number, dtype: DType): T {
  const data = new dtype.array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return Tensor._make(data, [n, n], [n, 1], 0, dtype);
}

/** An int64 index tensor. */
function longs(values: readonly number[]): T {
  return Tensor._make(Float64Array.from(values), [values.length], [1], 0, int64);
}

export function contiguous(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i], 1);
  }
  return strides;
}

/**
 * LU with partial pivoting of the n×n matrix at a[o..] in place (getrf): L below the diagonal
 * (unit diagonal implied), U on and above; piv[k] is the row swapped with row k. Returns LAPACK's
 * info: 0, or the 1-based index of the first exactly zero pivot.
 */
function luInPlace(a: Float64Array, o: number, n: number, piv: Int32Array): number {
  let info = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[o + k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[o + i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (a[o + p * n + k] === 0) {
      if (info === 0) info = k + 1;
      continue;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[o + k * n + j];
        a[o + k * n + j] = a[o + p * n + j];
        a[o + p * n + j] = t;
      }
    }
    const d = a[o + k * n + k];
    for (let i = k + 1; i < n; i++) a[o + i * n + k] /= d;
    for (let i = k + 1; i < n; i++) {
      const l = a[o + i * n + k];
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[o + i * n + j] -= l * a[o + k * n + j];
    }
  }
  return info;
}

/** Solves LU X = P B for the k columns of b (n×k at b[ob..]) in place, from luInPlace's output. */
function luSolveInPlace(
  lu: Float64Array,
  o: number,
  n: number,
  piv: Int32Array,
  b: Float64Array,
  ob: number,
  k: number,
): void {
  for (let i = 0; i < n; i++) {
    const p = piv[i];
    if (p !== i) {
      for (let j = 0; j < k; j++) {
        const t = b[ob + i * k + j];
        b[ob + i * k + j] = b[ob + p * k + j];
        b[ob + p * k + j] = t;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < i; r++) {
      const l = lu[o + i * n + r];
      if (l === 0) continue;
      for (let j = 0; j < k; j++) b[ob + i * k + j] -= l * b[ob + r * k + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let r = i + 1; r < n; r++) {
      const u = lu[o + i * n + r];
      if (u === 0) continue;
      for (let j = 0; j < k; j++) b[ob + i * k + j] -= u * b[ob + r * k + j];
    }
    const d = lu[o + i * n + i];
    for (let j = 0; j < k; j++) b[ob + i * k + j] /= d;
  }
}

/** The sign (±1, or 0 when singular) and log|det| of each matrix, from its LU factors. */
function slogdetValues(A: T, n: number): { sign: Float64Array; logabs: Float64Array } {
  const [a, count] = float64Matrices(A);
  const sign = new Float64Array(count);
  const logabs = new Float64Array(count);
  const piv = new Int32Array(n);
  for (let b = 0; b < count; b++) {
    const o = b * n * n;
    luInPlace(a, o, n, piv);
    let s = 1;
    let l = 0;
    for (let k = 0; k < n; k++) {
      if (piv[k] !== k) s = -s;
      const u = a[o + k * n + k];
      s *= Math.sign(u);
      l += Math.log(Math.abs(u));
    }
    sign[b] = s;
    logabs[b] = l;
  }
  return { sign, logabs };
}

/** The determinant of each matrix: the product of U's diagonal, negated per row swap (as ATen). */
function detValues(A: T, n: number): Float64Array {
  const [a, count] = float64Matrices(A);
  const out = new Float64Array(count);
  const piv = new Int32Array(n);
  for (let b = 0; b < count; b++) {
    const o = b * n * n;
    luInPlace(a, o, n, piv);
    let swaps = 0;
    let d = 1;
    for (let k = 0; k < n; k++) {
      if (piv[k] !== k) swaps++;
      d *= a[o + k * n + k];
    }
    out[b] = swaps % 2 === 1 ? -d : d;
  }
  return out;
}

/**
 * X = A⁻¹ B for each matrix of A ([*, n, n], batch dims already broadcast with B's) and B
 * ([*, n, k]); `onSingular(b, info)` is called for a singular matrix (its return value, if any,
 * is thrown), and its X is left as the division by zero makes it.
 */
function solveValues(A: T, B: T, onSingular: (b: number, info: number) => Error | null): Float64Array {
  const n = A._shape[A.dim() - 1];
  const k = B._shape[B.dim() - 1];
  const [a, count] = float64Matrices(A);
  const x = Float64Array.from(K.contiguous(B.detach().to(float64))._data as Float64Array);
  const piv = new Int32Array(n);
  for (let b = 0; b < count; b++) {
    const info = luInPlace(a, b * n * n, n, piv);
    if (info !== 0) {
      const e = onSingular(b, info);
      if (e !== null) throw e;
    }
    luSolveInPlace(a, b * n * n, n, piv, x, b * n * k, k);
  }
  return x;
}

/** The lower Cholesky factor of each matrix (potrf; the strict upper triangle zero) and its info. */
function choleskyValues(A: T, n: number): { L: Float64Array; info: Int32Array } {
  const [a, count] = float64Matrices(A);
  const L = new Float64Array(a.length);
  const info = new Int32Array(count);
  for (let b = 0; b < count; b++) {
    const o = b * n * n;
    for (let j = 0; j < n && info[b] === 0; j++) {
      let d = a[o + j * n + j];
      for (let p = 0; p < j; p++) d -= L[o + j * n + p] * L[o + j * n + p];
      if (!(d > 0)) {
        info[b] = j + 1;
        break;
      }
      const ljj = Math.sqrt(d);
      L[o + j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = a[o + i * n + j];
        for (let p = 0; p < j; p++) s -= L[o + i * n + p] * L[o + j * n + p];
        L[o + i * n + j] = s / ljj;
      }
    }
  }
  return { L, info };
}

// ---------------------------------------------------------------- shared pieces of the formulas

/** The batching rule of an op that takes leading batch dims: itself, on the physical inputs. */
export function leading<A>(f: (inputs: readonly T[], args: A) => T | T[]) {
  return (inputs: readonly T[], _batched: readonly boolean[], args: A): T | T[] => f(inputs, args);
}

const mT = (x: T): T => x.transpose(-2, -1);

// ---------------------------------------------------------------- det, slogdet, logdet

const DET: OpDef = defineOp({
  node: 'LinalgDetBackward0',
  saves: ['self', 'result'],
  forward: ([A]) => {
    const n = A._shape[A.dim() - 1];
    return tensorOf(detValues(A, n), A._shape.slice(0, -2), A.dtype);
  },
  // d det = det · tr(A⁻¹ dA): the gradient is g · det · A⁻ᵀ, the cofactor matrix. For a singular
  // matrix (det 0) A⁻¹ does not exist; the cofactors still do and are computed from the minors.
  backward: (g, s) => {
    const A = s.self;
    const det = s.result;
    // An empty matrix's det is the constant 1: ATen returns an undefined gradient (None).
    if (A.numel() === 0) return [null];
    const gd = g.mul(det).unsqueeze(-1).unsqueeze(-1);
    if (det.detach().eq(0).any().item() === true) return [g.unsqueeze(-1).unsqueeze(-1).mul(cofactors(A))];
    return [gd.mul(mT(inverseOf(A)))];
  },
  batch: leading(([A]) => detImpl(A)),
});

/** The cofactor matrix of each matrix of A (differentiable): C[i, j] = (-1)^(i+j) det(minor(i, j)). */
function cofactors(A: T): T {
  const n = A._shape[A.dim() - 1];
  if (n === 1) return K.full(A._shape, 1, A.dtype);
  const rows: T[] = [];
  for (let i = 0; i < n; i++) {
    const cols: T[] = [];
    const keepRows = Array.from({ length: n - 1 }, (_v, r) => (r < i ? r : r + 1));
    for (let j = 0; j < n; j++) {
      const keepCols = Array.from({ length: n - 1 }, (_v, c) => (c < j ? c : c + 1));
      const minor = index_selectImpl(index_selectImpl(A, -2, longs(keepRows)), -1, longs(keepCols));
      const d = detImpl(minor);
      cols.push((i + j) % 2 === 0 ? d : d.neg());
    }
    rows.push(stackImpl(cols, -1));
  }
  return stackImpl(rows, -2);
}

export function detImpl(A: T): T {
  checkSquare(A, 'linalg.det');
  return apply(DET, [A], undefined);
}

const SAMPLE_A = (k: SampleKit, salt = 0): T =>
  // Diagonally dominant, so well conditioned: the finite differences of gradcheck stay accurate.
  k.make([3, 3], { salt }).detach().add(eye(3, float64).mul(4)).requires_grad_();

export const linalg_det = fn('linalg_det(Tensor A)', detImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.det [3, 3]', inputs: () => [SAMPLE_A(k)], fn: (a) => f(a) },
    {
      name: 'linalg.det [2, 2, 2]',
      inputs: () => [k.make([2, 2, 2], { salt: 3 }).detach().add(eye(2, float64).mul(3)).requires_grad_()],
      fn: (a) => f(a),
    },
  ],
});
export const det = op('det(Tensor self)', detImpl);

/** What slogdet returns: PyTorch's named tuple (sign, logabsdet). */
export class SignLogAbsDet implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    readonly sign: Tensor,
    readonly logabsdet: Tensor,
  ) {
    this[0] = sign;
    this[1] = logabsdet;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.sign;
    yield this.logabsdet;
  }

  toString(): string {
    return `torch.return_types.linalg_slogdet(\nsign=${String(this.sign)},\nlogabsdet=${String(this.logabsdet)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

// The node's output is logabsdet; the sign (no gradient) is computed beside it.
const LOGABSDET: OpDef = defineOp({
  node: 'LinalgSlogdetBackward0',
  saves: ['self'],
  forward: ([A]) => {
    const n = A._shape[A.dim() - 1];
    return tensorOf(slogdetValues(A, n).logabs, A._shape.slice(0, -2), A.dtype);
  },
  // d log|det A| = tr(A⁻¹ dA).
  backward: (g, s) => [
    g
      .unsqueeze(-1)
      .unsqueeze(-1)
      .mul(mT(inverseOf(s.self))),
  ],
  batch: leading(([A]) => apply(LOGABSDET, [A], undefined)),
});

export function slogdetImpl(A: T): SignLogAbsDet {
  const n = checkSquare(A, 'linalg.slogdet');
  const sign = tensorOf(slogdetValues(A, n).sign, A._shape.slice(0, -2), A.dtype);
  return new SignLogAbsDet(sign, apply(LOGABSDET, [A], undefined));
}

export const linalg_slogdet = fn('linalg_slogdet(Tensor A)', slogdetImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.slogdet [3, 3]', inputs: () => [SAMPLE_A(k, 1)], fn: (a) => (f(a) as SignLogAbsDet).logabsdet },
  ],
});
export const slogdet = op('slogdet(Tensor self)', slogdetImpl);

/** log det A: log|det| where det > 0, NaN where it is negative, -inf where it is 0 (as ATen). */
export function logdetImpl(A: T): T {
  checkSquare(A, 'logdet');
  const { sign, logabsdet } = slogdetImpl(A);
  return whereImpl(sign.eq(-1), NaN, logabsdet);
}
export const logdet = op('logdet(Tensor self)', logdetImpl, {
  samples: (k, f): OpSample[] => [{ name: 'logdet [3, 3]', inputs: () => [SAMPLE_A(k, 2)], fn: (a) => f(a) }],
});

// ---------------------------------------------------------------- inv

const INV: OpDef = defineOp({
  node: 'LinalgInvExBackward0',
  saves: ['result'],
  forward: ([A]) => {
    const n = A._shape[A.dim() - 1];
    const I = eye(n, float64).expand(A._shape).contiguous();
    const x = solveValues(
      A,
      I,
      (b, info) =>
        new LinAlgError(
          `linalg.inv: ${batchPrefix(A, b)}The diagonal element ${info} is zero, the inversion could not be completed because the input matrix is singular.`,
        ),
    );
    return tensorOf(x, A._shape, A.dtype);
  },
  // d(A⁻¹) = -A⁻¹ dA A⁻¹.
  backward: (g, s) => {
    const X = mT(s.result);
    return [X.matmul(g).matmul(X).neg()];
  },
  batch: leading(([A]) => apply(INV, [A], undefined)),
});

/** A⁻¹ inside backward formulas (differentiable). */
function inverseOf(A: T): T {
  return apply(INV, [A], undefined);
}

export function invImpl(A: T): T {
  checkSquare(A, 'linalg.inv');
  return apply(INV, [A], undefined);
}
export const linalg_inv = fn('linalg_inv(Tensor A)', invImpl, {
  samples: (k, f): OpSample[] => [{ name: 'linalg.inv [3, 3]', inputs: () => [SAMPLE_A(k, 3)], fn: (a) => f(a) }],
});
export const inverse = op('inverse(Tensor self)', invImpl);

// ---------------------------------------------------------------- solve

/** PyTorch's vector case of solve: B is a vector or a batch of vectors matching A's batch. */
function vectorCase(A: T, B: T): boolean {
  if (B.dim() === 1) return true;
  return A.dim() - 1 === B.dim() && B._shape.every((s, i) => s === A._shape[i]);
}

interface SolveArgs {
  /** B (and X) are (batches of) vectors: solved as one-column matrices. */
  vector: boolean;
  /** AX = B (true) or XA = B. */
  left: boolean;
}

const SOLVE: OpDef<SolveArgs> = defineOp<SolveArgs>({
  node: 'LinalgSolveExBackward0',
  inputs: ['A', 'B'],
  saves: ['A', 'result'],
  // A and B come broadcast to common batch dims.
  forward: ([A, B], { vector, left }) => {
    const singular = (b: number): Error =>
      new LinAlgError(
        `torch.linalg.solve: ${batchPrefix(A, b)}The solver failed because the input matrix is singular.`,
      );
    if (!left) return tensorOf(solveValues(mT(A), mT(B), singular), mT(B)._shape, A.dtype).transpose(-2, -1);
    const Bm = vector ? B.unsqueeze(-1) : B;
    return tensorOf(solveValues(A, Bm, singular), B._shape, A.dtype);
  },
  // AX = B: gB = A⁻ᵀ g, gA = -gB Xᵀ. XA = B: gB = g A⁻ᵀ, gA = -Xᵀ gB.
  backward: (g, s, { args, needs }) => {
    const gB: T = apply(SOLVE, [mT(s.A), g], args);
    if (!needs[0]) return [null, gB];
    const X = s.result;
    const gA = !args.left ? mT(X).matmul(gB) : args.vector ? gB.unsqueeze(-1).mul(X.unsqueeze(-2)) : gB.matmul(mT(X));
    return [gA.neg(), needs[1] ? gB : null];
  },
  batch: leading(([A, B], args) => solveBroadcast(A, B, args)),
});

/** solve with A's and B's batch dims broadcast (each gradient is summed back by the expand). */
function solveBroadcast(A: T, B: T, args: SolveArgs): T {
  const tail = args.vector ? 1 : 2;
  const batch = broadcastShapes(B._shape.slice(0, B.dim() - tail), A._shape.slice(0, -2));
  const Ab = A.expand([...batch, ...A._shape.slice(-2)]);
  const Bb = B.expand([...batch, ...B._shape.slice(B.dim() - tail)]);
  return apply(SOLVE, [Ab, Bb], args);
}

export function solveImpl(A: T, B: T, opts?: { left?: boolean }): T {
  const left = opts?.left ?? true;
  checkSquare(A, 'linalg.solve');
  if (B.dtype !== A.dtype) {
    throw new Error(
      `linalg.solve: Expected A and B to have the same dtype, but found A of type ${A.dtype.scalarType} and B of type ${B.dtype.scalarType} instead`,
    );
  }
  const vector = vectorCase(A, B);
  const n = A._shape[A.dim() - 1];
  if (vector ? B._shape[B.dim() - 1] !== n : B._shape[B.dim() - (left ? 2 : 1)] !== n) {
    const [r, c] = vector ? [B._shape[B.dim() - 1], 1] : B._shape.slice(-2);
    throw new Error(
      left
        ? `linalg.solve: Incompatible shapes of A and B for the equation AX = B (${n}x${n} and ${r}x${c})`
        : `linalg.solve: Incompatible shapes of A and B for the equation XA = B (${n}x${n} and ${r}x${c})`,
    );
  }
  return solveBroadcast(A, B, { vector, left: left || vector });
}
export const linalg_solve = fn('linalg_solve(Tensor A, Tensor B, *, bool left=True)', solveImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'linalg.solve [3, 3] [3, 2]',
      inputs: () => [SAMPLE_A(k, 4), k.make([3, 2], { salt: 5 })],
      fn: (a, b) => f(a, b),
    },
    {
      name: 'linalg.solve [3, 3] [3]',
      inputs: () => [SAMPLE_A(k, 6), k.make([3], { salt: 7 })],
      fn: (a, b) => f(a, b),
    },
    {
      name: 'linalg.solve [3, 3] batch of [2, 3, 1]',
      inputs: () => [SAMPLE_A(k, 8), k.make([2, 3, 1], { salt: 9 })],
      fn: (a, b) => f(a, b),
    },
  ],
});

// ---------------------------------------------------------------- cholesky

interface CholArgs {
  upper: boolean;
}

const CHOLESKY: OpDef<CholArgs> = defineOp<CholArgs>({
  node: 'LinalgCholeskyExBackward0',
  saves: ['result'],
  forward: ([A], { upper }) => {
    const n = A._shape[A.dim() - 1];
    const { L, info } = choleskyValues(A, n);
    info.forEach((i, b) => {
      if (i !== 0) {
        throw new LinAlgError(
          `linalg.cholesky: ${batchPrefix(A, b)}The factorization could not be completed because the input is not positive-definite (the leading minor of order ${i} is not positive-definite).`,
        );
      }
    });
    const out = tensorOf(L, A._shape, A.dtype);
    return upper ? mT(out).contiguous() : out;
  },
  // Murray (2016), as PyTorch's cholesky_backward: with Φ(M) the lower triangle of M with its
  // diagonal halved, gA = L⁻ᵀ Φ(Lᵀ gL) L⁻¹, symmetrized.
  backward: (g, s, { args: { upper } }) => {
    const L = upper ? mT(s.result) : s.result;
    const gL = upper ? mT(g) : g;
    const M = mT(L).matmul(gL).tril();
    const phi = M.sub(diagEmbed(diagonalImpl(M, 0, -2, -1).mul(0.5)));
    const Li = inverseOf(L);
    const gA = mT(Li).matmul(phi).matmul(Li);
    return [gA.add(mT(gA)).mul(0.5)];
  },
  batch: leading(([A], args) => apply(CHOLESKY, [A], args)),
});

function diagEmbed(d: T): T {
  return d.diag_embed(0, -2, -1);
}

export function choleskyImpl(A: T, opts?: { upper?: boolean }): T {
  checkSquare(A, 'linalg.cholesky');
  return apply(CHOLESKY, [A], { upper: opts?.upper ?? false });
}

const SPD = (k: SampleKit, n: number, salt: number): T => {
  const m = k.make([n, n], { salt }).detach();
  return m.matmul(mT(m)).add(eye(n, float64).mul(n)).requires_grad_();
};

export const linalg_cholesky = fn('linalg_cholesky(Tensor A, *, bool upper=False)', choleskyImpl, {
  samples: (k, f): OpSample[] => [
    // The formula reads only A's lower triangle; a symmetric input keeps the check meaningful.
    { name: 'linalg.cholesky [3, 3]', inputs: () => [SPD(k, 3, 10)], fn: (a) => f(a.add(mT(a)).mul(0.5)) },
    {
      name: 'linalg.cholesky upper [3, 3]',
      inputs: () => [SPD(k, 3, 11)],
      fn: (a) => f(a.add(mT(a)).mul(0.5), { upper: true }),
    },
  ],
});

let choleskyWarned = false;
/** torch.cholesky / Tensor.cholesky: deprecated in PyTorch, with its own node name. */
export function choleskyDeprecatedImpl(A: T, upper = false): T {
  if (!choleskyWarned) {
    choleskyWarned = true;
    emitWarning(
      'torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future PyTorch release.',
      'UserWarning',
    );
  }
  checkSquare(A, 'linalg.cholesky');
  return apply(CHOLESKY_OLD, [A], { upper });
}
const CHOLESKY_OLD: OpDef<CholArgs> = defineOp<CholArgs>({
  ...CHOLESKY,
  node: 'CholeskyBackward0',
  batch: leading(([A], args) => apply(CHOLESKY_OLD, [A], args)),
});
export const cholesky = op('cholesky(Tensor self, bool upper=False)', choleskyDeprecatedImpl);

// ---------------------------------------------------------------- the _ex variants

/** What inv_ex / cholesky_ex return: the result and LAPACK's int32 info, per matrix. */
export class WithInfo implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    private readonly op: string,
    private readonly field: string,
    readonly result: Tensor,
    readonly info: Tensor,
  ) {
    this[0] = result;
    this[1] = info;
    Object.defineProperty(this, field, { value: result, enumerable: true });
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.result;
    yield this.info;
  }

  toString(): string {
    return `torch.return_types.${this.op}(\n${this.field}=${String(this.result)},\ninfo=${String(this.info)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export function infoTensor(info: readonly number[], batch: readonly number[]): T {
  const t = Tensor._make(Int32Array.from(info), [...batch], contiguous(batch), 0, int32);
  return t;
}

export function inv_exImpl(A: T, opts?: { check_errors?: boolean }): WithInfo {
  const n = checkSquare(A, 'linalg.inv_ex');
  const [a, count] = float64Matrices(A);
  const piv = new Int32Array(n);
  const info: number[] = [];
  for (let b = 0; b < count; b++) info.push(luInPlace(a, b * n * n, n, piv));
  if (opts?.check_errors === true) info.forEach((i, b) => i !== 0 && invImpl(A.reshape([-1, n, n]).select(0, b)));
  const batch = A._shape.slice(0, -2);
  return new WithInfo('linalg_inv_ex', 'inverse', apply(INV_NOCHECK, [A], undefined), infoTensor(info, batch));
}
// inv_ex leaves a singular matrix's inverse as the division by zero makes it (inf/nan), as LAPACK.
const INV_NOCHECK: OpDef = defineOp({
  ...INV,
  forward: ([A]) => {
    const n = A._shape[A.dim() - 1];
    const I = eye(n, float64).expand(A._shape).contiguous();
    return tensorOf(
      solveValues(A, I, () => null),
      A._shape,
      A.dtype,
    );
  },
  batch: leading(([A]) => apply(INV_NOCHECK, [A], undefined)),
});
export const linalg_inv_ex = fn('linalg_inv_ex(Tensor A, *, bool check_errors=False)', inv_exImpl);

export function cholesky_exImpl(A: T, opts?: { upper?: boolean; check_errors?: boolean }): WithInfo {
  const n = checkSquare(A, 'linalg.cholesky_ex');
  const upper = opts?.upper ?? false;
  const { L, info } = choleskyValues(A, n);
  const batch = A._shape.slice(0, -2);
  const failed = Array.from(info).some((i) => i !== 0);
  if (failed && opts?.check_errors === true) choleskyImpl(A, { upper });
  // A failed factorization returns what was computed before the failing column (LAPACK's potrf).
  const result = failed ? tensorOf(L, A._shape, A.dtype) : choleskyImpl(A, { upper });
  return new WithInfo(
    'linalg_cholesky_ex',
    'L',
    upper && failed ? mT(result).contiguous() : result,
    infoTensor(Array.from(info), batch),
  );
}
export const linalg_cholesky_ex = fn(
  'linalg_cholesky_ex(Tensor A, *, bool upper=False, bool check_errors=False)',
  cholesky_exImpl,
);

// ---------------------------------------------------------------- matrix_power, multi_dot, vecdot

/** ATen's linalg_matrix_power: the identity, A⁻¹ for negative n, and a binary decomposition. */
export function matrix_powerImpl(A: T, n: number): T {
  checkSquareShape(A, 'linalg.matrix_power');
  if (n === 0) return A.clone().copy_(eye(A._shape[A.dim() - 1], A.dtype).expand(A._shape));
  let a = A;
  if (n < 0) {
    a = invImpl(A);
    n = -n;
  }
  if (n === 1) return a === A ? a.clone() : a;
  if (n === 2) return matmulImpl(a, a);
  if (n === 3) return matmulImpl(matmulImpl(a, a), a);
  let z: T | null = null;
  let result: T | null = null;
  while (n > 0) {
    const bit = n % 2;
    n = Math.floor(n / 2);
    z = z === null ? a : matmulImpl(z, z);
    if (bit === 1) result = result === null ? z : matmulImpl(result, z);
  }
  return result!;
}

/** The square check alone (matrix_power takes integer matrices too). */
function checkSquareShape(A: T, f: string): void {
  if (A.dim() < 2) throw new Error(`${f}: The input tensor A must have at least 2 dimensions.`);
  const n = A._shape[A.dim() - 1];
  const m = A._shape[A.dim() - 2];
  if (m !== n) throw new Error(`${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
}

export const linalg_matrix_power = fn('linalg_matrix_power(Tensor A, int n)', matrix_powerImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.matrix_power n=5', inputs: () => [k.make([3, 3], { lo: -0.8, hi: 0.8 })], fn: (a) => f(a, 5) },
    { name: 'linalg.matrix_power n=-2', inputs: () => [SAMPLE_A(k, 12)], fn: (a) => f(a, -2) },
  ],
});
export const matrix_power = op('matrix_power(Tensor self, int n)', matrix_powerImpl);

/**
 * multi_dot: the product of a chain of matrices (the first and last may be vectors), in the
 * order of fewest multiplications, as ATen picks it (two: one product; three: the cheaper
 * bracketing; more: the matrix-chain dynamic programme).
 */
export function multi_dotImpl(tensors: readonly T[]): T {
  const n = tensors.length;
  if (n < 2) throw new Error(`multi_dot(): expected at least 2 tensors but got ${n}`);
  const first = tensors[0];
  const last = tensors[n - 1];
  if (first.dim() !== 1 && first.dim() !== 2) {
    throw new Error(`multi_dot(): the first tensor must be 1D or 2D but got ${first.dim()}D`);
  }
  if (last.dim() !== 1 && last.dim() !== 2) {
    throw new Error(`multi_dot(): the last tensor must be 1D or 2D but got ${last.dim()}D`);
  }
  for (let i = 1; i < n - 1; i++) {
    if (tensors[i].dim() !== 2) throw new Error(`multi_dot(): tensor ${i} must be 2D but got ${tensors[i].dim()}D`);
  }
  const dtype = first.dtype;
  for (let i = 1; i < n; i++) {
    if (tensors[i].dtype !== dtype) {
      throw new Error(
        `multi_dot(): all tensors must have be the same dtype but tensor 0 is ${dtype.scalarType} and tensor ${i} ${tensors[i].dtype.scalarType}`,
      );
    }
  }
  const ms = tensors.map((t, i) =>
    i === 0 && t.dim() === 1 ? t.unsqueeze(0) : i === n - 1 && t.dim() === 1 ? t.unsqueeze(1) : t,
  );
  for (let i = 0; i + 1 < n; i++) {
    if (ms[i]._shape[1] !== ms[i + 1]._shape[0]) {
      throw new Error(
        `multi_dot(): tensors ${i} and ${i + 1} with shapes [${ms[i]._shape.join(', ')}] and [${ms[i + 1]._shape.join(', ')}] cannot be multiplied`,
      );
    }
  }
  let out: T;
  if (n === 2) out = ms[0].mm(ms[1]);
  else if (n === 3) {
    const [a, b] = [ms[0]._shape[0], ms[1]._shape[0]];
    const [c, d] = [ms[2]._shape[0], ms[2]._shape[1]];
    const costLeft = a * c * (b + d);
    const costRight = b * d * (a + c);
    out = costLeft > costRight ? ms[0].mm(ms[1].mm(ms[2])) : ms[0].mm(ms[1]).mm(ms[2]);
  } else out = chainProduct(ms, chainOrder(ms), 0, n - 1);
  // ATen views the product as the result's shape, whatever it is.
  const shape = [...(first.dim() === 2 ? [first._shape[0]] : []), ...(last.dim() === 2 ? [last._shape[1]] : [])];
  return out.view(shape);
}

/** The matrix-chain split table (ATen's matrix_chain_order). */
function chainOrder(ms: readonly T[]): number[][] {
  const n = ms.length;
  const p = [ms[0]._shape[0], ...ms.map((m) => m._shape[1])];
  const m: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const s: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let l = 1; l < n; l++) {
    for (let i = 0; i < n - l; i++) {
      const j = i + l;
      m[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const q = m[i][k] + m[k + 1][j] + p[i] * p[k + 1] * p[j + 1];
        if (q < m[i][j]) {
          m[i][j] = q;
          s[i][j] = k;
        }
      }
    }
  }
  return s;
}

function chainProduct(ms: readonly T[], s: number[][], i: number, j: number): T {
  if (i === j) return ms[i];
  return chainProduct(ms, s, i, s[i][j]).mm(chainProduct(ms, s, s[i][j] + 1, j));
}

export const linalg_multi_dot = fn('linalg_multi_dot(Tensor[] tensors)', multi_dotImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'linalg.multi_dot [2, 3] [3, 4] [4, 2] [2]',
      inputs: () => [
        k.make([2, 3]),
        k.make([3, 4], { salt: 1 }),
        k.make([4, 2], { salt: 2 }),
        k.make([2], { salt: 3 }),
      ],
      fn: (a, b, c, d) => f([a, b, c, d]),
    },
  ],
});

/** linalg.vecdot: Σ conj(x) y along dim (real tensors: the sum of products), broadcast. */
export function vecdotImpl(x: T, y: T, opts?: { dim?: number }): T {
  const dim = opts?.dim ?? -1;
  if (x.dtype !== y.dtype) {
    throw new Error(
      `linalg.vecdot: Expected x and y to have the same dtype, but found x of type ${x.dtype.scalarType} and y of type ${y.dtype.scalarType} instead`,
    );
  }
  return x.mul(y).sum(dim);
}
export const linalg_vecdot = fn('linalg_vecdot(Tensor x, Tensor y, *, int dim=-1)', vecdotImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'linalg.vecdot [2, 3] [3]',
      inputs: () => [k.make([2, 3]), k.make([3], { salt: 1 })],
      fn: (a, b) => f(a, b),
    },
  ],
});

export const linalg_matmul = fn('linalg_matmul(Tensor self, Tensor other)', matmulImpl);

export function linalg_diagonalImpl(A: T, opts?: { offset?: number; dim1?: number; dim2?: number }): T {
  return diagonalImpl(A, opts?.offset ?? 0, opts?.dim1 ?? -2, opts?.dim2 ?? -1);
}
export const linalg_diagonal = fn(
  'linalg_diagonal(Tensor A, *, int offset=0, int dim1=-2, int dim2=-1)',
  linalg_diagonalImpl,
);

// ---------------------------------------------------------------- matrix_exp

/** e^M of one n×n float64 matrix at m[o..] into out[o..]: Padé 13 with scaling and squaring (Higham 2005). */
function expm(m: Float64Array, o: number, n: number, out: Float64Array): void {
  const B = [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ];
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let col = 0;
    for (let i = 0; i < n; i++) col += Math.abs(m[o + i * n + j]);
    norm = Math.max(norm, col);
  }
  const theta13 = 5.371920351148152;
  const s = norm > theta13 ? Math.max(0, Math.ceil(Math.log2(norm / theta13))) : 0;
  const A = new Float64Array(n * n);
  const scale = 2 ** -s;
  for (let i = 0; i < n * n; i++) A[i] = m[o + i] * scale;
  const mul = (x: Float64Array, y: Float64Array): Float64Array => {
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const v = x[i * n + k];
        if (v === 0) continue;
        for (let j = 0; j < n; j++) z[i * n + j] += v * y[k * n + j];
      }
    return z;
  };
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  const A2 = mul(A, A);
  const A4 = mul(A2, A2);
  const A6 = mul(A4, A2);
  const lin = (cs: readonly number[], ms: readonly Float64Array[]): Float64Array => {
    const z = new Float64Array(n * n);
    cs.forEach((c, k) => {
      for (let i = 0; i < n * n; i++) z[i] += c * ms[k][i];
    });
    return z;
  };
  const U = mul(
    A,
    lin([1, 1], [mul(A6, lin([B[13], B[11], B[9]], [A6, A4, A2])), lin([B[7], B[5], B[3], B[1]], [A6, A4, A2, I])]),
  );
  const V = lin(
    [1, 1],
    [mul(A6, lin([B[12], B[10], B[8]], [A6, A4, A2])), lin([B[6], B[4], B[2], B[0]], [A6, A4, A2, I])],
  );
  // (V - U) R = V + U
  const P = lin([1, 1], [V, U]);
  const Q = lin([1, -1], [V, U]);
  const piv = new Int32Array(n);
  luInPlace(Q, 0, n, piv);
  luSolveInPlace(Q, 0, n, piv, P, 0, n);
  let R = P;
  for (let k = 0; k < s; k++) R = mul(R, R);
  out.set(R, o);
}

function checkSquareFloat(A: T, f: string, dtypeName: string): number {
  if (A.dim() < 2) throw new Error(`${f}: The input tensor A must have at least 2 dimensions.`);
  const n = A._shape[A.dim() - 1];
  const m = A._shape[A.dim() - 2];
  if (m !== n) throw new Error(`${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (!A.dtype.is_floating_point) {
    throw new Error(`${dtypeName}: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`);
  }
  return n;
}

const MATRIX_EXP: OpDef = defineOp({
  node: 'LinalgMatrixExpBackward0',
  saves: ['self'],
  forward: ([A]) => {
    const n = A._shape[A.dim() - 1];
    const [a, count] = float64Matrices(A);
    const out = new Float64Array(a.length);
    for (let b = 0; b < count; b++) expm(a, b * n * n, n, out);
    return tensorOf(out, A._shape, A.dtype);
  },
  // The adjoint of the Fréchet derivative: the upper-right block of exp([[Aᵀ, G], [0, Aᵀ]]).
  backward: (g, s) => {
    const A = s.self;
    const n = A._shape[A.dim() - 1];
    if (n === 0) return [g];
    const At = mT(A);
    const top = catImpl([At, g], -1);
    const bottom = catImpl([K.full(At._shape, 0, A.dtype), At], -1);
    const E: T = apply(MATRIX_EXP, [catImpl([top, bottom], -2)], undefined);
    return [E.narrow(-2, 0, n).narrow(-1, n, n)];
  },
  batch: leading(([A]) => apply(MATRIX_EXP, [A], undefined)),
});

export function matrix_expImpl(A: T): T {
  checkSquareFloat(A, 'linalg.matrix_exp', 'matrix_exp');
  return apply(MATRIX_EXP, [A], undefined);
}
export const linalg_matrix_exp = fn('linalg_matrix_exp(Tensor self)', matrix_expImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.matrix_exp [3, 3]', inputs: () => [k.make([3, 3], { lo: -1, hi: 1 })], fn: (a) => f(a) },
    {
      name: 'linalg.matrix_exp scaled [2, 2]',
      inputs: () => [k.make([2, 2], { lo: -4, hi: 4, salt: 1 })],
      fn: (a) => f(a),
    },
  ],
});
export const matrix_exp = op('matrix_exp(Tensor self)', matrix_expImpl);

// ---------------------------------------------------------------- eigvalsh, svdvals, matrix_rank, cond

/**
 * Eigenvalues (ascending) and eigenvectors (columns) of the symmetric n×n matrix at s[o..] whose
 * `lower` (or upper) triangle is read: cyclic Jacobi rotations until the off-diagonal vanishes.
 */
function symmetricEigen(src: Float64Array, o: number, n: number, lower: boolean): { w: Float64Array; V: Float64Array } {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const [r, c] = (lower ? i >= j : i <= j) ? [i, j] : [j, i];
      a[i * n + j] = src[o + r * n + c];
    }
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (!(off > 1e-300)) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - sn * vkq;
          V[k * n + q] = sn * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_v, i) => i).sort((x, y) => a[x * n + x] - a[y * n + y]);
  const w = Float64Array.from(order, (i) => a[i * n + i]);
  const Vs = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let r = 0; r < n; r++) Vs[r * n + k] = V[r * n + order[k]];
  return { w, V: Vs };
}

interface EighArgs {
  lower: boolean;
}

/** Eigenvalues and eigenvectors of each matrix of A, as tensors of A's dtype. */
function eighTensors(A: T, lower: boolean): { w: T; V: T } {
  const n = A._shape[A.dim() - 1];
  const [a, count] = float64Matrices(A);
  const w = new Float64Array(count * n);
  const V = new Float64Array(count * n * n);
  for (let b = 0; b < count; b++) {
    const r = symmetricEigen(a, b * n * n, n, lower);
    w.set(r.w, b * n);
    V.set(r.V, b * n * n);
  }
  return { w: tensorOf(w, A._shape.slice(0, -1), A.dtype), V: tensorOf(V, A._shape, A.dtype) };
}

// The eigenvectors are recomputed (as constants) by the backward: first-order gradients only.
const EIGVALSH: OpDef<EighArgs> = defineOp<EighArgs>({
  node: 'LinalgEighBackward0',
  saves: ['self'],
  forward: ([A], { lower }) => eighTensors(A, lower).w,
  // dλ_k = v_kᵀ dA v_k: gA = V diag(g) Vᵀ.
  backward: (g, s, { args: { lower } }) => {
    const { V } = eighTensors(s.self, lower);
    return [V.mul(g.unsqueeze(-2)).matmul(mT(V))];
  },
  batch: leading(([A], args) => apply(EIGVALSH, [A], args)),
});

export function eigvalshImpl(A: T, UPLO = 'L'): T {
  if (UPLO !== 'L' && UPLO !== 'U') throw new Error(`Expected UPLO argument to be 'L' or 'U', but got ${UPLO}`);
  if (A.dim() < 2) throw new Error('linalg.eigh: The input tensor A must have at least 2 dimensions.');
  const n = A._shape[A.dim() - 1];
  const m = A._shape[A.dim() - 2];
  if (m !== n) throw new Error(`linalg.eigh: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (!A.dtype.is_floating_point) throw new TypeError(`"linalg_eigh_cpu" not implemented for '${A.dtype.scalarType}'`);
  return apply(EIGVALSH, [A], { lower: UPLO === 'L' });
}
export const linalg_eigvalsh = fn("linalg_eigvalsh(Tensor self, str UPLO='L')", eigvalshImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'linalg.eigvalsh [3, 3]',
      inputs: () => [SPD(k, 3, 13)],
      fn: (a) => f(a.add(mT(a)).mul(0.5)),
      gradgrad: false,
      why: 'the backward takes the eigenvectors as constants',
    },
  ],
});

/**
 * Singular values (descending) of the m×n matrix at s[o..], and the singular vectors: one-sided
 * Jacobi (Hestenes) on the columns of A (or of Aᵀ when m < n).
 */
function singular(
  src: Float64Array,
  o: number,
  m: number,
  n: number,
): { s: Float64Array; U: Float64Array; V: Float64Array } {
  const wide = m < n;
  const [r, c] = wide ? [n, m] : [m, n];
  // G: r×c, the matrix whose columns are orthogonalized; W accumulates the rotations (c×c).
  const G = new Float64Array(r * c);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) G[wide ? j * c + i : i * c + j] = src[o + i * n + j];
  const W = new Float64Array(c * c);
  for (let i = 0; i < c; i++) W[i * c + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < c; p++)
      for (let q = p + 1; q < c; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < r; k++) {
          alpha += G[k * c + p] ** 2;
          beta += G[k * c + q] ** 2;
          gamma += G[k * c + p] * G[k * c + q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t);
        const sn = cs * t;
        for (let k = 0; k < r; k++) {
          const gp = G[k * c + p];
          const gq = G[k * c + q];
          G[k * c + p] = cs * gp - sn * gq;
          G[k * c + q] = sn * gp + cs * gq;
        }
        for (let k = 0; k < c; k++) {
          const wp = W[k * c + p];
          const wq = W[k * c + q];
          W[k * c + p] = cs * wp - sn * wq;
          W[k * c + q] = sn * wp + cs * wq;
        }
      }
    if (!rotated) break;
  }
  const norms = Array.from({ length: c }, (_v, j) => {
    let t = 0;
    for (let k = 0; k < r; k++) t += G[k * c + j] ** 2;
    return Math.sqrt(t);
  });
  const order = Array.from({ length: c }, (_v, i) => i).sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => norms[j]);
  // Left vectors of G (r×c, columns G_j / σ_j) and right vectors W (c×c); for a wide A they swap.
  const left = new Float64Array(r * c);
  const right = new Float64Array(c * c);
  order.forEach((j, k) => {
    for (let i = 0; i < r; i++) left[i * c + k] = norms[j] > 0 ? G[i * c + j] / norms[j] : 0;
    for (let i = 0; i < c; i++) right[i * c + k] = W[i * c + j];
  });
  return wide ? { s, U: right, V: left } : { s, U: left, V: right };
}

/** Singular values and (reduced) vectors of each matrix of A, as tensors of A's dtype. */
function svdTensors(A: T): { S: T; U: T; V: T } {
  const m = A._shape[A.dim() - 2];
  const n = A._shape[A.dim() - 1];
  const k = Math.min(m, n);
  const data = K.contiguous(A.detach().to(float64))._data as Float64Array;
  const batch = A._shape.slice(0, -2);
  const count = batch.reduce((p, x) => p * x, 1);
  const S = new Float64Array(count * k);
  const U = new Float64Array(count * m * k);
  const V = new Float64Array(count * n * k);
  for (let b = 0; b < count; b++) {
    const r = singular(data, b * m * n, m, n);
    S.set(r.s, b * k);
    U.set(r.U, b * m * k);
    V.set(r.V, b * n * k);
  }
  return {
    S: tensorOf(S, [...batch, k], A.dtype),
    U: tensorOf(U, [...batch, m, k], A.dtype),
    V: tensorOf(V, [...batch, n, k], A.dtype),
  };
}

// The singular vectors are recomputed (as constants) by the backward: first-order gradients only.
const SVDVALS: OpDef = defineOp({
  node: 'LinalgSvdBackward0',
  saves: ['self'],
  forward: ([A]) => svdTensors(A).S,
  // dσ_k = u_kᵀ dA v_k: gA = U diag(g) Vᵀ.
  backward: (g, s) => {
    const { U, V } = svdTensors(s.self);
    return [U.mul(g.unsqueeze(-2)).matmul(mT(V))];
  },
  batch: leading(([A]) => apply(SVDVALS, [A], undefined)),
});

export function svdvalsImpl(A: T): T {
  if (A.dim() < 2) throw new Error('linalg.svd: The input tensor A must have at least 2 dimensions.');
  if (!A.dtype.is_floating_point) {
    throw new Error(`linalg.svd: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`);
  }
  return apply(SVDVALS, [A], undefined);
}
export const linalg_svdvals = fn('linalg_svdvals(Tensor A)', svdvalsImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'linalg.svdvals [3, 2]',
      inputs: () => [k.make([3, 2])],
      fn: (a) => f(a),
      gradgrad: false,
      why: 'the backward takes the singular vectors as constants',
    },
    {
      name: 'linalg.svdvals [2, 4]',
      inputs: () => [k.make([2, 4], { salt: 1 })],
      fn: (a) => f(a),
      gradgrad: false,
      why: 'the backward takes the singular vectors as constants',
    },
  ],
});

/** The machine epsilon of A's dtype (float32's or float64's). */
function eps(dtype: DType): number {
  return dtype === float64 ? 2 ** -52 : 2 ** -23;
}

/**
 * linalg.matrix_rank: the singular values (or eigenvalue magnitudes, hermitian) above
 * max(atol, rtol · σ_max); rtol defaults to eps · max(m, n) when neither tolerance is given.
 */
export function matrix_rankImpl(
  A: T,
  opts?: { atol?: number | T | null; rtol?: number | T | null; hermitian?: boolean; tol?: number | T | null },
): T {
  if (A.dim() < 2) throw new Error('torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.');
  if (A.dtype !== float64 && A.dtype.name !== 'float32') {
    throw new Error("This function doesn't handle types other than float and double");
  }
  const m = A._shape[A.dim() - 2];
  const n = A._shape[A.dim() - 1];
  const S = no_gradValues(A, opts?.hermitian ?? false);
  const atolIn = opts?.atol ?? opts?.tol ?? null;
  const rtolIn = opts?.rtol ?? null;
  const asT = (v: number | T): T => (v instanceof Tensor ? v.to(A.dtype) : K.full([], v, A.dtype));
  const atol = atolIn === null ? K.full([], 0, A.dtype) : asT(atolIn);
  const rtol =
    rtolIn !== null
      ? asT(rtolIn)
      : K.full([], atolIn !== null && atolIn !== 0 ? 0 : eps(A.dtype) * Math.max(m, n), A.dtype);
  const smax = S.numel() === 0 ? K.full(S._shape.slice(0, -1), 0, A.dtype) : S.amax(-1);
  const tol = atol.unsqueeze(-1).maximum(rtol.unsqueeze(-1).mul(smax.unsqueeze(-1)));
  // ATen counts into its result through an out= sum, which leaves _version 1.
  const out = K.full(S._shape.slice(0, -1), 0, int64);
  no_grad(() => out.copy_(S.gt(tol).sum(-1)));
  return out;
}

/** Singular values (or |eigenvalues| for a hermitian A), without a graph. */
function no_gradValues(A: T, hermitian: boolean): T {
  return hermitian ? eighTensors(A.detach(), true).w.abs() : svdTensors(A.detach()).S;
}
export const linalg_matrix_rank = fn(
  [
    'linalg_matrix_rank(Tensor A, *, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False)',
    'linalg_matrix_rank(Tensor A, *, float? atol=None, float? rtol=None, bool hermitian=False)',
    'linalg_matrix_rank(Tensor self, float tol, bool hermitian=False)',
  ],
  (A: T, ...rest: unknown[]) =>
    typeof rest[0] === 'number'
      ? matrix_rankImpl(A, { tol: rest[0], hermitian: (rest[1] as boolean | undefined) ?? false })
      : matrix_rankImpl(A, rest[0] as Parameters<typeof matrix_rankImpl>[1]),
);

/** linalg.cond with the default 2-norm: σ_max / σ_min. */
export function condImpl(A: T, p: number | string | null = null): T {
  if (A.dim() < 2) throw new Error('linalg.cond: The input tensor must have at least 2 dimensions.');
  if (p !== null && p !== 2 && p !== -2) {
    const inv = invImpl(A);
    const norm = (x: T): T => linalg_matrix_norm(x, p as never) as T;
    return norm(A).mul(norm(inv));
  }
  const S = svdvalsImpl(A);
  const k = S._shape[S.dim() - 1];
  const hi = S.narrow(-1, 0, 1);
  const lo = S.narrow(-1, k - 1, 1);
  return (p === -2 ? lo.div(hi) : hi.div(lo)).squeeze(-1);
}
export const linalg_cond = fn(
  ['linalg_cond(Tensor self, Scalar? p=None)', 'linalg_cond(Tensor self, str p)'],
  condImpl,
);

// ---------------------------------------------------------------- qr

/**
 * Householder QR of the m×n matrix at src[o..] as LAPACK's geqr2 + org2r do it (reflectors
 * H = I - τ v vᵀ with v₀ = 1 and β = -sign(α)·‖x‖, so R's diagonal has LAPACK's signs): Q is
 * m×qc (qc = k = min(m, n) reduced, m complete), R is rr×n (rr = k reduced, m complete).
 */
function householderQR(
  src: Float64Array,
  o: number,
  m: number,
  n: number,
  qc: number,
): { Q: Float64Array; R: Float64Array } {
  const a = src.slice(o, o + m * n);
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const alpha = a[i * n + i];
    let xnorm = 0;
    for (let r = i + 1; r < m; r++) xnorm = Math.hypot(xnorm, a[r * n + i]);
    if (xnorm === 0) continue;
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    tau[i] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let r = i + 1; r < m; r++) a[r * n + i] *= scale;
    a[i * n + i] = beta;
    // A(i:m, i+1:n) -= τ v (vᵀ A(i:m, i+1:n))
    for (let j = i + 1; j < n; j++) {
      let w = a[i * n + j];
      for (let r = i + 1; r < m; r++) w += a[r * n + i] * a[r * n + j];
      w *= tau[i];
      a[i * n + j] -= w;
      for (let r = i + 1; r < m; r++) a[r * n + j] -= w * a[r * n + i];
    }
  }
  const rr = qc;
  const R = new Float64Array(rr * n);
  for (let i = 0; i < Math.min(rr, m); i++) for (let j = i; j < n; j++) R[i * n + j] = a[i * n + j];
  // Q = H₀ H₁ … H_{k-1} applied to the first qc columns of the identity.
  const Q = new Float64Array(m * qc);
  for (let i = 0; i < Math.min(m, qc); i++) Q[i * qc + i] = 1;
  for (let i = k - 1; i >= 0; i--) {
    if (tau[i] === 0) continue;
    for (let j = 0; j < qc; j++) {
      let w = Q[i * qc + j];
      for (let r = i + 1; r < m; r++) w += a[r * n + i] * Q[r * qc + j];
      w *= tau[i];
      Q[i * qc + j] -= w;
      for (let r = i + 1; r < m; r++) Q[r * qc + j] -= w * a[r * n + i];
    }
  }
  return { Q, R };
}

interface QrArgs {
  mode: 'reduced' | 'complete' | 'r';
}

const QR: OpDef<QrArgs> = defineOp<QrArgs>({
  node: 'LinalgQrBackward0',
  saves: ['self'],
  forward: ([A], { mode }) => {
    const m = A._shape[A.dim() - 2];
    const n = A._shape[A.dim() - 1];
    const k = Math.min(m, n);
    const qc = mode === 'complete' ? m : k;
    const batch = A._shape.slice(0, -2);
    const count = batch.reduce((p, x) => p * x, 1);
    const data = K.contiguous(A.detach().to(float64))._data as Float64Array;
    const Q = new Float64Array(count * m * qc);
    const R = new Float64Array(count * qc * n);
    for (let b = 0; b < count; b++) {
      const r = householderQR(data, b * m * n, m, n, qc);
      Q.set(r.Q, b * m * qc);
      R.set(r.R, b * qc * n);
    }
    const Rt = tensorOf(R, [...batch, qc, n], A.dtype);
    const Qt = mode === 'r' ? K.full([0], 0, A.dtype) : tensorOf(Q, [...batch, m, qc], A.dtype);
    return [Qt, Rt];
  },
  // A = QR, m ≥ n: gA = (gQ + Q copyltu(M)) R⁻ᵀ with M = R gRᵀ - gQᵀ Q. A wide A = Q [X | Y]
  // splits into the square QR of its first m columns and Y = Q V (Q and R recomputed, so the
  // formula is differentiable again).
  backward: (_g, s, { args: { mode }, grads }) => {
    const A = s.self;
    const m = A._shape[A.dim() - 2];
    const n = A._shape[A.dim() - 1];
    if (mode === 'r') {
      throw new Error(
        "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
      );
    }
    if (mode === 'complete' && m > n) {
      throw new Error("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
    }
    const [Q, R] = applyMulti(QR, [A], { mode });
    const zeros = (t: T): T => K.full(t._shape, 0, t.dtype);
    let gQ = grads[0] ?? zeros(Q);
    const gR = grads[1] ?? zeros(R);
    const copyltu = (M: T): T =>
      M.tril(-1)
        .add(mT(M.tril(-1)))
        .add(diagEmbed(diagonalImpl(M, 0, -2, -1)));
    const square = (Qs: T, Rs: T, gQs: T, gRs: T): T => {
      const M = Rs.matmul(mT(gRs)).sub(mT(gQs).matmul(Qs));
      const lhs = gQs.add(Qs.matmul(copyltu(M)));
      return mT(solveImpl(Rs, mT(lhs)));
    };
    if (m >= n) return [square(Q, R, gQ, gR)];
    const U = R.narrow(-1, 0, m);
    const Y = A.narrow(-1, m, n - m);
    const gU = gR.narrow(-1, 0, m);
    const gV = gR.narrow(-1, m, n - m);
    gQ = gQ.add(Y.matmul(mT(gV)));
    const gX = square(Q, U, gQ, gU);
    return [catImpl([gX, Q.matmul(gV)], -1)];
  },
  batch: leading(([A], args) => applyMulti(QR, [A], args)),
});

/** What qr returns: PyTorch's named tuple (Q, R). */
export class QRResult implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    private readonly op: string,
    readonly Q: Tensor,
    readonly R: Tensor,
  ) {
    this[0] = Q;
    this[1] = R;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.Q;
    yield this.R;
  }

  toString(): string {
    return `torch.return_types.${this.op}(\nQ=${String(this.Q)},\nR=${String(this.R)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export function qrImpl(A: T, mode = 'reduced'): QRResult {
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new Error(
      `qr received unrecognized mode '${mode}' but expected one of 'reduced' (default), 'r', or 'complete'`,
    );
  }
  if (A.dim() < 2) throw new Error('linalg.qr: The input tensor A must have at least 2 dimensions.');
  if (!A.dtype.is_floating_point) {
    throw new Error(`linalg.qr: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`);
  }
  const [Q, R] = applyMulti(QR, [A], { mode });
  return new QRResult('linalg_qr', Q, R);
}
export const linalg_qr = fn("linalg_qr(Tensor A, str mode='reduced')", qrImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.qr [4, 3]', inputs: () => [k.make([4, 3])], fn: (a) => [...(f(a) as QRResult)] },
    { name: 'linalg.qr [3, 3]', inputs: () => [SAMPLE_A(k, 14)], fn: (a) => [...(f(a) as QRResult)] },
    { name: 'linalg.qr wide [2, 4]', inputs: () => [k.make([2, 4], { salt: 2 })], fn: (a) => [...(f(a) as QRResult)] },
  ],
});

let qrWarned = false;
/** torch.qr / Tensor.qr: deprecated in PyTorch (`some` for mode 'reduced' or 'complete'). */
export function qrDeprecatedImpl(A: T, some = true): QRResult {
  if (!qrWarned) {
    qrWarned = true;
    emitWarning(
      'torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.',
      'UserWarning',
    );
  }
  const r = qrImpl(A, some ? 'reduced' : 'complete');
  return new QRResult('qr', r.Q, r.R);
}
export const qr = op('qr(Tensor self, bool some=True)', qrDeprecatedImpl);

// ---------------------------------------------------------------- pinv, lstsq

interface PinvArgs {
  atol: number | null;
  rtol: number | null;
  hermitian: boolean;
}

/** The pseudo-inverse of each matrix, from its SVD (or eigendecomposition when hermitian), in float64. */
function pinvValues(A: T, { atol, rtol, hermitian }: PinvArgs): T {
  const m = A._shape[A.dim() - 2];
  const n = A._shape[A.dim() - 1];
  const batch = A._shape.slice(0, -2);
  const count = batch.reduce((p, x) => p * x, 1);
  const data = K.contiguous(A.detach().to(float64))._data as Float64Array;
  const out = new Float64Array(count * n * m);
  const r = rtol ?? (atol !== null && atol > 0 ? 0 : eps(A.dtype) * Math.max(m, n));
  for (let b = 0; b < count; b++) {
    // A = U diag(s) Vᵀ (hermitian: V diag(λ) Vᵀ, s = |λ| and U = V sign(λ)).
    let s: Float64Array;
    let U: Float64Array;
    let V: Float64Array;
    const k = Math.min(m, n);
    if (hermitian) {
      const e = symmetricEigen(data, b * n * n, n, true);
      s = e.w.map(Math.abs);
      V = e.V;
      U = e.V.map((v, i) => v * Math.sign(e.w[i % n]) || 0);
    } else ({ s, U, V } = singular(data, b * m * n, m, n));
    const smax = s.reduce((x, y) => Math.max(x, y), 0);
    const cutoff = Math.max(atol ?? 0, r * smax);
    // pinv = V diag(1/s) Uᵀ over the singular values above the cutoff.
    for (let j = 0; j < k; j++) {
      if (!(s[j] > cutoff)) continue;
      const inv = 1 / s[j];
      for (let i = 0; i < n; i++) {
        const v = V[i * k + j] * inv;
        if (v === 0) continue;
        for (let c = 0; c < m; c++) out[b * n * m + i * m + c] += v * U[c * k + j];
      }
    }
  }
  return tensorOf(out, [...batch, n, m], A.dtype);
}

/**
 * The gradient of P = pinv(A) (of constant rank): PyTorch's pinv_backward, in the form that keeps
 * the products smallest for a wide or a tall A.
 */
function pinvBackward(g: T, P: T, A: T): T {
  const m = A._shape[A.dim() - 2];
  const n = A._shape[A.dim() - 1];
  const Ph = mT(P);
  const gh = mT(g);
  if (m <= n) {
    const Km = gh.matmul(P);
    const KPh = Km.matmul(Ph);
    return mT(P.matmul(Km))
      .neg()
      .add(KPh)
      .sub(A.matmul(P).matmul(KPh))
      .add(Ph.matmul(P).matmul(gh.sub(Km.matmul(A))));
  }
  const Km = P.matmul(gh);
  const PhK = Ph.matmul(Km);
  return mT(Km.matmul(P))
    .neg()
    .add(gh.sub(A.matmul(Km)).matmul(P).matmul(Ph))
    .add(PhK)
    .sub(PhK.matmul(P).matmul(A));
}

const PINV: OpDef<PinvArgs> = defineOp<PinvArgs>({
  node: 'LinalgPinvBackward0',
  saves: ['self', 'result'],
  forward: ([A], args) => pinvValues(A, args),
  backward: (g, s) => [pinvBackward(g, s.result, s.self)],
  batch: leading(([A], args) => apply(PINV, [A], args)),
});

export function pinvImpl(
  A: T,
  opts?: { atol?: number | null; rtol?: number | null; hermitian?: boolean; rcond?: number | null },
): T {
  if (A.dim() < 2 || !A.dtype.is_floating_point) {
    throw new Error(
      `linalg.pinv(${A.dtype.scalarType}{[${A._shape.join(', ')}]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types`,
    );
  }
  const hermitian = opts?.hermitian ?? false;
  if (hermitian) checkSquare(A, 'linalg.pinv(A)');
  const rtol = opts?.rtol ?? opts?.rcond ?? null;
  return apply(PINV, [A], { atol: opts?.atol ?? null, rtol, hermitian });
}
export const linalg_pinv = fn(
  'linalg_pinv(Tensor self, *, float? atol=None, float? rtol=None, bool hermitian=False)',
  pinvImpl,
  {
    samples: (k, f): OpSample[] => [
      { name: 'linalg.pinv [4, 3]', inputs: () => [k.make([4, 3])], fn: (a) => f(a) },
      { name: 'linalg.pinv [2, 3]', inputs: () => [k.make([2, 3], { salt: 1 })], fn: (a) => f(a) },
    ],
  },
);
export function pinverseImpl(A: T, rcond = 1e-15): T {
  return pinvImpl(A, { rtol: rcond });
}
export const pinverse = op('pinverse(Tensor self, float rcond=1e-15)', pinverseImpl);

/** What lstsq returns: PyTorch's named tuple (solution, residuals, rank, singular_values). */
export class LstsqResult implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly 2: Tensor;
  readonly 3: Tensor;
  readonly length = 4;

  /** @internal */
  constructor(
    readonly solution: Tensor,
    readonly residuals: Tensor,
    readonly rank: Tensor,
    readonly singular_values: Tensor,
  ) {
    this[0] = solution;
    this[1] = residuals;
    this[2] = rank;
    this[3] = singular_values;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.solution;
    yield this.residuals;
    yield this.rank;
    yield this.singular_values;
  }

  toString(): string {
    return (
      `torch.return_types.linalg_lstsq(\nsolution=${String(this.solution)},\nresiduals=${String(this.residuals)},\n` +
      `rank=${String(this.rank)},\nsingular_values=${String(this.singular_values)})`
    );
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

// X = pinv(A) B, the minimum-norm least-squares solution (what every driver returns for a full-rank A).
const LSTSQ: OpDef<PinvArgs> = defineOp<PinvArgs>({
  node: 'LinalgLstsqBackward0',
  inputs: ['self', 'b'],
  saves: ['self', 'b'],
  forward: ([A, B], args) => pinvValues(A, args).to(float64).matmul(B.detach().to(float64)).to(A.dtype),
  backward: (g, s, { args, needs }) => {
    const P: T = apply(PINV, [s.self], args);
    return [needs[0] ? pinvBackward(g.matmul(mT(s.b)), P, s.self) : null, needs[1] ? mT(P).matmul(g) : null];
  },
  batch: leading(([A, B], args) => apply(LSTSQ, [A, B], args)),
});

export function lstsqImpl(A: T, B: T, ...rest: unknown[]): LstsqResult {
  // (rcond?, { driver }?): the binder drops an absent rcond before the options object.
  const [pos, opts] = splitOptions<{ driver: string | null }>(rest);
  const rcond = (pos[0] as number | null | undefined) ?? null;
  const driver = opts.driver ?? 'gelsy';
  if (!['gels', 'gelsy', 'gelsd', 'gelss'].includes(driver)) {
    throw new Error('torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)');
  }
  if (A.dim() < 2) throw new Error('torch.linalg.lstsq: input must have at least 2 dimensions.');
  if (!A.dtype.is_floating_point) {
    throw new Error(
      `torch.linalg.lstsq: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`,
    );
  }
  if (B.dtype !== A.dtype) {
    throw new Error(
      `torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype ${A.dtype.scalarType} and other's dtype ${B.dtype.scalarType}`,
    );
  }
  const vector = B.dim() === A.dim() - 1;
  const Bm = vector ? B.unsqueeze(-1) : B;
  if (Bm._shape[Bm.dim() - 2] !== A._shape[A.dim() - 2]) {
    throw new Error('torch.linalg.lstsq: input.size(-2) should match other.size(-2)');
  }
  const m = A._shape[A.dim() - 2];
  const n = A._shape[A.dim() - 1];
  const batch = broadcastShapes(A._shape.slice(0, -2), Bm._shape.slice(0, -2));
  const Ab = A.expand([...batch, m, n]);
  const Bb = Bm.expand([...batch, m, Bm._shape[Bm.dim() - 1]]);
  const rtol = rcond;
  const args = { atol: null, rtol: rtol !== null && rtol >= 0 ? rtol : null, hermitian: false };
  const X = apply(LSTSQ, [Ab, Bb], args);
  const S = svdTensors(Ab.detach()).S;
  const k = Math.min(m, n);
  const cutoff = (rtol !== null && rtol >= 0 ? rtol : eps(A.dtype) * Math.max(m, n)) as number;
  const smax = k === 0 ? K.full(batch, 0, A.dtype) : S.narrow(-1, 0, 1).squeeze(-1);
  const rank = driver === 'gels' ? K.full([0], 0, int64) : S.gt(smax.unsqueeze(-1).mul(cutoff)).sum(-1);
  const full = driver !== 'gels' && rank.eq(n).all().item() === true;
  const residuals =
    driver !== 'gelsy' && m > n && (driver === 'gels' || full)
      ? no_grad(() => Ab.matmul(X).sub(Bb).pow(2).sum(-2))
      : K.full([0], 0, A.dtype);
  const sv = driver === 'gelsd' || driver === 'gelss' ? S : K.full([0], 0, A.dtype);
  return new LstsqResult(vector ? X.squeeze(-1) : X, residuals, rank, sv);
}
export const linalg_lstsq = fn(
  'linalg_lstsq(Tensor self, Tensor b, float? rcond=None, *, str? driver=None)',
  lstsqImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'linalg.lstsq [4, 2] [4, 3]',
        inputs: () => [k.make([4, 2]), k.make([4, 3], { salt: 1 })],
        fn: (a, b) => (f(a, b) as LstsqResult).solution,
      },
    ],
  },
);

// ---------------------------------------------------------------- eigh, svd

/** What eigh returns: PyTorch's named tuple (eigenvalues, eigenvectors). */
export class EighResult implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    readonly eigenvalues: Tensor,
    readonly eigenvectors: Tensor,
  ) {
    this[0] = eigenvalues;
    this[1] = eigenvectors;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.eigenvalues;
    yield this.eigenvectors;
  }

  toString(): string {
    return `torch.return_types.linalg_eigh(\neigenvalues=${String(this.eigenvalues)},\neigenvectors=${String(this.eigenvectors)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const EIGH: OpDef<EighArgs> = defineOp<EighArgs>({
  node: 'LinalgEighBackward0',
  saves: ['self'],
  forward: ([A], { lower }) => {
    const { w, V } = eighTensors(A, lower);
    return [w, V];
  },
  // As PyTorch's linalg_eig_backward for a hermitian A: with S the skew-symmetric part of VᵀgV and
  // E_ij = λ_j - λ_i, gA = V (diag(gL) + S / E) Vᵀ (the eigen-pair recomputed, so that the formula
  // is differentiable again).
  backward: (_g, s, { args, grads }) => {
    const [L, V] = applyMulti(EIGH, [s.self], args);
    const [gL, gV] = grads;
    let inner: T = K.full(V._shape, 0, V.dtype);
    if (gV !== null) {
      const VhgV = mT(V).matmul(gV);
      const skew = VhgV.sub(mT(VhgV)).mul(0.5);
      const E = L.unsqueeze(-2).sub(L.unsqueeze(-1));
      const n = L._shape[L.dim() - 1];
      const offDiag = K.full([n, n], 1, V.dtype).sub(eye(n, V.dtype));
      inner = skew.div(E.add(eye(n, V.dtype))).mul(offDiag);
    }
    if (gL !== null) inner = inner.add(diagEmbed(gL));
    return [V.matmul(inner).matmul(mT(V))];
  },
  batch: leading(([A], args) => applyMulti(EIGH, [A], args)),
});

export function eighImpl(A: T, UPLO = 'L'): EighResult {
  eigvalshImpl(A.detach(), UPLO === 'U' ? 'U' : UPLO === 'L' ? 'L' : UPLO); // the checks
  const [w, V] = applyMulti(EIGH, [A], { lower: UPLO === 'L' });
  return new EighResult(w, V);
}
export const linalg_eigh = fn("linalg_eigh(Tensor self, str UPLO='L')", eighImpl, {
  samples: (k, f): OpSample[] => [
    {
      // A gauge-invariant function of the eigenvectors: V diag(λ²) Vᵀ.
      name: 'linalg.eigh V diag(L^2) V^T',
      inputs: () => [SPD(k, 3, 15)],
      fn: (a) => {
        const { eigenvalues: L, eigenvectors: V } = f(a.add(mT(a)).mul(0.5)) as EighResult;
        return V.mul(L.pow(2).unsqueeze(-2)).matmul(mT(V));
      },
    },
  ],
});

/** The triple of an SVD; `last` names its third member ('Vh' for linalg.svd, 'V' for torch.svd). */
abstract class SVDTriple implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly 2: Tensor;
  readonly length = 3;

  constructor(
    private readonly op: string,
    private readonly last: string,
    readonly U: Tensor,
    readonly S: Tensor,
    third: Tensor,
  ) {
    this[0] = U;
    this[1] = S;
    this[2] = third;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this[0];
    yield this[1];
    yield this[2];
  }

  toString(): string {
    return `torch.return_types.${this.op}(\nU=${String(this.U)},\nS=${String(this.S)},\n${this.last}=${String(this[2])})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** What linalg.svd returns: PyTorch's named tuple (U, S, Vh). */
export class SVDResult extends SVDTriple {
  readonly Vh: Tensor;
  /** @internal */
  constructor(U: Tensor, S: Tensor, Vh: Tensor) {
    super('linalg_svd', 'Vh', U, S, Vh);
    this.Vh = Vh;
  }
}

/** What torch.svd returns: PyTorch's named tuple (U, S, V). */
export class SVDOldResult extends SVDTriple {
  readonly V: Tensor;
  /** @internal */
  constructor(U: Tensor, S: Tensor, V: Tensor) {
    super('svd', 'V', U, S, V);
    this.V = V;
  }
}

interface SvdArgs {
  full: boolean;
}

/** Q's columns after the first k: an orthonormal complement of the k orthonormal columns of Q ([*, m, k]). */
function complement(Qk: T): T {
  const m = Qk._shape[Qk.dim() - 2];
  const k = Qk._shape[Qk.dim() - 1];
  const batch = Qk._shape.slice(0, -2);
  const count = batch.reduce((p, x) => p * x, 1);
  const data = K.contiguous(Qk.detach().to(float64))._data as Float64Array;
  const out = new Float64Array(count * m * m);
  for (let b = 0; b < count; b++) {
    const { Q } = householderQR(data, b * m * k, m, k, m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < k; j++) out[b * m * m + i * m + j] = data[b * m * k + i * k + j];
      for (let j = k; j < m; j++) out[b * m * m + i * m + j] = Q[i * m + j];
    }
  }
  return tensorOf(out, [...batch, m, m], Qk.dtype);
}

const SVD: OpDef<SvdArgs> = defineOp<SvdArgs>({
  node: 'LinalgSvdBackward0',
  saves: ['self'],
  forward: ([A], { full }) => {
    const { S, U, V } = svdTensors(A);
    if (!full) return [U, S, mT(V).contiguous()];
    return [complement(U), S, mT(complement(V)).contiguous()];
  },
  // Townsend (2016), as PyTorch's svd_backward on the reduced factors (full_matrices narrows them):
  // with F_ij = 1/(s_j² - s_i²) off the diagonal, J = F ∘ (UᵀgU - gUᵀU), K = F ∘ (VᵀgV - gVᵀV),
  // gA = U (J S + S K + diag(gS)) Vᵀ + (I - UUᵀ) gU S⁻¹ Vᵀ + U S⁻¹ gVᵀ (I - VVᵀ).
  backward: (_g, s, { grads }) => {
    const A = s.self;
    const m = A._shape[A.dim() - 2];
    const n = A._shape[A.dim() - 1];
    const k = Math.min(m, n);
    const [U, S, Vh] = applyMulti(SVD, [A], { full: false });
    const V = mT(Vh);
    const gU = grads[0]?.narrow(-1, 0, k) ?? null;
    const gS = grads[1];
    const gV = grads[2] === null ? null : mT(grads[2].narrow(-2, 0, k));
    const S2 = S.pow(2);
    const offDiag = K.full([k, k], 1, A.dtype).sub(eye(k, A.dtype));
    const F = offDiag.div(S2.unsqueeze(-2).sub(S2.unsqueeze(-1)).add(eye(k, A.dtype)));
    let inner: T = gS === null ? K.full([...S._shape, k], 0, A.dtype) : diagEmbed(gS);
    if (gU !== null) {
      const UtgU = mT(U).matmul(gU);
      inner = inner.add(F.mul(UtgU.sub(mT(UtgU))).mul(S.unsqueeze(-2)));
    }
    if (gV !== null) {
      const VtgV = mT(V).matmul(gV);
      inner = inner.add(S.unsqueeze(-1).mul(F.mul(VtgV.sub(mT(VtgV)))));
    }
    let gA = U.matmul(inner).matmul(Vh);
    if (gU !== null && m > k)
      gA = gA.add(
        gU
          .sub(U.matmul(mT(U).matmul(gU)))
          .div(S.unsqueeze(-2))
          .matmul(Vh),
      );
    if (gV !== null && n > k) gA = gA.add(U.matmul(mT(gV.sub(V.matmul(mT(V).matmul(gV))).div(S.unsqueeze(-2)))));
    return [gA];
  },
  batch: leading(([A], args) => applyMulti(SVD, [A], args)),
});

export function svdImpl(A: T, full_matrices = true, opts?: { driver?: string | null }): SVDResult {
  void opts;
  if (A.dim() < 2) throw new Error('linalg.svd: The input tensor A must have at least 2 dimensions.');
  if (!A.dtype.is_floating_point) {
    throw new Error(`linalg.svd: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`);
  }
  const [U, S, Vh] = applyMulti(SVD, [A], { full: full_matrices });
  return new SVDResult(U, S, Vh);
}
export const linalg_svd = fn(
  'linalg_svd(Tensor A, bool full_matrices=True, *, str? driver=None)',
  (A: T, ...rest: unknown[]) => {
    const [pos, opts] = splitOptions<{ driver: string | null }>(rest);
    return svdImpl(A, (pos[0] as boolean | undefined) ?? true, opts);
  },
  {
    samples: (k, f): OpSample[] =>
      (
        [
          [3, 2],
          [2, 4],
        ] as [number, number][]
      ).map(([m, n], i) => ({
        // Gauge-invariant: U diag(S²) Vh.
        name: `linalg.svd U diag(S^2) Vh [${m}, ${n}]`,
        inputs: () => [k.make([m, n], { salt: 20 + i })],
        fn: (a: T) => {
          const r = f(a, false) as SVDResult;
          return r.U.mul(r.S.pow(2).unsqueeze(-2)).matmul(r.Vh);
        },
      })),
  },
);

/** torch.svd / Tensor.svd: (U, S, V) with V = Vhᵀ; `some` for reduced factors. */
export function svdOldImpl(A: T, some = true, compute_uv = true): SVDOldResult {
  const r = svdImpl(A, !some);
  if (!compute_uv) {
    const m = A._shape[A.dim() - 2];
    const n = A._shape[A.dim() - 1];
    const zeros = (rows: number, cols: number): T => K.full([...A._shape.slice(0, -2), rows, cols], 0, A.dtype);
    return new SVDOldResult(zeros(m, some ? Math.min(m, n) : m), r.S, zeros(n, some ? Math.min(m, n) : n));
  }
  return new SVDOldResult(r.U, r.S, mT(r.Vh));
}
export const svd = op('svd(Tensor self, bool some=True, bool compute_uv=True)', svdOldImpl);
