// vmap's batched tensors (functorch's BatchedTensor): a tensor whose shape is the per-example
// (logical) shape, holding the whole batch as a physical tensor with the batch dim first.
//
// Note [Batching]: ops see batched tensors at two places. apply() (op.ts) hands an op with a
// batched input to its batching rule (OpDef.batch), which computes on the physical tensors with
// ordinary, recorded ops, so autograd inside vmap records a physical graph and grad-of-batched
// works unchanged; an op without a rule runs once per example and the results are stacked.
// Code that reads a batched tensor's values directly (a kernel outside apply, item(), printing)
// meets BatchingError; the declared op that made the call then falls back to running once per
// example (ops/vmap.ts). Levels nest: a physical tensor may itself be batched at an outer level.

import { Tensor } from '../tensor/tensor.js';
import { contiguousStrides } from '../tensor/shape.js';

/** Raised when a batched tensor's values are read directly (see Note [Batching]). */
export class BatchingError extends Error {
  constructor(message = 'vmap: a batched tensor was read directly') {
    super(message);
    this.name = 'BatchingError';
  }
}

export interface Batched {
  /** The vmap level (outermost 1). */
  readonly level: number;
  /** The whole batch, batch dim first. */
  readonly value: Tensor;
}

/** depth: live vmap levels (0 outside vmap: ops skip every batching check). */
export const vmapState = {
  depth: 0,
  /** Batch size per level. */
  sizes: [] as number[],
  /** vmap's randomness option per level. */
  randomness: [] as string[],
};

const RANDOM_ERROR =
  "vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' " +
  'randomness flags on vmap or perform the randomness operation out of vmap';

/**
 * Note [vmap randomness]: a random op inside vmap follows each level's `randomness` option, as
 * functorch's random batching rules do. 'error' refuses it. 'same' draws once for the whole
 * batch: the result is not batched at that level (an in-place draw into a batched tensor writes
 * the same values into every example; an input batched there is refused). 'different' draws
 * per example: the physical result has that level's batch dim in front (an unbatched input is
 * expanded along it; an in-place draw into an unbatched tensor is refused). The draw itself is
 * one call of the op on the physical tensor, so under 'different' example b gets the values a
 * plain call on the whole batch puts at row b (functorch draws the same way; its stream differs
 * from ours only where the CPU kernels differ).
 *
 * Returns the levels (ascending) the draw is batched over: 'different' ones. Throws on 'error'.
 */
export function randomLevels(): number[] {
  const out: number[] = [];
  for (let l = vmapState.depth; l >= 1; l--) {
    const mode = vmapState.randomness[l - 1];
    if (mode === 'error') throw new Error(RANDOM_ERROR);
    if (mode === 'different') out.unshift(l);
  }
  return out;
}

/** Random ops with tensor inputs: refuses an input batched at a 'same' level (functorch's check). */
export function checkSameRandomness(inputs: readonly Tensor[]): void {
  for (const t of inputs) {
    for (const l of levelsOf(t)) {
      if (vmapState.randomness[l - 1] === 'same') {
        throw new Error(
          'Vmap does not currently support same randomness with a batched tensor input. Please file an issue with functorch',
        );
      }
    }
  }
}

/** The vmap levels t is batched at (ascending). */
export function levelsOf(t: Tensor): number[] {
  const out: number[] = [];
  for (let v: Tensor = t; v._bt !== null; v = v._bt.value) out.unshift(v._bt.level);
  return out;
}

/**
 * t with the vmap levels `levels` (ascending, covering every level t is batched at) peeled off: a
 * plain tensor of shape [size of each level..., ...t.shape], expanded along levels t is not
 * batched at. A view of t's storage where t is batched at every one of them.
 */
export function unwrapLevels(t: Tensor, levels: readonly number[]): Tensor {
  if (levels.length === 0) {
    if (t._bt !== null) throw new Error('internal error: unwrapLevels left a batch level');
    return t;
  }
  const level = levels[levels.length - 1];
  const rest = levels.slice(0, -1);
  if (t._bt !== null && t._bt.level === level) return unwrapLevels(t._bt.value, rest);
  const p = unwrapLevels(t, rest);
  const shape = [...p._shape];
  shape.splice(rest.length, 0, vmapState.sizes[level - 1]);
  return p.unsqueeze(rest.length).expand(shape);
}

