// Linear algebra, second part: triangular systems, LU, LDLᵀ, Cholesky solves and Householder
// products. torch.linalg.solve_triangular, lu_factor, lu_factor_ex, lu, lu_solve, ldl_factor,
// ldl_factor_ex, ldl_solve, householder_product, tensorinv, tensorsolve (and eig / eigvals, which
// throw: their results are complex), and the torch.* / Tensor spellings triangular_solve, lu,
// lu_unpack, lu_solve, cholesky_solve, cholesky_inverse, geqrf, orgqr and ormqr. Inputs are
// batches of matrices [*, m, n].
//
// The factorizations run in float64 as in linalg_solve.ts (Note [Factorizations in float64]): LU is
// getrf's partial pivoting (the first largest magnitude of each column; 1-based int32 pivots, as
// LAPACK's), LDLᵀ is sytf2's Bunch-Kaufman pivoting on the lower triangle, geqrf is LAPACK's
// Householder QR (reflectors below the diagonal, tau beside).
// Gradients are derivatives.yaml's: solve_triangular, triangular_solve, lu_factor_ex (through
// linalg_lu_backward), linalg.lu, lu_unpack, lu_solve, householder_product, cholesky_solve and
// cholesky_inverse are nodes with PyTorch's names, their backward written in differentiable ops (so
// double backward and forward mode follow); ormqr (differentiable as in PyTorch 2), tensorinv and
// tensorsolve are composites of differentiable ops. geqrf, ldl_factor and ldl_solve have no
// derivative, as in PyTorch: their backward throws PyTorch's text.

import { Tensor } from '../tensor/tensor.js';
import { float64, int32 } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { broadcastShapes } from '../tensor/shape.js';
import { emitWarning } from '../tensor/warn.js';
import { apply, applyMulti, defineOp, type OpDef } from '../autograd/op.js';
import { no_grad } from '../autograd/grad_mode.js';
import { catImpl, stackImpl } from './join.js';
import {
  LinAlgError,
  batchPrefix,
  contiguous,
  eye,
  float64Matrices,
  infoTensor,
  invImpl,
  inv_exImpl,
  leading,
  solveImpl,
  tensorOf,
} from './linalg_solve.js';
import { fn, op, type OpSample, type SampleKit } from './declare.js';

type T = Tensor;

const mT = (x: T): T => x.transpose(-2, -1);

// ---------------------------------------------------------------- named tuples

/**
 * PyTorch's torch.return_types.* named tuples: indexable, iterable, with named fields. Every field
 * is an own enumerable property (so vmap and the pytree utilities rebuild results of the same class
 * from their entries); the op's name and the field names live on the class.
 */
export abstract class NamedTensors implements Iterable<Tensor> {
  readonly [index: number]: Tensor;
  readonly length: number;
  protected abstract get returnType(): string;
  protected abstract get fields(): readonly string[];

  /** @internal */
  constructor(values: readonly Tensor[]) {
    this.length = values.length;
    const self = this as unknown as Record<string, Tensor>;
    values.forEach((v, i) => (self[i] = v));
  }

  /** @internal */
  protected name(values: readonly Tensor[]): void {
    const self = this as unknown as Record<string, Tensor>;
    this.fields.forEach((n, i) => (self[n] = values[i]));
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }

