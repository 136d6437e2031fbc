// Elementwise kernels. Each kind is one expression; a loop specialised to it is compiled once
// (with `new Function`, so V8 inlines the expression instead of calling a closure per element).
// Where code generation is forbidden (a strict Content-Security-Policy), the same loop runs with the
// expression as a closure: slower, same results.

import type { BinaryKind, UnaryKind, View } from '../backend.js';
import { BINARY_EXPR, UNARY_EXPR } from '../kinds.js';
import { collapse } from './iterate.js';
import * as HELPERS from './math.js';
import { WASM_BINARY, WASM_COMPARE, WASM_ERF, WASM_TRIG, WASM_UNARY } from './wasm/elementwise.js';
import { WASM_MIN_ELEMENTS, wasmElementwise } from './wasm/runtime.js';

// Integer results follow C's integer rules: no -0 (int64 lives in a Float64Array, so `+ 0` folds
// it away), integer pow, and int32 products that wrap instead of rounding (Math.imul).
const UNARY_INT64: Partial<Record<UnaryKind, string>> = { neg: '0 - a' };
const BINARY_INT64: Partial<Record<BinaryKind, string>> = {
  mul: 'a * b + 0',
  pow: 'powInt(a, b)',
  fmod: 'a % b + 0',
  remainder: 'pyRemainder(a, b) + 0',
  floor_divide: 'Math.floor(a / b) + 0',
  trunc_divide: 'Math.trunc(a / b) + 0',
};
const BINARY_INT32: Partial<Record<BinaryKind, string>> = {
  ...BINARY_INT64,
  mul: 'Math.imul(a, b)',
  pow: 'powInt32(a, b)',
};
// Bool arithmetic saturates at true.
const BINARY_BOOL: Partial<Record<BinaryKind, string>> = { add: '(a | b)', mul: '(a & b)' };
// Multi-step float formulas rounded at every step, as float32 arithmetic in ATen rounds them.
const BINARY_F32: Partial<Record<BinaryKind, string>> = {
  floor_divide: 'divFloor32(a, b)',
  trunc_divide: 'Math.trunc(Math.fround(a / b))',
};

function isInt64(v: View): boolean {
  return v.dtype === 'int64';
}

function binaryExpr(kind: BinaryKind, a: View, out: View): string {
  const data = a.data;
  const table =
    data instanceof Float32Array
      ? BINARY_F32
      : data instanceof Int32Array
        ? BINARY_INT32
        : data instanceof Uint8Array
          ? out.data instanceof Uint8Array
            ? BINARY_BOOL
            : undefined
          : isInt64(a) || isInt64(out)
            ? BINARY_INT64
            : undefined;
  return table?.[kind] ?? BINARY_EXPR[kind];
}

type Kernel = (
  shape: number[],
  strides: number[][],
  arrays: ArrayLike<number>[],
  offsets: number[],
  s0: number,
  s1: number,
) => void;

const NAMES = ['a', 'b', 'c'];

/**
 * Source of a loop over `arity` inputs and one output (the last array); `s0`, `s1` are scalar
 * parameters the expression may use. The innermost dim is a plain strided loop; outer dims advance
 * odometer-style. One flat dim with unit strides (the contiguous case after collapsing) takes the
 * first branch.
 */
function loopSource(arity: number, expr: string): string {
  const idx = [...Array(arity + 1).keys()];
  const decl = idx.map((k) => `const A${k} = arrays[${k}]; let p${k} = offsets[${k}];`).join('\n');
  const inner = idx.map((k) => `const t${k} = strides[${k}][nd - 1];`).join('\n');
  const loads = (pos: (k: number) => string): string =>
    idx
      .slice(0, arity)
      .map((k) => `const ${NAMES[k]} = A${k}[${pos(k)}];`)
      .join(' ');
  const unit = idx.map((k) => `t${k} === 1`).join(' && ');
  return `
${decl}
const nd = shape.length;
const n = shape[nd - 1];
${inner}
if (nd === 1 && ${unit}) {
  for (let i = 0; i < n; i++) { ${loads((k) => `p${k} + i`)} A${arity}[p${arity} + i] = ${expr}; }
  return;
}
let outer = 1;
for (let d = 0; d < nd - 1; d++) outer *= shape[d];
const index = new Array(nd).fill(0);
for (let o = 0; o < outer; o++) {
  ${idx.map((k) => `let q${k} = p${k};`).join(' ')}
  for (let i = 0; i < n; i++) {
    ${loads((k) => `q${k}`)}
    A${arity}[q${arity}] = ${expr};
    ${idx.map((k) => `q${k} += t${k};`).join(' ')}
  }
  for (let d = nd - 2; d >= 0; d--) {
    ${idx.map((k) => `p${k} += strides[${k}][d];`).join(' ')}
    if (++index[d] < shape[d]) break;
    ${idx.map((k) => `p${k} -= strides[${k}][d] * shape[d];`).join(' ')}
    index[d] = 0;
  }
}`;
}

