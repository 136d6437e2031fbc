// Tensor methods that have no torch.* function: in-place fills, conversions, shape helpers taking
// another tensor, random fills, backward. Their declarations live here, in a module src/index.ts
// does not re-export, so they add methods without adding torch.* names.

import { Tensor } from '../tensor/tensor.js';
import { bool, DType, float32, float64, int32, int64 } from '../tensor/dtype.js';
import { method, overloads, type Kwargs, type OpSample } from '../ops/declare.js';
import * as P from '../ops/pointwise.js';
import * as R from '../ops/reduce.js';
import * as V from '../ops/view.js';
import * as I from '../ops/indexing.js';
import * as RND from '../ops/random.js';
import * as A from '../autograd/api.js';
import { addPreHook } from '../autograd/node.js';
import { toDType } from '../tensor/dtype.js';
import { checkDevice, Device } from '../tensor/device.js';
import * as C from '../tensor/creation.js';
import type { FactoryOpts, NestedData } from '../tensor/creation.js';

type T = Tensor;
type Sizes = readonly number[];
interface SizesFn {
  (...sizes: number[]): T;
  (sizes: Sizes): T;
}

// ---------------------------------------------------------------- fills and copies
export const fill_ = method(['fill_(Tensor self, Tensor value)', 'fill_(Tensor self, Scalar value)'], P.fillImpl_);
export const zero_ = method('zero_(Tensor self)', P.zeroImpl_);
/** copy_ takes a number too, and fills with it (PyTorch's parser wraps it as a tensor). */
export const copy_ = method(
  'copy_(Tensor self, Tensor|Number other, bool non_blocking=False)',
  (self: T, src: T | number | boolean): T =>
    typeof src === 'number' || typeof src === 'boolean' ? P.fillImpl_(self, src) : P.copyImpl_(self, src),
);

// ---------------------------------------------------------------- conversions
const LEGACY_TYPES: Record<string, DType> = {
  'torch.FloatTensor': float32,
  'torch.DoubleTensor': float64,
  'torch.IntTensor': int32,
  'torch.LongTensor': int64,
  'torch.BoolTensor': bool,
};
interface ToFn {
  (dtype: DType | string, opts?: { copy?: boolean } & Kwargs): T;
  (other: T, opts?: { copy?: boolean } & Kwargs): T;
  (opts: { dtype?: DType | string; device?: string | Device; copy?: boolean } & Kwargs): T;
  (device: string | Device, dtype?: DType | string, non_blocking?: boolean, copy?: boolean): T;
}
const TO_TAIL = 'bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None';
/** to(dtype), to(other) (other's dtype), to(device, dtype); the same tensor when nothing changes, unless copy. */
export const to = method(
  [
    `to(Tensor self, ScalarType dtype, ${TO_TAIL})`,
    `to(Tensor self, Tensor tensor, ${TO_TAIL})`,
    `to(Tensor self, Device? device=None, ScalarType? dtype=None, ${TO_TAIL})`,
  ],
  (self: T, a?: unknown, b?: unknown, c?: unknown, d?: unknown): T => {
    let dtype: DType | null | undefined;
    let copy: unknown;
    if (a instanceof Device) a = String(a);
    if (a instanceof Tensor) [dtype, copy] = [a._dtype, c];
    else if (a instanceof DType || (typeof a === 'string' && a !== 'cpu' && b === undefined && isDType(a))) {
      [dtype, copy] = [toDType(a), c];
    } else {
      checkDevice(a);
      [dtype, copy] = [b === undefined || b === null ? undefined : toDType(b as DType | string), d];
    }
    return P.toImpl(self, dtype ?? self._dtype, (copy as boolean | undefined) ?? false);
  },
  { types: overloads<ToFn>() },
);
function isDType(s: string): boolean {
  try {
    toDType(s);
    return true;
  } catch {
    return false;
  }
}
export const type_as = method('type_as(Tensor self, Tensor other)', (self: T, other: T): T =>
  P.toImpl(self, other._dtype, false),
);
const cast =
  (d: DType) =>
  (self: T): T =>
    P.toImpl(self, d, false);
