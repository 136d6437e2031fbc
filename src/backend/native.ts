// The native backend: the N-API addon built from native/ (binding.gyp) behind the Backend
// interface. Typed arrays are passed to C++ as they are (zero copy).
//
// Note [Native argument checks]: C++ trusts what it is given, so every view is checked here
// before a call: integral offsets, shapes and strides, the extreme offsets a view can reach lie
// inside its typed array, and the operands' array types agree. A wrong argument throws a
// RangeError or TypeError; it never reaches native code. Take/put offsets are the one exception:
// checking each one in JavaScript would cost as much as the op, so the addon checks them (before
// writing anything) and throws.
//
// Loading is guarded so that bundlers and browsers never see a Node import: the addon is looked up
// only when running under Node (through process.getBuiltinModule), the node-gyp-build way
// (prebuilds/ first, then build/Release).

import type { Backend, BinaryKind, ReduceKind, ScanKind, UnaryKind, View, Windows2d } from './backend.js';
import { BINARY_KINDS, BINARY_PREDICATES, REDUCE_KINDS, SCAN_KINDS, UNARY_KINDS, UNARY_PREDICATES } from './backend.js';
import { jsBackend } from './js/index.js';
import type { TypedArray } from '../tensor/dtype.js';

/**
 * Below these sizes an op runs in JavaScript: checking the views and crossing into C++ costs about
 * 0.5 us (1 us for reductions), more than the JIT-compiled loop takes on a few elements. Measured
 * with `npx tsx bench/native.ts cutoff`: float32 add breaks even near 50 elements, copy near 30,
 * sum near 300, exp below 16.
 */
export const NATIVE_MIN_ELEMENTS = 64;
export const NATIVE_MIN_REDUCE_ELEMENTS = 512;
/**
 * Storage of more than 64 bytes comes from the addon (Note [Caching tensor storage],
 * native/storage.cc); V8 keeps up to 64 bytes inside the typed array object, which is cheaper.
 */
export const STORAGE_MIN_BYTES = 65;
/** Multiply-adds (M * N * K) below which matmul runs in JavaScript. */
export const NATIVE_MIN_MATMUL_FLOPS = 4096;
/** Outputs from which an outer product (inner dim 1) runs as an elementwise multiply (below, the GEMM is faster). */
const OUTER_MIN_ELEMENTS = 1 << 18;

/** The addon's kernel kinds (native/kinds.h): names in id order, and those with bool outputs. */
export interface AddonKinds {
  unary: readonly string[];
  binary: readonly string[];
  reduce: readonly string[];
  scan: readonly string[];
  unaryPredicates: readonly string[];
  binaryPredicates: readonly string[];
}

interface KindIds {
  unary: Map<UnaryKind, number>;
  binary: Map<BinaryKind, number>;
  reduce: Map<ReduceKind, number>;
  scan: Map<ScanKind, number>;
}

/**
 * The addon's id for every kind the Backend interface declares. Throws when the addon lacks one,
 * or disagrees about which give bool outputs: an addon built from other sources than this
 * TypeScript must not run a wrong kernel.
 */
export function kindIds(addon: Addon): KindIds {
  const have = typeof addon.kinds === 'function' ? addon.kinds() : null;
  const stale = (what: string): Error =>
    new Error(`the native addon ${what}; it was built from other sources: rebuild it (npm install)`);
  if (have === null) throw stale('does not list its kernel kinds');
  const problems: string[] = [];
  function ids<K extends string>(family: string, declared: readonly K[], names: readonly string[]): Map<K, number> {
    const m = new Map<K, number>();
    for (const kind of declared) {
      const id = names.indexOf(kind);
      if (id < 0) problems.push(`${family} '${kind}'`);
      else m.set(kind, id);
    }
    return m;
  }
  function predicates<K extends string>(
    family: string,
    declared: ReadonlySet<K>,
    m: Map<K, number>,
    names: readonly string[],
  ) {
    for (const kind of m.keys()) {
      if (declared.has(kind) !== names.includes(kind)) problems.push(`${family} '${kind}' (bool output or not)`);
    }
  }
  const r: KindIds = {
    unary: ids('unary', UNARY_KINDS, have.unary),
    binary: ids('binary', BINARY_KINDS, have.binary),
    reduce: ids('reduce', REDUCE_KINDS, have.reduce),
    scan: ids('scan', SCAN_KINDS, have.scan),
  };
  predicates('unary', UNARY_PREDICATES, r.unary, have.unaryPredicates);
  predicates('binary', BINARY_PREDICATES, r.binary, have.binaryPredicates);
  if (problems.length > 0) throw stale(`lacks or disagrees on kernel kinds ${problems.join(', ')}`);
  return r;
}

