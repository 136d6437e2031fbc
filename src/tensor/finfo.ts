// torch.finfo and torch.iinfo: the numerical limits of a dtype, as PyTorch's objects give them
// (the fields, and the repr print() shows).

import { bool, float32, float64, get_default_dtype, int32, int64, toDType, type DType } from './dtype.js';

/** Python's '%g' (what PyTorch's finfo/iinfo repr uses): 6 significant digits, trailing zeros dropped. */
function g(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = v.toPrecision(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

const FLOAT_INFO = new Map<DType, { bits: number; eps: number; max: number; tiny: number; resolution: number }>([
  [float32, { bits: 32, eps: 2 ** -23, max: 3.4028234663852886e38, tiny: 2 ** -126, resolution: 1e-6 }],
  [float64, { bits: 64, eps: 2 ** -52, max: Number.MAX_VALUE, tiny: 2 ** -1022, resolution: 1e-15 }],
]);

/** torch.finfo(dtype): bits, eps, max, min, tiny, smallest_normal, resolution, dtype. */
class FInfo {
  readonly bits: number;
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallest_normal: number;
  readonly resolution: number;
  /** The dtype's name, as PyTorch's finfo.dtype ('float32'). */
  readonly dtype: string;

  constructor(type?: DType | string) {
    const d = type === undefined ? get_default_dtype() : toDType(type);
    const info = FLOAT_INFO.get(d);
    if (info === undefined) {
      throw new TypeError(
        `torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'`,
      );
    }
    this.bits = info.bits;
    this.eps = info.eps;
    this.max = info.max;
    this.min = -info.max;
    this.tiny = info.tiny;
    this.smallest_normal = info.tiny;
    this.resolution = info.resolution;
    this.dtype = d.name;
  }

  toString(): string {
    return (
      `finfo(resolution=${g(this.resolution)}, min=${g(this.min)}, max=${g(this.max)}, eps=${g(this.eps)}, ` +
      `smallest_normal=${g(this.smallest_normal)}, tiny=${g(this.tiny)}, dtype=${this.dtype})`
    );
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const INT_INFO = new Map<DType, { bits: number; min: number; max: number }>([
  [int32, { bits: 32, min: -(2 ** 31), max: 2 ** 31 - 1 }],
  // 2^63 - 1 is not a JavaScript number: max is the nearest one, 2^63.
  [int64, { bits: 64, min: -(2 ** 63), max: 2 ** 63 - 1 }],
]);

/** torch.iinfo(dtype): bits, max, min, dtype. */
class IInfo {
  readonly bits: number;
  readonly max: number;
  readonly min: number;
  readonly dtype: string;

  constructor(type: DType | string) {
    const d = toDType(type);
    if (d === bool) throw new TypeError('torch.bool is not supported by torch.iinfo');
    const info = INT_INFO.get(d);
    if (info === undefined) {
      throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    }
    this.bits = info.bits;
    this.max = info.max;
    this.min = info.min;
    this.dtype = d.name;
  }

  toString(): string {
    return `iinfo(min=${g(this.min)}, max=${g(this.max)}, dtype=${this.dtype})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** torch.finfo(dtype) (callable with or without `new`). */
export function finfo(type?: DType | string): FInfo {
  return new FInfo(type);
}
/** torch.iinfo(dtype) (callable with or without `new`). */
export function iinfo(type: DType | string): IInfo {
  return new IInfo(type);
}
export type { FInfo, IInfo };
