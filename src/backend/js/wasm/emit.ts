// A minimal WebAssembly binary writer: just the sections, instructions and encodings the GEMM and
// elementwise kernels use (one imported memory, exported functions over i32 / v128 locals). Assembling the
// module here at load time keeps the repository free of binary blobs and external toolchains.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Opcodes after the 0xfd SIMD prefix. */
export const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  load64Splat: 0x0a,
  store: 0x0b,
  const: 0x0c,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  f32x4Eq: 0x41,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  f32x4Le: 0x45,
  f32x4Ge: 0x46,
  f64x2Eq: 0x47,
  f64x2Ne: 0x48,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  f64x2Le: 0x4b,
  f64x2Ge: 0x4c,
  not: 0x4d,
  and: 0x4e,
  andnot: 0x4f,
  or: 0x50,
  xor: 0x51,
  bitselect: 0x52,
  anyTrue: 0x53,
  store64Lane: 0x5b,
  load32Zero: 0x5c,
  i32x4Eq: 0x37,
  i16x8ExtendLowI8x16U: 0x89,
  i32x4ExtendLowI16x8U: 0xa9,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  i8x16NarrowI16x8S: 0x65,
  f32x4Nearest: 0x6a,
  i16x8NarrowI32x4S: 0x85,
  f64x2Nearest: 0x94,
  i64x2ExtendLowI32x4S: 0xc7,
  i64x2Shl: 0xcb,
  i64x2ShrS: 0xcc,
  i64x2ShrU: 0xcd,
  i64x2Add: 0xce,
  i64x2Eq: 0xd6,
  i64x2Sub: 0xd1,
  i32x4Shl: 0xab,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Add: 0xae,
  i32x4Sub: 0xb1,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Min: 0xf4,
  f64x2Max: 0xf5,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
  i32x4TruncSatF32x4S: 0xf8,
  f32x4ConvertI32x4S: 0xfa,
  i32x4TruncSatF64x2SZero: 0xfc,
} as const;

const I32_OPS = {
  add: 0x6a,
  sub: 0x6b,
  mul: 0x6c,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shr_s: 0x75,
  shr_u: 0x76,
  eqz: 0x45,
  eq: 0x46,
  ne: 0x47,
  lt_s: 0x48,
  lt_u: 0x49,
  gt_s: 0x4a,
  le_s: 0x4c,
  ge_s: 0x4e,
  ge_u: 0x4f,
  select: 0x1b,
} as const;

/** Scalar float opcodes: [f32, f64]. */
const FLOAT_OPS = {
  add: [0x92, 0xa0],
  ne: [0x5c, 0x62],
  gt: [0x5e, 0x64],
} as const;