  toString(): string {
    const fields = this.fields.map((n, i) => `${n}=${String(this[i])}`).join(',\n');
    return `torch.return_types.${this.returnType}(\n${fields})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function namedTuple<N extends string>(returnType: string, fields: readonly N[]) {
  const C = class extends NamedTensors {
    protected get returnType(): string {
      return returnType;
    }
    protected get fields(): readonly string[] {
      return fields;
    }
    /** @internal */
    constructor(...values: Tensor[]) {
      super(values);
      this.name(values);
    }
  };
  return C as unknown as new (...values: Tensor[]) => NamedTensors & { readonly [K in N]: Tensor };
}

/** torch.triangular_solve's (solution, cloned_coefficient). */
export const TriangularSolveResult = namedTuple('triangular_solve', ['solution', 'cloned_coefficient']);
export type TriangularSolveResult = InstanceType<typeof TriangularSolveResult>;
/** torch.linalg.lu_factor's (LU, pivots). */
export const LUFactorResult = namedTuple('linalg_lu_factor', ['LU', 'pivots']);
export type LUFactorResult = InstanceType<typeof LUFactorResult>;
/** torch.linalg.lu_factor_ex's (LU, pivots, info). */
export const LUFactorExResult = namedTuple('linalg_lu_factor_ex', ['LU', 'pivots', 'info']);
export type LUFactorExResult = InstanceType<typeof LUFactorExResult>;
/** torch.linalg.lu's (P, L, U). */
export const LUResult = namedTuple('linalg_lu', ['P', 'L', 'U']);
export type LUResult = InstanceType<typeof LUResult>;
/** torch.lu_unpack's (P, L, U). */
export const LUUnpackResult = namedTuple('lu_unpack', ['P', 'L', 'U']);
export type LUUnpackResult = InstanceType<typeof LUUnpackResult>;
/** torch.linalg.ldl_factor's (LD, pivots). */
export const LDLFactorResult = namedTuple('linalg_ldl_factor', ['LD', 'pivots']);
export type LDLFactorResult = InstanceType<typeof LDLFactorResult>;
/** torch.linalg.ldl_factor_ex's (LD, pivots, info). */
export const LDLFactorExResult = namedTuple('linalg_ldl_factor_ex', ['LD', 'pivots', 'info']);
export type LDLFactorExResult = InstanceType<typeof LDLFactorExResult>;
/** torch.geqrf's (a, tau). */
export const GeqrfResult = namedTuple('geqrf', ['a', 'tau']);
export type GeqrfResult = InstanceType<typeof GeqrfResult>;

// ---------------------------------------------------------------- argument checks

function notImplementedFor(kernel: string, x: T): void {
  if (!x.dtype.is_floating_point) throw new Error(`"${kernel}" not implemented for '${x.dtype.scalarType}'`);
}

function batchOf(x: T, tail = 2): number[] {
  return x._shape.slice(0, x.dim() - tail);
}

function countOf(shape: readonly number[]): number {
  return shape.reduce((p, s) => p * s, 1);
}

// ---------------------------------------------------------------- float64 kernels

/**
 * Solves A X = B in place for a triangular n×n A at a[oa..] and n×k B at b[ob..] (trsm): only
 * A's `upper` or lower triangle is read, its diagonal taken as ones when `unit`. A zero on the
 * diagonal divides by zero (inf/nan), as LAPACK's trtrs does after its check.
 */
function triSolveInPlace(
  a: Float64Array,
  oa: number,
  n: number,
  upper: boolean,
  unit: boolean,
  b: Float64Array,
  ob: number,
  k: number,
): void {
  if (upper) {
    for (let i = n - 1; i >= 0; i--) {
      for (let r = i + 1; r < n; r++) {
        const u = a[oa + i * n + r];
        if (u === 0) continue;
        for (let j = 0; j < k; j++) b[ob + i * k + j] -= u * b[ob + r * k + j];
      }
      if (!unit) {
        const d = a[oa + i * n + i];
        for (let j = 0; j < k; j++) b[ob + i * k + j] /= d;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < i; r++) {
        const l = a[oa + i * n + r];
        if (l === 0) continue;
        for (let j = 0; j < k; j++) b[ob + i * k + j] -= l * b[ob + r * k + j];
      }
      if (!unit) {
        const d = a[oa + i * n + i];
        for (let j = 0; j < k; j++) b[ob + i * k + j] /= d;
      }
    }
  }
}

/** X = A⁻¹ B for A [*, n, n] triangular and B [*, n, k] with the same batch dims. */
function triValues(A: T, B: T, upper: boolean, unit: boolean): Float64Array {
  const n = A._shape[A.dim() - 1];
  const k = B._shape[B.dim() - 1];
  const [a, count] = float64Matrices(A);
  const [x] = float64Matrices(B);
  for (let b = 0; b < count; b++) triSolveInPlace(a, b * n * n, n, upper, unit, x, b * n * k, k);
  return x;
}

/**
 * LU with partial pivoting of the m×n matrix at a[o..] in place (getrf on a rectangular matrix):
 * piv[j] (0-based) is the row swapped with row j, for j < min(m, n). Returns LAPACK's info: 0, or
 * the 1-based index of the first exactly zero pivot.
 */
function luRect(a: Float64Array, o: number, m: number, n: number, piv: Int32Array): number {
  let info = 0;
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    let p = j;
    let best = Math.abs(a[o + j * n + j]);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(a[o + i * n + j]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[j] = p;
    if (a[o + p * n + j] === 0) {
      if (info === 0) info = j + 1;
      continue;
    }
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const t = a[o + j * n + c];
        a[o + j * n + c] = a[o + p * n + c];
        a[o + p * n + c] = t;
      }
    }
    const d = a[o + j * n + j];
    for (let i = j + 1; i < m; i++) a[o + i * n + j] /= d;
    for (let i = j + 1; i < m; i++) {
      const l = a[o + i * n + j];
      if (l === 0) continue;
      for (let c = j + 1; c < n; c++) a[o + i * n + c] -= l * a[o + j * n + c];
    }
  }
  return info;
}

/** LAPACK's geqrf on the m×n matrix at a[o..] in place (dlarfg's signs); tau at tau[ot..]. */
function geqrfInPlace(a: Float64Array, o: number, m: number, n: number, tau: Float64Array, ot: number): void {
  const k = Math.min(m, n);
  for (let i = 0; i < k; i++) {
    const alpha = a[o + i * n + i];
    let xnorm = 0;
    for (let r = i + 1; r < m; r++) xnorm = Math.hypot(xnorm, a[o + r * n + i]);
    if (xnorm === 0) {
      tau[ot + i] = 0;
      continue;
    }
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    const t = (beta - alpha) / beta;
    tau[ot + i] = t;
    const scale = 1 / (alpha - beta);
    for (let r = i + 1; r < m; r++) a[o + r * n + i] *= scale;
    a[o + i * n + i] = beta;
    for (let j = i + 1; j < n; j++) {
      let w = a[o + i * n + j];
      for (let r = i + 1; r < m; r++) w += a[o + r * n + i] * a[o + r * n + j];
      w *= t;
      a[o + i * n + j] -= w;
      for (let r = i + 1; r < m; r++) a[o + r * n + j] -= w * a[o + r * n + i];
    }
  }
}

// ---------------------------------------------------------------- solve_triangular

interface TriArgs {
  upper: boolean;
  left: boolean;
  unitriangular: boolean;
}

const SOLVE_TRIANGULAR: OpDef<TriArgs> = defineOp<TriArgs>({
  node: 'LinalgSolveTriangularBackward0',
  inputs: ['self', 'B'],
  saves: ['self', 'result'],
  // A and B come broadcast to common batch dims. XA = B is Aᵀ Xᵀ = Bᵀ.
  forward: ([A, B], { upper, left, unitriangular }) => {
    if (left) return tensorOf(triValues(A, B, upper, unitriangular), B._shape, A.dtype);
    const Bt = mT(B);
    return mT(tensorOf(triValues(mT(A), Bt, !upper, unitriangular), Bt._shape, A.dtype));
  },
  // gB = A⁻ᴴ g (the same solve with A transposed); gA = -gB Xᴴ (left) or -Xᴴ gB, in A's triangle.
  backward: (g, s, { args, needs }) => {
    const { upper, left, unitriangular } = args;
    const A = s.self;
    const X = s.result;
    const gB: T = apply(SOLVE_TRIANGULAR, [mT(A), g], { upper: !upper, left, unitriangular });
    if (!needs[0]) return [null, gB];
    const full = (left ? gB.matmul(mT(X)) : mT(X).matmul(gB)).neg();
    const gA = upper ? full.triu(unitriangular ? 1 : 0) : full.tril(unitriangular ? -1 : 0);
    return [gA, needs[1] ? gB : null];
  },
  batch: leading(([A, B], args) => solveTriangularBroadcast(A, B, args)),
});

function solveTriangularBroadcast(A: T, B: T, args: TriArgs): T {
  const batch = broadcastShapes(batchOf(B), batchOf(A));
  const Ab = A.expand([...batch, ...A._shape.slice(-2)]);
  const Bb = B.expand([...batch, ...B._shape.slice(-2)]);
  return apply(SOLVE_TRIANGULAR, [Ab, Bb], args);
}

export function solve_triangularImpl(
  A: T,
  B: T,
  opts?: { upper?: boolean; left?: boolean; unitriangular?: boolean },
): T {
  const f = 'linalg.solve_triangular';
  if (opts?.upper === undefined) {
    throw new TypeError('linalg_solve_triangular() missing 1 required positional arguments: "upper"');
  }
  const left = opts.left ?? true;
  if (A.dim() < 2) throw new Error(`${f}: The input tensor A must have at least 2 dimensions.`);
  if (B.dim() < 2) throw new Error(`${f}: The input tensor B must have at least 2 dimensions.`);
  const n = A._shape[A.dim() - 1];
  const m = A._shape[A.dim() - 2];
  if (m !== n) throw new Error(`${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const [r, c] = B._shape.slice(-2);
  if ((left ? r : c) !== n) {
    throw new Error(
      `${f}: Incompatible shapes of A and B for the equation ${left ? 'AX = B' : 'XA = B'} (${n}x${n} and ${r}x${c})`,
    );
  }
  notImplementedFor('triangular_solve_cpu', A);
  const args = { upper: opts.upper, left, unitriangular: opts.unitriangular ?? false };
  // B is taken in A's dtype (as PyTorch 1.13 does).
  return solveTriangularBroadcast(A, B.to(A.dtype), args);
}

const TRI = (k: SampleKit, n: number, salt: number, upper: boolean): T => {
  const m = k.make([n, n], { salt }).detach().add(eye(n, float64).mul(4));
  return (upper ? m.triu() : m.tril()).requires_grad_();
};

export const linalg_solve_triangular = fn(
  'linalg_solve_triangular(Tensor self, Tensor B, *, bool upper, bool left=True, bool unitriangular=False)',
  solve_triangularImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'linalg.solve_triangular upper [3, 3] [3, 2]',
        inputs: () => [TRI(k, 3, 1, true), k.make([3, 2], { salt: 2 })],
        fn: (a, b) => f(a, b, { upper: true }),
      },
      {
        name: 'linalg.solve_triangular lower right unitriangular',
        inputs: () => [TRI(k, 3, 3, false), k.make([2, 3], { salt: 4 })],
        fn: (a, b) => f(a, b, { upper: false, left: false, unitriangular: true }),
      },
      {
        name: 'linalg.solve_triangular batch broadcast',
        inputs: () => [TRI(k, 2, 5, false), k.make([2, 2, 1], { salt: 6 })],
        fn: (a, b) => f(a, b, { upper: false }),
      },
    ],
  },
);

// ---------------------------------------------------------------- triangular_solve

