// The bitwise ops: bitwise_and, bitwise_or, bitwise_xor, bitwise_left_shift, bitwise_right_shift
// and bitwise_not, with their in-place forms. Integer and bool operands only (ATen has no floating
// kernel: `"bitwise_and_cpu" not implemented for 'Float'`), never differentiable, results typed by
// PyTorch's type promotion.
//
// Note [int64 bitwise ops]: int64 tensors hold their values as doubles (Note [int64
// representation]). Operands within int32's range take JavaScript's 32-bit operators, whose
// results sign-extend to the 64-bit ones; larger ones go through BigInt and wrap to 64 bits.
//
// Shifts follow PyTorch 2 (ATen's lshift/rshift kernels): a shift by a negative amount or by the
// bit width or more gives 0 (left) or the sign fill (right). PyTorch 1.13 shifted by the amount
// modulo the width, as the x86 instruction does (undefined behaviour in C++, fixed in 2.x).

import { bool, int32, type DType, type TypedArray } from '../../tensor/dtype.js';
import { Tensor, type TensorOrScalar } from '../../tensor/tensor.js';
import { broadcastShapes } from '../../tensor/shape.js';
import { no_grad } from '../../autograd/grad_mode.js';
import * as K from '../../tensor/kernels.js';
import { checkInplaceShape, notImplemented, resultType2, wrap } from './promote.js';
import { op } from '../declare.js';

type T = Tensor;
type BitKind = 'and' | 'or' | 'xor' | 'lshift' | 'rshift';

/** ATen's kernel names, as its "not implemented" messages give them. */
const KERNEL: Record<BitKind, string> = {
  and: 'bitwise_and_cpu',
  or: 'bitwise_or_cpu',
  xor: 'bitwise_xor_cpu',
  lshift: 'lshift_cpu',
  rshift: 'rshift_cpu',
};

const INT32_SAFE = 2 ** 31;

/** One element of an int32 or bool result (both fit JavaScript's 32-bit operators). */
function narrow(kind: BitKind, x: number, y: number): number {
  switch (kind) {
    case 'and':
      return x & y;
    case 'or':
      return x | y;
    case 'xor':
      return x ^ y;
    case 'lshift':
      return y < 0 || y >= 32 ? 0 : x << y;
    case 'rshift':
      return y < 0 || y >= 31 ? x >> 31 : x >> y;
  }
}

/** One element of an int64 result (Note [int64 bitwise ops]). */
function wide(kind: BitKind, x: number, y: number): number {
  if (kind === 'lshift') {
    if (y < 0 || y >= 64) return 0;
    const exact = x * 2 ** y;
    if (Math.abs(exact) < Number.MAX_SAFE_INTEGER) return exact;
    return Number(BigInt.asIntN(64, BigInt(x) << BigInt(y)));
  }
  if (kind === 'rshift') {
    if (y < 0 || y >= 63) return x < 0 ? -1 : 0;
    return Math.floor(x / 2 ** y);
  }
  if (Math.abs(x) < INT32_SAFE && Math.abs(y) < INT32_SAFE) return narrow(kind, x, y);
  const a = BigInt(x);
  const b = BigInt(y);
  const r = kind === 'and' ? a & b : kind === 'or' ? a | b : a ^ b;
  return Number(BigInt.asIntN(64, r));
}

/** The operand as a contiguous tensor of `dtype` and `shape` (broadcast, cast), from offset 0. */
function dense(t: Tensor, dtype: DType, shape: readonly number[]): TypedArray {
  const c = K.contiguous(no_grad(() => K.cast(t, dtype).expand([...shape])));
  return c._offset === 0 && c._data.length === c.numel() ? c._data : c._data.subarray(c._offset, c._offset + c.numel());
}

