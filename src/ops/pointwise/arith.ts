// Arithmetic with broadcasting and type promotion: add, sub, rsub, mul, div (and its rounding
// modes), with their in-place forms. Backward formulas follow derivatives.yaml.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import type { BinaryKind } from '../../backend/backend.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import { bool, type DType } from '../../tensor/dtype.js';
import { Tensor, type Scalar, type TensorOrScalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, applyInplace, defineOp, type OpDef } from '../../autograd/op.js';
import { checkInplaceShape, floatOf, notImplemented, resultType2, wrap } from './promote.js';
import { op, type OpSample, alias } from '../declare.js';

/** In-place application with PyTorch's checks in its order: leaf first, then shapes. */
export function inplace<A>(def: OpDef<A>, self: Tensor, others: readonly Tensor[], args: A): Tensor {
  if (is_grad_enabled()) self._checkInplace();
  checkInplaceShape(self, others);
  return applyInplace(def, self, others, args);
}

// ---------------------------------------------------------------- add, sub, rsub

interface AlphaArgs {
  alpha: Scalar;
}

// ATen's alpha_check.
function checkAlpha(dtype: DType, alpha: Scalar): void {
  if (typeof alpha === 'boolean' && dtype !== bool) {
    throw new TypeError('Boolean alpha only supported for Boolean results.');
  }
  if (!dtype.is_floating_point && typeof alpha === 'number' && !Number.isInteger(alpha)) {
    throw new TypeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
}

// ATen's sub_check.
function checkSub(a: Tensor, b: Tensor): void {
  if (a._dtype === bool && b._dtype === bool) {
    throw new TypeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    );
  }
  if (a._dtype === bool || b._dtype === bool) {
    throw new TypeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
}

/** a (kind) alpha * b, computed in the promoted dtype. */
function addForward(kind: 'add' | 'sub', a: Tensor, b: Tensor, alpha: Scalar): Tensor {
  const dtype = resultType2(a, b);
  checkAlpha(dtype, alpha);
  const scaled = alpha === 1 || alpha === true ? b : K.binary('mul', b, wrap(alpha), dtype);
  return K.binary(kind, a, scaled, dtype);
}

const alphaOf = (opts?: { alpha?: Scalar }): Scalar => opts?.alpha ?? 1;
const times = (g: Tensor, alpha: Scalar): Tensor => (alpha === 1 || alpha === true ? g : g.mul(alpha));

const ADD = defineOp<AlphaArgs>({
  node: 'AddBackward0',
  batch: 'elementwise',
  jvp: 'linear',
  forward: ([a, b], { alpha }) => addForward('add', a, b, alpha),
  backward: (g, _s, { args }) => [g, times(g, args.alpha)],
});

const SUB = defineOp<AlphaArgs>({
  node: 'SubBackward0',
  batch: 'elementwise',
  jvp: 'linear',
  forward: ([a, b], { alpha }) => {
    checkSub(a, b);
    return addForward('sub', a, b, alpha);
  },
  backward: (g, _s, { args }) => [g, times(g, args.alpha).neg()],
});

// rsub(self, other, alpha) = other - alpha * self
const RSUB = defineOp<AlphaArgs>({
  node: 'RsubBackward0',
  batch: 'elementwise',
  jvp: 'linear',
  forward: ([a, b], { alpha }) => {
    checkSub(b, a);
    return addForward('sub', b, a, alpha);
  },
  backward: (g, _s, { args }) => [times(g, args.alpha).neg(), g],
});
const RSUB_SCALAR = defineOp<AlphaArgs>({ ...RSUB, node: 'RsubBackward1' });

export function addImpl(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
  return apply(ADD, [wrap(a), wrap(b)], { alpha: alphaOf(opts) });
}

// A number is accepted wherever a tensor operand is (DESIGN.md; PyTorch's parser does the same for
// add/sub/mul/div), so operands are typed `Tensor|Number`.
export const add = op('add(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', addImpl, {
  inplace: add_,
  samples: (k): OpSample[] => [
    ...k.binary('add', (a, b) => a.add(b)),
    ...k.binary('add alpha', (a, b) => a.add(b, { alpha: -0.5 })),
    ...k.unary('add scalar alpha', (x) => x.add(1.5, { alpha: 2 })),
    ...k.inplace('add_', (a, b) => a.clone().add_(b, { alpha: 2 })),
  ],
});

export function subImpl(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
  // torch.sub(1, x) stands for Python's 1 - x, which is rsub(x, 1) (DESIGN.md §1).
  if (!(a instanceof Tensor) && b instanceof Tensor) return rsubImpl(b, a, opts);
  return apply(SUB, [wrap(a), wrap(b)], { alpha: alphaOf(opts) });
}

export const sub = op('sub(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', subImpl, {
  inplace: sub_,
  samples: (k, f): OpSample[] => [
    ...k.binary('sub', (a, b) => a.sub(b)),
    ...k.binary('sub alpha', (a, b) => a.sub(b, { alpha: 3 })),
    ...k.unary('sub scalar', (x) => f(x, 0.5)),
    ...k.unary('rsub scalar', (x) => f(1, x)),
    ...k.inplace('sub_', (a, b) => a.clone().sub_(b)),
  ],
});
export const subtract = alias(sub, 'subtract');

/** other - alpha * self */
export function rsubImpl(self: TensorOrScalar, other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
  return apply(other instanceof Tensor ? RSUB : RSUB_SCALAR, [wrap(self), wrap(other)], { alpha: alphaOf(opts) });
}

export const rsub = op('rsub(Tensor|Number self, Tensor|Number other, *, Scalar alpha=1)', rsubImpl, {
  samples: (k, f): OpSample[] => [...k.binary('rsub', (a, b) => f(a, b, { alpha: 2 }))],
});

export function add_(self: Tensor, other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
  return inplace(ADD, self, [wrap(other)], { alpha: alphaOf(opts) });
}

export function sub_(self: Tensor, other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
  return inplace(SUB, self, [wrap(other)], { alpha: alphaOf(opts) });
}

// ---------------------------------------------------------------- mul, div

const MUL = defineOp({
  node: 'MulBackward0',
  jvp: 'elementwise',
  saves: ['self', 'other'],
  savedFor: { self: [1], other: [0] },
  forward: ([a, b]) => K.binary('mul', a, b, resultType2(a, b)),
  backward: (g, s, { needs }) => [needs[0] ? g.mul(s.other) : null, needs[1] ? g.mul(s.self) : null],
});

/** A C++ `tensor * number` (mul.Scalar), which PyTorch records as MulBackward1. */
const MUL_SCALAR = defineOp<{ other: number }>({
  node: 'MulBackward1',
  batch: 'elementwise',
  jvp: 'linear',
  forward: ([x], { other }) => {
    const s = wrap(other);
    return K.binary('mul', x, s, resultType2(x, s));
  },
  backward: (g, _s, { args }) => [mulScalar(g, args.other)],
});

/** tensor * number as ATen's own formulas multiply (MulBackward1, not Python's MulBackward0). */
export function mulScalar(x: Tensor, other: number): Tensor {
  return apply(MUL_SCALAR, [x], { other });
}

/** A C++ `tensor / number` (div.Scalar), which PyTorch records as DivBackward1. */
const DIV_SCALAR = defineOp<{ other: number }>({
  node: 'DivBackward1',
  forward: ([x], { other }) => K.binary('div', x, K.full([], other, x.dtype), x.dtype),
  backward: (g, _s, { args }) => [g.div(args.other)],
});

/** tensor / number as ATen's own formulas divide (DivBackward1, not Python's DivBackward0). */
export function divScalar(x: Tensor, other: number): Tensor {
  return apply(DIV_SCALAR, [x], { other });
}

const DIV = defineOp({
  node: 'DivBackward0',
  jvp: 'elementwise',
  saves: ['self', 'other'],
  savedFor: { self: [1] },
  forward: ([a, b]) => K.binary('div', a, b, floatOf(resultType2(a, b))),
  // d/da a/b = 1/b; d/db a/b = -(a/b)/b
  backward: (g, s, { needs }) => [
    needs[0] ? g.div(s.other) : null,
    needs[1] ? g.neg().mul(s.self.div(s.other).div(s.other)) : null,
  ],
});

export type RoundingMode = 'trunc' | 'floor';

/** Integer division by zero raises, as in PyTorch (floats give IEEE results). */
export function checkIntegerDivisor(b: Tensor, dtype: DType, a?: Tensor): void {
  if (dtype.is_floating_point) return;
  // The kernel raises on the elements it computes: an empty result computes none.
  if (a !== undefined && (a.numel() === 0 || b.numel() === 0)) return;
  const zero = K.binary('eq', b, wrap(0), b._dtype);
  if (K.reduce('any', zero, [...Array(zero.dim()).keys()], false, bool)._data[0]) {
    throw new RangeError('ZeroDivisionError');
  }
}

function divRounding(a: Tensor, b: Tensor, mode: RoundingMode): Tensor {
  const dtype = resultType2(a, b);
  if (dtype === bool) throw notImplemented(mode === 'trunc' ? 'div_trunc_cpu' : 'div_floor_cpu', dtype);
  checkIntegerDivisor(b, dtype, a);
  const kind: BinaryKind = mode === 'floor' ? 'floor_divide' : 'trunc_divide';
  return K.binary(kind, a, b, dtype);
}

// Rounded quotients are piecewise constant: the gradient is grad * 0 (NaN-propagating, as in ATen).
const DIV_MODE = defineOp<{ mode: RoundingMode }>({
  node: 'DivBackward2',
  forward: ([a, b], { mode }) => divRounding(a, b, mode),
  backward: (g) => [g.mul(0), g.mul(0)],
});

/** A node for ops PyTorch declares without a derivative: backward through it throws. */
export function notDifferentiable<A>(forward: OpDef<A>['forward'], name: string): OpDef<A> {
  return defineOp<A>({
    node: 'torch::autograd::NotImplemented',
    forward,
    backward: () => {
      throw new Error(`derivative for aten::${name} is not implemented`);
    },
  });
}

const FLOOR_DIVIDE = notDifferentiable(([a, b]) => divRounding(a, b, 'floor'), 'floor_divide');
const FLOOR_DIVIDE_ = notDifferentiable(([a, b]) => divRounding(a, b, 'floor'), 'floor_divide_');

function roundingMode(opts?: { rounding_mode?: string | null }): RoundingMode | null {
  const mode = opts?.rounding_mode ?? null;
  if (mode !== null && mode !== 'trunc' && mode !== 'floor') {
    throw new RangeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  }
  return mode;
}

export function mulImpl(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return apply(MUL, [wrap(a), wrap(b)], undefined);
}

export const mul = op('mul(Tensor|Number self, Tensor|Number other)', mulImpl, {
  inplace: mul_,
  samples: (k): OpSample[] => [
    ...k.binary('mul', (a, b) => a.mul(b)),
    ...k.unary('mul scalar', (x) => x.mul(-1.5)),
    ...k.inplace('mul_', (a, b) => a.clone().mul_(b)),
    ...k.unary('mul_ scalar twice', (x) => x.clone().mul_(2).mul_(x)),
  ],
});
export const multiply = alias(mul, 'multiply');

export function divImpl(a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: RoundingMode | null }): Tensor {
  const mode = roundingMode(opts);
  if (mode === null) return apply(DIV, [wrap(a), wrap(b)], undefined);
  return apply(DIV_MODE, [wrap(a), wrap(b)], { mode });
}