let triangularSolveWarned = false;
export function triangular_solveImpl(
  b: T,
  A: T,
  upper = true,
  transpose = false,
  unitriangular = false,
): TriangularSolveResult {
  if (!triangularSolveWarned) {
    triangularSolveWarned = true;
    emitWarning(
      'torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be removed in a future PyTorch release.\n' +
        'torch.linalg.solve_triangular has its arguments reversed and does not return a copy of one of the inputs.\n' +
        'X = torch.triangular_solve(B, A).solution\nshould be replaced with\nX = torch.linalg.solve_triangular(A, B).',
      'UserWarning',
    );
  }
  const f = 'torch.triangular_solve';
  if (b.dim() < 2)
    throw new Error(`${f}: Expected b to have at least 2 dimensions, but it has ${b.dim()} dimensions instead`);
  if (A.dim() < 2)
    throw new Error(`${f}: Expected A to have at least 2 dimensions, but it has ${A.dim()} dimensions instead`);
  const [m, n] = A._shape.slice(-2);
  if (m !== n) throw new Error(`A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const [r, c] = b._shape.slice(-2);
  if (r !== n) {
    throw new Error(
      `Incompatible matrix sizes for triangular_solve: each A matrix is ${n} by ${n} but each b matrix is ${r} by ${c}`,
    );
  }
  notImplementedFor('triangular_solve_cpu', A);
  const batch = broadcastShapes(batchOf(b), batchOf(A));
  const Ab = A.expand([...batch, n, n]);
  const bb = b.to(A.dtype).expand([...batch, r, c]);
  const [X, cloned] = applyMulti(TRIANGULAR_SOLVE, [bb, Ab], { upper, transpose, unitriangular });
  return new TriangularSolveResult(X, cloned);
}

interface TriangularSolveArgs {
  upper: boolean;
  transpose: boolean;
  unitriangular: boolean;
}

/** op(A) X = b with op(A) = Aᵀ when transposing (differentiable; b and A with common batch dims). */
function triangularSolveX(b: T, A: T, { upper, transpose, unitriangular }: TriangularSolveArgs): T {
  return apply(SOLVE_TRIANGULAR, [transpose ? mT(A) : A, b], { upper: upper !== transpose, left: true, unitriangular });
}

const TRIANGULAR_SOLVE: OpDef<TriangularSolveArgs> = defineOp<TriangularSolveArgs>({
  node: 'TriangularSolveBackward0',
  inputs: ['self', 'A'],
  saves: ['self', 'A'],
  forward: ([b, A], args) => no_grad(() => [triangularSolveX(b, A, args), A.clone()]),
  // triangular_solve_backward: gb = op(A)⁻ᵀ g_solution; gA = -gb Xᵀ (or -X gbᵀ when transposed) in
  // A's triangle, plus the whole gradient of the cloned coefficient.
  backward: (_g, s, { args, grads, needs }) => {
    const { upper, transpose, unitriangular } = args;
    const A = s.A;
    let gA: T | null = null;
    let gb: T | null = null;
    const gX = grads[0];
    if (gX !== null) {
      const opA = transpose ? mT(A) : A;
      gb = apply(SOLVE_TRIANGULAR, [mT(opA), gX], { upper: upper === transpose, left: true, unitriangular });
      if (needs[1]) {
        const X = triangularSolveX(s.self, A, args);
        const full = (transpose ? X.matmul(mT(gb)) : gb.matmul(mT(X))).neg();
        gA = upper ? full.triu(unitriangular ? 1 : 0) : full.tril(unitriangular ? -1 : 0);
      }
    }
    const gC = grads[1];
    if (gC !== null && needs[1]) gA = gA === null ? gC : gA.add(gC);
    return [needs[0] ? gb : null, gA];
  },
  batch: leading(([b, A], args) => applyMulti(TRIANGULAR_SOLVE, [b, A], args)),
});
export const triangular_solve = op(
  'triangular_solve(Tensor self, Tensor A, bool upper=True, bool transpose=False, bool unitriangular=False)',
  triangular_solveImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'triangular_solve transpose',
        inputs: () => [k.make([3, 2], { salt: 7 }), TRI(k, 3, 8, true)],
        fn: (b, a) => [...(f(b, a, true, true) as TriangularSolveResult)],
      },
    ],
  },
);

// ---------------------------------------------------------------- LU

interface LuArgs {
  pivot: boolean;
}

/** getrf on each matrix of A: the LU data, 1-based int32 pivots and int32 info. */
function luFactorValues(A: T): { LU: T; pivots: T; info: T; infos: number[] } {
  const [m, n] = A._shape.slice(-2);
  const k = Math.min(m, n);
  const batch = batchOf(A);
  const [a, count] = float64Matrices(A);
  const pivData = new Int32Array(count * k);
  const piv = new Int32Array(k);
  const infos: number[] = [];
  for (let b = 0; b < count; b++) {
    infos.push(luRect(a, b * m * n, m, n, piv));
    for (let j = 0; j < k; j++) pivData[b * k + j] = piv[j] + 1;
  }
  const pivots = Tensor._make(pivData, [...batch, k], contiguous([...batch, k]), 0, int32);
  return { LU: tensorOf(a, A._shape, A.dtype), pivots, info: infoTensor(infos, batch), infos };
}

const LU_FACTOR: OpDef<LuArgs> = defineOp<LuArgs>({
  node: 'LinalgLuFactorExBackward0',
  saves: ['self'],
  forward: ([A]) => {
    const { LU, pivots, info } = luFactorValues(A);
    return [LU, pivots, info];
  },
  // lu_factor_ex_backward: the gradient of LU's strict lower part is L's, of its upper part U's,
  // through linalg_lu_backward. The factors are recomputed differentiably (double backward).
  backward: (g, s, { args }) => {
    const A = s.self;
    const [m, n] = A._shape.slice(-2);
    const k = Math.min(m, n);
    const [LU, pivots] = applyMulti(LU_FACTOR, [A], args);
    const { P, L, U } = lu_unpackImpl(LU, pivots);
    return [luBackward(g.narrow(-1, 0, k).tril(-1), g.narrow(-2, 0, k).triu(), P, L, U)];
  },
  batch: leading(([A], args) => applyMulti(LU_FACTOR, [A], args)),
});

/** PyTorch's linalg_lu_backward (FunctionsManual.cpp), for A = P L U of any shape. */
function luBackward(gL: T, gU: T, P: T, L: T, U: T): T {
  const m = L._shape[L.dim() - 2];
  const n = U._shape[U.dim() - 1];
  const k = Math.min(m, n);
  const tri = (x: T, B: T, upper: boolean, left: boolean, unitriangular: boolean): T =>
    solveTriangularBroadcast(x, B, { upper, left, unitriangular });
  let gA: T;
  if (m === n) {
    gA = mT(L)
      .matmul(gL)
      .tril(-1)
      .add(gU.matmul(mT(U)).triu());
    gA = tri(mT(U), gA, false, false, false);
    gA = tri(mT(L), gA, true, true, true);
  } else if (m < n) {
    const U1 = U.narrow(-1, 0, k);
    gA = mT(L)
      .matmul(gL)
      .sub(gU.triu().matmul(mT(U)));
    gA = tri(mT(U1), gA.tril(-1), false, false, false);
    gA = catImpl([gA.add(gU.narrow(-1, 0, k).triu()), gU.narrow(-1, k, n - k)], -1);
    gA = tri(mT(L), gA, true, true, true);
  } else {
    const L1 = L.narrow(-2, 0, k);
    gA = gU.matmul(mT(U)).sub(mT(L).matmul(gL.tril(-1)));
    gA = tri(mT(L1), gA.triu(), true, true, true);
    gA = catImpl([gA.add(gL.narrow(-2, 0, k).tril(-1)), gL.narrow(-2, k, m - k)], -2);
    gA = tri(mT(U), gA, false, false, false);
  }
  return P.matmul(gA);
}

function checkLuInput(A: T, f: string, pivot: boolean): void {
  if (A.dim() < 2) {
    throw new Error(`${f}: Expected tensor with 2 or more dimensions. Got size: [${A._shape.join(', ')}] instead`);
  }
  if (!pivot) throw new Error('linalg.lu_factor: LU without pivoting is not implemented on the CPU');
  notImplementedFor('lu_cpu', A);
}

function luFactorEx(A: T, pivot: boolean, f: string): [T, T, T, number[]] {
  checkLuInput(A, f, pivot);
  const [LU, pivots, info] = applyMulti(LU_FACTOR, [A], { pivot });
  const infos = Array.from(info._data as Int32Array);
  return [LU, pivots, info, infos];
}

function luError(A: T, f: string, infos: readonly number[]): void {
  infos.forEach((i, b) => {
    if (i !== 0) {
      throw new LinAlgError(
        `${f}: ${batchPrefix(A, b)}U[${i},${i}] is zero and using it on lu_solve would result in a division by zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)`,
      );
    }
  });
}

export function lu_factor_exImpl(A: T, opts?: { pivot?: boolean; check_errors?: boolean }): LUFactorExResult {
  const [LU, pivots, info, infos] = luFactorEx(A, opts?.pivot ?? true, 'torch.lu_factor');
  if (opts?.check_errors === true) luError(A, 'torch.linalg.lu_factor_ex', infos);
  return new LUFactorExResult(LU, pivots, info);
}
export const linalg_lu_factor_ex = fn(
  'linalg_lu_factor_ex(Tensor A, *, bool pivot=True, bool check_errors=False)',
  lu_factor_exImpl,
  {
    samples: (k, f): OpSample[] => [
      { name: 'linalg.lu_factor_ex [3, 3]', inputs: () => [k.make([3, 3], { salt: 9 })], fn: (a) => f(a)[0] },
      { name: 'linalg.lu_factor_ex tall [4, 2]', inputs: () => [k.make([4, 2], { salt: 10 })], fn: (a) => f(a)[0] },
      { name: 'linalg.lu_factor_ex wide [2, 4]', inputs: () => [k.make([2, 4], { salt: 11 })], fn: (a) => f(a)[0] },
    ],
  },
);

export function lu_factorImpl(A: T, opts?: { pivot?: boolean }): LUFactorResult {
  const [LU, pivots, , infos] = luFactorEx(A, opts?.pivot ?? true, 'torch.lu_factor');
  luError(A, 'torch.linalg.lu_factor', infos);
  return new LUFactorResult(LU, pivots);
}
export const linalg_lu_factor = fn('linalg_lu_factor(Tensor A, *, bool pivot=True)', lu_factorImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.lu_factor [2, 3, 3]', inputs: () => [k.make([2, 3, 3], { salt: 12 })], fn: (a) => f(a).LU },
  ],
});

export function luImpl(A: T, opts?: { pivot?: boolean }): LUResult {
  checkLuInput(A, 'linalg.lu', opts?.pivot ?? true);
  const [P, L, U] = applyMulti(LINALG_LU, [A], undefined);
  return new LUResult(P.detach(), L, U);
}

const LINALG_LU: OpDef = defineOp({
  node: 'LinalgLuBackward0',
  saves: ['self'],
  forward: ([A]) =>
    no_grad(() => {
      const { LU, pivots } = luFactorValues(A);
      const r = lu_unpackImpl(LU, pivots);
      return [r.P, r.L.contiguous(), r.U.contiguous()];
    }),
  // linalg_lu_backward, with the factors recomputed differentiably (double backward).
  backward: (_g, s, { grads }) => {
    const [P, L, U] = applyMulti(LINALG_LU, [s.self], undefined);
    const gL = grads[1] ?? K.full(L._shape, 0, L.dtype);
    const gU = grads[2] ?? K.full(U._shape, 0, U.dtype);
    return [luBackward(gL, gU, P.detach(), L, U)];
  },
  batch: leading(([A]) => applyMulti(LINALG_LU, [A], undefined)),
});
export const linalg_lu = fn('linalg_lu(Tensor A, *, bool pivot=True)', luImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.lu [3, 3]', inputs: () => [k.make([3, 3], { salt: 13 })], fn: (a) => [f(a).L, f(a).U] },
    { name: 'linalg.lu [4, 3]', inputs: () => [k.make([4, 3], { salt: 14 })], fn: (a) => [f(a).L, f(a).U] },
  ],
});

let luWarned = false;
/** torch.lu / Tensor.lu (deprecated in PyTorch): (LU, pivots), or (LU, pivots, infos). */
export function luDeprecatedImpl(A: T, pivot = true, get_infos = false): T[] {
  if (!luWarned) {
    luWarned = true;
    emitWarning(
      'torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.\n' +
        'LU, pivots = torch.lu(A, compute_pivots)\nshould be replaced with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\n' +
        'LU, pivots, info = torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\n' +
        'LU, pivots, info = torch.linalg.lu_factor_ex(A, compute_pivots)',
      'UserWarning',
    );
  }
  const [LU, pivots, info] = luFactorEx(A, pivot, 'torch.lu_factor');
  return get_infos ? [LU, pivots, info] : [LU, pivots];
}
export const lu = op('lu(Tensor self, bool pivot=True, bool get_infos=False)', luDeprecatedImpl);

/** The permutation matrices [*, m, m] (of `dtype`) of 1-based LAPACK pivots [*, k]. */
function permutations(pivots: T, m: number, like: T): T {
  const k = pivots._shape[pivots.dim() - 1];
  const batch = batchOf(pivots, 1);
  const count = countOf(batch);
  const piv = K.contiguous(pivots)._data as Int32Array;
  const P = new Float64Array(count * m * m);
  const perm = new Int32Array(m);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < m; i++) perm[i] = i;
    for (let i = 0; i < k; i++) {
      const p = piv[b * k + i] - 1;
      if (p < 0 || p >= m) {
        throw new Error(
          `torch.lu_unpack: pivots must be in the range [1, ${m}], but got ${p + 1} (pivots come from lu_factor)`,
        );
      }
      const t = perm[i];
      perm[i] = perm[p];
      perm[p] = t;
    }
    for (let j = 0; j < m; j++) P[b * m * m + perm[j] * m + j] = 1;
  }
  return tensorOf(P, [...batch, m, m], like.dtype);
}

export function lu_unpackImpl(LU_data: T, LU_pivots: T, unpack_data = true, unpack_pivots = true): LUUnpackResult {
  if (LU_data.dim() < 2) {
    throw new Error(
      `torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: [${LU_data._shape.join(', ')}] instead`,
    );
  }
  const [m, n] = LU_data._shape.slice(-2);
  const k = Math.min(m, n);
  if (LU_pivots.dtype !== int32) {
    throw new Error('torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.');
  }
  const pivBatch = batchOf(LU_pivots, 1);
  const luBatch = batchOf(LU_data);
  if (
    LU_pivots.dim() !== LU_data.dim() - 1 ||
    LU_pivots._shape[LU_pivots.dim() - 1] !== k ||
    pivBatch.some((s, i) => s !== luBatch[i])
  ) {
    throw new Error(
      `torch.lu_unpack: Expected LU_pivots.size(-1) == min(LU.size(-1), LU.size(-2)) and batch dimensions of LU_pivots equal to those of LU_data, but got LU_pivots of shape [${LU_pivots._shape.join(', ')}]`,
    );
  }
  const empty = K.full([0], 0, LU_data.dtype);
  if (!unpack_data) {
    const P = unpack_pivots ? permutations(LU_pivots, m, LU_data) : empty;
    return new LUUnpackResult(P, empty, K.full([0], 0, LU_data.dtype));
  }
  const [P, L, U] = applyMulti(LU_UNPACK, [LU_data, LU_pivots], { unpack_pivots });
  return new LUUnpackResult(P.detach(), L, U);
}

/** L (unit lower, m×k) and U (upper, k×n) of LU data [*, m, n]. */
function unpackData(LU: T): [T, T] {
  const [m, n] = LU._shape.slice(-2);
  const k = Math.min(m, n);
  const Ident = eye(Math.max(m, k), LU.dtype).narrow(0, 0, m).narrow(1, 0, k);
  return [LU.narrow(-1, 0, k).tril(-1).add(Ident), LU.narrow(-2, 0, k).triu()];
}

const LU_UNPACK: OpDef<{ unpack_pivots: boolean }> = defineOp<{ unpack_pivots: boolean }>({
  node: 'LuUnpackBackward0',
  inputs: ['LU_data', 'LU_pivots'],
  forward: ([LU, pivots], { unpack_pivots }) => {
    const m = LU._shape[LU.dim() - 2];
    const P = unpack_pivots ? permutations(pivots, m, LU) : K.full([0], 0, LU.dtype);
    return [P, ...no_grad(() => unpackData(LU).map((t) => t.contiguous()))];
  },
  // lu_unpack_backward: L's gradient below the diagonal and U's on and above it, in LU's shape.
  backward: (_g, _s, { grads, meta }) => {
    const shape = meta[0].shape;
    const [m, n] = shape.slice(-2);
    const k = Math.min(m, n);
    const batch = shape.slice(0, -2);
    const dtype = meta[0].dtype;
    const gL = (grads[1] ?? K.full([...batch, m, k], 0, dtype)).tril(-1);
    const gU = (grads[2] ?? K.full([...batch, k, n], 0, dtype)).triu();
    if (m === n) return [gL.add(gU), null];
    if (m > n) return [gL.add(catImpl([gU, K.full([...batch, m - k, n], 0, dtype)], -2)), null];
    return [gU.add(catImpl([gL, K.full([...batch, m, n - k], 0, dtype)], -1)), null];
  },
  batch: leading(([LU, pivots], args) => applyMulti(LU_UNPACK, [LU, pivots], args)),
});

export const lu_unpack = fn(
  'lu_unpack(Tensor LU_data, Tensor LU_pivots, bool unpack_data=True, bool unpack_pivots=True)',
  lu_unpackImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'lu_unpack [3, 3]',
        inputs: () => LU_SAMPLE(k, 33),
        fn: (lu, p) => [f(lu, p).L, f(lu, p).U],
      },
      {
        name: 'lu_unpack tall [4, 2]',
        inputs: () => {
          const { LU, pivots } = lu_factorImpl(k.make([4, 2], { salt: 34, grad: false }));
          return [LU.requires_grad_(), pivots];
        },
        fn: (lu, p) => [f(lu, p).L, f(lu, p).U],
      },
    ],
  },
);

// ---------------------------------------------------------------- lu_solve

/** X with A X = B (or XA = B, or with Aᴴ) for A = P L U from lu_factor: composite, differentiable in LU and B. */
export function lu_solveImpl(LU: T, pivots: T, B: T, opts?: { left?: boolean; adjoint?: boolean }): T {
  const left = opts?.left ?? true;
  const adjoint = opts?.adjoint ?? false;
  const f = 'linalg.lu_solve';
  if (LU.dim() < 2) throw new Error(`${f}: The input tensor LU must have at least 2 dimensions.`);
  if (B.dim() < 2) throw new Error(`${f}: The input tensor B must have at least 2 dimensions.`);
  const [m, n] = LU._shape.slice(-2);
  if (m !== n) throw new Error(`torch.${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const [r, c] = B._shape.slice(-2);
  if ((left ? r : c) !== n) {
    throw new Error(
      `${f}: Incompatible shapes of A and B for the equation ${left ? 'AX = B' : 'XA = B'} (${n}x${n} and ${r}x${c})`,
    );
  }
  if (LU.dtype !== B.dtype) {
    throw new Error(
      `${f}: Expected LU and B to have the same dtype, but found LU of type ${LU.dtype.scalarType} and B of type ${B.dtype.scalarType} instead`,
    );
  }
  if (pivots.dtype !== int32) throw new Error(`${f}: pivots should be a Tensor of scalar type torch.int32`);
  notImplementedFor('lu_solve_cpu', LU);
  const batch = broadcastShapes(batchOf(B), batchOf(LU));
  const LUb = LU.expand([...batch, n, n]);
  const pb = pivots.expand([...batch, n]);
  const Bb = B.expand([...batch, r, c]);
  return apply(LU_SOLVE, [LUb, pb, Bb], { left, adjoint });
}

interface LuSolveArgs {
  left: boolean;
  adjoint: boolean;
}

/** The solve itself, from the unpacked factors (differentiable in L, U and B). */
function luSolveFactors(P: T, L: T, U: T, B: T, { left, adjoint }: LuSolveArgs): T {
  const tri = (A: T, X: T, upper: boolean, l: boolean, unit: boolean): T =>
    apply(SOLVE_TRIANGULAR, [A, X], { upper, left: l, unitriangular: unit });
  if (left && !adjoint) return tri(U, tri(L, mT(P).matmul(B), false, true, true), true, true, false);
  if (left) return P.matmul(tri(mT(L), tri(mT(U), B, false, true, false), true, true, true));
  if (!adjoint) return tri(L, tri(U, B, true, false, false), false, false, true).matmul(mT(P));
  return tri(mT(U), tri(mT(L), B.matmul(P), true, false, true), false, false, false);
}

const LU_SOLVE: OpDef<LuSolveArgs> = defineOp<LuSolveArgs>({
  node: 'LinalgLuSolveBackward0',
  inputs: ['LU', 'pivots', 'B'],
  saves: ['LU', 'pivots', 'result'],
  // LU, pivots and B come broadcast to common batch dims.
  forward: ([LU, pivots, B], args) =>
    no_grad(() => {
      const { P, L, U } = lu_unpackImpl(LU, pivots);
      return luSolveFactors(P, L, U, B, args).contiguous();
    }),
  // derivatives.yaml: gB = lu_solve(LU, pivots, g, left, !adjoint); gLU is linalg_lu_solve_LU.
  backward: (g, s, { args, needs }) => {
    const { left, adjoint } = args;
    const LU = s.LU;
    const X = s.result;
    const gB = needs[2] ? apply(LU_SOLVE, [LU, s.pivots, g], { left, adjoint: !adjoint }) : null;
    if (!needs[0]) return [null, null, gB];
    const { P, L, U } = lu_unpackImpl(LU, s.pivots);
    const tri = (A: T, Y: T, upper: boolean, l: boolean, unit: boolean): T =>
      apply(SOLVE_TRIANGULAR, [A, Y], { upper, left: l, unitriangular: unit });
    let gLU: T;
    if (left !== adjoint) {
      // gR = U⁻ᴴ op(-g) op(X)ᴴ; gLU = (L⁻ᴴ gR Uᴴ).tril(-1) + gR.triu()
      const gR = tri(mT(U), (left ? g : mT(g)).neg().matmul(left ? mT(X) : X), false, true, false);
      const gL = tri(mT(L), gR.matmul(mT(U)), true, true, true).tril(-1);
      gLU = gL.add(gR.triu());
    } else {
      // gR = -Pᵀ op(X) op(g)ᴴ P L⁻ᴴ; gLU = gR.tril(-1) + (Lᴴ gR U⁻ᴴ).triu()
      let gR = mT(P)
        .matmul(left ? X : mT(X))
        .matmul(left ? mT(g) : g)
        .matmul(P)
        .neg();
      gR = tri(mT(L), gR, true, false, true);
      const gU = tri(mT(U), mT(L).matmul(gR), false, false, false).triu();
      gLU = gR.tril(-1).add(gU);
    }
    return [gLU, null, gB];
  },
  batch: leading(([LU, pivots, B], args) => apply(LU_SOLVE, [LU, pivots, B], args)),
});

const LU_SAMPLE = (k: SampleKit, salt: number): T[] => {
  const A = k.make([3, 3], { salt }).detach().add(eye(3, float64).mul(3));
  const { LU, pivots } = lu_factorImpl(A);
  return [LU.requires_grad_(), pivots];
};

export const linalg_lu_solve = fn(
  'linalg_lu_solve(Tensor LU, Tensor pivots, Tensor B, *, bool left=True, bool adjoint=False)',
  lu_solveImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'linalg.lu_solve [3, 3] [3, 2]',
        inputs: () => [...LU_SAMPLE(k, 15), k.make([3, 2], { salt: 16 })],
        fn: (lu, p, b) => f(lu, p, b),
      },
      {
        name: 'linalg.lu_solve right adjoint',
        inputs: () => [...LU_SAMPLE(k, 17), k.make([2, 3], { salt: 18 })],
        fn: (lu, p, b) => f(lu, p, b, { left: false, adjoint: true }),
      },
    ],
  },
);

