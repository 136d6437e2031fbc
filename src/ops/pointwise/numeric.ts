// Small elementwise ops PyTorch code leans on: sgn, signbit, positive, heaviside, float_power,
// deg2rad / rad2deg, nan_to_num (with their in-place forms) and isin. Each reuses existing kernels
// (sign, mul, where, comparisons); those PyTorch records as their own node (SgnBackward0,
// Deg2RadBackward0, NanToNumBackward0) are nodes here too.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { bool, float32, float64, get_default_dtype, type DType } from '../../tensor/dtype.js';
import { Tensor, type TensorOrScalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, defineOp } from '../../autograd/op.js';
import { inplace } from './arith.js';
import { wrap } from './promote.js';
import { fn, op, type OpSample } from '../declare.js';

type T = Tensor;

// ---------------------------------------------------------------- sgn, signbit, positive

const SGN = defineOp({
  node: 'SgnBackward0',
  jvp: 'elementwise',
  forward: ([x]) => (x.dtype === bool ? K.copyOf(x) : K.unary('sign', x)),
  backward: (g, _s, { meta }) => [K.full(meta[0].shape, 0, g.dtype)],
});

/** torch.sgn: sign for real tensors (its own node, SgnBackward0). */
export const sgnImpl = (x: T): T => apply(SGN, [x], undefined);
export const sgn_ = (x: T): T => inplace(SGN, x, [], undefined);

export const sgn = op('sgn(Tensor self)', sgnImpl, {
  inplace: sgn_,
  samples: (k, f): OpSample[] => [k.shaped('sgn', [3, 4], (x) => f(x))],
});

/** True where the sign bit is set: negative numbers, -0.0 and -inf. */
export function signbitImpl(x: T): T {
  if (x.dtype === bool) return K.full(x._shape, 0, bool);
  if (!x.dtype.is_floating_point) return x.lt(0);
  // -0.0 is the zero whose reciprocal is -inf.
  return x.lt(0).logical_or(x.eq(0).logical_and(x.reciprocal().lt(0)));
}

export const signbit = op('signbit(Tensor self)', signbitImpl);

/** torch.positive: the tensor itself (refused for bool, as PyTorch's unary + is). */
export function positiveImpl(x: T): T {
  if (x.dtype === bool) throw new TypeError('The `+` operator, on a bool tensor is not supported.');
  return x;
}

export const positive = op('positive(Tensor self)', positiveImpl);

// ---------------------------------------------------------------- heaviside

const HEAVISIDE = defineOp({
  // PyTorch records heaviside under a node that refuses backward.
  node: 'torch::autograd::NotImplemented',
  batch: 'elementwise',
  forward: ([x, values]) => {
    const dtype = x.dtype;
    const step = K.cast(K.binary('gt', x, K.full([], 0, dtype), dtype), dtype);
    return K.where(K.binary('eq', x, K.full([], 0, dtype), dtype), values, step, dtype);
  },
  backward: () => {
    throw new Error('derivative for aten::heaviside is not implemented');
  },
});

function checkHeaviside(x: T, values: T): void {
  if (x.dtype !== values.dtype) {
    throw new TypeError('heaviside is not yet implemented for tensors with different dtypes.');
  }
}

/** A number for values is a 0-d tensor of input's dtype. */
const valuesOf = (x: T, values: TensorOrScalar): T =>
  values instanceof Tensor ? values : K.full([], Number(values), x.dtype);

/** 0 where input < 0, values where input == 0, 1 where input > 0. */
export function heavisideImpl(x: T, values: TensorOrScalar): T {
  const v = valuesOf(x, values);
  checkHeaviside(x, v);
  return apply(HEAVISIDE, [x, v], undefined);
}

export function heaviside_(x: T, values: TensorOrScalar): T {
  const v = valuesOf(x, values);
  checkHeaviside(x, v);
  return inplace(HEAVISIDE, x, [v], undefined);
}

export const heaviside = op('heaviside(Tensor self, Tensor|Number values)', heavisideImpl, { inplace: heaviside_ });

// ---------------------------------------------------------------- float_power

const toDouble = (v: TensorOrScalar): TensorOrScalar => (v instanceof Tensor ? v.to(float64) : v);

/** torch.float_power: pow in float64, whatever the operands' dtypes (PyTorch's composite). */
export function float_powerImpl(self: TensorOrScalar, exponent: TensorOrScalar): T {
  if (!(self instanceof Tensor)) return wrap(self).to(float64).pow(toDouble(exponent));
  return self.to(float64).pow(toDouble(exponent));
}

export function float_power_(self: T, exponent: TensorOrScalar): T {
  if (self.dtype !== float64) {
    throw new TypeError(
      `the base given to float_power_ has dtype ${self.dtype.scalarType} but the operation's result requires dtype Double`,
    );
  }
  return self.pow_(toDouble(exponent));
}

export const float_power = op(
  [
    'float_power(Tensor self, Tensor exponent)',
    'float_power(Tensor self, Scalar exponent)',
    'float_power(Scalar self, Tensor exponent)',
  ],
  float_powerImpl,
  {
    inplace: float_power_,
    samples: (k, f): OpSample[] => [
      k.shaped('float_power scalar exponent', [2, 3], (x) => f(x, 3)),
      {
        name: 'float_power tensor exponent',
        inputs: () => [k.make([2, 3], { lo: 0.5, hi: 2 }), k.make([3], { salt: 1 })],
        fn: (a, b) => f(a, b),
      },
    ],
  },
);