// Note [Kernel code generation]: `new Function` needs a Content-Security-Policy that allows
// 'unsafe-eval' in browsers; Node always allows it.
function compile(arity: number, expr: string): Kernel {
  const helperNames = Object.keys(HELPERS);
  const factory = new Function(
    ...helperNames,
    `return function kernel(shape, strides, arrays, offsets, s0, s1) {${loopSource(arity, expr)}};`,
  ) as (...h: unknown[]) => Kernel;
  return factory(...Object.values(HELPERS));
}

function storageCode(a: ArrayLike<number>): number {
  return a instanceof Float32Array ? 0 : a instanceof Float64Array ? 1 : a instanceof Int32Array ? 2 : 3;
}

// One compiled copy per expression and combination of storage types: each copy only ever sees one
// typed-array class per operand, so V8 keeps its element accesses monomorphic (a copy shared by
// Float32Array and Float64Array callers ran about 1.6x slower on a 1M-element add).
const caches = [0, 1, 2, 3].map(() => new Map<string, Kernel[]>());

function kernelFor(arity: number, expr: string, arrays: readonly ArrayLike<number>[]): Kernel {
  let code = 0;
  for (const a of arrays) code = code * 4 + storageCode(a);
  const cache = caches[arity];
  let byType = cache.get(expr);
  if (byType === undefined) {
    byType = [];
    cache.set(expr, byType);
  }
  let k = byType[code];
  if (k === undefined) {
    k = compile(arity, expr);
    byType[code] = k;
  }
  return k;
}

/**
 * A loop over n elements where each input is contiguous (step 1) or one repeated element
 * (step 0, a broadcast scalar) and the output is contiguous: the common case, run without the
 * collapsing and array bookkeeping of the general kernel.
 */
type FlatKernel = (
  n: number,
  a: ArrayLike<number>,
  pa: number,
  ta: number,
  b: ArrayLike<number>,
  pb: number,
  tb: number,
  c: ArrayLike<number>,
  pc: number,
  tc: number,
  out: ArrayLike<number>,
  po: number,
  s0: number,
  s1: number,
) => void;

function compileFlat(expr: string): FlatKernel {
  const helperNames = Object.keys(HELPERS);
  const factory = new Function(
    ...helperNames,
    `return function flat(n, A0, p0, t0, A1, p1, t1, A2, p2, t2, O, po, s0, s1) {
      for (let i = 0; i < n; i++) {
        const a = A0[p0 + i * t0]; const b = A1[p1 + i * t1]; const c = A2[p2 + i * t2];
        O[po + i] = ${expr};
      }
    };`,
  ) as (...h: unknown[]) => FlatKernel;
  return factory(...Object.values(HELPERS));
}

// Flat kernels are compiled per expression and storage types too (see the note on `caches`).
const flatCache = new Map<string, FlatKernel[]>();

function flatKernelFor(expr: string, code: number): FlatKernel {
  let byType = flatCache.get(expr);
  if (byType === undefined) {
    byType = [];
    flatCache.set(expr, byType);
  }
  let k = byType[code];
  if (k === undefined) {
    k = compileFlat(expr);
    byType[code] = k;
  }
  return k;
}

