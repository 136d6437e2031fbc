// Tensor printing, mirrored from PyTorch 1.13's torch/_tensor_str.py (the oracle; 2.x prints by
// the same rules). Functions map one-to-one onto the Python ones: Formatter (_Formatter),
// vectorStr (_vector_str), tensorStrWithFormatter (_tensor_str_with_formatter), tensorStr
// (_tensor_str), summarizedData (get_summarized_data), addSuffixes (_add_suffixes) and
// formatTensor (_str_intern). Python's format specs are ported by pyFixed / pyExp below.

import type { Tensor } from './tensor.js';
import { bool, get_default_dtype, int64 } from './dtype.js';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };
const PRINT_OPTS: PrintOptions = { ...DEFAULTS };

/** torch.set_printoptions({ precision, threshold, edgeitems, linewidth, profile, sci_mode }). */
export function set_printoptions(opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }): void {
  if (opts.profile === 'default') Object.assign(PRINT_OPTS, DEFAULTS);
  else if (opts.profile === 'short')
    Object.assign(PRINT_OPTS, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  else if (opts.profile === 'full')
    Object.assign(PRINT_OPTS, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const key of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) {
    if (opts[key] !== undefined) PRINT_OPTS[key] = opts[key] as number;
  }
  if ('sci_mode' in opts) PRINT_OPTS.sci_mode = opts.sci_mode ?? null;
}

/** @internal The current options (a copy). */
export function get_printoptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

// ---------------------------------------------------------------- Python's number formatting

function nonFinite(v: number): string | null {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return null;
}

const TIE_DIGITS = 30;

/**
 * Python rounds exact ties half to even; JavaScript's toFixed/toExponential round them away from
 * zero. `rounded` is JavaScript's result for |v|, `exact` the same number written with
 * TIE_DIGITS more digits, which shows a tie as a trailing 5000...; then the truncation wins when
 * the rounded last digit is odd.
 */
function halfEven(rounded: string, exact: string, mantissaEnd: number): string {
  const tail = exact.slice(mantissaEnd - TIE_DIGITS, mantissaEnd);
  if (tail !== '5'.padEnd(TIE_DIGITS, '0')) return rounded;
  const roundedMantissa = rounded.split('e')[0];
  if (Number(roundedMantissa[roundedMantissa.length - 1]) % 2 === 0) return rounded;
  const truncated = exact.slice(0, mantissaEnd - TIE_DIGITS).replace(/\.$/, '');
  return truncated + exact.slice(mantissaEnd);
}

function signed(v: number, magnitude: string): string {
  return v < 0 || Object.is(v, -0) ? '-' + magnitude : magnitude;
}

/** Python's '{:.Nf}'.format(v). */
export function pyFixed(v: number, digits: number): string {
  const special = nonFinite(v);
  if (special) return special;
  const a = Math.abs(v);
  if (digits + TIE_DIGITS > 100) return signed(v, a.toFixed(digits));
  const exact = a.toFixed(digits + TIE_DIGITS);
  return signed(v, halfEven(a.toFixed(digits), exact, exact.length));
}

/** Python's '{:.Ne}'.format(v): round half to even, at least two exponent digits. */
export function pyExp(v: number, digits: number): string {
  const special = nonFinite(v);
  if (special) return special;
  const a = Math.abs(v);
  let text = a.toExponential(digits);
  if (digits + TIE_DIGITS <= 100) {
    const exact = a.toExponential(digits + TIE_DIGITS);
    text = halfEven(text, exact, exact.indexOf('e'));
  }
  const [m, e] = text.split('e');
  const expSign = e[0] === '-' ? '-' : '+';
  return signed(v, `${m}e${expSign}${e.replace(/^[+-]/, '').padStart(2, '0')}`);
}

// ---------------------------------------------------------------- _Formatter

/** The element values of t in row-major order (as numbers; bools as 0/1). */
function values(t: Tensor): number[] {
  return Array.from(t.toTypedArray());
}

class Formatter {
  readonly floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(t: Tensor) {
    this.floating = t.dtype.is_floating_point;
    const vals = values(t);
    if (!this.floating) {
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, intStr(v, t.dtype === bool).length);
    } else {
      const finite = vals.filter((v) => Number.isFinite(v) && v !== 0);
      if (finite.length > 0) {
        const abs = finite.map(Math.abs);
        const min = Math.min(...abs);
        const max = Math.max(...abs);
        for (const v of finite) {
          if (v !== Math.ceil(v)) {
            this.intMode = false;
            break;
          }
        }
        const p = PRINT_OPTS.precision;
        if (this.intMode) {
          if (max / min > 1000 || max > 1e8) {
            this.sciMode = true;
            for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
          } else {
            for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1);
          }
        } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
          this.sciMode = true;
          for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
        } else {
          for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length);
        }
      }
    }
    if (PRINT_OPTS.sci_mode !== null) this.sciMode = PRINT_OPTS.sci_mode;
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: number, isBool: boolean): string {
    let ret: string;
    if (this.floating) {
      if (this.sciMode) ret = pyExp(v, PRINT_OPTS.precision);
      else if (this.intMode) {
        ret = pyFixed(v, 0);
        if (Number.isFinite(v)) ret += '.';
      } else ret = pyFixed(v, PRINT_OPTS.precision);
    } else {
      ret = intStr(v, isBool);
    }
    return ' '.repeat(Math.max(0, this.maxWidth - ret.length)) + ret;
  }
}

