// torch.nn.utils.rnn: pad_sequence, unpad_sequence, PackedSequence and the packing functions
// (pack_padded_sequence, pad_packed_sequence, pack_sequence, unpack_sequence), after PyTorch's
// torch/nn/utils/rnn.py and ATen's PackedSequence.cpp. The packing ops are composed from
// differentiable tensor ops (narrow, reshape, cat, index_select), so gradients reach the inputs.

import { Tensor } from '../../tensor/tensor.js';
import { _checkBatchSizes } from './rnn_checks.js';
import { from_typed_array, full } from '../../tensor/creation.js';
import { checkAllocation } from '../../tensor/alloc.js';
import { float32, float64, int32, int64 } from '../../tensor/dtype.js';
import { arange, cat, sort, stack, tensor as makeTensor } from '../../api/torch.js';
import { jsTypeName } from '../../tensor/argcheck.js';
import { apply, defineOp } from '../../autograd/op.js';
import { no_grad } from '../../autograd/grad_mode.js';

export interface PadSequenceOpts {
  batch_first?: boolean;
  padding_value?: number;
  /** PyTorch 2.6's option: pad after ('right', the default) or before ('left') each sequence. */
  padding_side?: 'right' | 'left';
}

/**
 * Stacks variable-length sequences (each [L_i, *]) into one tensor [T, B, *] (or [B, T, *] with
 * batch_first), T the longest length, padding with padding_value. Differentiable (cat + stack);
 * the result has the first sequence's dtype.
 */
export function pad_sequence(
  sequences: Tensor | readonly Tensor[],
  batch_first: boolean | PadSequenceOpts = false,
  padding_value = 0,
  padding_side: 'right' | 'left' = 'right',
): Tensor {
  const o: PadSequenceOpts =
    typeof batch_first === 'object' && batch_first !== null
      ? batch_first
      : { batch_first, padding_value, padding_side };
  const side = o.padding_side ?? 'right';
  if (side !== 'right' && side !== 'left') {
    throw new RangeError(`Expected padding_side to be one of left or right, but got ${String(side)}.`);
  }
  const seqs = sequences instanceof Tensor ? sequences.unbind(0) : sequences;
  if (!Array.isArray(seqs)) {
    throw new TypeError(
      `pad_sequence: Expected iterable for input sequences, but got arg of type: ${jsTypeName(seqs)}`,
    );
  }
  for (const s of seqs) {
    if (!(s instanceof Tensor)) {
      throw new TypeError(`pad_sequence(): argument 'sequences' must be tuple of Tensors, not ${jsTypeName(s)}`);
    }
  }
  if (seqs.length === 0) throw new RangeError('received an empty list of sequences');
  const first = seqs[0];
  const trailing: number[] = [...first.shape].slice(1);
  const maxLen = Math.max(...seqs.map((s) => s.size(0)));
  const padded = seqs.map((s) => {
    const shape: number[] = [...s.shape].slice(1);
    const bad = shape.findIndex((v, i) => v !== trailing[i]);
    if (bad >= 0 || shape.length !== trailing.length) {
      const d = bad >= 0 ? bad : 0;
      throw new RangeError(
        `The size of tensor a (${trailing[d]}) must match the size of tensor b (${shape[d]}) at non-singleton dimension ${d + 1}`,
      );
    }
    const x = s.dtype === first.dtype ? s : s.to(first.dtype);
    if (s.size(0) === maxLen) return x;
    const pad = full([maxLen - s.size(0), ...trailing], o.padding_value ?? 0, { dtype: first.dtype });
    return side === 'right' ? cat([x, pad], 0) : cat([pad, x], 0);
  });
  return stack(padded, o.batch_first ? 0 : 1);
}

// ---------------------------------------------------------------- PackedSequence

/** Python's repr of a field: the tensor's repr, or None. */
const reprOf = (t: Tensor | null): string => (t === null ? 'None' : String(t));

/**
 * A batch of variable-length sequences packed time step by time step: `data` holds, for each step
 * t, the rows of the batch_sizes[t] sequences still running (the longest first); batch_sizes is a
 * CPU int64 tensor; sorted_indices / unsorted_indices (int64, or null) record how the batch was
 * reordered by length. Iterable as PyTorch's namedtuple: `const [data, batch_sizes] = packed`.
 * Made by pack_padded_sequence / pack_sequence, accepted by nn.RNN, nn.LSTM and nn.GRU.
 */
export class PackedSequence {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  readonly sorted_indices: Tensor | null;
  readonly unsorted_indices: Tensor | null;

