// Tensor printing, mirrored from PyTorch 1.13's torch/_tensor_str.py (the oracle; 2.x prints by
// the same rules). Functions map one-to-one onto the Python ones: Formatter (_Formatter),
// vectorStr (_vector_str), tensorStrWithFormatter (_tensor_str_with_formatter), tensorStr
// (_tensor_str), summarizedData (get_summarized_data), addSuffixes (_add_suffixes) and
// formatTensor (_str_intern). Python's format specs are ported exactly by pyFixed / pyExp below.
//
// Printing reads the tensor's storage through its own strides and offset with plain index
// arithmetic, never tensor ops: it must not record autograd history, and it must work on any view
// (non-contiguous, expanded, offset) without depending on the op modules. As in PyTorch, a
// summarized tensor's formatter sees only the edge items (get_summarized_data) and only the shown
// elements are read, so printing costs what is shown, not the tensor's size.

import type { Tensor } from './tensor.js';
import type { TypedArray } from './dtype.js';
import { bool, get_default_dtype, int64 } from './dtype.js';
import { checkOptionsArg, jsTypeName } from './argcheck.js';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };
const PRINT_OPTS: PrintOptions = { ...DEFAULTS };

/**
 * torch.set_printoptions({ precision, threshold, edgeitems, linewidth, profile, sci_mode }).
 * As in PyTorch, every call sets sci_mode (to null, automatic, when it is not given).
 */
export function set_printoptions(
  opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' | null } = {},
): void {
  checkPrintOptions(opts);
  if (opts.profile === 'default')
    Object.assign(PRINT_OPTS, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  else if (opts.profile === 'short')
    Object.assign(PRINT_OPTS, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (opts.profile === 'full')
    Object.assign(PRINT_OPTS, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const key of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) {
    const v = opts[key];
    if (v !== undefined && v !== null) PRINT_OPTS[key] = v;
  }
  PRINT_OPTS.sci_mode = opts.sci_mode ?? null;
}

function checkPrintOptions(opts: unknown): void {
  checkOptionsArg('set_printoptions', 1, opts);
  const o = opts as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (key === 'precision' || key === 'edgeitems' || key === 'linewidth') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new TypeError(`set_printoptions(): argument '${key}' must be a non-negative int, not ${jsTypeName(v)}`);
      }
    } else if (key === 'threshold') {
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new TypeError(`set_printoptions(): argument 'threshold' must be a number, not ${jsTypeName(v)}`);
      }
    } else if (key === 'sci_mode') {
      if (typeof v !== 'boolean') {
        throw new TypeError(`set_printoptions(): argument 'sci_mode' must be bool, not ${jsTypeName(v)}`);
      }
    } else if (key === 'profile') {
      if (v !== 'default' && v !== 'short' && v !== 'full') {
        throw new TypeError(
          `set_printoptions(): argument 'profile' must be 'default', 'short' or 'full', not ${String(v)}`,
        );
      }
    } else {
      throw new TypeError(`set_printoptions() got an unexpected keyword argument '${key}'`);
    }
  }
}

/** @internal The current options (a copy). */
export function get_printoptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

// ---------------------------------------------------------------- Python's number formatting

// Python formats the exact binary value of a double and rounds exact ties half to even;
// JavaScript's toFixed/toExponential round ties away from zero and switch to exponent notation
// above 1e21. So both specs are done here in exact integer arithmetic: v = mantissa * 2^exponent.

const F64 = new Float64Array(1);
const BITS = new BigUint64Array(F64.buffer);

/** A positive finite double as [m, e] with value m * 2^e. */
function decompose(a: number): [bigint, number] {
  F64[0] = a;
  const bits = BITS[0];
  const biased = Number(bits >> 52n);
  const frac = bits & 0xfffffffffffffn;
  return biased === 0 ? [frac, -1074] : [frac | 0x10000000000000n, biased - 1075];
}

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1] * 10n);
  return POW10[n];
}

/** num / den rounded to an integer, ties to even. */
function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num - q * den) * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

