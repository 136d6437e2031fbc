// Shape, stride and broadcast arithmetic. Pure functions over number arrays; no tensors.

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= Math.max(shape[i], 1);
  }
  return strides;
}

/** PyTorch's is_contiguous: strides of size-1 dims do not matter. */
export function isContiguous(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (shape[i] === 0) return true;
    if (strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function shapeEquals(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** PyTorch's dimension wrapping, with its error text. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1); // 0-d tensors accept dims -1 and 0
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // From the last dim to the first, as ATen's infer_size, so the message names the last mismatch.
  for (let i = n - 1; i >= 0; i--) {
    const ai = i - (n - a.length);
    const bi = i - (n - b.length);
    const da = ai >= 0 ? a[ai] : 1;
    const db = bi >= 0 ? b[bi] : 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RangeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
  }
  return out;
}

/**
 * torch.broadcast_shapes(*shapes): the shape every given shape broadcasts to (a number stands for a
 * 1-D shape), with PyTorch 1.13's checks and messages.
 */
/** A value in a message, whatever it is (String() throws on symbols and prototype-less objects). */
function shown(v: unknown): string {
  if (typeof v === 'symbol') return v.toString();
  if (Array.isArray(v)) return `[${v.map(shown).join(', ')}]`;
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null ? '[object Object]' : String(v);
}

export function broadcast_shapes(...shapes: (number | readonly number[])[]): number[] {
  const list = shapes.map((s) => (typeof s === 'number' ? [s] : s));
  for (const s of list) {
    if (!Array.isArray(s) || s.some((d) => !Number.isInteger(d))) {
      throw new TypeError(`Input shapes should be of type ints, a tuple of ints, or a list of ints, got ${shown(s)}`);
    }
  }
  const result = new Array<number>(Math.max(0, ...list.map((s) => s.length))).fill(1);
  for (const s of list) {
    for (let i = 1; i <= s.length; i++) {
      const d = s[s.length - i];
      if (d < 0) throw new RangeError(`Trying to create tensor with negative dimension (${d}): (${d})`);
      if (d === 1 || d === result[result.length - i]) continue;
      if (result[result.length - i] !== 1)
        throw new RangeError('Shape mismatch: objects cannot be broadcast to a single shape');
      result[result.length - i] = d;
    }
  }
  return result;
}

/** True when a tensor of `shape` can be expanded (broadcast) to `target`. */
export function isExpandableTo(shape: Shape, target: Shape): boolean {
  if (shape.length > target.length) return false;
  for (let i = 1; i <= shape.length; i++) {
    const s = shape[shape.length - i];
    if (s !== 1 && s !== target[target.length - i]) return false;
  }
  return true;
}

/** Strides that read a tensor of `shape`/`strides` as if expanded to `target` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i];
  }
  return out;
}

/** Parses PyTorch's size arguments: f(2, 3), f([2, 3]) and f() all work. */
export function parseSize(args: readonly unknown[]): number[] {
  const flat: unknown[] = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : [...args];
  return flat.map((s) => {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`size must be a sequence of integers, but got ${shown(s)}`);
    }
    if (s < 0) throw new RangeError(`Trying to create tensor with negative dimension ${s}: [${flat.join(', ')}]`);
    return s;
  });
}

/** Resolves a single -1 in a requested view/reshape shape. */
export function inferSize(shape: Shape, total: number): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1) {
      if (infer >= 0) throw new RangeError('only one dimension can be inferred');
      infer = i;
    } else if (s < 0 || !Number.isInteger(s)) {
      throw new RangeError(`invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0 || total % known !== 0) {
      throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${total}`);
    }
    out[infer] = total / known;
  } else if (known !== total) {
    throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${total}`);
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without copying, or null when impossible.
 * Mirrors ATen's computeStride: groups of old dims that are contiguous among themselves can be split
 * or merged freely.
 */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  const total = numel(shape);
  if (total === 0 || shape.length === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

/** ATen's is_non_overlapping_and_dense: some ordering of the dims has contiguous strides. */
export function isNonOverlappingAndDense(shape: readonly number[], strides: readonly number[]): boolean {
  const order = [...shape.keys()].filter((d) => shape[d] >= 2).sort((a, b) => strides[a] - strides[b]);
  let expected = 1;
  for (const d of order) {
    if (strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

// ---------------------------------------------------------------- torch.Size

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const IS_SIZE = Symbol('torch.Size');
function sizeString(this: readonly number[]): string {
  return `torch.Size([${this.join(', ')}])`;
}
const SIZE_PROPS: PropertyDescriptorMap = {
  toString: { value: sizeString },
  [INSPECT]: { value: sizeString },
  [IS_SIZE]: { value: true },
};

/**
 * torch.Size: an array of numbers (so `x.shape[0]`, spreading and `assert.deepEqual(x.shape, [2,
 * 3])` work) that prints `torch.Size([2, 3])` and, like Python's tuple, cannot be changed.
 */
export function makeSize(dims: Iterable<number>): Size {
  const a = [...dims];
  Object.defineProperties(a, SIZE_PROPS);
  return Object.freeze(a) as unknown as Size;
}

/** The type of x.shape and x.size(): a read-only array of numbers. */
export type Size = readonly number[];

/** `new torch.Size([2, 3])` / `torch.Size([2, 3])`; `s instanceof torch.Size` is true for x.shape. */
export const Size = function Size(dims: Iterable<number> = []): Size {
  if (dims === null || typeof (dims as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError(`'${dims === null ? 'null' : typeof dims}' object is not iterable`);
  }
  let i = 0;
  for (const d of dims) {
    if (!Number.isInteger(d))
      throw new TypeError(`torch.Size() takes an iterable of 'int' (item ${i} is '${typeof d}')`);
    i++;
  }
  return makeSize(dims);
} as unknown as { new (dims?: Iterable<number>): Size; (dims?: Iterable<number>): Size };
Object.defineProperty(Size, Symbol.hasInstance, {
  value: (v: unknown) => Array.isArray(v) && (v as unknown as Record<symbol, unknown>)[IS_SIZE] === true,
});