type Offsets = Int32Array | Float64Array;

/** The addon's exports (native/addon.cc). */
export interface Addon {
  /** `int64`: Float64Array storage holding int64 values, which follow integer rules. */
  unary(kind: number, x: TypedArray, out: TypedArray, meta: Float64Array, int64: boolean): void;
  binary(kind: number, a: TypedArray, b: TypedArray, out: TypedArray, meta: Float64Array, int64: boolean): void;
  where(cond: TypedArray, a: TypedArray, b: TypedArray, out: TypedArray, meta: Float64Array): void;
  copy(src: TypedArray, out: TypedArray, truncate: boolean, meta: Float64Array): void;
  fill(out: TypedArray, value: number, meta: Float64Array): void;
  /** Absent from addons built before it existed. */
  ramp?(out: Float64Array | Int32Array, start: number, step: number): void;
  clamp(x: TypedArray, lo: number, hi: number, out: TypedArray, meta: Float64Array): void;
  reduce(kind: number, x: TypedArray, reduced: number, out: TypedArray, meta: Float64Array): void;
  scan(kind: number, x: TypedArray, out: TypedArray, meta: Float64Array): void;
  softmax(x: TypedArray, log: boolean, out: TypedArray, meta: Float64Array): void;
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, meta: Float64Array): void;
  take(src: TypedArray, offsets: Offsets, out: TypedArray): void;
  put(dst: TypedArray, offsets: Offsets, values: TypedArray, accumulate: boolean): void;
  adam(
    param: TypedArray,
    grad: TypedArray,
    expAvg: TypedArray,
    expAvgSq: TypedArray,
    maxExpAvgSq: TypedArray | null,
    scalars: Float64Array,
  ): void;
  /** `windows`: [N, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW] (see windowsMeta). */
  im2col(x: TypedArray, cols: TypedArray, windows: Float64Array): void;
  col2im(cols: TypedArray, x: TypedArray, windows: Float64Array): void;
  maxPool2d(x: TypedArray, out: TypedArray, indices: Int32Array, windows: Float64Array): void;
  maxPool2dBackward(grad: TypedArray, indices: Int32Array, gx: TypedArray, windows: Float64Array): void;
  thresholdBackward(grad: TypedArray, x: TypedArray, threshold: number, out: TypedArray): void;
  softmaxBackward?(g: TypedArray, y: TypedArray, rows: number, n: number, out: TypedArray): void;
  /** Absent arrays are passed empty. Optional: an addon built before them leaves them to TypeScript. */
  layerNorm?(x: TypedArray, w: TypedArray, b: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void;
  layerNormBackward?(
    g: TypedArray,
    x: TypedArray,
    w: TypedArray,
    rows: number,
    n: number,
    eps: number,
    gx: TypedArray,
    gw: TypedArray,
    gb: TypedArray,
  ): void;
  /** kind 0 = uniform, 1 = normal; see RandomKernels.randomFill. */
  randomFill(
    kind: number,
    state: Uint32Array,
    pos: Int32Array,
    out: Float32Array | Float64Array,
    a: number,
    b: number,
  ): boolean;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  /** The instruction set in use: 'generic', 'avx2' or 'avx512'. */
  isa(): string;
  /** Selects an instruction set ('' = best); false when the CPU lacks it. */
  setIsa(name: string): boolean;
  /** The kernel kinds it was built with (native/kinds.h). */
  kinds(): AddonKinds;
  /**
   * An ArrayBuffer of `bytes` from the caching allocator (native/storage.cc): a free block, else
   * (unless `onlyFree`) a fresh one; undefined when `onlyFree` finds none, null when it cannot be
   * had. Absent from addons built before it.
   */
  storage?(bytes: number, zero: boolean, onlyFree: boolean): ArrayBuffer | null | undefined;
  /** [free bytes kept, hits, misses, blocks released, cap] of the caching allocator. */
  storageStats?(): [number, number, number, number, number];
  /** Gives every free block of the caching allocator back to the system. */
  releaseStorage?(): void;
}