export const div = op('div(Tensor|Number self, Tensor|Number other, *, str? rounding_mode=None)', divImpl, {
  inplace: div_,
  samples: (k, f): OpSample[] => [
    ...k.binary('div', (a, b) => a.div(b), [-2, 2], [0.5, 2]),
    ...k.binary('div floor', (a, b) => a.div(b, { rounding_mode: 'floor' }), [0.1, 0.9], [1.5, 2]),
    ...k.unary('div scalar', (x) => x.div(0.7)),
    ...k.unary('scalar div', (x) => f(2, x), [0.3, 2]),
    ...k.inplace('div_', (a, b) => a.clone().div_(b), [-2, 2], [0.5, 2]),
  ],
});
export const divide = alias(div, 'divide');

export const true_divideImpl = (a: TensorOrScalar, b: TensorOrScalar): Tensor => divImpl(a, b);

export function floor_divideImpl(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return apply(FLOOR_DIVIDE, [wrap(a), wrap(b)], undefined);
}

export const floor_divide = op(
  ['floor_divide(Tensor|Number self, Tensor other)', 'floor_divide(Tensor self, Scalar other)'],
  floor_divideImpl,
  {
    inplace: floor_divide_,
  },
);

export function mul_(self: Tensor, other: TensorOrScalar): Tensor {
  return inplace(MUL, self, [wrap(other)], undefined);
}

export function div_(self: Tensor, other: TensorOrScalar, opts?: { rounding_mode?: RoundingMode | null }): Tensor {
  const mode = roundingMode(opts);
  if (mode === null) return inplace(DIV, self, [wrap(other)], undefined);
  return inplace(DIV_MODE, self, [wrap(other)], { mode });
}

export const true_divide_ = (self: Tensor, other: TensorOrScalar): Tensor => div_(self, other);

export const true_divide = op('true_divide(Tensor|Number self, Tensor|Number other)', true_divideImpl, {
  inplace: true_divide_,
});

export function floor_divide_(self: Tensor, other: TensorOrScalar): Tensor {
  return inplace(FLOOR_DIVIDE_, self, [wrap(other)], undefined);
}
