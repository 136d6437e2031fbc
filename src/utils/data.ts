// torch.utils.data: Dataset, TensorDataset, DataLoader.
//
// DataLoader draws from the random stream exactly as PyTorch 1.13's single-process loader does,
// so a seeded run visits samples in PyTorch's order: each iteration first draws the iterator's base
// seed (one int64 random_() from the loader's generator, or the default one), then RandomSampler
// either permutes with the loader's generator or seeds a fresh Generator from one more int64 draw
// of the default generator. When a pass runs out of samples, RandomSampler evaluates one more
// (empty) slice of a randperm, `torch.randperm(n)[:0]`, which advances its generator too.

import { Tensor } from '../tensor/tensor.js';
import { float64, int64 } from '../tensor/dtype.js';
import { Generator, default_generator } from '../tensor/generator.js';
import { randpermImpl } from '../ops/random.js';
import { tensor } from '../tensor/creation.js';
import { stackImpl } from '../ops/indexing.js';
import * as K from '../tensor/kernels.js';
import { argTypeError, checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';
import { emitWarning } from '../tensor/warn.js';

/** A map-style dataset: indexable by position, with a length (Python's __getitem__/__len__). */
export abstract class Dataset<T = Tensor[]> {
  abstract get(index: number): T;
  abstract get length(): number;
}

/** Rows of tensors that share their first dimension. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new RangeError('TensorDataset needs at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw argTypeError('TensorDataset', 'tensors', i + 1, 'Tensor', t);
    });
    const n = tensors[0].size(0);
    if (tensors.some((t) => t.size(0) !== n)) throw new RangeError('Size mismatch between tensors');
    this.tensors = tensors;
  }

  /**
   * Python's `ds[i]`; also `ds[a:b]` or `ds[idx]` as `get('a:b')` / `get(idxTensor)`: each tensor
   * indexed the same way (`tensor[index]`), as TensorDataset.__getitem__ does.
   */
  get(index: number | string | Tensor): Tensor[] {
    if (typeof index === 'number') return this.tensors.map((t) => t.select(0, index));
    return this.tensors.map((t) => t.index(index));
  }

  get length(): number {
    return this.tensors[0].size(0);
  }
}

/** What random_split and Subset index: a Dataset, or an array of samples. */
type Indexable<T> = Dataset<T> | readonly T[];

function itemOf<T>(dataset: Indexable<T>, index: number): T {
  return Array.isArray(dataset) ? (dataset as readonly T[])[index] : (dataset as Dataset<T>).get(index);
}

/** The samples of a dataset at the given indices, in that order. */
export class Subset<T = Tensor[]> extends Dataset<T> {
  constructor(
    readonly dataset: Indexable<T>,
    readonly indices: readonly number[],
  ) {
    if (!Array.isArray(indices) || !indices.every((i) => Number.isInteger(i))) {
      throw new TypeError(`Subset(): argument 'indices' must be a sequence of ints, not ${jsTypeName(indices)}`);
    }
    super();
  }

  get(index: number): T {
    const n = this.indices.length;
    if (!Number.isInteger(index))
      throw new TypeError(`list indices must be integers or slices, not ${jsTypeName(index)}`);
    if (index < -n || index >= n) throw new RangeError('list index out of range');
    return itemOf(this.dataset, this.indices[index < 0 ? index + n : index]);
  }

  get length(): number {
    return this.indices.length;
  }
}

/**
 * PyTorch's random_split: the dataset cut into Subsets of the given lengths (or fractions summing
 * to 1, shared out as PyTorch does), over one randperm of the generator (the default one unless
 * given), so a seeded split picks PyTorch's samples.
 */
