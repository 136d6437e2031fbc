// Declarations of the public ops whose implementations are not ops of their own: Tensor methods and
// torch.* functions that hand off to the Tensor class, src/tensor/ or src/autograd/ (detach, numel,
// is_tensor, is_floating_point, dtype casts, cpu, new_* factories, backward, retain_grad). They record
// no autograd node of their own (op(), fn(), method(), src/ops/declare.ts).

import { backward as runBackward } from '../autograd/api.js';
import { addPreHook } from '../autograd/node.js';
import { op, fn, method, overloads } from './declare.js';
import { addImpl } from './pointwise/arith.js';
import { toImpl } from './pointwise/fill.js';
import { cloneImpl } from './view.js';
import { type FactoryOpts, zeros, ones, empty, full, type NestedData, tensor } from '../tensor/creation.js';
import {
  DType,
  float32,
  float64,
  int64,
  int32,
  bool,
  toDType,
  type UnsupportedDType,
  float16,
  bfloat16,
  uint8,
  int8,
  int16,
  complex64,
  complex128,
} from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

type T = Tensor;
export const detach = op('detach(Tensor self)', (self: T): T => self.detach(), { method: false });

export const numel = fn('numel(Tensor self)', (x: Tensor): number => x.numel());
export const is_tensor = fn('is_tensor(Any obj)', (obj: unknown): boolean => obj instanceof Tensor);
export const is_floating_point = fn(
  'is_floating_point(Tensor self)',
  (x: Tensor): boolean => x.dtype.is_floating_point,
);
const cast =
  (d: DType) =>
  (self: Tensor): Tensor =>
    toImpl(self, d, false);
export const float = method('float(Tensor self, *, MemoryFormat? memory_format=None)', cast(float32));
export const double = method('double(Tensor self, *, MemoryFormat? memory_format=None)', cast(float64));
export const long = method('long(Tensor self, *, MemoryFormat? memory_format=None)', cast(int64));
export const int = method('int(Tensor self, *, MemoryFormat? memory_format=None)', cast(int32));
export const bool_ = method('bool(Tensor self, *, MemoryFormat? memory_format=None)', cast(bool));
// The casts to dtypes tensorgrad has not (torch.float16, ...) refuse with toDType's message.
const refuse =
  (d: UnsupportedDType) =>
  (_self: Tensor): Tensor =>
    toImpl(_self, toDType(d as never), false);
export const half = method('half(Tensor self, *, MemoryFormat? memory_format=None)', refuse(float16));
export const bfloat16_ = method('bfloat16(Tensor self, *, MemoryFormat? memory_format=None)', refuse(bfloat16));
export const byte = method('byte(Tensor self, *, MemoryFormat? memory_format=None)', refuse(uint8));
export const char = method('char(Tensor self, *, MemoryFormat? memory_format=None)', refuse(int8));
export const short = method('short(Tensor self, *, MemoryFormat? memory_format=None)', refuse(int16));
export const cfloat = method('cfloat(Tensor self, *, MemoryFormat? memory_format=None)', refuse(complex64));
export const cdouble = method('cdouble(Tensor self, *, MemoryFormat? memory_format=None)', refuse(complex128));

/** Tensor.cpu(): tensorgrad tensors live on the CPU, so this is the tensor itself (as in PyTorch). */
export const cpu = method('cpu(Tensor self, *, MemoryFormat? memory_format=None)', (self: Tensor): Tensor => self);

// self's dtype unless `dtype` is given; never requiring grad unless asked.
const NEW_OPTS =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';
type Sizes = readonly number[];
const like = (self: Tensor, opts?: FactoryOpts): FactoryOpts => ({ ...opts, dtype: opts?.dtype ?? self._dtype });
interface NewSized {
  (...size: number[]): Tensor;
  (...args: [...number[], FactoryOpts]): Tensor;
  (size: Sizes, opts?: FactoryOpts): Tensor;
}
export const new_zeros = method(
  `new_zeros(Tensor self, SymInt[] size, *, ${NEW_OPTS})`,
  (self: Tensor, size: Sizes, opts?: FactoryOpts): Tensor => zeros(size, like(self, opts)),
  { types: overloads<NewSized>() },
);
export const new_ones = method(
  `new_ones(Tensor self, SymInt[] size, *, ${NEW_OPTS})`,
  (self: Tensor, size: Sizes, opts?: FactoryOpts): Tensor => ones(size, like(self, opts)),
  { types: overloads<NewSized>() },
);
export const new_empty = method(
  `new_empty(Tensor self, SymInt[] size, *, ${NEW_OPTS})`,
  (self: Tensor, size: Sizes, opts?: FactoryOpts): Tensor => empty(size, like(self, opts)),
  { types: overloads<NewSized>() },
);
export const new_full = method(
  `new_full(Tensor self, SymInt[] size, Scalar fill_value, *, ${NEW_OPTS})`,
  (self: Tensor, size: Sizes, fill_value: number | boolean, opts?: FactoryOpts): Tensor =>
    full(size, fill_value, like(self, opts)),
);
export const new_tensor = method(
  `new_tensor(Tensor self, Any data, *, ${NEW_OPTS})`,
  (self: Tensor, data: NestedData, opts?: FactoryOpts): Tensor => tensor(data, like(self, opts)),
);

/** y.backward(gradient?, retain_graph?, create_graph?, inputs?) or y.backward({ gradient, ... }). */
export const backward = method(
  'backward(Tensor self, Tensor? gradient=None, bool? retain_graph=None, bool create_graph=False, Any inputs=None)',
  (
    self: Tensor,
    gradient?: Tensor | null,
    retain_graph?: boolean | null,
    create_graph?: boolean,
    inputs?: Tensor | readonly Tensor[] | null,
  ): void =>
    runBackward(self, gradient ?? null, {
      retain_graph,
      create_graph,
      inputs: inputs ?? undefined,
    }),
);

/** Keeps the gradient of a non-leaf in `.grad` after backward (accumulating, as for leaves). */
export const retain_grad = method('retain_grad(Tensor self)', (self: Tensor): void => {
  if (!self.requires_grad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
  const fn = self.grad_fn;
  if (fn === null || self._retainsGrad) return;
  self._retainsGrad = true;
  addPreHook(fn, self._outputNr, (g) => {
    self._grad = self._grad === null ? cloneImpl(g.detach()) : addImpl(self._grad, g.detach());
  });
});