/** 1 if a view is contiguous over shape (or has one element), 0 if it repeats one element, else -1. */
function flatStep(shape: readonly number[], strides: readonly number[]): number {
  if (shape.length === 1) {
    const t = strides[0];
    return shape[0] === 1 || t === 1 ? 1 : t === 0 ? 0 : -1;
  }
  let expected = 1;
  let dense = true;
  let zeros = true;
  let trivial = true;
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d];
    if (s === 1) continue;
    trivial = false;
    if (strides[d] !== 0) zeros = false;
    if (dense && strides[d] === expected) expected *= s;
    else dense = false;
  }
  if (trivial || dense) return 1;
  return zeros ? 0 : -1;
}

const NO_DATA = new Float64Array(1);

/** The flat fast path, when every view qualifies; false when the general kernel must run. */
function runFlat(
  expr: string,
  a: View | undefined,
  b: View | undefined,
  c: View | undefined,
  out: View,
  s0: number,
  s1: number,
): boolean {
  const shape = out.shape;
  if (flatStep(shape, out.strides) !== 1) return false;
  let n = 1;
  for (const d of shape) n *= d;
  if (n === 0) return true;
  const ta = a === undefined ? 0 : flatStep(shape, a.strides);
  const tb = b === undefined ? 0 : flatStep(shape, b.strides);
  const tc = c === undefined ? 0 : flatStep(shape, c.strides);
  if (ta < 0 || tb < 0 || tc < 0) return false;
  const da = a === undefined ? NO_DATA : a.data;
  const db = b === undefined ? NO_DATA : b.data;
  const dc = c === undefined ? NO_DATA : c.data;
  const code = ((storageCode(da) * 4 + storageCode(db)) * 4 + storageCode(dc)) * 4 + storageCode(out.data);
  flatKernelFor(expr, code)(
    n,
    da,
    a === undefined ? 0 : a.offset,
    ta,
    db,
    b === undefined ? 0 : b.offset,
    tb,
    dc,
    c === undefined ? 0 : c.offset,
    tc,
    out.data,
    out.offset,
    s0,
    s1,
  );
  return true;
}

/** Runs an elementwise kernel over views that all have the output's shape. */
export function runElementwise(expr: string, inputs: readonly View[], out: View, s0 = 0, s1 = 0): void {
  if (inputs.length <= 3 && runFlat(expr, inputs[0], inputs[1], inputs[2], out, s0, s1)) return;
  const views = [...inputs, out];
  const { shape, strides } = collapse(
    out.shape,
    views.map((v) => v.strides),
  );
  for (const s of shape) if (s === 0) return;
  const arrays = views.map((v) => v.data);
  kernelFor(inputs.length, expr, arrays)(
    shape,
    strides,
    arrays,
    views.map((v) => v.offset),
    s0,
    s1,
  );
}

const WASM_UNARY_KINDS: ReadonlySet<string> = new Set([...WASM_UNARY, ...WASM_TRIG, ...WASM_ERF]);
const WASM_BINARY_KINDS: ReadonlySet<string> = new Set(WASM_BINARY);
const WASM_COMPARE_KINDS: ReadonlySet<string> = new Set(WASM_COMPARE);

/**
 * The element count when `out` is a float32 (or float64, not int64) contiguous output big enough
 * for the WebAssembly kernels and `inputs` share its storage type; else 0.
 */
function wasmCount(inputs: readonly View[], out: View): number {
  const d = out.data;
  const ctor = d.constructor;
  if (!(d instanceof Float32Array || (d instanceof Float64Array && out.dtype !== 'int64'))) return 0;
  for (const v of inputs) if (v.data.constructor !== ctor) return 0;
  let n = 1;
  for (const s of out.shape) n *= s;
  return n >= WASM_MIN_ELEMENTS && flatStep(out.shape, out.strides) === 1 ? n : 0;
}

/** The WebAssembly fast path in front of the kernel table; false when it does not apply. */
function wasmUnary(kind: UnaryKind, x: View, out: View): boolean {
  const ew = wasmElementwise();
  if (ew === null || !WASM_UNARY_KINDS.has(kind)) return false;
  const n = wasmCount([x], out);
  if (n === 0 || flatStep(out.shape, x.strides) !== 1) return false;
  return ew.unary(kind, x.data, x.offset, out.data, out.offset, n);
}