export function random_split<T>(
  dataset: Indexable<T>,
  lengths: readonly number[],
  generator: Generator = default_generator,
): Subset<T>[] {
  if (!(dataset instanceof Dataset) && !Array.isArray(dataset)) {
    throw argTypeError('random_split', 'dataset', 1, 'Dataset or Array', dataset);
  }
  if (!Array.isArray(lengths) || !lengths.every((l) => typeof l === 'number' && Number.isFinite(l))) {
    throw argTypeError('random_split', 'lengths', 2, 'Array of numbers', lengths);
  }
  if (!(generator instanceof Generator)) throw argTypeError('random_split', 'generator', 3, 'Generator', generator);
  const n = dataset.length;
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 * Math.max(1, Math.abs(total)) && total <= 1) {
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    sizes.forEach((len, i) => {
      if (len === 0) {
        emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`, 'UserWarning');
      }
    });
  }
  if (sizes.some((l) => !Number.isInteger(l) || l < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  }
  const order = Array.from(randpermImpl(n, { generator })._data, Number);
  let offset = 0;
  return sizes.map((len) => {
    const part = new Subset(dataset, order.slice(offset, offset + len));
    offset += len;
    return part;
  });
}

export interface DataLoaderOpts<T> {
  batch_size?: number;
  shuffle?: boolean;
  drop_last?: boolean;
  /** A torch.Generator for the shuffle order (seeded runs shuffle as PyTorch does). */
  generator?: Generator | null;
  /** Merges a list of samples into a batch (default: default_collate). */
  collate_fn?: (samples: T[]) => unknown;
  /** Accepted for ports of PyTorch code and ignored: batches are always loaded in this thread, in order. */
  num_workers?: number;
  /** Accepted and ignored (there is no GPU to pin memory for). */
  pin_memory?: boolean;
}

type Collated = Tensor | Collated[] | { [key: string]: Collated };

/**
 * PyTorch's default_collate: tensors are stacked; numbers become a tensor (int64 when all are
 * integers, float64 otherwise, as Python ints and floats do); arrays and objects are collated
 * field by field.
 */
export function default_collate(samples: unknown[]): Collated {
  if (!Array.isArray(samples)) throw argTypeError('default_collate', 'batch', 1, 'Array', samples);
  if (samples.length === 0) throw new RangeError('list index out of range');
  const first: unknown = samples[0];
  if (first instanceof Tensor) {
    const bad = samples.findIndex((s) => !(s instanceof Tensor));
    if (bad >= 0) {
      throw new TypeError(`expected Tensor as element ${bad} in argument 0, but got ${jsTypeName(samples[bad])}`);
    }
    return stackImpl(samples as Tensor[]);
  }
  if (typeof first === 'number' || typeof first === 'boolean' || typeof first === 'bigint') {
    const values = samples as (number | boolean | bigint)[];
    if (typeof first === 'boolean') return tensor(values as boolean[]);
    const ints = values.every((v) => typeof v === 'bigint' || Number.isInteger(v));
    return tensor(
      values.map((v) => Number(v)),
      { dtype: ints ? int64 : float64 },
    );
  }
  if (Array.isArray(first)) {
    const n = first.length;
    if ((samples as unknown[][]).some((s) => !Array.isArray(s) || s.length !== n)) {
      throw new RangeError('each element in list of batch should be of equal size');
    }
    return first.map((_, k) => default_collate((samples as unknown[][]).map((s) => s[k])));
  }
  if (first !== null && typeof first === 'object') {
    const out: Record<string, Collated> = {};
    for (const key of Object.keys(first)) {
      out[key] = default_collate((samples as Record<string, unknown>[]).map((s) => s[key]));
    }
    return out;
  }
  throw new TypeError(`default_collate: batch must contain tensors, numbers, dicts or lists; found ${typeof first}`);
}

/** One int64 random_() draw (PyTorch's random64(): two 32-bit words, high first) as a bigint. */
function randomInt64(g: Generator): bigint {
  const hi = g._random();
  const lo = g._random();
  return (BigInt(hi & 0x7fffffff) << 32n) | BigInt(lo);
}

/** Iterates a dataset in batches: `for (const [x, y] of loader) ...`. */
export class DataLoader<T = Tensor[], B = Tensor[]> implements Iterable<B> {
  readonly batch_size: number;
  readonly shuffle: boolean;
  readonly drop_last: boolean;
  readonly generator: Generator | null;
  private readonly collate: ((samples: T[]) => unknown) | null;

  constructor(
    readonly dataset: Dataset<T> | readonly T[],
    opts: DataLoaderOpts<T> | number = {},
    shuffle?: boolean,
  ) {
    // An array of samples serves (a Python list does), as does any object with get(i) and a numeric
    // length (a Dataset subclass, or one written by hand).
    const ds = dataset as unknown as Partial<Dataset<T>> | null | undefined;
    if (
      !Array.isArray(dataset) &&
      (ds === null || typeof ds !== 'object' || typeof ds.get !== 'function' || typeof ds.length !== 'number')
    ) {
      throw argTypeError('DataLoader', 'dataset', 1, 'Dataset', dataset);
    }
    // DataLoader(dataset, 64, true): batch_size and shuffle may be given by position, as in Python.
    if (typeof opts === 'number') opts = { batch_size: opts, ...(shuffle === undefined ? {} : { shuffle }) };
    checkOptionsArg('DataLoader', 2, opts);
    this.batch_size = opts.batch_size ?? 1;
    this.shuffle = opts.shuffle ?? false;
    this.drop_last = opts.drop_last ?? false;
    this.generator = opts.generator ?? null;
    this.collate = opts.collate_fn ?? null;
    if (!Number.isInteger(this.batch_size) || this.batch_size <= 0) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${this.batch_size}`);
    }
    if (this.shuffle && dataset.length <= 0) {
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${dataset.length}`);
    }
  }

  get length(): number {
    const n = this.dataset.length;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }

  *[Symbol.iterator](): Iterator<B> {
    const n = this.dataset.length;
    // _BaseDataLoaderIter's base seed (used by worker processes; drawn even with none).
    randomInt64(this.generator ?? default_generator);
    const order = new Int32Array(n);
    let exhaust = (): void => undefined;
    if (this.shuffle) {
      const g = this.generator ?? new Generator().manual_seed(randomInt64(default_generator));
      order.set(randpermImpl(n, { generator: g })._data);
      exhaust = () => void randpermImpl(n, { generator: g });
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
    }
    // TensorDataset batches are gathered row by row straight into one buffer per tensor.
    const ds = this.dataset as unknown as Dataset<Tensor[]>;
    const fast = this.collate === null && ds instanceof TensorDataset && !ds.tensors.some((t) => t.requires_grad);
    for (let start = 0; start < n; start += this.batch_size) {
      const idx = order.subarray(start, Math.min(start + this.batch_size, n));
      const partial = idx.length < this.batch_size;
      // A partial batch is only known after the sampler ran out; a full last one, on the next request.
      if (partial) exhaust();
      if (partial && this.drop_last) return;
      if (fast) {
        yield (ds as TensorDataset).tensors.map((t) => gatherRows(t, idx)) as B;
      } else {
        const samples = Array.from(idx, (i) => itemOf(this.dataset, i));
        yield (this.collate ?? default_collate)(samples) as B;
      }
      if (partial) return;
    }
    exhaust();
  }
}

/** Rows idx of t, as a new contiguous tensor (what stacking the selected rows gives). */
function gatherRows(t: Tensor, idx: Int32Array): Tensor {
  const src = K.contiguous(t);
  const row = src.numel() / Math.max(src.size(0), 1);
  const out = K.empty([idx.length, ...t.shape.slice(1)], t.dtype);
  const data = src._data;
  for (let i = 0; i < idx.length; i++) {
    const at = idx[i] * row;
    out._data.set(data.subarray(at, at + row), i * row);
  }
  return out;
}