let luSolveWarned = false;
export function luSolveDeprecatedImpl(b: T, LU_data: T, LU_pivots: T): T {
  if (!luSolveWarned) {
    luSolveWarned = true;
    emitWarning(
      'torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a future PyTorch release.\n' +
        'Note that torch.linalg.lu_solve has its arguments reversed.\nX = torch.lu_solve(B, LU, pivots)\n' +
        'should be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)',
      'UserWarning',
    );
  }
  return lu_solveImpl(LU_data, LU_pivots, b);
}
export const lu_solve = op('lu_solve(Tensor self, Tensor LU_data, Tensor LU_pivots)', luSolveDeprecatedImpl);

// ---------------------------------------------------------------- cholesky_solve, cholesky_inverse

interface UpperArgs {
  upper: boolean;
}

/** X = (L Lᴴ)⁻¹ B (or (Uᴴ U)⁻¹ B) for B and L with the same batch dims. */
function cholSolveValues(B: T, L: T, upper: boolean): T {
  const Lo = upper ? mT(L) : L;
  const y = tensorOf(triValues(Lo, B, false, false), B._shape, float64);
  return tensorOf(triValues(mT(Lo), y, true, false), B._shape, B.dtype);
}

const CHOLESKY_SOLVE: OpDef<UpperArgs> = defineOp<UpperArgs>({
  node: 'CholeskySolveBackward0',
  inputs: ['self', 'input2'],
  saves: ['input2', 'result'],
  forward: ([B, L], { upper }) => cholSolveValues(B, L, upper),
  // cholesky_solve_backward: gB = cholesky_solve(g, L); with S = gB Xᴴ + X gBᴴ, gL = -S L (or -U S).
  backward: (g, s, { args, needs }) => {
    const L = s.input2;
    const gB: T = apply(CHOLESKY_SOLVE, [g, L], args);
    if (!needs[1]) return [gB, null];
    const c = gB.matmul(mT(s.result));
    const S = c.add(mT(c));
    return [needs[0] ? gB : null, (args.upper ? L.matmul(S) : S.matmul(L)).neg()];
  },
  batch: leading(([B, L], args) => choleskySolveBroadcast(B, L, args.upper)),
});