function wasmBinary(kind: BinaryKind, a: View, b: View, out: View): boolean {
  const ew = wasmElementwise();
  if (ew === null) return false;
  if (WASM_COMPARE_KINDS.has(kind)) return wasmCompare(kind, a, b, out);
  if (!WASM_BINARY_KINDS.has(kind)) return false;
  const n = wasmCount([a, b], out);
  if (n === 0) return false;
  const ta = flatStep(out.shape, a.strides);
  const tb = flatStep(out.shape, b.strides);
  if (ta >= 0 && tb >= 0) return ew.binary(kind, a.data, a.offset, ta, b.data, b.offset, tb, out.data, out.offset, n);
  // Rows: operands that collapse to [..., C] with each row contiguous or one repeated element (a
  // bias added to every row of a batch, a column broadcast along rows, vmap's batched outer
  // products [B, M, 1] * [B, 1, N]), long enough rows. The output is contiguous (wasmCount).
  const { shape, strides } = collapse(out.shape, [a.strides, b.strides, out.strides]);
  const nd = shape.length;
  const C = shape[nd - 1];
  if (nd < 2 || C < WASM_MIN_ROW) return false;
  const [sa, sb] = strides;
  const ta1 = sa[nd - 1];
  const tb1 = sb[nd - 1];
  if (ta1 > 1 || tb1 > 1 || ta1 + tb1 === 0) return false;
  const rows = n / C;
  const index = new Array<number>(nd - 1).fill(0);
  let pa = a.offset;
  let pb = b.offset;
  for (let r = 0, po = out.offset; r < rows; r++, po += C) {
    ew.binary(kind, a.data, pa, ta1, b.data, pb, tb1, out.data, po, C);
    for (let d = nd - 2; d >= 0; d--) {
      pa += sa[d];
      pb += sb[d];
      if (++index[d] < shape[d]) break;
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      index[d] = 0;
    }
  }
  return true;
}

/** Rows shorter than this run on the JavaScript loop (one staging call per row costs too much). */
const WASM_MIN_ROW = 128;

/** float32 comparisons into a contiguous bool output. */
function wasmCompare(kind: BinaryKind, a: View, b: View, out: View): boolean {
  const d = out.data;
  const da = a.data;
  const db = b.data;
  if (!(d instanceof Uint8Array && da instanceof Float32Array && db instanceof Float32Array)) return false;
  let n = 1;
  for (const s of out.shape) n *= s;
  if (n < WASM_MIN_ELEMENTS || flatStep(out.shape, out.strides) !== 1) return false;
  const ta = flatStep(out.shape, a.strides);
  const tb = flatStep(out.shape, b.strides);
  if (ta < 0 || tb < 0) return false;
  return wasmElementwise()!.compare(kind, da, a.offset, ta, db, b.offset, tb, d, out.offset, n);
}

export function unary(kind: UnaryKind, x: View, out: View): void {
  if (wasmUnary(kind, x, out)) return;
  const expr = (isInt64(out) && UNARY_INT64[kind]) || UNARY_EXPR[kind];
  if (!runFlat(expr, x, undefined, undefined, out, 0, 0)) runElementwise(expr, [x], out);
}

export function binary(kind: BinaryKind, a: View, b: View, out: View): void {
  if (wasmBinary(kind, a, b, out)) return;
  const expr = binaryExpr(kind, a, out);
  if (!runFlat(expr, a, b, undefined, out, 0, 0)) runElementwise(expr, [a, b], out);
}

export function where(cond: View, a: View, b: View, out: View): void {
  if (wasmWhere(cond, a, b, out)) return;
  runElementwise('(a !== 0 ? b : c)', [cond, a, b], out);
}

