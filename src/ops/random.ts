// Random sampling with PyTorch 1.13's CPU streams: the same generator draws, the same transforms
// and the same code paths for small and large tensors, so `torch.manual_seed(s)` followed by the
// same calls gives the same values as PyTorch, bit for bit (see Note [Which draws each sampler
// makes] in random_fill.ts). Values fill the output in the order TensorIterator visits it: memory
// order, which differs from logical order for transposed and other permuted layouts.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods; op(), fn(), method(), src/ops/declare.ts), each right after its implementation:
// its PyTorch signature and gradcheck samples beside the forward, the autograd node (backward
// formula, saved tensors, JVP and batching rule) and any composite it is built from.

import { Generator, default_generator } from '../tensor/generator.js';
import { allocate } from '../tensor/alloc.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDevice, type Device } from '../tensor/device.js';
import {
  bool,
  float32,
  float64,
  get_default_dtype,
  int32,
  int64,
  toDType,
  type DType,
  type TypedArray,
} from '../tensor/dtype.js';
import { broadcastShapes, contiguousStrides, isContiguous, numel, parseSize } from '../tensor/shape.js';
import { apply, applyInplace, defineOp, type Saved } from '../autograd/op.js';
import * as K from '../tensor/kernels.js';
import { stackImpl } from './join.js';
import { backend } from '../backend/index.js';
import { no_grad } from '../autograd/grad_mode.js';
import {
  checkRandomness,
  checkSameRandomness,
  levelsOf,
  randomLevels,
  unwrapLevels,
  vmapState,
  withoutVmap,
  wrapLevels,
} from '../autograd/batching.js';
import {
  fillBernoulli,
  fillExponential,
  fillNormal,
  fillRandomDefault,
  fillRandomFromTo,
  fillRandperm,
  fillUniform,
} from '../tensor/random_fill.js';
import {
  checkExpandable,
  checkFromOnly,
  checkFromTo,
  checkNoInternalOverlap,
  checkNormal,
  checkStdTensor,
  checkUniform,
  cppDouble,
  notImplemented,
} from '../tensor/random_checks.js';
import { op, overloads, method } from './declare.js';

export interface GeneratorOpts {
  generator?: Generator | null;
}

export interface RandomOpts extends GeneratorOpts {
  dtype?: DType | string | null;
  requires_grad?: boolean;
  device?: string | Device;
  /** PyTorch's out=: the result is written into this tensor, which is returned. */
  out?: Tensor | null;
}

// ---------------------------------------------------------------- layout and argument helpers

/**
 * Dense strides for `shape` laid out in the dim order of `strides` (outermost = largest stride):
 * filling such a buffer front to back visits elements in the order TensorIterator visits an
 * output with `strides`.
 */
function memoryOrderStrides(shape: readonly number[], strides: readonly number[]): number[] {
  const dims = shape.map((_, d) => d).sort((a, b) => strides[b] - strides[a] || a - b);
  const out = new Array<number>(shape.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    out[dims[i]] = acc;
    acc *= Math.max(shape[dims[i]], 1);
  }
  return out;
}