// ---------------------------------------------------------------- deg2rad, rad2deg

const DEG = Math.PI / 180;

/** The float dtype an angle conversion computes in: integers and bool go to the default dtype. */
function angleDType(x: T): DType {
  return x.dtype.is_floating_point ? x.dtype : get_default_dtype();
}

function angleOp(node: string, factor: number) {
  return defineOp({
    node,
    jvp: 'linear',
    forward: ([x]) => {
      const dtype = angleDType(x);
      return K.binary('mul', K.cast(x, dtype), K.full([], factor, dtype), dtype);
    },
    backward: (g) => [g.mul(factor)],
  });
}
const DEG2RAD = angleOp('Deg2RadBackward0', DEG);
const RAD2DEG = angleOp('Rad2DegBackward0', 1 / DEG);

export const deg2radImpl = (x: T): T => apply(DEG2RAD, [x], undefined);
export const deg2rad_ = (x: T): T => inplace(DEG2RAD, x, [], undefined);
export const rad2degImpl = (x: T): T => apply(RAD2DEG, [x], undefined);
export const rad2deg_ = (x: T): T => inplace(RAD2DEG, x, [], undefined);

export const deg2rad = op('deg2rad(Tensor self)', deg2radImpl, {
  inplace: deg2rad_,
  samples: (k, f): OpSample[] => k.unary('deg2rad', f),
});
export const rad2deg = op('rad2deg(Tensor self)', rad2degImpl, {
  inplace: rad2deg_,
  samples: (k, f): OpSample[] => k.unary('rad2deg', f),
});

// ---------------------------------------------------------------- nan_to_num

interface NanToNumArgs {
  nan: number;
  posinf: number;
  neginf: number;
}

const NAN_TO_NUM = defineOp<NanToNumArgs>({
  node: 'NanToNumBackward0',
  jvp: 'elementwise',
  saves: ['self'],
  forward: ([x], { nan, posinf, neginf }) => {
    if (!x.dtype.is_floating_point) return K.copyOf(x);
    const dtype = x.dtype;
    const at = (v: number): T => K.full([], v, dtype);
    const noInf = K.where(
      K.binary('eq', x, at(Infinity), dtype),
      at(posinf),
      K.where(K.binary('eq', x, at(-Infinity), dtype), at(neginf), x, dtype),
      dtype,
    );
    return K.where(K.binary('ne', x, x, dtype), at(nan), noInf, dtype);
  },
  // d/dx is 1 where x is finite, 0 where it was replaced.
  backward: (g, s) => [g.mul(s.self.isfinite())],
});

function nanToNumArgs(x: T, nan?: number | null, posinf?: number | null, neginf?: number | null): NanToNumArgs {
  const max = x.dtype === float32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  return { nan: nan ?? 0, posinf: posinf ?? max, neginf: neginf ?? -max };
}

/** torch.nan_to_num: NaN, +inf and -inf replaced (by 0 and the dtype's largest and lowest values by default). */
export function nan_to_numImpl(x: T, nan?: number | null, posinf?: number | null, neginf?: number | null): T {
  return apply(NAN_TO_NUM, [x], nanToNumArgs(x, nan, posinf, neginf));
}

export function nan_to_num_(x: T, nan?: number | null, posinf?: number | null, neginf?: number | null): T {
  return inplace(NAN_TO_NUM, x, [], nanToNumArgs(x, nan, posinf, neginf));
}

export const nan_to_num = op(
  'nan_to_num(Tensor self, float? nan=None, float? posinf=None, float? neginf=None)',
  nan_to_numImpl,
  {
    inplace: nan_to_num_,
    samples: (k, f): OpSample[] => [
      ...k.unary('nan_to_num', f),
      {
        name: 'nan_to_num replaced',
        inputs: () => [k.values([1.5, NaN, Infinity, -Infinity, -2])],
        fn: (x) => f(x, 0.5),
      },
    ],
  },
);

// ---------------------------------------------------------------- isin

/** torch.isin: whether each element is among test_elements (compared as values, after promotion). */
export function isinImpl(
  elements: TensorOrScalar,
  testElements: TensorOrScalar,
  opts?: { assume_unique?: boolean; invert?: boolean },
): T {
  const e = elements instanceof Tensor ? elements : wrap(elements);
  const t = testElements instanceof Tensor ? testElements.reshape(-1) : wrap(testElements).reshape(1);
  if (e.dtype === bool || t.dtype === bool) throw new TypeError('Unsupported input type encountered for isin(): Bool');
  const found = e.unsqueeze(-1).eq(t).any(-1);
  return opts?.invert ? found.logical_not() : found;
}

const ISIN_OPTS = '*, bool assume_unique=False, bool invert=False';
export const isin = fn(
  [
    `isin(Tensor elements, Tensor test_elements, ${ISIN_OPTS})`,
    `isin(Tensor elements, Scalar test_element, ${ISIN_OPTS})`,
    `isin(Scalar element, Tensor test_elements, ${ISIN_OPTS})`,
  ],
  isinImpl,
);