// ------------------------------------------------------------------------------------------------
// Argument checks (Note [Native argument checks]).

const MAX_DIMS = 64;
// Shape of each operand, offset and strides: room for 4 operands of MAX_DIMS dims.
const meta = new Float64Array(1 + 4 * (2 * MAX_DIMS + 1));
// AdamScalars in native/backend.h's AdamArgs order.
const adamScalars = new Float64Array(10);

function isArray(d: unknown): d is TypedArray {
  return d instanceof Float32Array || d instanceof Float64Array || d instanceof Int32Array || d instanceof Uint8Array;
}

function fail(what: string, why: string): never {
  throw new RangeError(`native ${what}: ${why}`);
}

function typeFail(what: string, why: string): never {
  throw new TypeError(`native ${what}: ${why}`);
}

/** Element count of a shape; throws unless it is a list of at most MAX_DIMS non-negative integers. */
function checkShape(shape: readonly number[], what: string): number {
  if (!Array.isArray(shape) || shape.length > MAX_DIMS) fail(what, 'bad shape');
  let n = 1;
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d];
    if (!Number.isSafeInteger(s) || s < 0) fail(what, `bad size ${String(s)} at dim ${d}`);
    n *= s;
  }
  if (!Number.isSafeInteger(n)) fail(what, 'too many elements');
  return n;
}

/**
 * Checks that view v, iterated over `shape` (its own shape or the loop's), stays inside its typed
 * array, and writes [offset, strides...] at meta[p]. Returns the next free meta index.
 */
function checkView(v: View, shape: readonly number[], numel: number, what: string, p: number): number {
  const data = v.data;
  if (!isArray(data)) typeFail(what, 'data is not a Float32Array, Float64Array, Int32Array or Uint8Array');
  const strides = v.strides;
  const nd = shape.length;
  if (!Array.isArray(strides) || strides.length !== nd) fail(what, 'strides do not match the shape');
  const offset = v.offset;
  if (!Number.isSafeInteger(offset)) fail(what, `bad offset ${String(offset)}`);
  meta[p++] = offset;
  let lo = offset;
  let hi = offset;
  for (let d = 0; d < nd; d++) {
    const s = strides[d];
    if (!Number.isSafeInteger(s)) fail(what, `bad stride ${String(s)} at dim ${d}`);
    meta[p++] = s;
    const reach = (shape[d] - 1) * s;
    if (reach < 0) lo += reach;
    else hi += reach;
  }
  if (numel > 0 && (lo < 0 || hi >= data.length)) {
    fail(what, `view reaches elements [${lo}, ${hi}] of an array of length ${data.length}`);
  }
  return p;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (!Array.isArray(a) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Fills meta for views sharing out's shape: [nd, shape..., (offset, strides...) per view]. */
function elementwiseMeta(views: readonly View[], out: View, numel: number, what: string): void {
  const shape = out.shape;
  meta[0] = shape.length;
  let p = 1;
  for (let d = 0; d < shape.length; d++) meta[p++] = shape[d];
  for (const v of views) {
    if (v !== out && !sameShape(v.shape, shape)) fail(what, 'operand shapes differ from the output shape');
    p = checkView(v, shape, numel, what, p);
  }
}

/** Fills meta for a single view: [nd, shape..., offset, strides...]. */
function singleMeta(x: View, what: string): number {
  const numel = checkShape(x.shape, what);
  meta[0] = x.shape.length;
  let p = 1;
  for (let d = 0; d < x.shape.length; d++) meta[p++] = x.shape[d];
  checkView(x, x.shape, numel, what, p);
  return numel;
}

function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let d = 0; d < shape.length; d++) n *= shape[d];
  return n;
}

function sameType(a: TypedArray, b: TypedArray, what: string): void {
  if (a.constructor !== b.constructor) typeFail(what, `${a.constructor.name} and ${b.constructor.name} differ`);
}

function needType(a: TypedArray, ctor: unknown, what: string): void {
  if (a.constructor !== ctor) typeFail(what, `expected ${(ctor as { name: string }).name}, got ${a.constructor.name}`);
}

function checkOut(out: TypedArray, length: number, what: string): void {
  if (!isArray(out)) typeFail(what, 'out is not a supported typed array');
  if (out.length < length) fail(what, `out has ${out.length} elements, needs ${length}`);
}