function choleskySolveBroadcast(B: T, L: T, upper: boolean): T {
  const batch = broadcastShapes(batchOf(B), batchOf(L));
  const Bb = B.expand([...batch, ...B._shape.slice(-2)]);
  const Lb = L.expand([...batch, ...L._shape.slice(-2)]);
  return apply(CHOLESKY_SOLVE, [Bb, Lb], { upper });
}

export function cholesky_solveImpl(B: T, L: T, upper = false): T {
  if (B.dim() < 2) throw new Error(`b should have at least 2 dimensions, but has ${B.dim()} dimensions instead`);
  if (L.dim() < 2) throw new Error(`u should have at least 2 dimensions, but has ${L.dim()} dimensions instead`);
  if (B.dtype !== L.dtype) {
    throw new Error(
      `Expected b and A to have the same dtype, but found b of type ${B.dtype.scalarType} and A of type ${L.dtype.scalarType} instead.`,
    );
  }
  const [m, n] = L._shape.slice(-2);
  if (m !== n) throw new Error(`A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const [r, c] = B._shape.slice(-2);
  if (r !== n) {
    throw new Error(
      `Incompatible matrix sizes for cholesky_solve: each A matrix is ${n} by ${n} but each b matrix is ${r} by ${c}`,
    );
  }
  notImplementedFor('cholesky_solve_cpu', B);
  return choleskySolveBroadcast(B, L, upper);
}

const CHOL = (k: SampleKit, n: number, salt: number, upper: boolean): T => {
  const m = k.make([n, n], { salt }).detach().mul(0.3).add(eye(n, float64).mul(2));
  return (upper ? m.triu() : m.tril()).requires_grad_();
};

export const cholesky_solve = op('cholesky_solve(Tensor self, Tensor input2, bool upper=False)', cholesky_solveImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'cholesky_solve [3, 2] [3, 3]',
      inputs: () => [k.make([3, 2], { salt: 19 }), CHOL(k, 3, 20, false)],
      // The formula's gradient fills the whole matrix; the op reads one triangle (as PyTorch's OpInfo,
      // the samples pass the triangle).
      fn: (b, l) => f(b, l.tril()),
    },
    {
      name: 'cholesky_solve upper batch',
      inputs: () => [k.make([2, 3, 1], { salt: 21 }), CHOL(k, 3, 22, true)],
      fn: (b, l) => f(b, l.triu(), true),
    },
  ],
});

const CHOLESKY_INVERSE: OpDef<UpperArgs> = defineOp<UpperArgs>({
  node: 'CholeskyInverseBackward0',
  saves: ['self', 'result'],
  forward: ([L], { upper }) => {
    const n = L._shape[L.dim() - 1];
    const I = eye(n, L.dtype).expand(L._shape).contiguous();
    return cholSolveValues(I, L, upper);
  },
  // cholesky_inverse_backward: with R the result and S = R (g + gᴴ) R, gL = -S L (or -U S).
  backward: (g, s, { args }) => {
    const R = s.result;
    const S = R.matmul(g.add(mT(g))).matmul(R);
    return [(args.upper ? s.self.matmul(S) : S.matmul(s.self)).neg()];
  },
  batch: leading(([L], args) => apply(CHOLESKY_INVERSE, [L], args)),
});

export function cholesky_inverseImpl(L: T, upper = false): T {
  const f = 'cholesky_inverse';
  if (L.dim() < 2) throw new Error(`${f}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = L._shape.slice(-2);
  if (m !== n) throw new Error(`${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  notImplementedFor('cholesky_inverse_out_cpu', L);
  return apply(CHOLESKY_INVERSE, [L], { upper });
}
export const cholesky_inverse = op('cholesky_inverse(Tensor self, bool upper=False)', cholesky_inverseImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'cholesky_inverse [3, 3]', inputs: () => [CHOL(k, 3, 23, false)], fn: (l) => f(l.tril()) },
    { name: 'cholesky_inverse upper [3, 3]', inputs: () => [CHOL(k, 3, 24, true)], fn: (l) => f(l.triu(), true) },
  ],
});

// ---------------------------------------------------------------- geqrf, householder_product, ormqr

const GEQRF: OpDef = defineOp({
  node: 'GeqrfBackward0',
  forward: ([A]) => {
    const [m, n] = A._shape.slice(-2);
    const k = Math.min(m, n);
    const batch = batchOf(A);
    const [a, count] = float64Matrices(A);
    const tau = new Float64Array(count * k);
    for (let b = 0; b < count; b++) geqrfInPlace(a, b * m * n, m, n, tau, b * k);
    return [tensorOf(a, A._shape, A.dtype), tensorOf(tau, [...batch, k], A.dtype)];
  },
  backward: () => {
    throw new Error("the derivative for 'geqrf' is not implemented.");
  },
  batch: leading(([A]) => applyMulti(GEQRF, [A], undefined)),
});

export function geqrfImpl(A: T): GeqrfResult {
  if (A.dim() < 2) throw new Error('torch.geqrf: input must have at least 2 dimensions.');
  notImplementedFor('geqrf_cpu', A);
  const [a, tau] = applyMulti(GEQRF, [A], undefined);
  return new GeqrfResult(a, tau);
}
export const geqrf = op('geqrf(Tensor self)', geqrfImpl);

/** The Householder vector i of input [*, m, n]: column i below the diagonal, 1 on it, 0 above. */
function reflector(A: T, i: number): T {
  const m = A._shape[A.dim() - 2];
  const mask = new Float64Array(m);
  const unit = new Float64Array(m);
  for (let r = i + 1; r < m; r++) mask[r] = 1;
  unit[i] = 1;
  const col = A.select(-1, i);
  return col
    .mul(tensorOf(mask, [m], A.dtype))
    .add(tensorOf(unit, [m], A.dtype))
    .unsqueeze(-1);
}

/** C with the reflector H = I - τ v vᴴ applied from the left (H C) or the right (C H). */
function reflect(C: T, v: T, tau: T, left: boolean): T {
  const t = tau.unsqueeze(-1).unsqueeze(-1);
  if (left) return C.sub(v.mul(t).matmul(mT(v).matmul(C)));
  return C.sub(C.matmul(v).mul(t).matmul(mT(v)));
}

export function householder_productImpl(A: T, tau: T): T {
  const f = 'torch.linalg.householder_product';
  if (A.dim() < 2) throw new Error(`${f}: input must have at least 2 dimensions.`);
  const [m, n] = A._shape.slice(-2);
  if (m < n) throw new Error(`${f}: input.shape[-2] must be greater than or equal to input.shape[-1]`);
  if (tau.dim() !== A.dim() - 1) {
    throw new Error(
      `${f}: Expected tau to have one dimension less than input, but got tau.ndim equal to ${tau.dim()} and input.ndim is equal to ${A.dim()}`,
    );
  }
  const k = tau._shape[tau.dim() - 1];
  if (n < k) throw new Error(`${f}: input.shape[-1] must be greater than or equal to tau.shape[-1]`);
  const tb = batchOf(tau, 1);
  if (tb.some((s, i) => s !== A._shape[i])) {
    throw new Error(
      `${f}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got [${tb.join(', ')}]`,
    );
  }
  if (tau.dtype !== A.dtype) {
    throw new Error(`${f}: tau dtype ${tau.dtype.scalarType} does not match input dtype ${A.dtype.scalarType}`);
  }
  notImplementedFor('orgqr_cpu', A);
  return apply(HOUSEHOLDER_PRODUCT, [A, tau], undefined);
}

/** Q_i = H_i … H_{k-1} I[:, :n] for i = 0 … k (differentiable): the partial products of the reflectors. */
function partialProducts(A: T, tau: T): T[] {
  const [m, n] = A._shape.slice(-2);
  const k = tau._shape[tau.dim() - 1];
  const Qs: T[] = new Array<T>(k + 1);
  Qs[k] = eye(m, A.dtype)
    .narrow(1, 0, n)
    .expand([...batchOf(A), m, n]);
  for (let i = k - 1; i >= 0; i--) Qs[i] = reflect(Qs[i + 1], reflector(A, i), tau.select(-1, i), true);
  return Qs;
}

const HOUSEHOLDER_PRODUCT: OpDef = defineOp({
  node: 'LinalgHouseholderProductBackward0',
  inputs: ['self', 'tau'],
  saves: ['self', 'tau'],
  forward: ([A, tau]) => no_grad(() => partialProducts(A, tau)[0].contiguous()),
  // Through Q_i = Q_{i+1} - τ_i v_i (v_iᵀ Q_{i+1}), from i = 0 with G_0 = g: G_{i+1} = H_i G_i,
  // gτ_i = -v_iᵀ G_i Q_{i+1}ᵀ v_i and gv_i = -τ_i (G_i Q_{i+1}ᵀ + Q_{i+1} G_iᵀ) v_i, whose entries
  // below the diagonal are column i of A's gradient (the factors recomputed differentiably).
  backward: (g, s) => {
    const A = s.self;
    const tau = s.tau;
    const m = A._shape[A.dim() - 2];
    const n = A._shape[A.dim() - 1];
    const k = tau._shape[tau.dim() - 1];
    const Qs = partialProducts(A, tau);
    const below = (i: number): T => {
      const mask = new Float64Array(m);
      for (let r = i + 1; r < m; r++) mask[r] = 1;
      return tensorOf(mask, [m, 1], A.dtype);
    };
    let G = g;
    const gTau: T[] = [];
    const gCols: T[] = [];
    for (let i = 0; i < k; i++) {
      const v = reflector(A, i);
      const t = tau.select(-1, i).unsqueeze(-1).unsqueeze(-1);
      const Qn = Qs[i + 1];
      const w1 = G.matmul(mT(Qn).matmul(v));
      const w2 = Qn.matmul(mT(G).matmul(v));
      gTau.push(mT(v).matmul(w1).neg().squeeze(-1).squeeze(-1));
      gCols.push(w1.add(w2).mul(t).neg().mul(below(i)));
      G = reflect(G, v, tau.select(-1, i), true);
    }
    const zeros = K.full([...A._shape.slice(0, -1), 1], 0, A.dtype);
    for (let i = k; i < n; i++) gCols.push(zeros);
    const gA = catImpl(gCols, -1);
    const gt = k === 0 ? K.full(tau._shape, 0, tau.dtype) : stackImpl(gTau, -1);
    return [gA, gt];
  },
  batch: leading(([A, tau]) => apply(HOUSEHOLDER_PRODUCT, [A, tau], undefined)),
});
const HH_SAMPLE = (k: SampleKit, shape: [number, number], salt: number): T[] => {
  const { a, tau } = geqrfImpl(k.make(shape, { salt, grad: false }));
  return [a.requires_grad_(), tau.requires_grad_()];
};
export const linalg_householder_product = fn(
  'linalg_householder_product(Tensor input, Tensor tau)',
  householder_productImpl,
  {
    samples: (k, f): OpSample[] => [
      { name: 'linalg.householder_product [4, 3]', inputs: () => HH_SAMPLE(k, [4, 3], 25), fn: (a, t) => f(a, t) },
      {
        name: 'linalg.householder_product batch, fewer tau',
        inputs: () => {
          const { a, tau } = geqrfImpl(k.make([2, 4, 3], { salt: 35, grad: false }));
          return [a.requires_grad_(), tau.narrow(-1, 0, 2).contiguous().requires_grad_()];
        },
        fn: (a, t) => f(a, t),
      },
    ],
  },
);
export const orgqr = op('orgqr(Tensor self, Tensor input2)', householder_productImpl);

export function ormqrImpl(A: T, tau: T, other: T, left = true, transpose = false): T {
  const f = 'torch.ormqr';
  if (A.dim() < 2) throw new Error(`${f}: input must have at least 2 dimensions.`);
  if (other.dim() < 2) throw new Error(`${f}: other must have at least 2 dimensions.`);
  const m = A._shape[A.dim() - 2];
  const k = tau._shape[tau.dim() - 1] ?? 0;
  if (tau.dim() !== A.dim() - 1) {
    throw new Error(
      `${f}: Expected tau to have one dimension less than input, but got tau.ndim equal to ${tau.dim()} and input.ndim is equal to ${A.dim()}`,
    );
  }
  if (other._shape[other.dim() - (left ? 2 : 1)] !== m) {
    throw new Error(`${f}: other.shape[${left ? -2 : -1}] must be equal to input.shape[-2]`);
  }
  if (k > A._shape[A.dim() - 1]) throw new Error(`${f}: tau.shape[-1] must be less than or equal to input.shape[-1]`);
  if (tau.dtype !== A.dtype) {
    throw new Error(
      `${f}: Expected input and tau to have the same dtype, but input has dtype${A.dtype.scalarType} and tau has dtype ${tau.dtype.scalarType}`,
    );
  }
  if (other.dtype !== A.dtype) {
    throw new Error(
      `${f}: Expected input and other to have the same dtype, but input has dtype${A.dtype.scalarType} and other has dtype ${other.dtype.scalarType}`,
    );
  }
  notImplementedFor('ormqr_cpu', A);
  // Q = H_0 H_1 … H_{k-1}: Q C applies H_{k-1} first; Qᴴ C, C Q apply H_0 first.
  const forwardOrder = left === transpose;
  let C = other;
  for (let s = 0; s < k; s++) {
    const i = forwardOrder ? s : k - 1 - s;
    C = reflect(C, reflector(A, i), tau.select(-1, i), left);
  }
  return C;
}
export const ormqr = op(
  'ormqr(Tensor self, Tensor input2, Tensor input3, bool left=True, bool transpose=False)',
  ormqrImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'ormqr left transpose',
        inputs: () => [...HH_SAMPLE(k, [3, 2], 26), k.make([3, 2], { salt: 27 })],
        fn: (a, t, c) => f(a, t, c, true, true),
      },
      {
        name: 'ormqr right',
        inputs: () => [...HH_SAMPLE(k, [3, 2], 28), k.make([2, 3], { salt: 29 })],
        fn: (a, t, c) => f(a, t, c, false, false),
      },
    ],
  },
);

// ---------------------------------------------------------------- tensorinv, tensorsolve

export function tensorinvImpl(A: T, ind = 2): T {
  if (ind <= 0) throw new Error(`Expected a strictly positive integer for 'ind', but got ${ind}`);
  const head = A._shape.slice(0, ind);
  const tail = A._shape.slice(ind);
  const p = countOf(head);
  const q = countOf(tail);
  if (p !== q) {
    throw new Error(
      `Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got ${q} != ${p}`,
    );
  }
  const M = A.reshape([p, q]);
  const { info } = inv_exImpl(M);
  const i = info.item() as number;
  if (i !== 0) {
    throw new LinAlgError(
      `inv: The diagonal element ${i} is zero, the inversion could not be completed because the input matrix is singular.`,
    );
  }
  return invImpl(M).reshape([...tail, ...head]);
}
export const linalg_tensorinv = fn('linalg_tensorinv(Tensor self, int ind=2)', tensorinvImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'linalg.tensorinv [4, 2, 2] ind=1',
      inputs: () => [
        k.make([4, 4], { salt: 30 }).detach().add(eye(4, float64).mul(4)).reshape([4, 2, 2]).requires_grad_(),
      ],
      fn: (a) => f(a, 1),
    },
  ],
});

export function tensorsolveImpl(A: T, B: T, dims: number[] | null = null): T {
  let a = A;
  if (dims !== null && dims.length > 0) {
    const nd = A.dim();
    const moved = dims.map((d) => (d < 0 ? d + nd : d));
    const rest = Array.from({ length: nd }, (_v, i) => i).filter((i) => !moved.includes(i));
    a = A.permute([...rest, ...moved]);
  }
  const head = a._shape.slice(0, B.dim());
  const tail = a._shape.slice(B.dim());
  const p = countOf(head);
  const q = countOf(tail);
  if (p !== q) {
    throw new Error(
      `Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got ${q} != ${p}`,
    );
  }
  return solveImpl(a.reshape([p, q]), B.reshape([p])).reshape(tail);
}
export const linalg_tensorsolve = fn(
  'linalg_tensorsolve(Tensor self, Tensor other, int[]? dims=None)',
  tensorsolveImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'linalg.tensorsolve [6, 2, 3] [6]',
        inputs: () => [
          k.make([6, 6], { salt: 31 }).detach().add(eye(6, float64).mul(4)).reshape([6, 2, 3]).requires_grad_(),
          k.make([6], { salt: 32 }),
        ],
        fn: (a, b) => f(a, b),
      },
    ],
  },
);

// ---------------------------------------------------------------- ldl_factor, ldl_solve

/**
 * LAPACK's sytf2 with UPLO='L' on the n×n matrix at a[o..] in place (Bunch-Kaufman diagonal
 * pivoting; reads the lower triangle): L below the diagonal, D's 1×1 and 2×2 blocks on and beside
 * it; piv (1-based) as LAPACK's ipiv, negative for both rows of a 2×2 block. Returns info.
 */
function sytf2Lower(a: Float64Array, o: number, n: number, piv: Int32Array): number {
  const alpha = (1 + Math.sqrt(17)) / 8;
  const A = (i: number, j: number): number => a[o + i * n + j];
  const set = (i: number, j: number, v: number): void => {
    a[o + i * n + j] = v;
  };
  const swap = (i1: number, j1: number, i2: number, j2: number): void => {
    const t = A(i1, j1);
    set(i1, j1, A(i2, j2));
    set(i2, j2, t);
  };
  let info = 0;
  let k = 0;
  while (k < n) {
    let kstep = 1;
    let kp = k;
    const absakk = Math.abs(A(k, k));
    let imax = k;
    let colmax = 0;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(A(i, k)) > colmax) {
        colmax = Math.abs(A(i, k));
        imax = i;
      }
    }
    if (Math.max(absakk, colmax) === 0 || Number.isNaN(absakk)) {
      if (info === 0) info = k + 1;
      kp = k;
    } else {
      if (absakk < alpha * colmax) {
        let rowmax = 0;
        for (let j = k; j < imax; j++) rowmax = Math.max(rowmax, Math.abs(A(imax, j)));
        let jmaxv = 0;
        for (let j = imax + 1; j < n; j++) {
          if (Math.abs(A(j, imax)) > jmaxv) jmaxv = Math.abs(A(j, imax));
        }
        rowmax = Math.max(rowmax, jmaxv);
        if (absakk >= alpha * colmax * (colmax / rowmax)) kp = k;
        else if (Math.abs(A(imax, imax)) >= alpha * rowmax) kp = imax;
        else {
          kp = imax;
          kstep = 2;
        }
      }
      const kk = k + kstep - 1;
      if (kp !== kk) {
        for (let i = kp + 1; i < n; i++) swap(i, kk, i, kp);
        for (let j = kk + 1; j < kp; j++) swap(j, kk, kp, j);
        swap(kk, kk, kp, kp);
        if (kstep === 2) swap(k + 1, k, kp, k);
      }
      if (kstep === 1) {
        if (k < n - 1) {
          const d11 = 1 / A(k, k);
          for (let j = k + 1; j < n; j++) {
            const xj = A(j, k);
            if (xj === 0) continue;
            for (let i = j; i < n; i++) set(i, j, A(i, j) - d11 * A(i, k) * xj);
          }
          for (let i = k + 1; i < n; i++) set(i, k, A(i, k) * d11);
        }
      } else if (k < n - 2) {
        let d21 = A(k + 1, k);
        const d11 = A(k + 1, k + 1) / d21;
        const d22 = A(k, k) / d21;
        const t = 1 / (d11 * d22 - 1);
        d21 = t / d21;
        for (let j = k + 2; j < n; j++) {
          const wk = d21 * (d11 * A(j, k) - A(j, k + 1));
          const wkp1 = d21 * (d22 * A(j, k + 1) - A(j, k));
          for (let i = j; i < n; i++) set(i, j, A(i, j) - A(i, k) * wk - A(i, k + 1) * wkp1);
          set(j, k, wk);
          set(j, k + 1, wkp1);
        }
      }
    }
    if (kstep === 1) piv[k] = kp + 1;
    else {
      piv[k] = -(kp + 1);
      piv[k + 1] = -(kp + 1);
    }
    k += kstep;
  }
  // The strict upper triangle is returned as zeros.
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) set(i, j, 0);
  return info;
}

/** LAPACK's sytrs with UPLO='L': solves A X = B (n×k at b[ob..]) in place from sytf2Lower's output. */
function sytrsLower(
  a: Float64Array,
  o: number,
  n: number,
  piv: Int32Array,
  po: number,
  b: Float64Array,
  ob: number,
  k: number,
): void {
  const A = (i: number, j: number): number => a[o + i * n + j];
  const swapRows = (r1: number, r2: number): void => {
    for (let j = 0; j < k; j++) {
      const t = b[ob + r1 * k + j];
      b[ob + r1 * k + j] = b[ob + r2 * k + j];
      b[ob + r2 * k + j] = t;
    }
  };
  // B(rows, :) -= a column of L times B(r, :)
  const ger = (from: number, col: number, r: number): void => {
    for (let i = from; i < n; i++) {
      const l = A(i, col);
      if (l === 0) continue;
      for (let j = 0; j < k; j++) b[ob + i * k + j] -= l * b[ob + r * k + j];
    }
  };
  // B(r, :) -= L(from:, col)ᵀ B(from:, :)
  const gemv = (from: number, col: number, r: number): void => {
    for (let i = from; i < n; i++) {
      const l = A(i, col);
      if (l === 0) continue;
      for (let j = 0; j < k; j++) b[ob + r * k + j] -= l * b[ob + i * k + j];
    }
  };
  let i = 0;
  while (i < n) {
    const p = piv[po + i];
    if (p > 0) {
      if (p - 1 !== i) swapRows(i, p - 1);
      ger(i + 1, i, i);
      const d = A(i, i);
      for (let j = 0; j < k; j++) b[ob + i * k + j] /= d;
      i += 1;
    } else {
      const kp = -p - 1;
      if (kp !== i + 1) swapRows(i + 1, kp);
      ger(i + 2, i, i);
      ger(i + 2, i + 1, i + 1);
      const akm1k = A(i + 1, i);
      const akm1 = A(i, i) / akm1k;
      const ak = A(i + 1, i + 1) / akm1k;
      const denom = akm1 * ak - 1;
      for (let j = 0; j < k; j++) {
        const bkm1 = b[ob + i * k + j] / akm1k;
        const bk = b[ob + (i + 1) * k + j] / akm1k;
        b[ob + i * k + j] = (ak * bkm1 - bk) / denom;
        b[ob + (i + 1) * k + j] = (akm1 * bk - bkm1) / denom;
      }
      i += 2;
    }
  }
  i = n - 1;
  while (i >= 0) {
    const p = piv[po + i];
    if (p > 0) {
      gemv(i + 1, i, i);
      if (p - 1 !== i) swapRows(i, p - 1);
      i -= 1;
    } else {
      gemv(i + 1, i, i);
      gemv(i + 1, i - 1, i - 1);
      const kp = -p - 1;
      if (kp !== i) swapRows(i, kp);
      i -= 2;
    }
  }
}

/** PyTorch has no derivative for ldl_factor / ldl_solve: nodes whose backward says so. */
const notImplemented = (name: string) => (): never => {
  throw new Error(`derivative for aten::${name} is not implemented`);
};

const LDL_FACTOR: OpDef = defineOp({
  node: 'torch::autograd::NotImplemented',
  forward: ([A]) => {
    const n = A._shape[A.dim() - 1];
    const batch = batchOf(A);
    const [a, count] = float64Matrices(A);
    const piv = new Int32Array(count * n);
    const infos: number[] = [];
    for (let b = 0; b < count; b++) infos.push(sytf2Lower(a, b * n * n, n, piv.subarray(b * n, (b + 1) * n)));
    const pivots = Tensor._make(piv, [...batch, n], contiguous([...batch, n]), 0, int32);
    return [tensorOf(a, A._shape, A.dtype), pivots, infoTensor(infos, batch)];
  },
  backward: notImplemented('linalg_ldl_factor_ex'),
});

const LDL_SOLVE: OpDef = defineOp({
  node: 'torch::autograd::NotImplemented',
  inputs: ['LD', 'pivots', 'B'],
  // LD, pivots and B come broadcast to common batch dims.
  forward: ([LD, pivots, B]) => {
    const n = LD._shape[LD.dim() - 1];
    const c = B._shape[B.dim() - 1];
    const [a, count] = float64Matrices(LD);
    const [x] = float64Matrices(B);
    const piv = Int32Array.from(K.contiguous(pivots)._data as ArrayLike<number>);
    for (let b = 0; b < count; b++) sytrsLower(a, b * n * n, n, piv, b * n, x, b * n * c, c);
    return tensorOf(x, B._shape, LD.dtype);
  },
  backward: notImplemented('linalg_ldl_solve'),
});

function ldlFactor(A: T, f: string): [T, T, T, number[]] {
  if (A.dim() < 2) throw new Error(`${f}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = A._shape.slice(-2);
  if (m !== n) throw new Error(`${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (!A.dtype.is_floating_point) {
    throw new Error(`${f}: Expected a floating point or complex tensor as input. Got ${A.dtype.scalarType}`);
  }
  const [LD, pivots, info] = applyMulti(LDL_FACTOR, [A], undefined);
  return [LD, pivots, info, Array.from(K.contiguous(info)._data as ArrayLike<number>)];
}

function ldlError(A: T, f: string, infos: readonly number[]): void {
  infos.forEach((i, b) => {
    if (i !== 0) {
      throw new LinAlgError(
        `${f}: ${batchPrefix(A, b)}The factorization could not be completed because the block diagonal matrix D is exactly singular (D[${i},${i}] is zero).`,
      );
    }
  });
}

export function ldl_factor_exImpl(A: T, opts?: { hermitian?: boolean; check_errors?: boolean }): LDLFactorExResult {
  const [LD, pivots, info, infos] = ldlFactor(A, 'torch.linalg.ldl_factor_ex');
  if (opts?.check_errors === true) ldlError(A, 'torch.linalg.ldl_factor_ex', infos);
  return new LDLFactorExResult(LD, pivots, info);
}
export const linalg_ldl_factor_ex = fn(
  'linalg_ldl_factor_ex(Tensor self, *, bool hermitian=False, bool check_errors=False)',
  ldl_factor_exImpl,
);

export function ldl_factorImpl(A: T, opts?: { hermitian?: boolean }): LDLFactorResult {
  void opts;
  const [LD, pivots, , infos] = ldlFactor(A, 'torch.linalg.ldl_factor_ex');
  ldlError(A, 'torch.linalg.ldl_factor', infos);
  return new LDLFactorResult(LD, pivots);
}
export const linalg_ldl_factor = fn('linalg_ldl_factor(Tensor self, *, bool hermitian=False)', ldl_factorImpl);

export function ldl_solveImpl(LD: T, pivots: T, B: T, opts?: { hermitian?: boolean }): T {
  void opts;
  const f = 'torch.linalg.ldl_solve';
  if (LD.dim() < 2) throw new Error(`${f}: The input tensor LD must have at least 2 dimensions.`);
  const [m, n] = LD._shape.slice(-2);
  if (m !== n) throw new Error(`${f}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (B.dim() < 2) {
    throw new Error(
      `Dimension out of range (expected to be in range of [${-Math.max(B.dim(), 1)}, ${Math.max(B.dim(), 1) - 1}], but got -2)`,
    );
  }
  if (pivots.dim() !== LD.dim() - 1 || pivots._shape.some((s, i) => s !== LD._shape[i])) {
    throw new Error(
      `${f}: Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with shape [${pivots._shape.join(', ')}] instead`,
    );
  }
  if (pivots.dtype.is_floating_point || pivots.dtype.name === 'bool') {
    throw new Error(`${f}: Expected pivots to be integers. Got ${pivots.dtype.scalarType}`);
  }
  if (B.dtype !== LD.dtype) {
    throw new Error(
      `Expected b and A to have the same dtype, but found b of type ${B.dtype.scalarType} and A of type ${LD.dtype.scalarType} instead.`,
    );
  }
  const [r, c] = B._shape.slice(-2);
  if (r !== n) {
    throw new Error(
      `Incompatible matrix sizes for ${f}: each A matrix is ${n} by ${n} but each b matrix is ${r} by ${c}`,
    );
  }
  const batch = broadcastShapes(batchOf(B), batchOf(LD));
  const LDb = LD.expand([...batch, n, n]);
  const Bb = B.expand([...batch, r, c]);
  const pb = pivots.expand([...batch, n]);
  return apply(LDL_SOLVE, [LDb, pb, Bb], undefined);
}
export const linalg_ldl_solve = fn(
  'linalg_ldl_solve(Tensor LD, Tensor pivots, Tensor B, *, bool hermitian=False)',
  ldl_solveImpl,
);

// ---------------------------------------------------------------- eig, eigvals (complex results)

function complexResults(f: string): never {
  throw new Error(
    `${f}: tensorgrad has no complex dtype, and the eigenvalues and eigenvectors of a general real matrix are complex; ` +
      'for symmetric (Hermitian) matrices use torch.linalg.eigh / torch.linalg.eigvalsh',
  );
}
export const linalg_eig = fn('linalg_eig(Tensor self)', (A: T): never => {
  void A;
  return complexResults('linalg.eig');
});
export const linalg_eigvals = fn('linalg_eigvals(Tensor self)', (A: T): never => {
  void A;
  return complexResults('linalg.eigvals');
});
