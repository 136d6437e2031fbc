// Scalars as operands, type promotion as ops see it, and the dtype checks ops share.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { get_default_dtype, resultTypeOf, scalarDType, type DType } from '../../tensor/dtype.js';
import { shapeEquals, broadcastShapes } from '../../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { op } from '../declare.js';

// Wrapped numbers are constants nothing writes to, so each value is wrapped once and reused
// (x.mul(2) in a loop allocates no scalar tensor). Zero is keyed apart from -0.
const wrapped = new Map<number | boolean, Tensor>();
const WRAP_CACHE_SIZE = 1024;
let lastWrapped: number | boolean | undefined;
let lastWrappedTensor: Tensor | undefined;

/** Wraps a JavaScript number/boolean as a 0-d tensor that promotes like a Python scalar. */
export function wrap(v: TensorOrScalar): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v !== 'number' && typeof v !== 'boolean') {
    throw new TypeError(`expected a Tensor or a number, but got ${v === null ? 'null' : typeof v}`);
  }
  if (v === lastWrapped && v !== 0) return lastWrappedTensor as Tensor;
  const negZero = Object.is(v, -0);
  const cached = negZero ? undefined : wrapped.get(v);
  if (cached !== undefined) {
    lastWrapped = v;
    lastWrappedTensor = cached;
    return cached;
  }
  const t = K.full([], Number(v), scalarDType(v));
  t._wrappedNumber = true;
  if (!negZero) {
    if (wrapped.size >= WRAP_CACHE_SIZE) wrapped.clear();
    wrapped.set(v, t);
    lastWrapped = v;
    lastWrappedTensor = t;
  }
  return t;
}

function operandKind(t: Tensor): 'tensor' | 'zerodim' | 'scalar' {
  return t._wrappedNumber ? 'scalar' : t._shape.length === 0 ? 'zerodim' : 'tensor';
}

/** torch.result_type over tensors and scalars. */
export function resultType(...ops: TensorOrScalar[]): DType {
  if (ops.length === 2 && ops[0] instanceof Tensor && ops[1] instanceof Tensor) return resultType2(ops[0], ops[1]);
  return resultTypeOf(
    ops.map((o) => {
      const t = wrap(o);
      return { dtype: t._dtype, kind: operandKind(t) };
    }),
  );
}

export const result_type = op('result_type(Tensor|Number tensor, Tensor|Number other)', resultType, {
  method: false,
});

/** result_type of two operands; the common case (one dtype, not two scalars) allocates nothing. */
export function resultType2(a: Tensor, b: Tensor): DType {
  if (a._dtype === b._dtype && !(a._wrappedNumber && b._wrappedNumber)) return a._dtype;
  // A floating tensor with dims keeps its dtype against any scalar (x.mul(2.5) stays float32).
  if (b._wrappedNumber && !a._wrappedNumber && a._dtype.is_floating_point && a._shape.length > 0) return a._dtype;
  return resultTypeOf([
    { dtype: a._dtype, kind: operandKind(a) },
    { dtype: b._dtype, kind: operandKind(b) },
  ]);
}

/** Floating dtype an op computes in for a result dtype d (integers go to the default float). */
export function floatOf(d: DType): DType {
  return d.is_floating_point ? d : get_default_dtype();
}

/** The C++ names some ATen messages use for dtypes (caffe2::TypeMeta names). */
export const CPP_TYPE_NAMES: Record<string, string> = {
  float32: 'float',
  float64: 'double',
  int32: 'int',
  int64: 'long int',
  bool: 'bool',
};

/** ATen's error for a kernel with no implementation for a dtype. */
export function notImplemented(kernel: string, d: DType): Error {
  return new TypeError(`"${kernel}" not implemented for '${d.scalarType}'`);
}

/** PyTorch's check that an in-place op's operands broadcast to self's shape. */
export function checkInplaceShape(self: Tensor, others: readonly Tensor[]): void {
  for (const o of others) {
    if (o._shape.length === 0 || shapeEquals(o._shape, self._shape)) continue;
    const shape = broadcastShapes(self._shape, o._shape);
    if (!shapeEquals(shape, self._shape)) {
      throw new RangeError(
        `output with shape [${self._shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`,
      );
    }
  }
}
