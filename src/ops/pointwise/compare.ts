// Comparisons and logical ops (bool results, never recorded), their in-place forms (which write the
// bool result into self, cast to its dtype), PyTorch's aliases greater, less, ..., and
// isclose / allclose / equal.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { no_grad } from '../../autograd/grad_mode.js';
import { bool, get_default_dtype } from '../../tensor/dtype.js';
import { Tensor, type TensorOrScalar } from '../../tensor/tensor.js';
import { defineOp, type OpDef } from '../../autograd/op.js';
import * as K from '../../tensor/kernels.js';
import { checkInplaceShape, resultType2, wrap } from './promote.js';
import { addImpl, inplace, mulImpl, subImpl } from './arith.js';
import { isfiniteImpl, logical_notImpl } from './unary.js';
import { alias, op } from '../declare.js';

type CompareKind = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logical_and' | 'logical_or' | 'logical_xor';

function compare(kind: CompareKind, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const ta = wrap(a);
  const tb = wrap(b);
  return K.binary(kind, ta, tb, resultType2(ta, tb));
}

type Comparison = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * The nodes of the in-place comparisons (x.eq_(y) writes 0/1 into x): PyTorch records them
 * (EqBackward0 for a number, EqBackward1 for a tensor), with zero gradients.
 */
function comparisonNodes(kind: Comparison): [OpDef<undefined>, OpDef<undefined>] {
  const name = kind[0].toUpperCase() + kind.slice(1);
  const def = (n: number): OpDef<undefined> =>
    defineOp({
      node: `${name}Backward${n}`,
      batch: 'elementwise',
      forward: ([a, b]) => compare(kind, a, b),
      backward: (g, _s, { needs, meta }) => [
        needs[0] ? K.full(meta[0].shape, 0, g.dtype) : null,
        needs[1] ? K.full(meta[1].shape, 0, g.dtype) : null,
      ],
    });
  return [def(0), def(1)];
}
const COMPARISON_NODES = {
  eq: comparisonNodes('eq'),
  ne: comparisonNodes('ne'),
  lt: comparisonNodes('lt'),
  le: comparisonNodes('le'),
  gt: comparisonNodes('gt'),
  ge: comparisonNodes('ge'),
};

function compareInplace(kind: Comparison, self: Tensor, other: TensorOrScalar): Tensor {
  const [scalar, tensor] = COMPARISON_NODES[kind];
  return other instanceof Tensor
    ? inplace(tensor, self, [other], undefined)
    : inplace(scalar, self, [wrap(other)], undefined);
}

export const eqImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('eq', a, b);

export const eq_ = (self: Tensor, other: TensorOrScalar): Tensor => compareInplace('eq', self, other);
export const eq = op(['eq(Tensor self, Tensor other)', 'eq(Tensor self, Scalar other)'], eqImpl, { inplace: eq_ });
export const neImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('ne', a, b);

export const ne_ = (self: Tensor, other: TensorOrScalar): Tensor => compareInplace('ne', self, other);
export const ne = op(['ne(Tensor self, Tensor other)', 'ne(Tensor self, Scalar other)'], neImpl, { inplace: ne_ });
export const ltImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('lt', a, b);

export const lt_ = (self: Tensor, other: TensorOrScalar): Tensor => compareInplace('lt', self, other);
export const lt = op(['lt(Tensor self, Tensor other)', 'lt(Tensor self, Scalar other)'], ltImpl, { inplace: lt_ });
export const leImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('le', a, b);

export const le_ = (self: Tensor, other: TensorOrScalar): Tensor => compareInplace('le', self, other);
export const le = op(['le(Tensor self, Tensor other)', 'le(Tensor self, Scalar other)'], leImpl, { inplace: le_ });
export const gtImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('gt', a, b);

export const gt_ = (self: Tensor, other: TensorOrScalar): Tensor => compareInplace('gt', self, other);
export const gt = op(['gt(Tensor self, Tensor other)', 'gt(Tensor self, Scalar other)'], gtImpl, { inplace: gt_ });
export const geImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('ge', a, b);

export const ge_ = (self: Tensor, other: TensorOrScalar): Tensor => compareInplace('ge', self, other);
export const ge = op(['ge(Tensor self, Tensor other)', 'ge(Tensor self, Scalar other)'], geImpl, { inplace: ge_ });
// PyTorch's other names for the comparisons (with their methods and in-place methods).
export const greater = alias(gt, 'greater');
export const greater_equal = alias(ge, 'greater_equal');
export const less = alias(lt, 'less');
export const less_equal = alias(le, 'less_equal');
export const not_equal = alias(ne, 'not_equal');
export const logical_andImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('logical_and', a, b);
export const logical_orImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('logical_or', a, b);
export const logical_xorImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => compare('logical_xor', a, b);

