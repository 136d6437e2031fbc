// torch.utils.data: Dataset, TensorDataset, DataLoader.

import type { Tensor } from '../tensor/tensor.js';
import { stack } from '../ops/indexing.js';

/** A map-style dataset: indexable by position, with a length. */
export abstract class Dataset<T = Tensor[]> {
  abstract get(index: number): T;
  abstract get length(): number;
}

/** Rows of tensors that share their first dimension. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new Error('TensorDataset needs at least one tensor');
    const n = tensors[0].size(0);
    if (tensors.some((t) => t.size(0) !== n)) throw new Error('Size mismatch between tensors');
    this.tensors = tensors;
  }

  get(index: number): Tensor[] {
    return this.tensors.map((t) => t.select(0, index));
  }

  get length(): number {
    return this.tensors[0].size(0);
  }
}

/** What draws a shuffled order: torch.randperm with an optional seeded generator. */
export type Permuter = (n: number) => number[];

export interface DataLoaderOpts {
  batch_size?: number;
  shuffle?: boolean;
  drop_last?: boolean;
  /** A torch.Generator for the shuffle order (seeded runs shuffle as PyTorch does). */
  generator?: unknown;
}

/** Stacks samples field by field, as PyTorch's default_collate does for tensors. */
function collate(samples: Tensor[][]): Tensor[] {
  return samples[0].map((_, k) => stack(samples.map((s) => s[k])));
}

let randperm: ((n: number, opts: { generator?: unknown }) => Tensor) | null = null;

/** @internal Installed by the random module (keeps this file free of an import cycle). */
export function _setRandperm(fn: (n: number, opts: { generator?: unknown }) => Tensor): void {
  randperm = fn;
}

/** Iterates a dataset in batches: `for (const [x, y] of loader) ...`. */
export class DataLoader<T = Tensor[]> implements Iterable<Tensor[]> {
  readonly batch_size: number;
  readonly shuffle: boolean;
  readonly drop_last: boolean;
  private readonly generator: unknown;

  constructor(
    readonly dataset: Dataset<T>,
    opts: DataLoaderOpts = {},
  ) {
    this.batch_size = opts.batch_size ?? 1;
    this.shuffle = opts.shuffle ?? false;
    this.drop_last = opts.drop_last ?? false;
    this.generator = opts.generator;
    if (!Number.isInteger(this.batch_size) || this.batch_size <= 0) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${this.batch_size}`);
    }
  }

  get length(): number {
    const n = this.dataset.length;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }

  private order(): number[] {
    const n = this.dataset.length;
    if (!this.shuffle) return [...Array(n).keys()];
    if (randperm === null) throw new Error('shuffle needs torch.randperm');
    return (randperm(n, { generator: this.generator }).tolist() as number[]).map(Number);
  }

  *[Symbol.iterator](): Iterator<Tensor[]> {
    const order = this.order();
    const ds = this.dataset as unknown as Dataset<Tensor[]>;
    // TensorDataset batches are gathered in one step per tensor instead of stacking rows.
    const tensors = ds instanceof TensorDataset ? ds.tensors : null;
    for (let start = 0; start < order.length; start += this.batch_size) {
      const idx = order.slice(start, start + this.batch_size);
      if (idx.length < this.batch_size && this.drop_last) break;
      if (tensors) {
        yield tensors.map((t) => gatherRows(t, idx));
      } else {
        yield collate(idx.map((i) => ds.get(i)));
      }
    }
  }
}

/** Rows idx of t as a new contiguous tensor. */
function gatherRows(t: Tensor, idx: number[]): Tensor {
  return stack(idx.map((i) => t.select(0, i)));
}