export const float = method('float(Tensor self, *, MemoryFormat? memory_format=None)', cast(float32));
export const double = method('double(Tensor self, *, MemoryFormat? memory_format=None)', cast(float64));
export const long = method('long(Tensor self, *, MemoryFormat? memory_format=None)', cast(int64));
export const int = method('int(Tensor self, *, MemoryFormat? memory_format=None)', cast(int32));
export const bool_ = method('bool(Tensor self, *, MemoryFormat? memory_format=None)', cast(bool));
interface TypeFn {
  (): string;
  (dtype: DType | string): T;
}
/** With no argument, the legacy type name ('torch.FloatTensor'); with a dtype, `to(dtype)`. */
export const type = method(
  'type(Tensor self, Any dtype=None, bool non_blocking=False)',
  (self: T, dtype?: unknown): string | T => {
    if (dtype === undefined || dtype === null) return self._dtype.legacyType;
    if (dtype instanceof DType) return P.toImpl(self, dtype, false);
    if (typeof dtype === 'string' && dtype in LEGACY_TYPES) return P.toImpl(self, LEGACY_TYPES[dtype], false);
    throw new TypeError(`invalid type: '${String(dtype)}'`);
  },
  { types: overloads<TypeFn>() },
);
export const contiguous = method(
  'contiguous(Tensor self, *, MemoryFormat memory_format=contiguous_format)',
  (self: T): T => V.contiguousImpl(self),
  {
    samples: (k): OpSample[] => [
      { name: 'contiguous', inputs: () => [k.transposed([3, 4])], fn: (x) => x.contiguous() },
    ],
  },
);

/** Tensor.cpu(): tensorgrad tensors live on the CPU, so this is the tensor itself (as in PyTorch). */
export const cpu = method('cpu(Tensor self, *, MemoryFormat? memory_format=None)', (self: T): T => self);

// ---------------------------------------------------------------- new tensors like self
// self's dtype unless `dtype` is given; never requiring grad unless asked.
const NEW_OPTS =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';
const like = (self: T, opts?: FactoryOpts): FactoryOpts => ({ ...opts, dtype: opts?.dtype ?? self._dtype });
interface NewSized {
  (...size: number[]): T;
  (...args: [...number[], FactoryOpts]): T;
  (size: Sizes, opts?: FactoryOpts): T;
}
export const new_zeros = method(
  `new_zeros(Tensor self, SymInt[] size, *, ${NEW_OPTS})`,
  (self: T, size: Sizes, opts?: FactoryOpts): T => C.zeros(size, like(self, opts)),
  { types: overloads<NewSized>() },
);
export const new_ones = method(
  `new_ones(Tensor self, SymInt[] size, *, ${NEW_OPTS})`,
  (self: T, size: Sizes, opts?: FactoryOpts): T => C.ones(size, like(self, opts)),
  { types: overloads<NewSized>() },
);
export const new_empty = method(
  `new_empty(Tensor self, SymInt[] size, *, ${NEW_OPTS})`,
  (self: T, size: Sizes, opts?: FactoryOpts): T => C.empty(size, like(self, opts)),
  { types: overloads<NewSized>() },
);
export const new_full = method(
  `new_full(Tensor self, SymInt[] size, Scalar fill_value, *, ${NEW_OPTS})`,
  (self: T, size: Sizes, fill_value: number | boolean, opts?: FactoryOpts): T =>
    C.full(size, fill_value, like(self, opts)),
);
export const new_tensor = method(
  `new_tensor(Tensor self, Any data, *, ${NEW_OPTS})`,
  (self: T, data: NestedData, opts?: FactoryOpts): T => C.tensor(data, like(self, opts)),
);