function nonFinite(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

function signed(v: number, magnitude: string): string {
  return v < 0 || Object.is(v, -0) ? '-' + magnitude : magnitude;
}

/** Python's '{:.Nf}'.format(v). */
export function pyFixed(v: number, digits: number): string {
  const special = nonFinite(v);
  if (special) return special;
  let scaled = 0n;
  if (v !== 0) {
    const [m, e] = decompose(Math.abs(v));
    scaled = e >= 0 ? (m << BigInt(e)) * pow10(digits) : divRoundHalfEven(m * pow10(digits), 1n << BigInt(-e));
  }
  let text = scaled.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return signed(v, text);
}

/** Python's '{:.Ne}'.format(v): round half to even, at least two exponent digits. */
export function pyExp(v: number, digits: number): string {
  const special = nonFinite(v);
  if (special) return special;
  let mantissa = 0n;
  let exp10 = 0;
  if (v !== 0) {
    const [m, e] = decompose(Math.abs(v));
    const num0 = e >= 0 ? m << BigInt(e) : m;
    const den0 = e >= 0 ? 1n : 1n << BigInt(-e);
    const lo = pow10(digits);
    const hi = pow10(digits + 1);
    // Math.log10 may be off by one near powers of ten; the exact quotient corrects it.
    exp10 = Math.floor(Math.log10(Math.abs(v)));
    for (;;) {
      const shift = digits - exp10;
      const num = shift >= 0 ? num0 * pow10(shift) : num0;
      const den = shift >= 0 ? den0 : den0 * pow10(-shift);
      const q = num / den;
      if (q >= hi) exp10++;
      else if (q < lo) exp10--;
      else {
        mantissa = divRoundHalfEven(num, den);
        break;
      }
    }
    if (mantissa === hi) {
      mantissa = lo;
      exp10++;
    }
  }
  const ds = mantissa.toString().padStart(digits + 1, '0');
  const m = digits > 0 ? `${ds[0]}.${ds.slice(1)}` : ds;
  const e = `${exp10 < 0 ? '-' : '+'}${String(Math.abs(exp10)).padStart(2, '0')}`;
  return signed(v, `${m}e${e}`);
}

// ---------------------------------------------------------------- _Formatter

function intStr(v: number, isBool: boolean): string {
  if (isBool) return v !== 0 ? 'True' : 'False';
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

class Formatter {
  readonly floating: boolean;
  readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(vals: ArrayLike<number>, floating: boolean, isBool: boolean) {
    this.floating = floating;
    this.isBool = isBool;
    if (!floating) {
      for (let i = 0; i < vals.length; i++) this.maxWidth = Math.max(this.maxWidth, intStr(vals[i], isBool).length);
    } else if (!this.inspectFloats(vals)) {
      // With no nonzero finite value PyTorch returns before applying sci_mode: all-zero, nan or
      // inf tensors never print in scientific notation.
      return;
    }
    if (PRINT_OPTS.sci_mode !== null) this.sciMode = PRINT_OPTS.sci_mode;
  }

  /** Sizes the columns from the nonzero finite values; false when there are none. */
  private inspectFloats(vals: ArrayLike<number>): boolean {
    const finite: number[] = [];
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length === 0) return false;
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (this.intMode && v !== Math.ceil(v)) this.intMode = false;
    }
    const p = PRINT_OPTS.precision;
    let width: (v: number) => number;
    if (this.intMode) {
      // Integral floats print with a trailing '.', hence the + 1.
      this.sciMode = max / min > 1000 || max > 1e8;
      width = this.sciMode ? (v) => pyExp(v, p).length : (v) => pyFixed(v, 0).length + 1;
    } else {
      this.sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
      width = this.sciMode ? (v) => pyExp(v, p).length : (v) => pyFixed(v, p).length;
    }
    for (const v of finite) this.maxWidth = Math.max(this.maxWidth, width(v));
    return true;
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: number): string {
    let ret: string;
    if (!this.floating) ret = intStr(v, this.isBool);
    else if (this.sciMode) ret = pyExp(v, PRINT_OPTS.precision);
    else if (this.intMode) ret = Number.isFinite(v) ? pyFixed(v, 0) + '.' : pyFixed(v, 0);
    else ret = pyFixed(v, PRINT_OPTS.precision);
    return ret.length < this.maxWidth ? ' '.repeat(this.maxWidth - ret.length) + ret : ret;
  }
}

// ---------------------------------------------------------------- _tensor_str

/** The storage and the geometry to walk it; `at` is where a sub-tensor starts. */
interface Flat {
  vals: TypedArray;
  shape: readonly number[];
  strides: readonly number[];
}

/** Python's `self[-edge:]` starts at n - edge, except that -0 means 0: the whole dimension. */
function tailStart(n: number, edge: number): number {
  return edge === 0 ? 0 : n - edge;
}