function bitwise(kind: BitKind, a: TensorOrScalar, b: TensorOrScalar): T {
  const ta = wrap(a);
  const tb = wrap(b);
  const dtype = resultType2(ta, tb);
  if (dtype.is_floating_point || (dtype === bool && (kind === 'lshift' || kind === 'rshift'))) {
    throw notImplemented(KERNEL[kind], dtype);
  }
  const shape = broadcastShapes(ta._shape, tb._shape);
  const x = dense(ta, dtype, shape);
  const y = dense(tb, dtype, shape);
  const out = K.empty(shape, dtype);
  const o = out._data;
  const f = dtype === int32 || dtype === bool ? narrow : wide;
  for (let i = 0; i < o.length; i++) o[i] = f(kind, x[i], y[i]);
  return out;
}

/** The in-place form: the result (promoted as the out-of-place op) must fit self's dtype. */
function bitwise_(kind: BitKind, self: T, other: TensorOrScalar): T {
  const o = wrap(other);
  checkInplaceShape(self, [o]);
  const result = bitwise(kind, self, o);
  self._checkCastFrom(result.dtype);
  self._writeInPlace(result);
  return self;
}

export const bitwise_andImpl = (a: TensorOrScalar, b: TensorOrScalar): T => bitwise('and', a, b);
export const bitwise_and = op(
  ['bitwise_and(Tensor self, Tensor|Number other)', '@hidden bitwise_and(Scalar self, Tensor other)'],
  bitwise_andImpl,
  { inplace: (self: T, other: TensorOrScalar): T => bitwise_('and', self, other) },
);

export const bitwise_orImpl = (a: TensorOrScalar, b: TensorOrScalar): T => bitwise('or', a, b);
export const bitwise_or = op(
  ['bitwise_or(Tensor self, Tensor|Number other)', '@hidden bitwise_or(Scalar self, Tensor other)'],
  bitwise_orImpl,
  { inplace: (self: T, other: TensorOrScalar): T => bitwise_('or', self, other) },
);

export const bitwise_xorImpl = (a: TensorOrScalar, b: TensorOrScalar): T => bitwise('xor', a, b);
export const bitwise_xor = op(
  ['bitwise_xor(Tensor self, Tensor|Number other)', '@hidden bitwise_xor(Scalar self, Tensor other)'],
  bitwise_xorImpl,
  { inplace: (self: T, other: TensorOrScalar): T => bitwise_('xor', self, other) },
);

export const bitwise_left_shiftImpl = (a: TensorOrScalar, b: TensorOrScalar): T => bitwise('lshift', a, b);
export const bitwise_left_shift = op(
  ['bitwise_left_shift(Tensor self, Tensor|Number other)', '@hidden bitwise_left_shift(Scalar self, Tensor other)'],
  bitwise_left_shiftImpl,
  { inplace: (self: T, other: TensorOrScalar): T => bitwise_('lshift', self, other) },
);

export const bitwise_right_shiftImpl = (a: TensorOrScalar, b: TensorOrScalar): T => bitwise('rshift', a, b);
export const bitwise_right_shift = op(
  ['bitwise_right_shift(Tensor self, Tensor|Number other)', '@hidden bitwise_right_shift(Scalar self, Tensor other)'],
  bitwise_right_shiftImpl,
  { inplace: (self: T, other: TensorOrScalar): T => bitwise_('rshift', self, other) },
);

/** ~x: the complement of an integer (-x - 1, exact for int64's doubles), logical not of a bool. */
export function bitwise_notImpl(x: T): T {
  const dtype = x.dtype;
  if (dtype.is_floating_point) throw notImplemented('bitwise_not_cpu', dtype);
  const src = dense(x, dtype, x._shape);
  const out = K.empty(x._shape, dtype);
  const o = out._data;
  if (dtype === bool) for (let i = 0; i < o.length; i++) o[i] = src[i] ? 0 : 1;
  else for (let i = 0; i < o.length; i++) o[i] = -src[i] - 1;
  return out;
}
export const bitwise_not = op('bitwise_not(Tensor self)', bitwise_notImpl, {
  inplace: (self: T): T => {
    self._writeInPlace(bitwise_notImpl(self));
    return self;
  },
});