  constructor(
    data: Tensor | readonly [Tensor, Tensor],
    batch_sizes: Tensor | null = null,
    sorted_indices: Tensor | null = null,
    unsorted_indices: Tensor | null = null,
  ) {
    if (unsorted_indices === null) unsorted_indices = invert_permutation(sorted_indices);
    if (batch_sizes === null) {
      if (!Array.isArray(data) || data.length !== 2) {
        throw new TypeError('PackedSequence: expected (data, batch_sizes) when batch_sizes is not given');
      }
      [data, batch_sizes] = data as readonly [Tensor, Tensor];
    }
    for (const [name, t] of [
      ['data', data],
      ['batch_sizes', batch_sizes],
      ['sorted_indices', sorted_indices],
      ['unsorted_indices', unsorted_indices],
    ] as const) {
      if (t !== null && !(t instanceof Tensor)) {
        throw new TypeError(`PackedSequence: ${name} must be a Tensor, not ${jsTypeName(t)}`);
      }
    }
    this.data = data as Tensor;
    this.batch_sizes = batch_sizes;
    this.sorted_indices = sorted_indices;
    this.unsorted_indices = unsorted_indices;
  }

  /** The namedtuple's fields in order: data, batch_sizes, sorted_indices, unsorted_indices. */
  *[Symbol.iterator](): IterableIterator<Tensor | null> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }

  /** A namedtuple's len(). */
  get length(): number {
    return 4;
  }

  /** data converted (dtype; the device is always the CPU here); `this` when nothing changes. */
  to(...args: unknown[]): PackedSequence {
    const data = (this.data.to as (...a: unknown[]) => Tensor)(...args);
    if (data === this.data || (data.dtype === this.data.dtype && !args.some((a) => isCopyOpts(a)))) return this;
    return new PackedSequence(data, this.batch_sizes, this.sorted_indices, this.unsorted_indices);
  }

  cpu(): PackedSequence {
    return this;
  }
  double(): PackedSequence {
    return this.to(float64);
  }
  float(): PackedSequence {
    return this.to(float32);
  }
  long(): PackedSequence {
    return this.to(int64);
  }
  int(): PackedSequence {
    return this.to(int32);
  }

  /** Whether data is on a GPU: never here. */
  get is_cuda(): boolean {
    return this.data.is_cuda;
  }

  /** Whether data is in pinned memory: never here. */
  is_pinned(): boolean {
    return false;
  }

  toString(): string {
    return (
      `PackedSequence(data=${String(this.data)}, batch_sizes=${String(this.batch_sizes)}, ` +
      `sorted_indices=${reprOf(this.sorted_indices)}, unsorted_indices=${reprOf(this.unsorted_indices)})`
    );
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const isCopyOpts = (a: unknown): boolean =>
  a !== null && typeof a === 'object' && !(a instanceof Tensor) && (a as { copy?: unknown }).copy === true;

/** The inverse of a permutation (int64), or null for null. */
export function invert_permutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null || permutation === undefined) return null;
  checkTensorArg('invert_permutation', 'permutation', permutation);
  if (permutation.dtype !== int64) throw new TypeError('scatter(): Expected dtype int64 for index');
  if (permutation.dim() > 1) {
    throw new RangeError('Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  }
  const p = permutation.dim() === 0 ? [Number(permutation.item())] : (permutation.tolist() as number[]).map(Number);
  const n = permutation.numel();
  // Slots no index writes keep empty_like's (here zero) value, as PyTorch leaves them uninitialised.
  const out = new Array<number>(n).fill(0);
  p.forEach((v, i) => {
    if (!(v >= -n && v < n)) throw new RangeError(`index ${v} is out of bounds for dimension 0 with size ${n}`);
    out[v < 0 ? v + n : v] = i;
  });
  return makeTensor(out, { dtype: int64 }).reshape(permutation.shape);
}

/** A 1-D CPU int64 tensor's values (ATen's checkLongTensor). */
function longValues(t: Tensor, name: string): number[] {
  if (t.dim() !== 1 || t.dtype !== int64) {
    const type = DTYPE_TYPE_NAME[t.dtype.toString()] ?? 'Float';
    throw new RangeError(`'${name}' argument should be a 1D CPU int64 tensor, but got ${t.dim()}D cpu ${type} tensor`);
  }
  return (t.tolist() as number[]).map(Number);
}

const DTYPE_TYPE_NAME: Record<string, string> = {
  'torch.float32': 'Float',
  'torch.float64': 'Double',
  'torch.float16': 'Half',
  'torch.bfloat16': 'BFloat16',
  'torch.int64': 'Long',
  'torch.int32': 'Int',
  'torch.int16': 'Short',
  'torch.int8': 'Char',
  'torch.uint8': 'Byte',
  'torch.bool': 'Bool',
};

/** torch.as_tensor(lengths, dtype=torch.int64) for a list or tensor of lengths. */
function lengthsTensor(lengths: unknown): Tensor {
  if (lengths instanceof Tensor) return lengths.to(int64);
  if (!Array.isArray(lengths) || !lengths.every((v) => typeof v === 'number' || v instanceof Tensor)) {
    throw new TypeError(
      `pack_padded_sequence(): argument 'lengths' must be a list of ints or a Tensor, not ${jsTypeName(lengths)}`,
    );
  }
  return makeTensor(
    lengths.map((v) => (v instanceof Tensor ? Number(v.item()) : Math.trunc(v as number))),
    { dtype: int64 },
  );
}

function checkTensorArg(fn: string, name: string, v: unknown): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be Tensor, not ${jsTypeName(v)}`);
}

function checkPacked(fn: string, v: unknown): asserts v is PackedSequence {
  if (!(v instanceof PackedSequence)) {
    throw new TypeError(`${fn}(): argument 'sequence' must be PackedSequence, not ${jsTypeName(v)}`);
  }
}

/** Options object or the positional value of a boolean flag. */
function optsOf<T extends object>(v: unknown, key: keyof T): T {
  return (v !== null && typeof v === 'object' ? v : v === undefined ? {} : { [key]: v }) as T;
}

/** ATen's _pack_padded_sequence: the packed rows and batch_sizes of a [T, B, *] (or [B, T, *]) batch. */
function packPadded(input: Tensor, lengthsT: Tensor, batchFirst: boolean): [Tensor, Tensor] {
  if (input.numel() === 0) throw new RangeError('Cannot pack empty tensors.');
  const x = batchFirst ? input.transpose(0, 1) : input;
  const lengths = longValues(lengthsT, 'lengths');
  const batch = x.size(1);
  if (lengths.length !== batch) {
    throw new RangeError(
      `Expected \`len(lengths)\` to be equal to batch_size, but got ${lengths.length} (batch_size=${batch})`,
    );
  }
  if (!(lengths[batch - 1] > 0)) {
    throw new RangeError(
      "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0",
    );
  }
  for (let i = 0; i < batch - 1; i++) {
    if (lengths[batch - 1 - i] > lengths[batch - 2 - i]) {
      throw new RangeError(
        '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass ' +
          '`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement ' +
          'if you do not need ONNX exportability.',
      );
    }
  }
  // batch_sizes has lengths[0] entries (ATen allocates them first, whatever the input's length).
  checkAllocation(int64, [lengths[0]]);
  const batchSizes = new Float64Array(lengths[0]);
  let prev = 0;
  for (let i = 0; i < batch; i++) {
    const l = lengths[batch - 1 - i];
    batchSizes.fill(batch - i, prev, Math.max(prev, l));
    prev = Math.max(prev, l);
  }
  const data = apply(PACK_PADDED, [input], { lengths, batchFirst });
  return [data, from_typed_array(batchSizes, [batchSizes.length], int64)];
}

