// Python's printing of plain values, for the tutorial ports: what `print(x)` shows for a float
import { Tensor, viz } from '../../src/index.js';
// (repr: `2.0`, `1e-05`), and `str.format`/f-string specs such as `{:>7f}` or `{:.1f}`.
// These are JavaScript's gaps, not tensorgrad's: `.item()` returns a plain number.

/** Python's repr of a float. */
export function pyfloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [m, e] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** Python's `format(x, spec)` for the specs the tutorials use: [>][width][.prec](f|d|e). */
export function pyformat(x: number, spec: string): string {
  const m = /^(>)?(\d+)?(?:\.(\d+))?([fde%])?$/.exec(spec);
  if (!m) throw new Error(`unsupported format spec ${spec}`);
  const [, , width, prec, type] = m;
  let s: string;
  if (type === 'f') s = toFixed(x, prec === undefined ? 6 : Number(prec));
  else if (type === '%') s = `${toFixed(x * 100, prec === undefined ? 6 : Number(prec))}%`;
  else if (type === 'e') {
    const [mm, e] = x.toExponential(prec === undefined ? 6 : Number(prec)).split('e');
    s = `${mm}e${Number(e) < 0 ? '-' : '+'}${String(Math.abs(Number(e))).padStart(2, '0')}`;
  } else if (type === 'd') s = String(Math.trunc(x));
  else s = pyfloat(x);
  return width ? s.padStart(Number(width)) : s;
}

/** x with `digits` decimals as Python rounds: an exact tie goes to the even digit (toFixed rounds it up). */
function toFixed(x: number, digits: number): string {
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(rest)) return x.toFixed(digits);
  // A tie: keep the truncated value when its last digit is even, else round away from zero.
  const kept = exact.slice(0, digits === 0 ? dot : dot + 1 + digits);
  const last = Number(kept[kept.length - 1]);
  const sign = x < 0 ? '-' : '';
  return last % 2 === 0 ? sign + kept : x.toFixed(digits);
}

/** Python's `type(x)` as printed. */
export function pytype(x: unknown): string {
  if (typeof x === 'number') return Number.isInteger(x) ? "<class 'float'>" : "<class 'float'>";
  if (typeof x === 'bigint') return "<class 'int'>";
  if (typeof x === 'boolean') return "<class 'bool'>";
  if (x instanceof Tensor) return "<class 'torch.Tensor'>";
  return "<class 'object'>";
}

/** Python's print(*args): str() of each argument (True/False, None, tuples), joined by spaces. */
export function print(...args: unknown[]): void {
  console.log(args.map((a) => (typeof a === 'string' ? a : viz.pyRepr(a))).join(' '));
}

/** Python's str of a list (a JavaScript array prints as a tuple through print). */
export function pylist(xs: readonly unknown[]): string {
  return `[${xs.map((x) => viz.pyRepr(x)).join(', ')}]`;
}