function intStr(v: number, isBool: boolean): string {
  if (isBool) return v !== 0 ? 'True' : 'False';
  return Number.isSafeInteger(v) || !Number.isFinite(v) ? String(v) : BigInt(v).toString();
}

// ---------------------------------------------------------------- _tensor_str

function vectorStr(t: Tensor, indent: number, summarize: boolean, fmt: Formatter): string {
  const elementLength = fmt.width() + 2;
  const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const isBool = t.dtype === bool;
  const fmtVal = (v: number): string => fmt.format(v, isBool);
  const edge = PRINT_OPTS.edgeitems;
  let data: string[];
  const vals = values(t);
  if (summarize && !edge) data = ['...'];
  else if (summarize && t.size(0) > 2 * edge) {
    data = [...vals.slice(0, edge).map(fmtVal), ' ...', ...vals.slice(vals.length - edge).map(fmtVal)];
  } else data = vals.map(fmtVal);
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrWithFormatter(t: Tensor, indent: number, summarize: boolean, fmt: Formatter): string {
  const dim = t.dim();
  if (dim === 0) return scalarStr(t, fmt);
  if (dim === 1) return vectorStr(t, indent, summarize, fmt);
  const edge = PRINT_OPTS.edgeitems;
  const n = t.size(0);
  let slices: string[];
  const sub = (i: number): string => tensorStrWithFormatter(t.select(0, i), indent + 1, summarize, fmt);
  if (summarize && n > 2 * edge) {
    slices = [];
    for (let i = 0; i < edge; i++) slices.push(sub(i));
    slices.push('...');
    for (let i = n - edge; i < n; i++) slices.push(sub(i));
  } else {
    slices = [];
    for (let i = 0; i < n; i++) slices.push(sub(i));
  }
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function scalarStr(t: Tensor, fmt: Formatter): string {
  const v = t._data[t._offset];
  return fmt.format(v, t.dtype === bool);
}

/** get_summarized_data: the edge items along every dim, stacked. */
function summarizedData(t: Tensor): Tensor {
  const dim = t.dim();
  const edge = PRINT_OPTS.edgeitems;
  if (dim === 0) return t;
  const n = t.size(0);
  if (dim === 1) {
    if (n > 2 * edge) return catRows([t.narrow(0, 0, edge), t.narrow(0, n - edge, edge)]);
    return t;
  }
  const rows: Tensor[] = [];
  const idx = n > 2 * edge ? [...range(0, edge), ...range(n - edge, n)] : range(0, n);
  for (const i of idx) rows.push(summarizedData(t.select(0, i)).unsqueeze(0));
  return catRows(rows);
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

// Printing must not record autograd history nor depend on op modules' load order; a small local
// concatenation over row-major values is enough for the formatter's needs.
function catRows(parts: Tensor[]): Tensor {
  const ctor = parts[0].constructor as typeof Tensor;
  const chunks = parts.map((p) => p.toTypedArray());
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const data = new parts[0].dtype.array(total);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  const shape = [parts.reduce((n, p) => n + p.size(0), 0), ...parts[0].shape.slice(1)];
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  return ctor._make(data, shape, strides, 0, parts[0].dtype);
}

function tensorStr(t: Tensor, indent: number): string {
  if (t.numel() === 0) return '[]';
  const summarize = t.numel() > PRINT_OPTS.threshold;
  const fmt = new Formatter(summarize ? summarizedData(t) : t);
  return tensorStrWithFormatter(t, indent, summarize, fmt);
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
  const indent = prefix.length;
  const suffixes: string[] = [];
  const dtype = t.dtype;
  const hasDefaultDType = dtype === get_default_dtype() || dtype === int64 || dtype === bool;
  let body: string;
  if (t.numel() === 0) {
    if (t.dim() !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.dim() === 1 ? ',' : ''})`);
    if (dtype !== get_default_dtype()) suffixes.push(`dtype=${dtype.toString()}`);
    body = '[]';
  } else {
    if (!hasDefaultDType) suffixes.push(`dtype=${dtype.toString()}`);
    body = tensorStr(t, indent);
  }
  const fn = t.grad_fn;
  if (fn !== null) suffixes.push(`grad_fn=<${fn.name().split('::').pop()}>`);
  else if (t.requires_grad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