/**
 * Writes a bool result into self (cast to self's dtype). Like PyTorch's logical_not_ and friends,
 * this changes the values and the version but neither records history nor checks for leaves.
 */
function writeBool(self: Tensor, others: readonly Tensor[], result: () => Tensor): Tensor {
  checkInplaceShape(self, others);
  self._writeInPlace(result());
  return self;
}

function compare_(kind: CompareKind, self: Tensor, other: TensorOrScalar): Tensor {
  const o = wrap(other);
  return writeBool(self, [o], () => compare(kind, self, o));
}

export const logical_and_ = (self: Tensor, other: TensorOrScalar): Tensor => compare_('logical_and', self, other);

export const logical_and = op('logical_and(Tensor self, Tensor|Number other)', logical_andImpl, {
  inplace: logical_and_,
});
export const logical_or_ = (self: Tensor, other: TensorOrScalar): Tensor => compare_('logical_or', self, other);

export const logical_or = op('logical_or(Tensor self, Tensor|Number other)', logical_orImpl, {
  inplace: logical_or_,
});
export const logical_xor_ = (self: Tensor, other: TensorOrScalar): Tensor => compare_('logical_xor', self, other);

export const logical_xor = op('logical_xor(Tensor self, Tensor|Number other)', logical_xorImpl, {
  inplace: logical_xor_,
});
export const logical_not_ = (self: Tensor): Tensor => writeBool(self, [], () => K.unary('logical_not', self));
export const logical_not = op('logical_not(Tensor self)', logical_notImpl, { inplace: logical_not_ });

// ---------------------------------------------------------------- closeness

export interface CloseOpts {
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
}

/** |a - b| <= atol + |rtol * b|, or a == b (equal infinities), or both NaN with equal_nan. */
export function iscloseImpl(a: Tensor, b: Tensor, opts?: CloseOpts): Tensor {
  const rtol = opts?.rtol ?? 1e-5;
  const atol = opts?.atol ?? 1e-8;
  if (a._dtype !== b._dtype) {
    throw new TypeError(`${a._dtype.scalarType} did not match ${b._dtype.scalarType}`);
  }
  if (rtol < 0) throw new RangeError(`rtol must be greater than or equal to zero, but got ${rtol}`);
  if (atol < 0) throw new RangeError(`atol must be greater than or equal to zero, but got ${atol}`);
  // ATen's isclose step by step (its in-place updates show in the result's _version).
  return no_grad(() => {
    const close = eqImpl(a, b);
    if (opts?.equal_nan && a._dtype.is_floating_point) logical_or_(close, logical_and_(neImpl(a, a), neImpl(b, b)));
    if (rtol === 0 && atol === 0) return close;
    const ca = a._dtype === bool ? a.to(get_default_dtype()) : a;
    const cb = b._dtype === bool ? b.to(get_default_dtype()) : b;
    const allowed = addImpl(atol, mulImpl(rtol, cb).abs());
    const actual = subImpl(ca, cb).abs();
    return logical_or_(close, logical_and_(isfiniteImpl(actual), leImpl(actual, allowed)));
  });
}

type T = Tensor;
const close =
  <R>(f: (a: T, b: T, opts: CloseOpts) => R) =>
  (a: T, b: T, rtol?: number, atol?: number, equal_nan?: boolean): R =>
    f(a, b, { rtol, atol, equal_nan });
export const isclose = op(
  'isclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False)',
  close(iscloseImpl),
);

const all = (t: Tensor): boolean => K.reduce('all', t, [...Array(t.dim()).keys()], false, bool)._data[0] === 1;

export function allcloseImpl(a: Tensor, b: Tensor, opts?: CloseOpts): boolean {
  return all(iscloseImpl(a, b, opts));
}

export const allclose = op(
  'allclose(Tensor self, Tensor other, float rtol=1e-05, float atol=1e-08, bool equal_nan=False)',
  close(allcloseImpl),
);

/** True when both have the same shape and equal elements (torch.equal; NaN is never equal). */
export function equalImpl(a: Tensor, b: Tensor): boolean {
  if (a.dim() !== b.dim() || a._shape.some((s, i) => s !== b._shape[i])) return false;
  return all(eqImpl(a, b));
}

export const equal = op('equal(Tensor self, Tensor other)', equalImpl);
