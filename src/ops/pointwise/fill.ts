// Writing values: fill_, zero_, copy_ (broadcasting and casting into self), and dtype conversion.
//
// The public ops implemented here are declared here too (Tensor methods; op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { backend } from '../../backend/index.js';
import { is_grad_enabled } from '../../autograd/grad_mode.js';
import {
  convertFill,
  type DType,
  DType as DType2,
  toDType,
  float32,
  float64,
  int32,
  int64,
  bool,
  UnsupportedDType,
} from '../../tensor/dtype.js';

export { convertFill };
import { broadcastShapes, shapeEquals } from '../../tensor/shape.js';
import { Tensor, type Scalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, applyInplace, checkInplaceTarget, defineOp } from '../../autograd/op.js';
import { writeInto } from '../view.js';
import { method, overloads, type Kwargs } from '../declare.js';
import { Device, checkDevice } from '../../tensor/device.js';

/** Whether an in-place write must go through the autograd machinery (else it is a plain write). */
function recorded(self: Tensor, src: Tensor | null): boolean {
  // A dual tensor (forward AD) on either side takes the recorded path, which updates tangents.
  if (self._fw !== null || (src !== null && src._fw !== null)) return true;
  return is_grad_enabled() && (self.requires_grad || (src !== null && src.requires_grad));
}

// ---------------------------------------------------------------- fill_, zero_

const fillForward = ([x]: readonly Tensor[], { value }: { value: number }): Tensor => K.full(x._shape, value, x._dtype);
const zerosOf = (g: Tensor): Tensor => K.full(g._shape, 0, g._dtype);

const FILL = defineOp<{ value: number }>({
  node: 'FillBackward2',
  forward: fillForward,
  backward: (g) => [zerosOf(g)],
});
const ZERO = defineOp<{ value: number }>({
  node: 'ZeroBackward0',
  forward: fillForward,
  backward: (g) => [zerosOf(g)],
});
// fill_(Tensor value): the value gets the sum of the gradient.
const FILL_TENSOR = defineOp<{ value: number }>({
  node: 'FillBackward3',
  forward: fillForward,
  backward: (g) => [zerosOf(g), g.sum()],
});

function fillWith(self: Tensor, raw: number, value: Tensor | null, zero: boolean): Tensor {
  const v = convertFill(raw, self._dtype);
  if (!recorded(self, value)) {
    checkInplaceTarget(self);
    backend().fill(self._v(), v);
    self._bumpVersion();
    return self;
  }
  const def = value !== null ? FILL_TENSOR : zero ? ZERO : FILL;
  return applyInplace(def, self, value !== null ? [value] : [], { value: v });
}

export function fillImpl_(self: Tensor, value: Tensor | Scalar): Tensor {
  if (value instanceof Tensor) {
    if (value.dim() !== 0) {
      throw new RangeError(
        `fill_ only supports 0-dimension value tensor but got tensor with ${value.dim()} dimensions.`,
      );
    }
    return fillWith(self, Number(value.item()), value, false);
  }
  return fillWith(self, Number(value), null, false);
}

export const fill_ = method(['fill_(Tensor self, Tensor value)', 'fill_(Tensor self, Scalar value)'], fillImpl_);

type T = Tensor;
/** copy_ takes a number too, and fills with it (PyTorch's parser wraps it as a tensor). */
export const copy_ = method(
  'copy_(Tensor self, Tensor|Number other, bool non_blocking=False)',
  (self: T, src: T | number | boolean): T =>
    typeof src === 'number' || typeof src === 'boolean' ? fillImpl_(self, src) : copyImpl_(self, src),
);

export const zeroImpl_ = (self: Tensor): Tensor => fillWith(self, 0, null, true);

export const zero_ = method('zero_(Tensor self)', zeroImpl_);

// ---------------------------------------------------------------- copy_

const COPY = defineOp({
  node: 'torch::autograd::CopyBackwards',
  forward: ([self, src]) => {
    const out = K.empty(self._shape, self._dtype);
    writeInto(out, src);
    return out;
  },
  backward: (g) => [zerosOf(g), g],
});

