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

/** Random ops call this: inside vmap they follow its `randomness` option. */
export function checkRandomness(): void {
  if (vmapState.depth === 0) return;
  const mode = vmapState.randomness[vmapState.depth - 1];
  if (mode === 'error') {
    throw new Error(
      "vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' " +
        'randomness flags on vmap or perform the randomness operation out of vmap',
    );
  }
  if (mode === 'different') {
    throw new Error("tensorgrad: vmap's randomness='different' is not supported yet; use 'same' or draw outside vmap");
  }
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

/** Whether t is batched at `level`. */
export function batchedAt(t: Tensor, level: number): boolean {
  return t._bt !== null && t._bt.level === level;
}