/** The inverse of unwrapLevels: leading dims of p batched at `levels` (ascending). */
export function wrapLevels(p: Tensor, levels: readonly number[]): Tensor {
  let t = p;
  for (const l of levels) t = makeBatched(t, l);
  return t;
}

/** Runs fn with vmap hidden (its ops see plain tensors only, and random ops draw plainly). */
export function withoutVmap<T>(fn: () => T): T {
  const depth = vmapState.depth;
  vmapState.depth = 0;
  try {
    return fn();
  } finally {
    vmapState.depth = depth;
  }
}

/** Random ops call this: inside vmap they follow its `randomness` option (Note [vmap randomness]). */
export function checkRandomness(): void {
  if (vmapState.depth !== 0) randomLevels();
}

function readDirectly(): never {
  throw new BatchingError();
}

/** The batched tensor at `level` whose examples are value[0], value[1], ... */
export function makeBatched(value: Tensor, level: number): Tensor {
  const shape = value._shape.slice(1);
  const t = Tensor._make(new value._dtype.array(0), shape, contiguousStrides(shape), 0, value._dtype);
  t._bt = { level, value };
  Object.defineProperty(t, '_data', { get: readDirectly, set: () => {}, configurable: true });
  Object.defineProperty(t, '_v', { value: readDirectly, configurable: true });
  Object.defineProperty(t, 'item', {
    value: () => {
      throw new Error(
        "vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over calling .item() on a " +
          "Tensor, please try to rewrite what you're doing with other operations. If error is occurring somewhere " +
          'inside PyTorch internals, please file a bug report.',
      );
    },
    configurable: true,
  });
  // detach() is intrinsic to a tensor (it copies the storage reference): here, the batch's.
  Object.defineProperty(t, 'detach', { value: () => makeBatched(value.detach(), level), configurable: true });
  return t;
}

/** The innermost vmap level among the tensors (and tensors inside arrays / option objects), or 0. */
export function batchLevelOf(values: readonly unknown[]): number {
  let level = 0;
  for (const v of values) {
    if (v instanceof Tensor) {
      if (v._bt !== null && v._bt.level > level) level = v._bt.level;
    } else if (Array.isArray(v)) {
      const l = batchLevelOf(v);
      if (l > level) level = l;
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const l = batchLevelOf(Object.values(v));
      if (l > level) level = l;
    }
  }
  return level;
}

/** What apply() calls for an op with a batched input (installed by ops/vmap.ts). */
export interface BatchHooks {
  apply(def: unknown, inputs: readonly Tensor[], args: unknown, multi: boolean): Tensor[];
  inplace(def: unknown, self: Tensor, others: readonly Tensor[], args: unknown): void;
}

const notInstalled = (): never => {
  throw new Error('internal error: vmap batching rules are not installed');
};

export const batchHooks: BatchHooks = { apply: notInstalled, inplace: notInstalled };

/**
 * For ops batched in their own function (gather, index_select, embedding): the innermost vmap
 * level among the tensors (0 for none) and its batch size.
 */
export function levelOf(...ts: Tensor[]): { level: number; size: number } {
  let level = 0;
  for (const t of ts) if (t._bt !== null && t._bt.level > level) level = t._bt.level;
  return { level, size: level === 0 ? 0 : vmapState.sizes[level - 1] };
}

/** t's batch at `level` (batch dim first), or t without one given the batch dim by expansion. */
export function physicalAt(t: Tensor, level: number, size: number): Tensor {
  if (t._bt !== null && t._bt.level === level) return t._bt.value;
  return t.unsqueeze(0).expand([size, ...t._shape]);
}

/** For ops batched in their own function: f on t's physical value, the result batched at t's level. */
export function onPhysical(t: Tensor, f: (physical: Tensor) => Tensor): Tensor {
  const { level, value } = t._bt!;
  return makeBatched(f(value), level);
}

/** For batching rules: an input given the batch dim by expansion when it has none. */
export function withBatch(t: Tensor, batched: boolean, size: number): Tensor {
  return batched ? t : t.unsqueeze(0).expand([size, ...t._shape]);
}

/** Whether t is batched at `level`. */
export function batchedAt(t: Tensor, level: number): boolean {
  return t._bt !== null && t._bt.level === level;
}