/** The packed rows of a [T, B, *] batch with decreasing lengths (ATen's loop over distinct lengths). */
function packRows(x: Tensor, lengths: readonly number[]): Tensor {
  const batch = lengths.length;
  const trailing = [...x.shape].slice(2);
  const steps: Tensor[] = [];
  let prev = 0;
  for (let i = 0; i < batch; i++) {
    const l = lengths[batch - 1 - i];
    if (l > prev) {
      const end = Math.min(l, x.size(0));
      const start = Math.min(prev, end);
      steps.push(
        x
          .narrow(0, start, end - start)
          .narrow(1, 0, batch - i)
          .reshape([-1, ...trailing]),
      );
      prev = l;
    }
  }
  return cat(steps, 0);
}

/**
 * Rows packed with the given batch sizes, scattered back into a [T, B, *] batch filled with
 * `value` (ATen's _pad_packed_sequence loop: one copy per run of equal batch sizes).
 */
function padRows(data: Tensor, bs: readonly number[], steps: number, value: number): Tensor {
  const trailing = [...data.shape].slice(1);
  const out = full([steps, bs[0], ...trailing], value, { dtype: data.dtype });
  let offset = 0;
  let prevB = bs[0];
  let prevI = 0;
  for (let i = 0; i <= bs.length; i++) {
    const b = i !== bs.length ? bs[i] : 0;
    if (b !== prevB) {
      const n = i - prevI;
      out
        .narrow(0, prevI, n)
        .narrow(1, 0, prevB)
        .copy_(data.narrow(0, offset, prevB * n).reshape([n, prevB, ...trailing]));
      offset += prevB * n;
      prevI = i;
    }
    prevB = b;
  }
  return out;
}

