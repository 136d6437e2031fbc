// A minimal WebAssembly binary writer: just the sections, instructions and encodings the GEMM
// kernels use (one imported memory, exported functions over i32 / v128 locals). Assembling the
// module here at load time keeps the repository free of binary blobs and external toolchains.

export const I32 = 0x7f;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof V128;

/** Opcodes after the 0xfd SIMD prefix. */
export const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  load64Splat: 0x0a,
  store: 0x0b,
  const: 0x0c,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
  f64x2Add: 0xf0,
  f64x2Mul: 0xf2,
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
  i32(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v | 0);
    return this;
  }
  /** i32 arithmetic and comparisons, and select, by opcode name. */
  op(o: 'add' | 'sub' | 'mul' | 'eqz' | 'ne' | 'lt_s' | 'select'): this {
    this.code.push({ add: 0x6a, sub: 0x6b, mul: 0x6c, eqz: 0x45, ne: 0x47, lt_s: 0x48, select: 0x1b }[o]);
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
  v128Zero(): this {
    this.simd(SIMD.const);
    for (let i = 0; i < 16; i++) this.code.push(0);
    return this;
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
    out.push(...this.code, 0x0b);
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

/**
 * A module importing one memory as env.memory and exporting each function (no results) under its
 * name.
 */
export function moduleBytes(functions: { name: string; body: Body }[]): Uint8Array<ArrayBuffer> {
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
  imports.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
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