function checkOffsets(offsets: Offsets, what: string): void {
  if (!(offsets instanceof Int32Array || offsets instanceof Float64Array)) {
    typeFail(what, 'offsets must be an Int32Array or a Float64Array');
  }
}

const windows = new Float64Array(14);
const WINDOW_FIELDS = ['N', 'C', 'H', 'W', 'kh', 'kw', 'sh', 'sw', 'ph', 'pw', 'dh', 'dw', 'OH', 'OW'] as const;

/**
 * Checks a window geometry and writes it to `windows`: sizes non-negative, kernel, stride and
 * dilation positive, padding non-negative, integers that keep every element offset below 2^31 (pooling
 * indices are int32). Returns the sizes of the input, the columns and the pooled output.
 */
function windowsMeta(g: Windows2d, what: string): { input: number; cols: number; pooled: number } {
  for (let f = 0; f < WINDOW_FIELDS.length; f++) {
    const v = g[WINDOW_FIELDS[f]];
    const least = (f >= 4 && f < 8) || f === 10 || f === 11 ? 1 : 0;
    if (!Number.isSafeInteger(v) || v < least) fail(what, `bad ${WINDOW_FIELDS[f]} ${String(v)}`);
    windows[f] = v;
  }
  const input = g.N * g.C * g.H * g.W;
  const pooled = g.N * g.C * g.OH * g.OW;
  const cols = pooled * g.kh * g.kw;
  if (!(input < 2 ** 31 && cols < 2 ** 53)) fail(what, 'too many elements');
  return { input, cols, pooled };
}

function floatingPair(a: TypedArray, b: TypedArray): boolean {
  return (a instanceof Float32Array || a instanceof Float64Array) && a.constructor === b.constructor;
}

// ------------------------------------------------------------------------------------------------
// The backend.

export interface NativeOptions {
  /** Ops on fewer elements run in JavaScript (tests set 0 to exercise the addon on every size). */
  minElements?: number;
  minReduceElements?: number;
  minMatmulFlops?: number;
}

/** A pooling call's arrays against its geometry: the input-shaped, the pooled-shaped and indices. */
function checkPooling(
  what: string,
  size: { input: number; pooled: number },
  [inputName, input]: [string, TypedArray],
  [pooledName, pooled]: [string, TypedArray],
  indices: Int32Array,
): void {
  if (input.length < size.input) fail(what, `${inputName} is shorter than the geometry`);
  if (pooled.length < size.pooled) fail(what, `${pooledName} is shorter than the geometry`);
  needType(indices, Int32Array, what);
  if (indices.length < size.pooled) fail(what, 'indices is shorter than the geometry');
}

/**
 * A Backend running on `addon`, with every argument checked first. Throws if the addon lacks a
 * kernel kind the Backend interface declares (see kindIds).
 */