/**
 * padRows built out of place (cat of each run of equal batch sizes with its padding): the backward
 * formula of pack_padded_sequence, which must stay usable under vmap and double backward.
 */
function padRowsFunctional(data: Tensor, bs: readonly number[], steps: number): Tensor {
  const trailing = [...data.shape].slice(1);
  const maxBatch = bs[0];
  const zerosOf = (shape: number[]): Tensor => data.new_zeros(shape);
  const blocks: Tensor[] = [];
  let offset = 0;
  let prevB = maxBatch;
  let prevI = 0;
  for (let i = 0; i <= bs.length; i++) {
    const b = i !== bs.length ? bs[i] : 0;
    if (b !== prevB) {
      const n = i - prevI;
      let block = data.narrow(0, offset, prevB * n).reshape([n, prevB, ...trailing]);
      if (prevB < maxBatch) block = cat([block, zerosOf([n, maxBatch - prevB, ...trailing])], 1);
      blocks.push(block);
      offset += prevB * n;
      prevI = i;
    }
    prevB = b;
  }
  if (steps > bs.length) blocks.push(zerosOf([steps - bs.length, maxBatch, ...trailing]));
  return blocks.length === 1 ? blocks[0] : cat(blocks, 0);
}

/** _pack_padded_sequence's autograd node (PyTorch's PackPaddedSequenceBackward0): x [T, B, *] -> rows. */
const PACK_PADDED = defineOp<{ lengths: number[]; batchFirst: boolean }>({
  node: 'PackPaddedSequenceBackward0',
  jvp: 'linear',
  forward: ([x], { lengths, batchFirst }) => no_grad(() => packRows(batchFirst ? x.transpose(0, 1) : x, lengths)),
  // Physical [N, ...]: the vmapped dim rides along as a trailing dim of every row.
  batch: ([x], _b, { lengths, batchFirst }) => {
    const y = x.movedim(0, 2);
    return packRows(batchFirst ? y.transpose(0, 1) : y, lengths).movedim(1, 0);
  },
  // _pack_padded_sequence_backward: the rows' gradients in place, zeros in the padding.
  backward: (g, _s, { args, meta }) => {
    const steps = meta[0].shape[args.batchFirst ? 1 : 0];
    const bs: number[] = [];
    for (let t = 0; t < steps; t++) {
      const b = args.lengths.filter((l) => l > t).length;
      if (b > 0) bs.push(b);
    }
    const grad = padRowsFunctional(g, bs, steps);
    return [args.batchFirst ? grad.transpose(0, 1) : grad];
  },
});

export interface PackPaddedOpts {
  batch_first?: boolean;
  enforce_sorted?: boolean;
}

/**
 * Packs a padded batch [T, B, *] (or [B, T, *] with batch_first) of sequences of the given lengths
 * (a list or a CPU int64 tensor). With enforce_sorted (the default) the lengths must be decreasing;
 * otherwise the batch is sorted by length and the permutation kept in the result.
 */
export function pack_padded_sequence(
  input: Tensor,
  lengths: Tensor | readonly number[],
  batch_first: boolean | PackPaddedOpts = false,
  enforce_sorted = true,
): PackedSequence {
  const o = typeof batch_first === 'object' && batch_first !== null ? batch_first : { batch_first, enforce_sorted };
  checkTensorArg('pack_padded_sequence', 'input', input);
  let len = lengthsTensor(lengths);
  let sorted: Tensor | null = null;
  let x = input;
  if (o.enforce_sorted === false) {
    const r = sort(len, { descending: true });
    len = r.values;
    sorted = r.indices;
    x = x.index_select(o.batch_first ? 0 : 1, sorted);
  }
  const [data, batchSizes] = packPadded(x, len, o.batch_first ?? false);
  return new PackedSequence(data, batchSizes, sorted, null);
}

export interface PadPackedOpts {
  batch_first?: boolean;
  padding_value?: number;
  total_length?: number | null;
}

/**
 * The inverse of pack_padded_sequence: [padded, lengths], padded [T, B, *] (or [B, T, *]) with
 * padding_value after each sequence, T the longest length or total_length; the batch in its
 * original order (unsorted_indices).
 */