/** where on the WebAssembly kernel: a contiguous byte condition, float operands each contiguous or one element. */
function wasmWhere(cond: View, a: View, b: View, out: View): boolean {
  const ew = wasmElementwise();
  const c = cond.data;
  if (ew === null || !(c instanceof Uint8Array)) return false;
  const n = wasmCount([a, b], out);
  if (n === 0 || flatStep(out.shape, cond.strides) !== 1) return false;
  const ta = flatStep(out.shape, a.strides);
  const tb = flatStep(out.shape, b.strides);
  if (ta < 0 || tb < 0) return false;
  const d = out.data as Float32Array | Float64Array;
  ew.where(c, cond.offset, a.data as typeof d, a.offset, ta, b.data as typeof d, b.offset, tb, d, out.offset, n);
  return true;
}

// Floats convert to integers as x86's cvtt instructions do: toward zero, and NaN, infinities and
// out-of-range values become the most negative integer. Integers narrow to int32 by wrapping
// (an Int32Array store does that); bool stores nonzero (NaN included) as 1.
const FLOAT_TO_INT32 = '(a > -2147483649 && a < 2147483648 ? Math.trunc(a) : -2147483648)';
const FLOAT_TO_INT64 =
  '(a >= -9223372036854775808 && a < 9223372036854775808 ? Math.trunc(a) + 0 : -9223372036854775808)';

/**
 * A contiguous output from a contiguous or one-element source, when storing converts as the
 * kernel would (TypedArray set and fill convert exactly as an element store does): false
 * otherwise.
 */
function copyBulk(src: View, out: View, truncate: boolean): boolean {
  if (truncate || (out.data instanceof Uint8Array && !(src.data instanceof Uint8Array))) return false;
  const shape = out.shape;
  if (flatStep(shape, out.strides) !== 1) return false;
  const t = flatStep(shape, src.strides);
  if (t < 0) return false;
  let n = 1;
  for (const s of shape) n *= s;
  if (n === 0) return true;
  if (t === 0) out.data.fill(src.data[src.offset], out.offset, out.offset + n);
  else if (src.data === out.data && src.offset === out.offset) return true;
  else out.data.set(src.data.subarray(src.offset, src.offset + n), out.offset);
  return true;
}

export function copy(src: View, out: View, truncate: boolean): void {
  if (copyBulk(src, out, truncate)) return;
  let expr = 'a';
  if (out.data instanceof Uint8Array && !(src.data instanceof Uint8Array)) expr = '(a !== 0 ? 1 : 0)';
  else if (truncate) expr = out.data instanceof Int32Array ? FLOAT_TO_INT32 : FLOAT_TO_INT64;
  runElementwise(expr, [src], out);
}

export function fill(out: View, value: number): void {
  if (flatStep(out.shape, out.strides) === 1) {
    let n = 1;
    for (const s of out.shape) n *= s;
    out.data.fill(value, out.offset, out.offset + n);
    return;
  }
  runElementwise('s0', [], out, value);
}

/** out[i] := start + step * i; one loop per array type, so that each stays monomorphic. */
export function ramp(out: Float64Array | Int32Array, start: number, step: number): void {
  if (out instanceof Float64Array) rampF64(out, start, step);
  else rampI32(out, start, step);
}

function rampF64(out: Float64Array, start: number, step: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = start + step * i + 0;
}

function rampI32(out: Int32Array, start: number, step: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = start + step * i;
}

/** NaN bounds mean "no bound"; a NaN input stays NaN. */
export function clamp(x: View, lo: number, hi: number, out: View): void {
  const ew = wasmElementwise();
  if (ew !== null) {
    const n = wasmCount([x], out);
    const d = x.data;
    if (n > 0 && flatStep(out.shape, x.strides) === 1 && (d instanceof Float32Array || d instanceof Float64Array)) {
      const s0 = lo === lo ? lo : -Infinity;
      const s1 = hi === hi ? hi : Infinity;
      // Bounds in the element type: a float32 element lies on the same side of a bound as of its
      // rounding, or equals the rounding, which is what the loop would store anyway.
      ew.clamp(d, x.offset, s0 > s1 ? s1 : s0, s1, out.data as Float32Array | Float64Array, out.offset, n);
      return;
    }
  }
  runElementwise(
    '(a < s0 ? (s0 > s1 ? s1 : s0) : a > s1 ? s1 : a)',
    [x],
    out,
    lo === lo ? lo : -Infinity,
    hi === hi ? hi : Infinity,
  );
}