// ---------------------------------------------------------------- shapes from another tensor
export const view_as = method(
  'view_as(Tensor self, Tensor other)',
  (self: T, other: T): T => V.viewImpl(self, other._shape),
  { samples: (k): OpSample[] => [k.shaped('view_as', [2, 6], (x) => x.view_as(k.zeros(3, 4)))] },
);
export const reshape_as = method(
  'reshape_as(Tensor self, Tensor other)',
  (self: T, other: T): T => V.reshapeImpl(self, other._shape),
  {
    samples: (k): OpSample[] => [
      { name: 'reshape_as (copy)', inputs: () => [k.transposed([3, 4])], fn: (x) => x.reshape_as(k.zeros(2, 6)) },
    ],
  },
);
export const expand = method(
  'expand(Tensor self, SymInt[] size, *, bool implicit=False)',
  (self: T, size: Sizes): T => V.expandImpl(self, size),
  {
    types: overloads<SizesFn>(),
    samples: (k): OpSample[] => [
      k.shaped('expand', [3, 1], (x) => x.expand(2, 3, 4)),
      k.shaped('expand 0-d', [], (x) => x.expand(3, 2)),
    ],
  },
);
export const expand_as = method(
  'expand_as(Tensor self, Tensor other)',
  (self: T, other: T): T => V.expandImpl(self, other._shape),
  { samples: (k): OpSample[] => [k.shaped('expand_as', [1, 4], (x) => x.expand_as(k.zeros(3, 4)))] },
);
export const sum_to_size = method(
  'sum_to_size(Tensor self, SymInt[] size)',
  (self: T, size: Sizes): T => R.sum_to_sizeImpl(self, size),
  { types: overloads<SizesFn>() },
);
export const repeat = method(
  'repeat(Tensor self, SymInt[] repeats)',
  (self: T, repeats: Sizes): T => I.repeatImpl(self, repeats),
  {
    types: overloads<SizesFn>(),
    samples: (k): OpSample[] => [
      { name: 'repeat', inputs: () => [k.make([2, 3])], fn: (x) => x.repeat(2, 1, 3) },
      { name: 'repeat 0-d', inputs: () => [k.make([])], fn: (x) => x.repeat(3) },
    ],
  },
);

// ---------------------------------------------------------------- random fills
type G = RND.GeneratorOpts;
export const uniform_ = method(
  'uniform_(Tensor self, float from=0, float to=1, *, Generator? generator=None)',
  RND.uniformImpl_ as (self: T, from?: number, to?: number, opts?: G) => T,
);
export const normal_ = method(
  'normal_(Tensor self, float mean=0, float std=1, *, Generator? generator=None)',
  RND.normalImpl_ as (self: T, mean?: number, std?: number, opts?: G) => T,
);
export const random_ = method(
  [
    'random_(Tensor self, *, Generator? generator=None)',
    'random_(Tensor self, int to, *, Generator? generator=None)',
    'random_(Tensor self, int from, int? to, *, Generator? generator=None)',
  ],
  RND.randomImpl_ as (self: T, from?: number, to?: number | null, opts?: G) => T,
);
export const exponential_ = method(
  'exponential_(Tensor self, float lambd=1, *, Generator? generator=None)',
  RND.exponentialImpl_ as (self: T, lambd?: number, opts?: G) => T,
);
export const bernoulli_ = method(
  [
    'bernoulli_(Tensor self, Tensor p, *, Generator? generator=None)',
    'bernoulli_(Tensor self, float p=0.5, *, Generator? generator=None)',
  ],
  RND.bernoulliImpl_ as (self: T, p?: number | T, opts?: G) => T,
);

// ---------------------------------------------------------------- autograd
/** y.backward(gradient?, retain_graph?, create_graph?, inputs?) or y.backward({ gradient, ... }). */
export const backward = method(
  'backward(Tensor self, Tensor? gradient=None, bool? retain_graph=None, bool create_graph=False, Any inputs=None)',
  (
    self: T,
    gradient?: T | null,
    retain_graph?: boolean | null,
    create_graph?: boolean,
    inputs?: T | readonly T[] | null,
  ): void =>
    A.backward(self, gradient ?? null, {
      retain_graph,
      create_graph,
      inputs: inputs ?? undefined,
    }),
);

/** Keeps the gradient of a non-leaf in `.grad` after backward (accumulating, as for leaves). */
export const retain_grad = method('retain_grad(Tensor self)', (self: T): void => {
  if (!self.requires_grad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
  const fn = self.grad_fn;
  if (fn === null || self._retainsGrad) return;
  self._retainsGrad = true;
  addPreHook(fn, self._outputNr, (g) => {
    self._grad = self._grad === null ? V.cloneImpl(g.detach()) : P.addImpl(self._grad, g.detach());
  });
});
