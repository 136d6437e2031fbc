// Argument checks of the random functions, with PyTorch's error texts.

import type { Tensor } from './tensor.js';
import { float32, int64, type DType } from './dtype.js';
import { emitWarning } from './warn.js';

const f = Math.fround;

const warned = new Set<string>();

/** A UserWarning, once per text (as Python's default warning filter shows it once per call site). */
function warnOnce(text: string): void {
  if (warned.has(text)) return;
  warned.add(text);
  emitWarning(text, 'UserWarning');
}

const C_TYPE: Record<string, string> = {
  float32: 'float',
  float64: 'double',
  int32: 'int',
  int64: 'long',
  bool: 'bool',
};

export function notImplemented(kernel: string, dtype: DType): Error {
  return new Error(`"${kernel}" not implemented for '${dtype.scalarType}'`);
}

/** A double as C++'s ostream prints it (6 significant digits, %g style). */
export function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, e] = x.toExponential(5).split('e');
  const exp = Number(e);
  const trim = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${trim(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return trim(x.toFixed(5 - exp));
}

export function checkUniform(dtype: DType, from: number, to: number): void {
  if (!dtype.is_floating_point) throw notImplemented('check_uniform_bounds', dtype);
  const max = dtype === float32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const ctype = C_TYPE[dtype.name];
  if (!(from >= -max && from <= max)) throw new Error(`from is out of bounds for ${ctype}`);
  if (!(to >= -max && to <= max)) throw new Error(`to is out of bounds for ${ctype}`);
  if (!(from <= to)) {
    throw new Error(
      `uniform_ expects to return a [from, to) range, but found from=${cppDouble(from)} > to=${cppDouble(to)}`,
    );
  }
  if (!(to - from <= max)) {
    throw new Error(
      `uniform_ expects to-from <= std::numeric_limits<${dtype.scalarType}>::max(), but found ` +
        `to=${cppDouble(to)} and from=${cppDouble(from)} which result in to-from to exceed the limit`,
    );
  }
}

export function checkNormal(dtype: DType, std: number): void {
  if (!(std >= 0)) throw new Error(`normal expects std >= 0.0, but found std ${cppDouble(std)}`);
  if (!dtype.is_floating_point) throw notImplemented('normal_kernel_cpu', dtype);
}

const INT_BOUNDS: Record<string, [number, number]> = {
  bool: [0, 1],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
};

// PyTorch's update_from / update_to: for float dtypes, bounds that the dtype cannot hold exactly
// move inwards to the nearest value it can.
function updateFrom(from: number, dtype: DType): number {
  const digits = dtype === float32 ? 24 : 53;
  const cast = dtype === float32 ? f(from + 1) : from + 1;
  if (cast < from) {
    const n = Math.floor(Math.log2(Math.abs(from + 1)));
    return cast + 2 ** (n - digits + 1);
  }
  return from;
}

function updateTo(to: number, dtype: DType): number {
  const digits = dtype === float32 ? 24 : 53;
  const cast = dtype === float32 ? f(to - 1) : to - 1;
  if (cast >= to) {
    const n = Math.floor(Math.log2(Math.abs(to - 1)));
    return cast - 2 ** (n - digits + 1);
  }
  return to;
}

/**
 * random_(from, None)'s checks: values in [from, the dtype's largest integer]. Returns from (maybe
 * adjusted) and the number of values.
 */
export function checkFromOnly(dtype: DType, from: number): [number, number | bigint] {
  if (!Number.isInteger(from)) throw new TypeError(`random_ expects an integer bound, got from=${from}`);
  let toInc: bigint;
  if (dtype.is_floating_point) {
    const digits = dtype === float32 ? 24 : 53;
    toInc = 1n << BigInt(digits);
    from = updateFrom(from, dtype);
    if (!(BigInt(from) < toInc)) {
      throw new Error(
        "random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype, but got " +
          `from=${from} > to_inc=${toInc}`,
      );
    }
    warnOutOfRange(dtype, from, 'from');
  } else {
    toInc = dtype === int64 ? (1n << 63n) - 1n : BigInt(INT_BOUNDS[dtype.name][1]);
    const [lo, hi] = INT_BOUNDS[dtype.name];
    if (from < lo || from > hi) throw new Error(`from is out of bounds for ${C_TYPE[dtype.name]}`);
  }
  const range = toInc - BigInt(from) + 1n;
  return [from, range <= 1n << 53n ? Number(range) : range];
}

function warnOutOfRange(dtype: DType, v: number, name: string): void {
  const digits = dtype === float32 ? 24 : 53;
  const limit = 2 ** digits;
  if (v < -limit || v > limit) {
    warnOnce(
      `${name} is out of bounds [-(2^${digits}), 2^${digits}]. Due to precision limitations ${C_TYPE[dtype.name]} ` +
        'can support discrete uniform distribution only within this range. This warning will become an error ' +
        'in version 1.7 release, please fix the code in advance',
    );
  }
}

/** random_(from, to)'s checks; returns the (possibly adjusted) bounds. */
export function checkFromTo(dtype: DType, from: number, to: number): [number, number] {
  if (!Number.isInteger(from) || !Number.isInteger(to)) {
    throw new TypeError(`random_ expects integer bounds, got from=${from}, to=${to}`);
  }
  if (!(from < to)) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  if (dtype.is_floating_point) {
    from = updateFrom(from, dtype);
    to = updateTo(to, dtype);
    if (!(from < to)) {
      throw new Error(
        `random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${from} >= to=${to}`,
      );
    }
    warnOutOfRange(dtype, from, 'from');
    warnOutOfRange(dtype, to - 1, 'to - 1');
  } else {
    const [lo, hi] = INT_BOUNDS[dtype.name];
    if (from < lo || from > hi) throw new Error(`from is out of bounds for ${C_TYPE[dtype.name]}`);
    if (to - 1 < lo || to - 1 > hi) throw new Error(`to - 1 is out of bounds for ${C_TYPE[dtype.name]}`);
  }
  return [from, to];
}

export function checkNoInternalOverlap(self: Tensor): void {
  for (let d = 0; d < self._shape.length; d++) {
    if (self._strides[d] === 0 && self._shape[d] > 1) {
      throw new Error(
        'unsupported operation: more than one element of the written-to tensor refers to a single memory location. ' +
          'Please clone() the tensor before performing the operation.',
      );
    }
  }
}

/** expand's errors, as expand_inplace reports them. */
export function checkExpandable(t: Tensor, target: readonly number[]): void {
  const shape = t._shape;
  if (shape.length > target.length) {
    throw new RangeError(
      `expand(${t.dtype.legacyType}{[${shape.join(', ')}]}, size=[${target.join(', ')}]): the number of sizes ` +
        `provided (${target.length}) must be greater or equal to the number of dimensions in the tensor (${shape.length})`,
    );
  }
  for (let i = 1; i <= shape.length; i++) {
    const s = shape[shape.length - i];
    const want = target[target.length - i];
    if (s !== 1 && s !== want) {
      throw new RangeError(
        `The expanded size of the tensor (${want}) must match the existing size (${s}) at non-singleton dimension ` +
          `${target.length - i}.  Target sizes: [${target.join(', ')}].  Tensor sizes: [${shape.join(', ')}]`,
      );
    }
  }
}

export function checkStdTensor(std: Tensor): void {
  const v = std.toTypedArray();
  for (let i = 0; i < v.length; i++) if (!(v[i] >= 0)) throw new Error('normal expects all elements of std >= 0.0');
}