function uleb(out: number[], v: number): void {
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(out: number[], v: number): void {
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/** One function body: locals are declared up front, then instructions are appended. */
export class Body {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];
  /** Instructions run before `code`: the constants of splatConst. */
  private readonly prologue: number[] = [];
  private readonly constants = new Map<string, number>();

  constructor(readonly params: ValType[]) {}

  /** A new local of the given type; returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  get(i: number): this {
    this.code.push(0x20);
    uleb(this.code, i);
    return this;
  }
  set(i: number): this {
    this.code.push(0x21);
    uleb(this.code, i);
    return this;
  }
  tee(i: number): this {
    this.code.push(0x22);
    uleb(this.code, i);
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v | 0);
    return this;
  }
  /** i32 arithmetic and comparisons, and select, by opcode name. */
  op(o: keyof typeof I32_OPS): this {
    this.code.push(I32_OPS[o]);
    return this;
  }
  /** A float scalar instruction of 4-byte (f32) or 8-byte (f64) values, by name. */
  float(bytes: 4 | 8, o: keyof typeof FLOAT_OPS): this {
    this.code.push(FLOAT_OPS[o][bytes === 4 ? 0 : 1]);
    return this;
  }
  /** A float scalar load or store (f32 / f64) at a byte offset. */
  floatMem(kind: 'load' | 'store', bytes: 4 | 8, offset: number): this {
    this.code.push(kind === 'load' ? (bytes === 4 ? 0x2a : 0x2b) : bytes === 4 ? 0x38 : 0x39);
    uleb(this.code, bytes === 4 ? 2 : 3);
    uleb(this.code, offset);
    return this;
  }
  /** A scalar load or store of 4 or 8 bytes (i32 / i64: bit-exact copies) at a byte offset. */
  scalar(kind: 'load' | 'store', bytes: 4 | 8, offset: number): this {
    this.code.push(kind === 'load' ? (bytes === 4 ? 0x28 : 0x29) : bytes === 4 ? 0x36 : 0x37);
    uleb(this.code, bytes === 4 ? 2 : 3);
    uleb(this.code, offset);
    return this;
  }
  /** local[i] += delta (an i32 constant). */
  addTo(i: number, delta: number): this {
    return this.get(i).i32(delta).op('add').set(i);
  }
  /** local[i] += local[j]. */
  addLocal(i: number, j: number): this {
    return this.get(i).get(j).op('add').set(i);
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }
  if(): this {
    this.code.push(0x04, 0x40);
    return this;
  }
  else(): this {
    this.code.push(0x05);
    return this;
  }
  end(): this {
    this.code.push(0x0b);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }
  /** A SIMD instruction; memory ones take (log2 alignment, byte offset). */
  simd(opcode: number, mem?: { align: number; offset: number }): this {
    this.code.push(0xfd);
    uleb(this.code, opcode);
    if (mem) {
      uleb(this.code, mem.align);
      uleb(this.code, mem.offset);
    }
    return this;
  }
  /** i8x16.shuffle of the two vectors on the stack: byte i of the result is byte lanes[i] of (first, second). */
  shuffle(lanes: readonly number[]): this {
    this.simd(0x0d);
    for (const l of lanes) this.code.push(l);
    return this;
  }
  /** A v128 constant of four int32 lanes. */
  i32x4(lanes: readonly [number, number, number, number]): this {
    this.simd(SIMD.const);
    const b = new Uint8Array(16);
    const view = new DataView(b.buffer);
    lanes.forEach((v, i) => view.setInt32(4 * i, v, true));
    for (const x of b) this.code.push(x);
    return this;
  }
  v128Zero(): this {
    this.simd(SIMD.const);
    for (let i = 0; i < 16; i++) this.code.push(0);
    return this;
  }
  /**
   * A v128 constant with every lane set to `v`, as float32 / float64 / int32 lanes. Each distinct
   * constant is materialized once, into a local set at the top of the function (V8 then keeps it
   * in a register across loops instead of reloading it at every use).
   */
  splatConst(kind: 'f32' | 'f64' | 'i32' | 'i64', v: number): this {
    const lanes = new Uint8Array(16);
    const view = new DataView(lanes.buffer);
    for (let i = 0; i < 16; i += kind === 'f64' || kind === 'i64' ? 8 : 4) {
      if (kind === 'f32') view.setFloat32(i, v, true);
      else if (kind === 'f64') view.setFloat64(i, v, true);
      else if (kind === 'i64') view.setBigInt64(i, BigInt(v), true);
      else view.setInt32(i, v, true);
    }
    const key = lanes.join(',');
    let local = this.constants.get(key);
    if (local === undefined) {
      local = this.local(V128);
      this.constants.set(key, local);
      this.prologue.push(0xfd);
      uleb(this.prologue, SIMD.const);
      for (const b of lanes) this.prologue.push(b);
      this.prologue.push(0x21);
      uleb(this.prologue, local);
    }
    return this.get(local);
  }

  /** The encoded body: local declarations (run-length by type), code, end. */
  encode(): number[] {
    const out: number[] = [];
    const runs: [number, ValType][] = [];
    for (const t of this.locals) {
      if (runs.length > 0 && runs[runs.length - 1][1] === t) runs[runs.length - 1][0]++;
      else runs.push([1, t]);
    }
    uleb(out, runs.length);
    for (const [n, t] of runs) {
      uleb(out, n);
      out.push(t);
    }
    out.push(...this.prologue, ...this.code, 0x0b);
    const sized: number[] = [];
    uleb(sized, out.length);
    return sized.concat(out);
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  for (const b of content) out.push(b);
}

/** The most pages a 32-bit memory can have (4 GiB), the maximum a shared memory declares. */
export const MAX_PAGES = 65536;

/**
 * A module importing one memory as env.memory and exporting each function (no results) under its
 * name. A `shared` module imports a shared memory (maximum MAX_PAGES), which worker threads can
 * instantiate the same module over (pool.ts).
 */
export function moduleBytes(functions: { name: string; body: Body }[], shared = false): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, functions.length);
  for (const { body } of functions) {
    types.push(0x60);
    uleb(types, body.params.length);
    types.push(...body.params);
    uleb(types, 0);
  }
  section(out, 1, types);
  const imports: number[] = [1];
  name(imports, 'env');
  name(imports, 'memory');
  if (shared) {
    imports.push(0x02, 0x03, 0x01); // memory, limits: shared, min 1 page, max MAX_PAGES
    uleb(imports, MAX_PAGES);
  } else {
    imports.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
  }
  section(out, 2, imports);
  const funcs: number[] = [];
  uleb(funcs, functions.length);
  functions.forEach((_, i) => uleb(funcs, i));
  section(out, 3, funcs);
  const exports: number[] = [];
  uleb(exports, functions.length);
  functions.forEach((f, i) => {
    name(exports, f.name);
    exports.push(0x00);
    uleb(exports, i);
  });
  section(out, 7, exports);
  const code: number[] = [];
  uleb(code, functions.length);
  for (const { body } of functions) code.push(...body.encode());
  section(out, 10, code);
  return new Uint8Array(out);
}