export function pad_packed_sequence(
  sequence: PackedSequence,
  batch_first: boolean | PadPackedOpts = false,
  padding_value = 0,
  total_length: number | null = null,
): [Tensor, Tensor] {
  const o: PadPackedOpts =
    typeof batch_first === 'object' && batch_first !== null
      ? batch_first
      : { batch_first, padding_value, total_length };
  checkPacked('pad_packed_sequence', sequence);
  const bs = longValues(sequence.batch_sizes, 'batch_sizes');
  _checkBatchSizes(bs, sequence.data);
  let maxLen = bs.length;
  const total = o.total_length ?? null;
  if (total !== null) {
    if (total < maxLen) {
      throw new RangeError(
        'Expected total_length to be at least the length of the longest sequence in input, but got ' +
          `total_length=${total} and max sequence length being ${maxLen}`,
      );
    }
    maxLen = total;
  }
  const maxBatch = bs[0];
  const lengths = new Array<number>(maxBatch);
  let next = maxBatch - 1;
  for (let i = 0; i <= bs.length; i++) {
    const b = i !== bs.length ? bs[i] : 0;
    const prevB = i === 0 ? maxBatch : bs[i - 1];
    for (let j = b; j < prevB; j++) lengths[next--] = i;
  }
  let padded = padRows(sequence.data, bs, maxLen, o.padding_value ?? 0);
  if (o.batch_first) padded = padded.transpose(0, 1);
  let lens = makeTensor(lengths, { dtype: int64 });
  const unsorted = sequence.unsorted_indices;
  if (unsorted !== null) {
    padded = padded.index_select(o.batch_first ? 0 : 1, unsorted);
    lens = lens.index_select(0, unsorted);
  }
  return [padded, lens];
}

/** pad_sequence then pack_padded_sequence: sequences [L_i, *] packed (decreasing lengths unless enforce_sorted=false). */
export function pack_sequence(
  sequences: readonly Tensor[],
  enforce_sorted: boolean | { enforce_sorted?: boolean } = true,
): PackedSequence {
  const o = optsOf<{ enforce_sorted?: boolean }>(enforce_sorted, 'enforce_sorted');
  if (!Array.isArray(sequences)) {
    throw new TypeError(
      `pack_sequence(): argument 'sequences' must be a list of Tensors, not ${jsTypeName(sequences)}`,
    );
  }
  for (const s of sequences) checkTensorArg('pack_sequence', 'sequences', s);
  const lengths = sequences.map((v: Tensor) => v.size(0));
  return pack_padded_sequence(pad_sequence(sequences), lengths, { enforce_sorted: o.enforce_sorted ?? true });
}

/**
 * The sequences of a padded batch as a list, each cut to its length. Unlike PyTorch (whose
 * batch_first=False path transposes the caller's tensor in place), the input is left as it is.
 */
export function unpad_sequence(
  padded_sequences: Tensor,
  lengths: Tensor | readonly number[],
  batch_first: boolean | { batch_first?: boolean } = false,
): Tensor[] {
  const o = optsOf<{ batch_first?: boolean }>(batch_first, 'batch_first');
  checkTensorArg('unpad_sequence', 'padded_sequences', padded_sequences);
  const x = o.batch_first ? padded_sequences : padded_sequences.transpose(0, 1);
  if (lengths instanceof Tensor && lengths.dim() === 0) throw new TypeError('iteration over a 0-d tensor');
  const lens =
    lengths instanceof Tensor
      ? (lengths.tolist() as unknown[]).map((v) => (Array.isArray(v) ? NaN : Number(v)))
      : Array.isArray(lengths)
        ? lengths
        : null;
  if (lens === null) {
    throw new TypeError(`unpad_sequence(): argument 'lengths' must be Tensor, not ${jsTypeName(lengths)}`);
  }
  const maxLen = x.size(1);
  const idx = arange(maxLen);
  const seqs = x.unbind(0);
  const out: Tensor[] = [];
  for (let i = 0; i < Math.min(seqs.length, lens.length); i++) {
    out.push(seqs[i].index(idx.lt(lens[i])));
  }
  return out;
}

/** The sequences of a PackedSequence as a list, in the original batch order. */
export function unpack_sequence(packed_sequences: PackedSequence): Tensor[] {
  checkPacked('unpack_sequence', packed_sequences);
  const [padded, lengths] = pad_packed_sequence(packed_sequences, { batch_first: true });
  return unpad_sequence(padded, lengths, { batch_first: true });
}
