// The BLAS-style fused products beside addmm (linalg.ts): addmv (beta * input + alpha * mat @ vec),
// addr (... vec1 ⊗ vec2), baddbmm (... batch1 @ batch2, per batch) and addbmm (... the sum over the
// batch of batch1 @ batch2), and their in-place forms. Each is its own node
// (AddmvBackward0, ...), as in PyTorch; the products themselves are linalg.ts's. As in PyTorch,
// beta = 0 ignores input (its NaNs and infinities do not reach the result).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { bool, resultTypeOf, type DType } from '../tensor/dtype.js';
import { formatShape, isExpandableTo, shapeEquals } from '../tensor/shape.js';
import type { Scalar, Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { no_grad, is_grad_enabled } from '../autograd/grad_mode.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { bmmImpl, mvImpl, outerImpl } from './linalg.js';
import { padBatched } from './view.js';
import { op, type OpSample } from './declare.js';

type T = Tensor;

interface Scales {
  beta: Scalar;
  alpha: Scalar;
  /** The result's dtype. */
  dtype: DType;
}

/** A scale as ATen reads it for the result's dtype (truncated for integers, a truth value for bool). */
function scaleIn(dtype: DType, v: Scalar): number {
  const n = Number(v);
  if (dtype === bool) return n !== 0 ? 1 : 0;
  return dtype.is_floating_point ? n : Math.trunc(n);
}

/** beta * input + alpha * product, in `dtype`; beta = 0 leaves input out. */
function combine(input: T, product: T, { beta, alpha, dtype }: Scales): T {
  const logical = dtype === bool;
  const mul = logical ? 'logical_and' : 'mul';
  const add = logical ? 'logical_or' : 'add';
  const b = scaleIn(dtype, beta);
  const a = scaleIn(dtype, alpha);
  const scaled = a === 1 ? K.cast(product, dtype) : K.binary(mul, product, K.full([], a, dtype), dtype);
  if (b === 0) return K.binary(add, K.full(product._shape, 0, dtype), scaled, dtype);
  const base = b === 1 ? input : K.binary(mul, input, K.full([], b, dtype), dtype);
  return K.binary(add, base, scaled, dtype);
}

const times = (t: T, s: Scalar): T => (Number(s) === 1 ? t : t.mul(s));

/** The sum of the tangent terms present (zeros shaped like the result when none is). */
function tangentSum(parts: readonly (T | null | undefined)[], result: T): T {
  let sum: T | null = null;
  for (const t of parts) if (t !== null && t !== undefined) sum = sum === null ? t : sum.add(t);
  return sum ?? result.detach().mul(0);
}

interface FusedSpec {
  node: string;
  /** The product, differentiable (the JVP uses it on tangents). */
  product(a: T, b: T): T;
  /** The product on vmap's physical values (batch dim first where `batched`), by broadcasting. */
  batched(a: T, b: T): T;
  /** The product's logical rank (input is lined up to it under vmap). */
  rank: number;
  /** Gradients of the product for a and b, given its gradient. */
  grads(g: T, a: T, b: T): [T, T];
}

function fused(spec: FusedSpec): OpDef<Scales> {
  return defineOp<Scales>({
    node: spec.node,
    saves: ['other', 'third'],
    inputs: ['self', 'other', 'third'],
    forward: ([input, a, b], scales) =>
      combine(
        input,
        no_grad(() => spec.product(a, b)),
        scales,
      ),
    backward: (g, s, { args, needs }) => {
      const [ga, gb] = needs[1] || needs[2] ? spec.grads(g, s.other, s.third) : [null, null];
      return [
        needs[0] ? times(g, args.beta) : null,
        needs[1] && ga !== null ? times(ga, args.alpha) : null,
        needs[2] && gb !== null ? times(gb, args.alpha) : null,
      ];
    },
    jvp: ([ti, ta, tb], p, { args }) =>
      tangentSum(
        [
          ti && Number(args.beta) !== 0 ? times(ti, args.beta).expand(p.result.shape) : null,
          ta && times(spec.product(ta, p.third), args.alpha),
          tb && times(spec.product(p.other, tb), args.alpha),
        ],
        p.result,
      ),
    batch: ([input, a, b], [bi], { beta, alpha }) => {
      const prod = times(spec.batched(a, b), alpha);
      if (Number(beta) === 0) return prod;
      return times(bi ? padBatched(input, spec.rank) : input, beta).add(prod);
    },
  });
}

/** PyTorch's check of an in-place fused product: self must already have the result's shape. */
function checkInplaceResult(self: T, shape: readonly number[]): void {
  if (!shapeEquals(self._shape, shape)) {
    throw new RangeError(
      `Bad in-place call: input tensor size ${formatShape(self._shape)} and output tensor size ${formatShape(shape)} should match`,
    );
  }
}

function runInplace(def: OpDef<Scales>, self: T, others: readonly T[], scales: Scales): T {
  if (is_grad_enabled() && others.some((t) => t.requires_grad)) self._checkInplace();
  return applyInplace(def, self, others, { ...scales, dtype: self._dtype });
}

interface ScaleOpts {
  beta?: Scalar;
  alpha?: Scalar;
}
const SCALES = '*, Scalar beta=1, Scalar alpha=1';

// ---------------------------------------------------------------- addmv

const ADDMV = fused({
  node: 'AddmvBackward0',
  product: (m, v) => mvImpl(m, v),
  batched: (m, v) => m.matmul(v.unsqueeze(-1)).squeeze(-1),
  rank: 1,
  grads: (g, m, v) => [g.outer(v), m.t().mv(g)],
});

function checkAddmv(input: T, mat: T, vec: T): void {
  if (mat.dim() !== 2 || vec.dim() !== 1 || input.dim() > 1) {
    throw new RangeError(`vector + matrix @ vector expected, got ${input.dim()}, ${mat.dim()}, ${vec.dim()}`);
  }
  if (mat._shape[1] !== vec._shape[0] || (mat._shape[0] !== input.numel() && input.numel() !== 1)) {
    throw new RangeError(
      `size mismatch, got ${input.dim() === 0 ? 1 : input._shape[0]}, ${mat._shape[0]}x${mat._shape[1]},${vec._shape[0]}`,
    );
  }
  if (mat._dtype !== vec._dtype) {
    throw new TypeError(`expected scalar type ${mat._dtype.scalarType} but found ${vec._dtype.scalarType}`);
  }
}

export function addmvImpl(input: T, mat: T, vec: T, opts?: ScaleOpts): T {
  checkAddmv(input, mat, vec);
  return apply(ADDMV, [input, mat, vec], { beta: opts?.beta ?? 1, alpha: opts?.alpha ?? 1, dtype: mat._dtype });
}

export function addmv_(self: T, mat: T, vec: T, opts?: ScaleOpts): T {
  checkAddmv(self, mat, vec);
  checkInplaceResult(self, [mat._shape[0]]);
  return runInplace(ADDMV, self, [mat, vec], { beta: opts?.beta ?? 1, alpha: opts?.alpha ?? 1, dtype: self._dtype });
}

export const addmv = op(`addmv(Tensor self, Tensor mat, Tensor vec, ${SCALES})`, addmvImpl, {
  inplace: addmv_,
  samples: (k, f): OpSample[] => [
    {
      name: 'addmv [3] + [3, 4] @ [4]',
      inputs: () => [k.make([3], { salt: 2 }), k.make([3, 4]), k.make([4], { salt: 1 })],
      fn: (c, m, v) => f(c, m, v),
    },
    {
      name: 'addmv 0-d input, transposed mat, beta 0.5 alpha 2',
      inputs: () => [k.make([], { salt: 2 }), k.transposed([3, 4]), k.make([4], { salt: 1 })],
      fn: (c, m, v) => f(c, m, v, { beta: 0.5, alpha: 2 }),
    },
    {
      name: 'addmv_ beta 0',
      inputs: () => [k.make([3], { salt: 2 }), k.make([3, 4]), k.make([4], { salt: 1 })],
      fn: (c, m, v) => c.clone().addmv_(m, v, { beta: 0, alpha: -1 }),
    },
  ],
});

// ---------------------------------------------------------------- addr

const ADDR = fused({
  node: 'AddrBackward0',
  product: (a, b) => outerImpl(a, b),
  batched: (a, b) => a.unsqueeze(-1).mul(b.unsqueeze(-2)),
  rank: 2,
  grads: (g, a, b) => [g.mv(b), g.t().mv(a)],
});

function checkAddr(input: T, vec1: T, vec2: T, beta: Scalar, alpha: Scalar): DType {
  if (vec1.dim() !== 1) throw new RangeError(`addr: Expected 1-D argument vec1, but got ${vec1.dim()}-D`);
  if (vec2.dim() !== 1) throw new RangeError(`addr: Expected 1-D argument vec2, but got ${vec2.dim()}-D`);
  const dtype = resultTypeOf([input, vec1, vec2].map((t) => ({ dtype: t._dtype, kind: 'tensor' as const })));
  for (const [name, v] of [
    ['beta', beta],
    ['alpha', alpha],
  ] as const) {
    if (dtype === bool && typeof v === 'number' && v !== 0 && v !== 1) {
      throw new TypeError(`Boolean ${name} only supported for Boolean results.`);
    }
    if (!dtype.is_floating_point && dtype !== bool && !Number.isInteger(Number(v))) {
      throw new TypeError(`For integral input tensors, argument ${name} must not be a floating point number.`);
    }
  }
  return dtype;
}

export function addrImpl(input: T, vec1: T, vec2: T, opts?: ScaleOpts): T {
  const beta = opts?.beta ?? 1;
  const alpha = opts?.alpha ?? 1;
  const dtype = checkAddr(input, vec1, vec2, beta, alpha);
  const shape = [vec1._shape[0], vec2._shape[0]];
  if (!isExpandableTo(input._shape, shape)) input.expand(shape);
  return apply(ADDR, [input, vec1, vec2], { beta, alpha, dtype });
}

export function addr_(self: T, vec1: T, vec2: T, opts?: ScaleOpts): T {
  const beta = opts?.beta ?? 1;
  const alpha = opts?.alpha ?? 1;
  checkAddr(self, vec1, vec2, beta, alpha);
  if (self.dim() !== 2) throw new RangeError(`2D tensor expected, got ${self.dim()}D tensor for input`);
  checkInplaceResult(self, [vec1._shape[0], vec2._shape[0]]);
  return runInplace(ADDR, self, [vec1, vec2], { beta, alpha, dtype: self._dtype });
}

export const addr = op(`addr(Tensor self, Tensor vec1, Tensor vec2, ${SCALES})`, addrImpl, {
  inplace: addr_,
  samples: (k, f): OpSample[] => [
    {
      name: 'addr [3, 4] + [3] x [4]',
      inputs: () => [k.make([3, 4], { salt: 2 }), k.make([3]), k.make([4], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b),
    },
    {
      name: 'addr broadcast input, beta 0.5 alpha 2',
      inputs: () => [k.make([4], { salt: 2 }), k.make([3]), k.make([4], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b, { beta: 0.5, alpha: 2 }),
    },
    {
      name: 'addr_',
      inputs: () => [k.make([3, 4], { salt: 2 }), k.make([3]), k.make([4], { salt: 1 })],
      fn: (c, a, b) => c.clone().addr_(a, b, { alpha: -1 }),
    },
  ],
});

// ---------------------------------------------------------------- baddbmm

const BADDBMM = fused({
  node: 'BaddbmmBackward0',
  product: (a, b) => bmmImpl(a, b),
  batched: (a, b) => a.matmul(b),
  rank: 3,
  grads: (g, a, b) => [g.bmm(b.transpose(1, 2)), a.transpose(1, 2).bmm(g)],
});

function checkBaddbmm(batch1: T, batch2: T): number[] {
  if (batch1.dim() !== 3) throw new RangeError('batch1 must be a 3D tensor');
  if (batch2.dim() !== 3) throw new RangeError('batch2 must be a 3D tensor');
  const [bs, n, k] = batch1._shape;
  if (batch2._shape[0] !== bs || batch2._shape[1] !== k) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${batch2._shape[0]}, ${batch2._shape[1]}].`,
    );
  }
  if (batch1._dtype !== batch2._dtype) {
    throw new TypeError(`expected scalar type ${batch1._dtype.scalarType} but found ${batch2._dtype.scalarType}`);
  }
  return [bs, n, batch2._shape[2]];
}

export function baddbmmImpl(input: T, batch1: T, batch2: T, opts?: ScaleOpts): T {
  const shape = checkBaddbmm(batch1, batch2);
  if (!isExpandableTo(input._shape, shape)) input.expand(shape);
  return apply(BADDBMM, [input, batch1, batch2], {
    beta: opts?.beta ?? 1,
    alpha: opts?.alpha ?? 1,
    dtype: batch1._dtype,
  });
}

export function baddbmm_(self: T, batch1: T, batch2: T, opts?: ScaleOpts): T {
  checkInplaceResult(self, checkBaddbmm(batch1, batch2));
  return runInplace(BADDBMM, self, [batch1, batch2], {
    beta: opts?.beta ?? 1,
    alpha: opts?.alpha ?? 1,
    dtype: self._dtype,
  });
}

export const baddbmm = op(`baddbmm(Tensor self, Tensor batch1, Tensor batch2, ${SCALES})`, baddbmmImpl, {
  inplace: baddbmm_,
  samples: (k, f): OpSample[] => [
    {
      name: 'baddbmm [2, 3, 2] + [2, 3, 4] @ [2, 4, 2]',
      inputs: () => [k.make([2, 3, 2], { salt: 2 }), k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b),
    },
    {
      name: 'baddbmm broadcast input, beta 0.5 alpha 2',
      inputs: () => [k.make([3, 1], { salt: 2 }), k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b, { beta: 0.5, alpha: 2 }),
    },
    {
      name: 'baddbmm_',
      inputs: () => [k.make([2, 3, 2], { salt: 2 }), k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (c, a, b) => c.clone().baddbmm_(a, b, { beta: 2 }),
    },
  ],
});

// ---------------------------------------------------------------- addbmm

const ADDBMM = fused({
  node: 'AddbmmBackward0',
  product: (a, b) => bmmImpl(a, b).sum(0),
  batched: (a, b) => a.matmul(b).sum(-3),
  rank: 2,
  grads: (g, a, b) => {
    const ge = g.unsqueeze(0).expand([a._shape[0], g._shape[0], g._shape[1]]);
    return [ge.bmm(b.transpose(1, 2)), a.transpose(1, 2).bmm(ge)];
  },
});

function checkAddbmm(input: T, batch1: T, batch2: T): number[] {
  if (batch1.dim() !== 3) throw new RangeError('batch1 must be a 3D tensor');
  if (batch2.dim() !== 3) throw new RangeError('batch2 must be a 3D tensor');
  if (batch1._shape[0] !== batch2._shape[0]) {
    throw new RangeError(
      `batch1 and batch2 must have same number of batches, got ${batch1._shape[0]} and ${batch2._shape[0]}`,
    );
  }
  if (batch1._shape[2] !== batch2._shape[1]) {
    throw new RangeError(
      `Incompatible matrix sizes for bmm (${batch1._shape[1]}x${batch1._shape[2]} and ${batch2._shape[1]}x${batch2._shape[2]})`,
    );
  }
  const shape = [batch1._shape[1], batch2._shape[2]];
  if (!isExpandableTo(input._shape, shape)) input.expand(shape);
  if (input._dtype !== batch1._dtype || batch2._dtype !== batch1._dtype) {
    throw new TypeError('self and mat2 must have the same dtype');
  }
  return shape;
}

export function addbmmImpl(input: T, batch1: T, batch2: T, opts?: ScaleOpts): T {
  checkAddbmm(input, batch1, batch2);
  return apply(ADDBMM, [input, batch1, batch2], {
    beta: opts?.beta ?? 1,
    alpha: opts?.alpha ?? 1,
    dtype: batch1._dtype,
  });
}

export function addbmm_(self: T, batch1: T, batch2: T, opts?: ScaleOpts): T {
  checkInplaceResult(self, checkAddbmm(self, batch1, batch2));
  return runInplace(ADDBMM, self, [batch1, batch2], {
    beta: opts?.beta ?? 1,
    alpha: opts?.alpha ?? 1,
    dtype: self._dtype,
  });
}

export const addbmm = op(`addbmm(Tensor self, Tensor batch1, Tensor batch2, ${SCALES})`, addbmmImpl, {
  inplace: addbmm_,
  samples: (k, f): OpSample[] => [
    {
      name: 'addbmm [3, 2] + sum([2, 3, 4] @ [2, 4, 2])',
      inputs: () => [k.make([3, 2], { salt: 2 }), k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b),
    },
    {
      name: 'addbmm broadcast input, beta 0.5 alpha 2',
      inputs: () => [k.make([2], { salt: 2 }), k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (c, a, b) => f(c, a, b, { beta: 0.5, alpha: 2 }),
    },
    {
      name: 'addbmm_',
      inputs: () => [k.make([3, 2], { salt: 2 }), k.make([2, 3, 4]), k.make([2, 4, 2], { salt: 1 })],
      fn: (c, a, b) => c.clone().addbmm_(a, b, { alpha: 0.5 }),
    },
  ],
});