export function copyImpl_(self: Tensor, src: Tensor): Tensor {
  const shape = broadcastShapes(self._shape, src._shape);
  if (!shapeEquals(shape, self._shape)) {
    throw new RangeError(
      `output with shape [${self._shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`,
    );
  }
  // An integer self cannot carry history, whatever src is.
  if (!recorded(self, src) || !self._dtype.is_floating_point) {
    if (is_grad_enabled()) self._checkInplace();
    self._writeInPlace(src);
    return self;
  }
  return applyInplace(COPY, self, [src], undefined);
}

// ---------------------------------------------------------------- to

const TO_COPY = defineOp<{ dtype: DType }>({
  node: 'ToCopyBackward0',
  forward: ([x], { dtype }) => (x._dtype === dtype ? K.copyOf(x) : K.cast(x, dtype)),
  backward: (g, _s, { meta }) => [g.to(meta[0].dtype)],
  // A dtype conversion is elementwise and linear: under vmap it converts the whole batch (tanh's
  // float32 backward converts under jacrev's vmap), its tangent is the converted tangent.
  jvp: 'linear',
  batch: 'elementwise',
});

/** x converted to dtype: x itself when it already has it (unless copy), else a new tensor. */
export function toImpl(x: Tensor, dtype: DType, copy: boolean): Tensor {
  if (x._dtype === dtype && !copy) return x;
  return apply(TO_COPY, [x], { dtype });
}

const TO_TAIL = 'bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None';
function isDType(s: string): boolean {
  try {
    toDType(s);
    return true;
  } catch {
    return false;
  }
}
interface ToFn {
  (dtype: DType2 | string, opts?: { copy?: boolean } & Kwargs): T;
  (other: T, opts?: { copy?: boolean } & Kwargs): T;
  (opts: { dtype?: DType2 | string; device?: string | Device; copy?: boolean } & Kwargs): T;
  (device: string | Device, dtype?: DType2 | string, non_blocking?: boolean, copy?: boolean): T;
}
/** to(dtype), to(other) (other's dtype), to(device, dtype); the same tensor when nothing changes, unless copy. */
export const to = method(
  [
    `to(Tensor self, ScalarType dtype, ${TO_TAIL})`,
    `to(Tensor self, Tensor tensor, ${TO_TAIL})`,
    `to(Tensor self, Device? device=None, ScalarType? dtype=None, ${TO_TAIL})`,
  ],
  (self: T, a?: unknown, b?: unknown, c?: unknown, d?: unknown): T => {
    let dtype: DType2 | null | undefined;
    let copy: unknown;
    if (a instanceof Device) a = String(a);
    if (a instanceof Tensor) [dtype, copy] = [a._dtype, c];
    else if (a instanceof DType2 || (typeof a === 'string' && a !== 'cpu' && b === undefined && isDType(a))) {
      [dtype, copy] = [toDType(a), c];
    } else {
      checkDevice(a);
      [dtype, copy] = [b === undefined || b === null ? undefined : toDType(b as DType2 | string), d];
    }
    return toImpl(self, dtype ?? self._dtype, (copy as boolean | undefined) ?? false);
  },
  { types: overloads<ToFn>() },
);
export const type_as = method('type_as(Tensor self, Tensor other)', (self: T, other: T): T =>
  toImpl(self, other._dtype, false),
);

const LEGACY_TYPES: Record<string, DType2> = {
  'torch.FloatTensor': float32,
  'torch.DoubleTensor': float64,
  'torch.IntTensor': int32,
  'torch.LongTensor': int64,
  'torch.BoolTensor': bool,
};
interface TypeFn {
  (): string;
  (dtype: DType2 | string): T;
}
/** With no argument, the legacy type name ('torch.FloatTensor'); with a dtype, `to(dtype)`. */
export const type = method(
  'type(Tensor self, Any dtype=None, bool non_blocking=False)',
  (self: T, dtype?: unknown): string | T => {
    if (dtype === undefined || dtype === null) return self._dtype.legacyType;
    if (dtype instanceof DType2) return toImpl(self, dtype, false);
    if (dtype instanceof UnsupportedDType) toDType(dtype as never); // throws its message
    if (typeof dtype === 'string' && dtype in LEGACY_TYPES) return toImpl(self, LEGACY_TYPES[dtype], false);
    throw new TypeError(`invalid type: '${String(dtype)}'`);
  },
  { types: overloads<TypeFn>() },
);