export function createNativeBackend(addon: Addon, opts: NativeOptions = {}): Backend {
  const { unary: unaryId, binary: binaryId, reduce: reduceId, scan: scanId } = kindIds(addon);
  const small = opts.minElements ?? NATIVE_MIN_ELEMENTS;
  const smallReduce = opts.minReduceElements ?? opts.minElements ?? NATIVE_MIN_REDUCE_ELEMENTS;
  const smallMatmul = opts.minMatmulFlops ?? NATIVE_MIN_MATMUL_FLOPS;
  const js = jsBackend;
  const storage = typeof addon.storage === 'function' ? addon.storage.bind(addon) : undefined;

  const backend: Backend = {
    name: 'native',

    // From STORAGE_MIN_BYTES, tensor storage comes from the addon's caching allocator.
    storage:
      storage &&
      ((bytes, zero, onlyFree) =>
        bytes >= STORAGE_MIN_BYTES && Number.isSafeInteger(bytes) ? storage(bytes, zero, onlyFree) : null),
    releaseStorage: typeof addon.releaseStorage === 'function' ? addon.releaseStorage.bind(addon) : undefined,

    copy(src, out, truncate) {
      const n = numelOf(out.shape);
      if (n >= 0 && n < small) return js.copy(src, out, truncate);
      const numel = checkShape(out.shape, 'copy');
      elementwiseMeta([src, out], out, numel, 'copy');
      // Nothing to do, and an empty view's offset may point anywhere (even a null array's).
      if (numel === 0) return;
      addon.copy(src.data, out.data, truncate, meta);
    },

    fill(out, value) {
      const n = numelOf(out.shape);
      if (n >= 0 && n < small) return js.fill(out, value);
      const numel = checkShape(out.shape, 'fill');
      elementwiseMeta([out], out, numel, 'fill');
      // Nothing to do, and an empty view's offset may point anywhere (even a null array's).
      if (numel === 0) return;
      addon.fill(out.data, value, meta);
    },

    ramp(out, start, step) {
      if (out.length < small || typeof addon.ramp !== 'function') return js.ramp(out, start, step);
      if (!(out instanceof Float64Array) && !(out instanceof Int32Array)) {
        typeFail('ramp', 'out is not a Float64Array or Int32Array');
      }
      addon.ramp(out, Number(start), Number(step));
    },

    unary(kind, x, out) {
      const n = numelOf(out.shape);
      if (n >= 0 && n < small) return js.unary(kind, x, out);
      const id = unaryId.get(kind);
      if (id === undefined) typeFail('unary', `unknown kind ${String(kind)}`);
      const numel = checkShape(out.shape, 'unary');
      elementwiseMeta([x, out], out, numel, 'unary');
      if (UNARY_PREDICATES.has(kind)) needType(out.data, Uint8Array, 'unary');
      else sameType(x.data, out.data, 'unary');
      // Nothing to do, and an empty view's offset may point anywhere (even a null array's).
      if (numel === 0) return;
      addon.unary(id, x.data, out.data, meta, out.dtype === 'int64');
    },

    binary(kind, a, b, out) {
      const n = numelOf(out.shape);
      if (n >= 0 && n < small) return js.binary(kind, a, b, out);
      const id = binaryId.get(kind);
      if (id === undefined) typeFail('binary', `unknown kind ${String(kind)}`);
      const numel = checkShape(out.shape, 'binary');
      elementwiseMeta([a, b, out], out, numel, 'binary');
      sameType(a.data, b.data, 'binary');
      if (BINARY_PREDICATES.has(kind)) needType(out.data, Uint8Array, 'binary');
      else sameType(a.data, out.data, 'binary');
      // Nothing to do, and an empty view's offset may point anywhere (even a null array's).
      if (numel === 0) return;
      addon.binary(id, a.data, b.data, out.data, meta, a.dtype === 'int64' || out.dtype === 'int64');
    },

    where(cond, a, b, out) {
      const n = numelOf(out.shape);
      if (n >= 0 && n < small) return js.where(cond, a, b, out);
      const numel = checkShape(out.shape, 'where');
      elementwiseMeta([cond, a, b, out], out, numel, 'where');
      needType(cond.data, Uint8Array, 'where');
      sameType(a.data, b.data, 'where');
      sameType(a.data, out.data, 'where');
      // Nothing to do, and an empty view's offset may point anywhere (even a null array's).
      if (numel === 0) return;
      addon.where(cond.data, a.data, b.data, out.data, meta);
    },

    clamp(x, lo, hi, out) {
      const n = numelOf(out.shape);
      if (n >= 0 && n < small) return js.clamp(x, lo, hi, out);
      const numel = checkShape(out.shape, 'clamp');
      elementwiseMeta([x, out], out, numel, 'clamp');
      sameType(x.data, out.data, 'clamp');
      // Nothing to do, and an empty view's offset may point anywhere (even a null array's).
      if (numel === 0) return;
      addon.clamp(x.data, Number(lo), Number(hi), out.data, meta);
    },

    reduce(kind, x, reduced, out) {
      const n = numelOf(x.shape);
      // Empty inputs (only identities to write) stay in TypeScript: an empty view's offset may point
      // anywhere, even into a null array.
      if (n >= 0 && (n < smallReduce || n === 0)) return js.reduce(kind, x, reduced, out);
      const id = reduceId.get(kind);
      if (id === undefined) typeFail('reduce', `unknown kind ${String(kind)}`);
      singleMeta(x, 'reduce');
      if (!Number.isInteger(reduced) || reduced < 0 || reduced > x.shape.length) fail('reduce', 'bad reduced count');
      checkOut(out, numelOf(x.shape.slice(0, x.shape.length - reduced)), 'reduce');
      if (kind === 'argmax' || kind === 'argmin') needType(out, Float64Array, 'reduce');
      else if (kind === 'all' || kind === 'any') needType(out, Uint8Array, 'reduce');
      else sameType(x.data, out, 'reduce');
      addon.reduce(id, x.data, reduced, out, meta);
    },

    scan(kind, x, out) {
      const n = numelOf(x.shape);
      if ((n >= 0 && (n < smallReduce || n === 0)) || x.shape.length === 0) return js.scan(kind, x, out);
      const id = scanId.get(kind);
      if (id === undefined) typeFail('scan', `unknown kind ${String(kind)}`);
      const numel = singleMeta(x, 'scan');
      checkOut(out, numel, 'scan');
      sameType(x.data, out, 'scan');
      addon.scan(id, x.data, out, meta);
    },

    softmax(x, log, out) {
      const n = numelOf(x.shape);
      const floating = x.data instanceof Float32Array || x.data instanceof Float64Array;
      if ((n >= 0 && (n < smallReduce || n === 0)) || x.shape.length === 0 || !floating) {
        return js.softmax(x, log, out);
      }
      const numel = singleMeta(x, 'softmax');
      checkOut(out, numel, 'softmax');
      sameType(x.data, out, 'softmax');
      addon.softmax(x.data, log, out, meta);
    },

    matmul(a, b, out) {
      const nd = a.shape.length;
      const floating = a.data instanceof Float32Array || a.data instanceof Float64Array;
      const flops = numelOf(a.shape) * (nd >= 2 ? b.shape[nd - 1] : 0);
      if ((flops >= 0 && flops < smallMatmul) || !floating) return js.matmul(a, b, out);
      checkShape(a.shape, 'matmul');
      checkShape(b.shape, 'matmul');
      if (nd < 2 || b.shape.length !== nd) fail('matmul', 'operands must have the same number (>= 2) of dims');
      for (let d = 0; d < nd - 2; d++) if (a.shape[d] !== b.shape[d]) fail('matmul', 'batch dims differ');
      if (a.shape[nd - 1] !== b.shape[nd - 2]) fail('matmul', 'inner dims differ');
      sameType(a.data, b.data, 'matmul');
      sameType(a.data, out, 'matmul');
      checkOut(out, numelOf(a.shape.slice(0, nd - 1)) * b.shape[nd - 1], 'matmul');
      if (a.shape[nd - 1] === 1 && flops >= OUTER_MIN_ELEMENTS) {
        // Outer products ([..., M, 1] @ [..., 1, N]: vmap's per-example weight gradients) on the
        // multi-threaded elementwise multiply, about twice as fast as one GEMM per product; each
        // element is the one product the GEMM would compute.
        const shape = [...a.shape.slice(0, nd - 1), b.shape[nd - 1]];
        const as = [...a.strides];
        as[nd - 1] = 0;
        const bs = [...b.strides];
        bs[nd - 2] = 0;
        const os = shape.map(() => 0);
        for (let d = nd - 1, step = 1; d >= 0; d--) {
          os[d] = step;
          step *= shape[d];
        }
        backend.binary(
          'mul',
          { data: a.data, shape, strides: as, offset: a.offset, dtype: a.dtype },
          { data: b.data, shape, strides: bs, offset: b.offset, dtype: b.dtype },
          { data: out, shape, strides: os, offset: 0, dtype: a.dtype },
        );
        return;
      }
      meta[0] = nd;
      let p = 1;
      for (const v of [a, b]) {
        for (let d = 0; d < nd; d++) meta[p++] = v.shape[d];
        p = checkView(v, v.shape, numelOf(v.shape), 'matmul', p);
      }
      addon.matmul(a.data, b.data, out, meta);
    },

    take(src, offsets, out) {
      if (offsets.length < small) return js.take(src, offsets, out);
      checkOffsets(offsets, 'take');
      if (!isArray(src)) typeFail('take', 'src is not a supported typed array');
      checkOut(out, offsets.length, 'take');
      sameType(src, out, 'take');
      addon.take(src, offsets, out);
    },

    put(dst, offsets, values, accumulate) {
      if (offsets.length < small) return js.put(dst, offsets, values, accumulate);
      checkOffsets(offsets, 'put');
      if (!isArray(dst)) typeFail('put', 'dst is not a supported typed array');
      if (!isArray(values) || values.length < offsets.length) fail('put', 'values is shorter than offsets');
      sameType(dst, values, 'put');
      addon.put(dst, offsets, values, accumulate);
    },

    adam(param, grad, expAvg, expAvgSq, maxExpAvgSq, s) {
      if (param.length < small) return js.adam(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
      if (!(param instanceof Float32Array || param instanceof Float64Array)) {
        typeFail('adam', 'the parameter is not a Float32Array or Float64Array');
      }
      for (const a of maxExpAvgSq ? [grad, expAvg, expAvgSq, maxExpAvgSq] : [grad, expAvg, expAvgSq]) {
        sameType(param, a, 'adam');
        if (a.length !== param.length) fail('adam', 'the arrays differ in length');
      }
      adamScalars[0] = s.beta1;
      adamScalars[1] = s.omb1;
      adamScalars[2] = s.beta2;
      adamScalars[3] = s.omb2;
      adamScalars[4] = s.weight_decay;
      adamScalars[5] = s.decay;
      adamScalars[6] = s.eps;
      adamScalars[7] = s.neg_step_size;
      adamScalars[8] = s.bias_correction2_sqrt;
      adamScalars[9] = s.sign;
      addon.adam(param, grad, expAvg, expAvgSq, maxExpAvgSq, adamScalars);
    },

    im2col(x, g, cols) {
      const size = windowsMeta(g, 'im2col');
      if (size.cols < small || !floatingPair(x, cols)) return js.im2col(x, g, cols);
      if (x.length < size.input) fail('im2col', 'x is shorter than the geometry');
      if (cols.length < size.cols) fail('im2col', 'cols is shorter than the geometry');
      addon.im2col(x, cols, windows);
    },

    col2im(cols, g, x) {
      const size = windowsMeta(g, 'col2im');
      if (size.cols < small || !floatingPair(x, cols)) return js.col2im(cols, g, x);
      if (x.length < size.input) fail('col2im', 'x is shorter than the geometry');
      if (cols.length < size.cols) fail('col2im', 'cols is shorter than the geometry');
      addon.col2im(cols, x, windows);
    },

    maxPool2d(x, g, out, indices) {
      const size = windowsMeta(g, 'maxPool2d');
      if (size.input < small || !floatingPair(x, out)) return js.maxPool2d(x, g, out, indices);
      checkPooling('maxPool2d', size, ['x', x], ['out', out], indices);
      addon.maxPool2d(x, out, indices, windows);
    },

    maxPool2dBackward(grad, indices, g, gx) {
      const size = windowsMeta(g, 'maxPool2dBackward');
      if (size.input < small || !floatingPair(grad, gx)) return js.maxPool2dBackward(grad, indices, g, gx);
      checkPooling('maxPool2dBackward', size, ['gx', gx], ['grad', grad], indices);
      addon.maxPool2dBackward(grad, indices, gx, windows);
    },

    thresholdBackward(grad, x, threshold, out) {
      if (out.length < small || !floatingPair(out, grad) || !floatingPair(out, x)) {
        return js.thresholdBackward(grad, x, threshold, out);
      }
      if (grad.length < out.length || x.length < out.length) fail('thresholdBackward', 'an input is shorter than out');
      addon.thresholdBackward(grad, x, Number(threshold), out);
    },

    softmaxBackward(g, y, rows, n, out) {
      if (rows * n < small || addon.softmaxBackward === undefined || !floatingPair(out, g) || !floatingPair(out, y)) {
        return js.softmaxBackward(g, y, rows, n, out);
      }
      addon.softmaxBackward(g, y, rows, n, out);
    },

    layerNorm(x, w, b, rows, n, eps, out) {
      const same = (a: TypedArray | null): boolean => a === null || floatingPair(out, a);
      if (rows * n < small || addon.layerNorm === undefined || !floatingPair(out, x) || !same(w) || !same(b)) {
        return js.layerNorm(x, w, b, rows, n, eps, out);
      }
      const none = out.subarray(0, 0);
      addon.layerNorm(x, w ?? none, b ?? none, rows, n, Number(eps), out);
    },

    layerNormBackward(g, x, w, rows, n, eps, gx, gw, gb) {
      const same = (a: TypedArray | null): boolean => a === null || floatingPair(x, a);
      if (
        rows * n < small ||
        addon.layerNormBackward === undefined ||
        !floatingPair(x, g) ||
        ![w, gx, gw, gb].every(same)
      ) {
        return js.layerNormBackward(g, x, w, rows, n, eps, gx, gw, gb);
      }
      const none = x.subarray(0, 0);
      addon.layerNormBackward(g, x, w ?? none, rows, n, Number(eps), gx ?? none, gw ?? none, gb ?? none);
    },

    randomFill(kind, state, pos, out, a, b) {
      // Small fills cost less in TypeScript than the call; an addon built before randomFill existed
      // leaves every fill to TypeScript.
      if (out.length < small || typeof addon.randomFill !== 'function') return false;
      if (!(state instanceof Uint32Array) || state.length !== 624 || !(pos instanceof Int32Array) || pos.length < 2) {
        typeFail('randomFill', 'the generator state is not 624 Uint32 words and an Int32Array of counters');
      }
      if (!(out instanceof Float32Array) && !(out instanceof Float64Array)) {
        typeFail('randomFill', 'out is not a Float32Array or Float64Array');
      }
      return addon.randomFill(kind === 'uniform' ? 0 : 1, state, pos, out, Number(a), Number(b));
    },
  };
  return backend;
}

// ------------------------------------------------------------------------------------------------
// Loading.

interface NodeProcess {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

declare const __filename: string | undefined;

function nodeProcess(): NodeProcess | null {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node && typeof p.getBuiltinModule === 'function' ? p : null;
}

/**
 * Where this module lives (CJS build: __filename; ESM and tsx: import.meta.url). An ES module can
 * see a global __filename that is not its own: a worker started from a string (`new Worker(code,
 * { eval: true })`) defines `__filename = '[worker eval]'` for the whole thread; only an absolute
 * path is taken.
 */
function thisFile(url: { fileURLToPath(u: string): string }, path: { isAbsolute(p: string): boolean }): string {
  return typeof __filename === 'string' && path.isAbsolute(__filename)
    ? __filename
    : url.fileURLToPath(import.meta.url);
}

let loadError: string | null = null;

/** The addon, or null when it is not built (or not in Node); `loadError` then says why. */
export function loadAddon(): Addon | null {
  const proc = nodeProcess();
  if (!proc) {
    loadError = 'not running in Node.js';
    return null;
  }
  try {
    const get = proc.getBuiltinModule as (id: string) => unknown;
    const { createRequire } = get('node:module') as { createRequire(p: string): (id: string) => unknown };
    const fs = get('node:fs') as { existsSync(p: string): boolean };
    const path = get('node:path') as {
      dirname(p: string): string;
      isAbsolute(p: string): boolean;
      join(...p: string[]): string;
      resolve(...p: string[]): string;
    };
    const url = get('node:url') as { fileURLToPath(u: string): string };
    // The package root: the nearest directory above this file that has binding.gyp.
    let root = path.dirname(thisFile(url, path));
    while (!fs.existsSync(path.join(root, 'binding.gyp'))) {
      const up = path.dirname(root);
      if (up === root) throw new Error('binding.gyp not found above ' + thisFile(url, path));
      root = up;
    }
    const req = createRequire(path.join(root, 'package.json'));
    // TENSORGRAD_ADDON names a specific build (the sanitizer build of scripts/build-native.mjs).
    const explicit = proc.env?.TENSORGRAD_ADDON;
    if (explicit) return req(path.resolve(root, explicit)) as Addon;
    const gypBuild = req('node-gyp-build') as (dir: string) => Addon;
    return gypBuild(root);
  } catch (e) {
    loadError = (e as Error).message;
    return null;
  }
}

/**
 * The native backend, or null when the addon is missing or does not match this TypeScript
 * (nativeLoadError() then says why).
 */
export function loadNativeBackend(): Backend | null {
  const addon = nativeAddon();
  if (!addon) return null;
  try {
    const b = createNativeBackend(addon);
    loadError = null;
    return b;
  } catch (e) {
    loadError = (e as Error).message;
    return null;
  }
}

/** Why the addon could not be loaded or used (null if it loaded or was not tried). */
export function nativeLoadError(): string | null {
  return loadError;
}

let addonInstance: Addon | null | undefined;

/** The addon, loaded at most once. */
export function nativeAddon(): Addon | null {
  if (addonInstance === undefined) addonInstance = loadAddon();
  return addonInstance;
}

/** The TENSORGRAD_BACKEND environment variable ('js', 'native' or unset). */
export function requestedBackend(): string | undefined {
  return nodeProcess()?.env?.TENSORGRAD_BACKEND;
}