function vectorStr(f: Flat, at: number, indent: number, summarize: boolean, fmt: Formatter): string {
  const elementLength = fmt.width() + 2;
  const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const n = f.shape[f.shape.length - 1];
  const edge = PRINT_OPTS.edgeitems;
  const step = f.strides[f.strides.length - 1];
  const data: string[] = [];
  const push = (from: number, to: number): void => {
    for (let i = from; i < to; i++) data.push(fmt.format(f.vals[at + i * step]));
  };
  if (summarize && n > 2 * edge) {
    push(0, edge);
    data.push(' ...');
    push(tailStart(n, edge), n);
  } else push(0, n);
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrWithFormatter(
  f: Flat,
  d: number,
  at: number,
  indent: number,
  summarize: boolean,
  fmt: Formatter,
): string {
  const dim = f.shape.length - d;
  if (dim === 0) return fmt.format(f.vals[at]);
  if (dim === 1) return vectorStr(f, at, indent, summarize, fmt);
  const edge = PRINT_OPTS.edgeitems;
  const n = f.shape[d];
  const sub = (i: number): string =>
    tensorStrWithFormatter(f, d + 1, at + i * f.strides[d], indent + 1, summarize, fmt);
  const slices: string[] = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) slices.push(sub(i));
    slices.push('...');
    for (let i = n - edge; i < n; i++) slices.push(sub(i));
  } else {
    for (let i = 0; i < n; i++) slices.push(sub(i));
  }
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

/** get_summarized_data: the edge items along every dim (the values the formatter sizes). */
function summarizedData(f: Flat, start: number): number[] {
  const edge = PRINT_OPTS.edgeitems;
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === f.shape.length) {
      out.push(f.vals[at]);
      return;
    }
    const n = f.shape[d];
    let idx: number[];
    if (n > 2 * edge) {
      // PyTorch stacks the kept rows; with edgeitems 0 there are none to stack.
      if (edge === 0 && d < f.shape.length - 1) throw new Error('stack expects a non-empty TensorList');
      idx = [...range(0, edge), ...range(tailStart(n, edge), n)];
    } else idx = range(0, n);
    for (const i of idx) walk(d + 1, at + i * f.strides[d]);
  };
  walk(0, start);
  return out;
}

/** Every element in row-major order (the unsummarized formatter sizes them all). */
function allData(f: Flat, start: number): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === f.shape.length) {
      out.push(f.vals[at]);
      return;
    }
    for (let i = 0; i < f.shape[d]; i++) walk(d + 1, at + i * f.strides[d]);
  };
  walk(0, start);
  return out;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

function tensorStr(t: Tensor, indent: number): string {
  const numel = t.numel();
  if (numel === 0) return '[]';
  const f: Flat = { vals: t._data, shape: t._shape, strides: t._strides };
  const summarize = numel > PRINT_OPTS.threshold;
  const dtype = t.dtype;
  const shown = summarize ? summarizedData(f, t._offset) : allData(f, t._offset);
  const fmt = new Formatter(shown, dtype.is_floating_point, dtype === bool);
  return tensorStrWithFormatter(f, 0, t._offset, indent, summarize, fmt);
}

function addSuffixes(tensorString: string, suffixes: string[], indent: number): string {
  const parts = [tensorString];
  let lastLineLen = tensorString.length - tensorString.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** repr(tensor), as PyTorch prints it. */
export function formatTensor(t: Tensor, prefix = 'tensor('): string {
  // Inside vmap, a batched tensor shows its level and the whole batch, as functorch prints it.
  if (t._bt !== null) {
    const inner = formatTensor(t._bt.value).split('\n').join('\n    ');
    return `BatchedTensor(lvl=${t._bt.level}, bdim=0, value=\n    ${inner}\n)`;
  }
  const indent = prefix.length;
  const suffixes: string[] = [];
  const dtype = t.dtype;
  const defaultDType = get_default_dtype();
  let body: string;
  if (t.numel() === 0) {
    // An empty tensor has no elements to show its shape or dtype, so both are spelled out.
    if (t.dim() !== 1) suffixes.push(`size=(${t.shape.join(', ')})`);
    if (dtype !== defaultDType) suffixes.push(`dtype=${dtype.toString()}`);
    body = '[]';
  } else {
    if (dtype !== defaultDType && dtype !== int64 && dtype !== bool) suffixes.push(`dtype=${dtype.toString()}`);
    body = tensorStr(t, indent);
  }
  const fn = t.grad_fn;
  if (fn !== null) suffixes.push(`grad_fn=<${fn.name().split('::').pop()}>`);
  else if (t.requires_grad) suffixes.push('requires_grad=True');
  // A dual tensor (forward AD) shows its tangent at the innermost live level.
  let tangent: Tensor | null = null;
  let level = -1;
  for (let e = t._fw; e !== null; e = e.next) {
    if (e.level.alive && e.level.id > level) {
      level = e.level.id;
      tangent = e.tangent;
    }
  }
  if (tangent !== null) suffixes.push(`tangent=${formatTensor(tangent)}`);
  return addSuffixes(prefix + body, suffixes, indent);
}