function isNonOverlappingAndDense(shape: readonly number[], strides: readonly number[]): boolean {
  const dims = shape.map((_, d) => d).filter((d) => shape[d] !== 1);
  dims.sort((a, b) => strides[a] - strides[b]);
  let expected = 1;
  for (const d of dims) {
    if (shape[d] === 0) return true;
    if (strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

/** @internal A fresh tensor of `shape` whose buffer `fill` writes in iteration order. */
export function sampled(
  shape: readonly number[],
  strides: number[],
  dtype: DType,
  fill: (buf: TypedArray) => void,
): Tensor {
  const buf = allocate(dtype, numel(shape), shape);
  fill(buf);
  return Tensor._make(buf, [...shape], strides, 0, dtype);
}

/** @internal The generator named in opts, else the default one. */
export function genOf(opts?: GeneratorOpts | null): Generator {
  checkRandomness();
  const g = opts?.generator;
  if (g === undefined || g === null) return default_generator;
  if (!(g instanceof Generator)) throw new TypeError('generator must be a torch.Generator');
  return g;
}

// ---------------------------------------------------------------- inside vmap (Note [vmap randomness])

const sizesOf = (levels: readonly number[]): number[] => levels.map((l) => vmapState.sizes[l - 1]);

/** A factory inside vmap: one draw with each 'different' level's batch size in front. */
function vmapFactory(draw: (lead: number[]) => Tensor): Tensor {
  const levels = randomLevels();
  return wrapLevels(
    withoutVmap(() => draw(sizesOf(levels))),
    levels,
  );
}

/** inputs' physical values over `levels`, their per-example dims aligned to a common rank. */
function physicalInputs(inputs: readonly Tensor[], levels: readonly number[]): Tensor[] {
  const rank = Math.max(...inputs.map((t) => t.dim()));
  return inputs.map((t) => {
    const p = unwrapLevels(t, levels);
    if (t.dim() === rank) return p;
    const lead = p._shape.slice(0, levels.length);
    return p.reshape([...lead, ...new Array<number>(rank - t.dim()).fill(1), ...t._shape]);
  });
}

/** @internal A sampler with tensor inputs (bernoulli(p), normal(mean, std), multinomial) inside vmap. */
export function vmapSampler(inputs: readonly Tensor[], draw: (phys: Tensor[]) => Tensor): Tensor {
  const levels = randomLevels();
  checkSameRandomness(inputs);
  const phys = physicalInputs(inputs, levels);
  return wrapLevels(
    withoutVmap(() => draw(phys)),
    levels,
  );
}

/**
 * An in-place sampler inside vmap: draws into self's physical value; where self is batched at a
 * 'same' level, draws once for that level's examples and writes the draw into each of them.
 */
function vmapInplace(
  name: string,
  self: Tensor,
  others: readonly Tensor[],
  draw: (self: Tensor, others: Tensor[]) => Tensor,
): Tensor {
  const levels = randomLevels();
  checkSameRandomness(others);
  const own = levelsOf(self);
  for (const l of levels) {
    if (own.includes(l)) continue;
    if (others.some((o) => levelsOf(o).includes(l))) {
      throw new Error(
        `vmap: inplace ${name}(self, *extra_args) is not possible because there exists a Tensor \`other\` in ` +
          'extra_args that has more elements than `self`. This happened due to `other` being vmapped over but ' +
          `\`self\` not being vmapped over in a vmap. Please try to use out-of-place operators instead of inplace ` +
          `${name}. If said operator is being called inside the PyTorch framework, please file a bug report instead.`,
      );
    }
    throw new Error(
      'vmap: Cannot ask for different inplace randomness on an unbatched tensor. This will appear like same ' +
        'randomness. If this is necessary for your usage, please file an issue with functorch.',
    );
  }
  const phys = unwrapLevels(self, own);
  const rest = physicalInputs(others, levels);
  withoutVmap(() => {
    if (own.length === levels.length) {
      draw(phys, rest);
      return;
    }
    const noise = draw(K.empty([...sizesOf(levels), ...self._shape], self.dtype), rest);
    const view = [...own.map((l) => (levels.includes(l) ? vmapState.sizes[l - 1] : 1)), ...self._shape];
    phys.copy_(noise.reshape(view));
  });
  return self;
}

function finishFactory(t: Tensor, opts?: RandomOpts): Tensor {
  checkDevice(opts?.device);
  if (opts?.requires_grad) {
    if (!t.dtype.is_floating_point) {
      throw new Error('Only Tensors of floating point and complex dtype can require gradients');
    }
    t.requires_grad_(true);
  }
  return t;
}

type SizeArgs = (number | readonly number[] | RandomOpts | undefined)[];

function sizeAndOpts(args: SizeArgs): [number[], RandomOpts | undefined] {
  const last = args[args.length - 1];
  const hasOpts = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const sizes = (hasOpts ? args.slice(0, -1) : args).filter((a) => a !== undefined);
  return [parseSize(sizes), hasOpts ? (last as RandomOpts) : undefined];
}

function floatDTypeOf(opts: RandomOpts | undefined, fallback: DType, kernel: string): DType {
  const dtype = opts?.dtype != null ? toDType(opts.dtype) : fallback;
  if (!dtype.is_floating_point) throw notImplemented(kernel, dtype);
  return dtype;
}

// ---------------------------------------------------------------- in-place samplers (Tensor methods)

interface FillArgs {
  fill: (buf: TypedArray, contiguous: boolean) => void;
}

const zeros = (g: Tensor): Tensor => K.full(g.shape, 0, g.dtype);

/** A sample does not move with its parameters (PyTorch's derivative formulas give zeros). */
const zeroTangent = (_t: readonly (Tensor | null)[], s: Saved): Tensor => zeros(s.result);

function inplaceSampler(node: string) {
  return defineOp<FillArgs>({
    node,
    forward: ([self], { fill }) => {
      const contiguous = isContiguous(self._shape, self._strides);
      const strides = contiguous ? contiguousStrides(self._shape) : memoryOrderStrides(self._shape, self._strides);
      return sampled(self._shape, strides, self.dtype, (buf) => fill(buf, contiguous));
    },
    jvp: zeroTangent,
    backward: (g) => [zeros(g)],
  });
}

const UNIFORM_ = inplaceSampler('UniformBackward0');
const NORMAL_ = inplaceSampler('NormalBackward0');
const RANDOM_ = inplaceSampler('RandomBackward0');
const EXPONENTIAL_ = inplaceSampler('ExponentialBackward0');
const BERNOULLI_SCALAR_ = inplaceSampler('BernoulliBackward2');

function runInplace(def: ReturnType<typeof inplaceSampler>, self: Tensor, fill: FillArgs['fill']): Tensor {
  checkNoInternalOverlap(self);
  if (self.numel() === 0) return self;
  return applyInplace(def, self, [], { fill });
}

/** Splits (a?, b?, opts?): leading numbers (or nulls), then an optional options object. */
function numbersAndOpts(args: unknown[]): [(number | null | undefined)[], GeneratorOpts | undefined] {
  const at = args.findIndex((a) => a !== null && typeof a === 'object');
  const nums = (at < 0 ? args : args.slice(0, at)) as (number | null | undefined)[];
  while (nums.length > 0 && nums[nums.length - 1] === undefined) nums.pop();
  return [nums, at < 0 ? undefined : (args[at] as GeneratorOpts)];
}

/** Tensor.uniform_(from = 0, to = 1, { generator }). */
export function uniformImpl_(self: Tensor, ...args: unknown[]): Tensor {
  if (vmapState.depth !== 0) return vmapInplace('uniform_', self, [], (t) => uniformImpl_(t, ...args));
  const [[from = 0, to = 1], opts] = numbersAndOpts(args);
  checkUniform(self.dtype, from as number, to as number);
  const g = genOf(opts);
  return runInplace(UNIFORM_, self, (buf) => fillUniform(buf, self.dtype === float64, from as number, to as number, g));
}

type G = GeneratorOpts;
export const uniform_ = method(
  'uniform_(Tensor self, float from=0, float to=1, *, Generator? generator=None)',
  uniformImpl_ as (self: Tensor, from?: number, to?: number, opts?: G) => Tensor,
);

/** Tensor.normal_(mean = 0, std = 1, { generator }). */
export function normalImpl_(self: Tensor, ...args: unknown[]): Tensor {
  if (vmapState.depth !== 0) return vmapInplace('normal_', self, [], (t) => normalImpl_(t, ...args));
  const [[mean = 0, std = 1], opts] = numbersAndOpts(args);
  checkNormal(self.dtype, std as number);
  const g = genOf(opts);
  return runInplace(NORMAL_, self, (buf, contiguous) => fillNormal(buf, contiguous, mean as number, std as number, g));
}

export const normal_ = method(
  'normal_(Tensor self, float mean=0, float std=1, *, Generator? generator=None)',
  normalImpl_ as (self: Tensor, mean?: number, std?: number, opts?: G) => Tensor,
);

/** Tensor.random_(), random_(to), random_(from, to), random_(from, null), each with an optional { generator }. */
export function randomImpl_(self: Tensor, ...args: unknown[]): Tensor {
  if (vmapState.depth !== 0) return vmapInplace('random_', self, [], (t) => randomImpl_(t, ...args));
  const [nums, opts] = numbersAndOpts(args);
  const g = genOf(opts);
  const dtype = self.dtype;
  if (nums.length === 0) return runInplace(RANDOM_, self, (buf) => fillRandomDefault(buf, dtype, g));
  const [from, to] = nums.length === 1 ? [0, nums[0] as number] : [nums[0] as number, nums[1]];
  if (to === null || to === undefined) {
    const [lo, range] = checkFromOnly(dtype, from);
    return runInplace(RANDOM_, self, (buf) => fillRandomFromTo(buf, dtype, range, lo, g));
  }
  const [lo, hi] = checkFromTo(dtype, from, to);
  return runInplace(RANDOM_, self, (buf) => fillRandomFromTo(buf, dtype, hi - lo, lo, g));
}

export const random_ = method(
  [
    'random_(Tensor self, *, Generator? generator=None)',
    'random_(Tensor self, int to, *, Generator? generator=None)',
    'random_(Tensor self, int from, int? to, *, Generator? generator=None)',
  ],
  randomImpl_ as (self: Tensor, from?: number, to?: number | null, opts?: G) => Tensor,
);

/** Tensor.exponential_(lambd = 1, { generator }). */
export function exponentialImpl_(self: Tensor, ...args: unknown[]): Tensor {
  if (vmapState.depth !== 0) return vmapInplace('exponential_', self, [], (t) => exponentialImpl_(t, ...args));
  const [[lambd = 1], opts] = numbersAndOpts(args);
  if (!((lambd as number) >= 0)) {
    throw new Error(`exponential_ expects lambda >= 0.0, but found lambda=${cppDouble(lambd as number)}`);
  }
  if (!self.dtype.is_floating_point) throw notImplemented('exponential_cpu', self.dtype);
  const g = genOf(opts);
  return runInplace(EXPONENTIAL_, self, (buf) => fillExponential(buf, lambd as number, g));
}

export const exponential_ = method(
  'exponential_(Tensor self, float lambd=1, *, Generator? generator=None)',
  exponentialImpl_ as (self: Tensor, lambd?: number, opts?: G) => Tensor,
);

const BERNOULLI_TENSOR_ = defineOp<{ g: Generator }>({
  node: 'BernoulliBackward1',
  forward: ([self, p], { g }) => {
    const strides = memoryOrderStrides(self._shape, self._strides);
    // p's values (broadcast to self's shape) in the order the output is filled.
    const order = self._shape.map((_, d) => d).sort((a, b) => strides[b] - strides[a] || a - b);
    const src = K.broadcastView(p, self._shape);
    const shape = order.map((d) => self._shape[d]);
    const probs = new p.dtype.array(self.numel());
    backend().copy(
      { data: src.data, shape, strides: order.map((d) => src.strides[d]), offset: src.offset },
      { data: probs, shape, strides: contiguousStrides(shape), offset: 0 },
      false,
    );
    return sampled(self._shape, strides, self.dtype, (buf) => fillBernoulli(buf, probs, g));
  },
  jvp: zeroTangent,
  backward: (grad, _s, { meta }) => [zeros(grad), K.full(meta[1].shape, 0, meta[1].dtype)],
});

/** Tensor.bernoulli_(p = 0.5, { generator }): p a number or a tensor of probabilities. */
export function bernoulliImpl_(self: Tensor, p: number | Tensor | GeneratorOpts = 0.5, opts?: GeneratorOpts): Tensor {
  if (p !== null && typeof p === 'object' && !(p instanceof Tensor)) return bernoulliImpl_(self, 0.5, p);
  if (vmapState.depth !== 0) {
    return p instanceof Tensor
      ? vmapInplace('bernoulli', self, [p], (t, [q]) => bernoulliImpl_(t, q, opts))
      : vmapInplace('bernoulli', self, [], (t) => bernoulliImpl_(t, p, opts));
  }
  const g = genOf(opts);
  if (p instanceof Tensor) {
    if (!p.dtype.is_floating_point) throw notImplemented('bernoulli_tensor_cpu_p_', p.dtype);
    checkExpandable(p, self._shape);
    checkNoInternalOverlap(self);
    if (self.numel() === 0) return self;
    return applyInplace(BERNOULLI_TENSOR_, self, [p], { g });
  }
  if (!(p >= 0 && p <= 1)) throw new Error(`bernoulli_ expects p to be in [0, 1], but got p=${cppDouble(p)}`);
  return runInplace(BERNOULLI_SCALAR_, self, (buf) => fillBernoulli(buf, p, g));
}

export const bernoulli_ = method(
  [
    'bernoulli_(Tensor self, Tensor p, *, Generator? generator=None)',
    'bernoulli_(Tensor self, float p=0.5, *, Generator? generator=None)',
  ],
  bernoulliImpl_ as (self: Tensor, p?: number | Tensor, opts?: G) => Tensor,
);

// ---------------------------------------------------------------- factories

/**
 * A fresh tensor of t's shape and dtype filled by bernoulli_(p): dropout's mask. Inside vmap it
 * follows the randomness option as functorch's native_dropout rule does: 'different' draws a mask
 * per example, 'same' one for the whole batch (whether or not t is batched).
 */
export function bernoulliLike(t: Tensor, p: number): Tensor {
  if (vmapState.depth === 0) return bernoulliImpl_(K.empty(t._shape, t.dtype), p);
  return vmapFactory((lead) => bernoulliImpl_(K.empty([...lead, ...t._shape], t.dtype), p));
}

/** torch.rand(*size, { dtype, generator, requires_grad }): uniform on [0, 1). */
export function randImpl(...args: SizeArgs): Tensor {
  const [shape, opts] = sizeAndOpts(args);
  if (vmapState.depth !== 0) return vmapFactory((lead) => randImpl([...lead, ...shape], opts));
  const dtype = floatDTypeOf(opts, get_default_dtype(), 'check_uniform_bounds');
  const g = genOf(opts);
  const t = sampled(shape, contiguousStrides(shape), dtype, (buf) => fillUniform(buf, dtype === float64, 0, 1, g));
  return finishFactory(t, opts);
}

/** The keyword-only options every factory takes (PyTorch's TensorOptions and requires_grad). */
const FACTORY =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';

const RANDOM_FACTORY = `Generator? generator=None, ${FACTORY}`;

type T = Tensor;
type Sizes = readonly number[];

interface SizedFactory<O> {
  (...size: number[]): T;
  (...args: [...number[], O]): T;
  (size: Sizes, opts?: O): T;
}
export const rand = op(`rand(SymInt[] size=[], *, ${RANDOM_FACTORY})`, randImpl, {
  types: overloads<SizedFactory<RandomOpts>>(),
});

/** torch.randn(*size, { dtype, generator, requires_grad }): standard normal. */
export function randnImpl(...args: SizeArgs): Tensor {
  const [shape, opts] = sizeAndOpts(args);
  if (vmapState.depth !== 0) return vmapFactory((lead) => randnImpl([...lead, ...shape], opts));
  const dtype = floatDTypeOf(opts, get_default_dtype(), 'normal_kernel_cpu');
  const g = genOf(opts);
  const t = sampled(shape, contiguousStrides(shape), dtype, (buf) => fillNormal(buf, true, 0, 1, g));
  return finishFactory(t, opts);
}

export const randn = op(`randn(SymInt[] size=[], *, ${RANDOM_FACTORY})`, randnImpl, {
  types: overloads<SizedFactory<RandomOpts>>(),
});

/**
 * torch.randint(high, size) or randint(low, high, size), with { dtype (int64), generator,
 * requires_grad }: integers uniform on [low, high).
 */
export function randintImpl(...args: (number | readonly number[] | RandomOpts | undefined)[]): Tensor {
  const last = args[args.length - 1];
  const opts =
    last !== undefined && typeof last === 'object' && !Array.isArray(last) ? (last as RandomOpts) : undefined;
  const rest = (opts ? args.slice(0, -1) : args).filter((a) => a !== undefined);
  const sizeAt = rest.findIndex((a) => Array.isArray(a));
  if (sizeAt < 1 || sizeAt > 2 || sizeAt !== rest.length - 1) {
    throw new TypeError('randint() expects (high, size) or (low, high, size), with size a sequence of integers');
  }
  const [low, high] = sizeAt === 1 ? [0, rest[0] as number] : [rest[0] as number, rest[1] as number];
  const shape = parseSize([rest[sizeAt]]);
  if (vmapState.depth !== 0) return vmapFactory((lead) => randintImpl(low, high, [...lead, ...shape], opts));
  const dtype = opts?.dtype != null ? toDType(opts.dtype) : int64;
  const [from, to] = checkFromTo(dtype, low, high);
  const g = genOf(opts);
  const t = sampled(shape, contiguousStrides(shape), dtype, (buf) => fillRandomFromTo(buf, dtype, to - from, from, g));
  return finishFactory(t, opts);
}

interface Randint {
  (high: number, size: Sizes, opts?: RandomOpts): T;
  (low: number, high: number, size: Sizes, opts?: RandomOpts): T;
}
export const randint = op(
  [
    `randint(int high, SymInt[] size, *, ${RANDOM_FACTORY})`,
    `randint(int low, int high, SymInt[] size, *, ${RANDOM_FACTORY})`,
  ],
  randintImpl,
  { types: overloads<Randint>() },
);

/** torch.randperm(n, { dtype (int64), generator, requires_grad }): a random permutation of 0..n-1. */
export function randpermImpl(n: number, opts?: RandomOpts): Tensor {
  if (!Number.isInteger(n)) throw new TypeError(`randperm(): argument 'n' must be int, not ${n}`);
  if (n < 0) throw new RangeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  const dtype = opts?.dtype != null ? toDType(opts.dtype) : int64;
  if (dtype === bool) throw notImplemented('randperm', dtype);
  if (dtype === float32 && n > 2 ** 24 + 1) throw new Error('n cannot be greater than 2^24+1 for Float type.');
  if (dtype === float64 && n > 2 ** 53 + 1) throw new Error('n cannot be greater than 2^53+1 for Double type.');
  if (dtype === int32 && n > 2147483647) throw new Error('value cannot be converted to type int without overflow');
  if (vmapState.depth !== 0) {
    // One permutation per example of the 'different' levels.
    return vmapFactory((lead) => {
      const count = lead.reduce((a, b) => a * b, 1);
      if (lead.length === 0) return randpermImpl(n, opts);
      const perms = Array.from({ length: count }, () => randpermImpl(n, opts));
      return stackImpl(perms, 0).reshape([...lead, n]);
    });
  }
  const g = genOf(opts);
  const t = sampled([n], [1], dtype, (r) => fillRandperm(r, g));
  return finishFactory(t, opts);
}

export const randperm = op(`randperm(int n, *, ${RANDOM_FACTORY})`, randpermImpl);

/** Options for a `_like` factory: the source's dtype unless given. */
function likeDType(t: Tensor, opts: RandomOpts | undefined): DType {
  return opts?.dtype != null ? toDType(opts.dtype) : t.dtype;
}

/** @internal empty_like's layout: the source's strides when they are dense, else contiguous. */
export function likeStrides(t: Tensor): number[] {
  return isNonOverlappingAndDense(t._shape, t._strides)
    ? memoryOrderStrides(t._shape, t._strides)
    : contiguousStrides(t._shape);
}

export function rand_likeImpl(t: Tensor, opts?: RandomOpts): Tensor {
  const dtype = likeDType(t, opts);
  if (vmapState.depth !== 0) return vmapFactory((lead) => randImpl([...lead, ...t._shape], { ...opts, dtype }));
  if (!dtype.is_floating_point) throw notImplemented('check_uniform_bounds', dtype);
  const g = genOf(opts);
  return finishFactory(
    sampled(t._shape, likeStrides(t), dtype, (buf) => fillUniform(buf, dtype === float64, 0, 1, g)),
    opts,
  );
}

const LIKE = `${FACTORY}, MemoryFormat? memory_format=None`;
export const rand_like = op(`rand_like(Tensor self, *, ${LIKE}, Generator? generator=None)`, rand_likeImpl, {
  method: false,
});

export function randn_likeImpl(t: Tensor, opts?: RandomOpts): Tensor {
  const dtype = likeDType(t, opts);
  if (vmapState.depth !== 0) return vmapFactory((lead) => randnImpl([...lead, ...t._shape], { ...opts, dtype }));
  if (!dtype.is_floating_point) throw notImplemented('normal_kernel_cpu', dtype);
  const g = genOf(opts);
  const strides = likeStrides(t);
  const contiguous = isContiguous(t._shape, strides);
  return finishFactory(
    sampled(t._shape, strides, dtype, (buf) => fillNormal(buf, contiguous, 0, 1, g)),
    opts,
  );
}

export const randn_like = op(`randn_like(Tensor self, *, ${LIKE}, Generator? generator=None)`, randn_likeImpl, {
  method: false,
});

/** torch.randint_like(t, high) or randint_like(t, low, high), with { dtype, generator }. */
export function randint_likeImpl(t: Tensor, ...args: (number | RandomOpts | undefined)[]): Tensor {
  const last = args[args.length - 1];
  const opts = typeof last === 'object' ? (last as RandomOpts) : undefined;
  const nums = (opts ? args.slice(0, -1) : args).filter((a) => a !== undefined) as number[];
  if (nums.length < 1 || nums.length > 2)
    throw new TypeError('randint_like() expects (input, high) or (input, low, high)');
  const [low, high] = nums.length === 1 ? [0, nums[0]] : nums;
  const dtype = likeDType(t, opts);
  if (vmapState.depth !== 0) {
    return vmapFactory((lead) => randintImpl(low, high, [...lead, ...t._shape], { ...opts, dtype }));
  }
  const [from, to] = checkFromTo(dtype, low, high);
  const g = genOf(opts);
  return finishFactory(
    sampled(t._shape, likeStrides(t), dtype, (buf) => fillRandomFromTo(buf, dtype, to - from, from, g)),
    opts,
  );
}

interface RandintLike {
  (high: number, opts?: RandomOpts): T;
  (low: number, high: number, opts?: RandomOpts): T;
}
export const randint_like = op(
  [
    `randint_like(Tensor self, int high, *, ${LIKE}, Generator? generator=None)`,
    `randint_like(Tensor self, int low, int high, *, ${LIKE}, Generator? generator=None)`,
  ],
  randint_likeImpl,
  { method: false, types: overloads<(self: T, ...args: Parameters<RandintLike>) => T>() },
);

// torch.normal's tensor forms: draw N(0, std) or N(0, 1) into a fresh contiguous tensor, then
// shift and scale with ordinary (separately rounded) tensor arithmetic, as ATen does.
const NORMAL_TENSOR_FLOAT = defineOp<{ std: number; g: Generator }>({
  node: 'NormalBackward1',
  forward: ([mean], { std, g }) => {
    const out = sampled(mean._shape, contiguousStrides(mean._shape), mean.dtype, (buf) =>
      fillNormal(buf, true, 0, std, g),
    );
    return no_grad(() => out.add_(mean));
  },
  jvp: zeroTangent,
  backward: (grad) => [zeros(grad)],
});

const NORMAL_FLOAT_TENSOR = defineOp<{ mean: number; g: Generator }>({
  node: 'NormalBackward2',
  forward: ([std], { mean, g }) => {
    const out = sampled(std._shape, contiguousStrides(std._shape), std.dtype, (buf) => fillNormal(buf, true, 0, 1, g));
    return no_grad(() => out.mul_(std).add_(K.full([], mean, out.dtype)));
  },
  jvp: zeroTangent,
  backward: (grad) => [zeros(grad)],
});

const NORMAL_TENSOR_TENSOR = defineOp<{ g: Generator }>({
  node: 'NormalBackward3',
  forward: ([mean, std], { g }) => {
    const shape = broadcastShapes(mean._shape, std._shape);
    const out = sampled(shape, contiguousStrides(shape), mean.dtype, (buf) => fillNormal(buf, true, 0, 1, g));
    return no_grad(() => out.mul_(std).add_(mean));
  },
  jvp: zeroTangent,
  backward: (grad, _s, { meta }) => [zeros(grad), K.full(meta[1].shape, 0, meta[1].dtype)],
});

/**
 * torch.normal(mean, std, size?, { dtype, generator, requires_grad }): numbers with a size give a
 * new tensor; a tensor mean and/or std give one sample per (broadcast) element.
 */
export function normalImpl(mean: number | Tensor, std: number | Tensor = 1, ...rest: unknown[]): Tensor {
  const last = rest[rest.length - 1];
  const opts = last !== null && typeof last === 'object' && !Array.isArray(last) ? (last as RandomOpts) : undefined;
  const size = rest.find((a) => Array.isArray(a)) as number[] | undefined;
  if (vmapState.depth !== 0) {
    if (mean instanceof Tensor || std instanceof Tensor) {
      const ts = [mean, std].filter((v): v is Tensor => v instanceof Tensor);
      return vmapSampler(ts, (phys) => {
        const [m, s] = mean instanceof Tensor ? [phys[0], std instanceof Tensor ? phys[1] : std] : [mean, phys[0]];
        return normalImpl(m, s, ...rest);
      });
    }
    if (size !== undefined) {
      const shape = parseSize([size]);
      return vmapFactory((lead) =>
        normalImpl(mean, std, [...lead, ...shape], ...rest.filter((a) => !Array.isArray(a))),
      );
    }
  }
  const g = genOf(opts);
  if (mean instanceof Tensor || std instanceof Tensor) {
    if (size !== undefined) throw new TypeError('normal() with tensor mean or std does not take a size');
    if (mean instanceof Tensor && std instanceof Tensor) {
      checkStdTensor(std);
      if (!mean.dtype.is_floating_point) throw notImplemented('normal_kernel_cpu', mean.dtype);
      return apply(NORMAL_TENSOR_TENSOR, [mean, std], { g });
    }
    if (mean instanceof Tensor) {
      checkNormal(mean.dtype, std as number);
      return apply(NORMAL_TENSOR_FLOAT, [mean], { std: std as number, g });
    }
    const s = std as Tensor;
    checkStdTensor(s);
    if (!s.dtype.is_floating_point) throw notImplemented('normal_kernel_cpu', s.dtype);
    return apply(NORMAL_FLOAT_TENSOR, [s], { mean, g });
  }
  if (size === undefined) throw new TypeError('normal() with number mean and std needs a size');
  const shape = parseSize([size]);
  const dtype = opts?.dtype != null ? toDType(opts.dtype) : get_default_dtype();
  checkNormal(dtype, std);
  const t = sampled(shape, contiguousStrides(shape), dtype, (buf) => fillNormal(buf, true, mean, std, g));
  return finishFactory(t, opts);
}

interface Normal {
  (mean: T, std?: T | number, opts?: GeneratorOpts): T;
  (mean: number, std: T, opts?: GeneratorOpts): T;
  (mean: number, std: number, size: Sizes, opts?: RandomOpts): T;
}
export const normal = op(
  [
    'normal(Tensor mean, Tensor std, *, Generator? generator=None)',
    'normal(Tensor mean, float std=1, *, Generator? generator=None)',
    'normal(float mean, Tensor std, *, Generator? generator=None)',
    `normal(float mean, float std, SymInt[] size, *, ${RANDOM_FACTORY})`,
  ],
  normalImpl,
  { method: false, types: overloads<Normal>() },
);

const BERNOULLI = defineOp<{ g: Generator }>({
  node: 'BernoulliBackward0',
  forward: ([p], { g }) => {
    const out = K.empty(p._shape, p.dtype);
    if (out.numel() > 0) no_grad(() => bernoulliImpl_(out, p, { generator: g }));
    return out;
  },
  jvp: zeroTangent,
  backward: (grad) => [zeros(grad)],
});

/**
 * torch.bernoulli(input, { generator }): 1 with probability input, elementwise; with a number p,
 * torch.bernoulli(input, p) draws with that probability in input's shape and dtype.
 */
export function bernoulliImpl(input: Tensor, p?: number | GeneratorOpts, opts?: GeneratorOpts): Tensor {
  if (p !== undefined && typeof p === 'object') return bernoulliImpl(input, undefined, p);
  if (vmapState.depth !== 0) return vmapSampler([input], ([x]) => bernoulliImpl(x, p, opts));
  const g = genOf(opts);
  if (p === undefined) {
    if (!input.dtype.is_floating_point) throw notImplemented('bernoulli_tensor_cpu_p_', input.dtype);
    return apply(BERNOULLI, [input], { g });
  }
  return bernoulliImpl_(K.empty(input._shape, input.dtype), p, { generator: g });
}

export const bernoulli = op(
  [
    'bernoulli(Tensor self, *, Generator? generator=None)',
    'bernoulli(Tensor self, float p, *, Generator? generator=None)',
  ],
  bernoulliImpl as (self: T, p?: number, opts?: GeneratorOpts) => T,
);
