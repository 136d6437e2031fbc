// dtypes and PyTorch's type promotion.
//
// Note [int64 representation]: JavaScript numbers are doubles, so int64 tensors are stored in a
// Float64Array holding integral values. They are exact for |v| <= 2^53 (Number.MAX_SAFE_INTEGER);
// beyond that, values round like doubles instead of wrapping like int64. Integer kernels truncate
// after every operation, so results inside that range are bit-identical to PyTorch's. `bigint`
// input data is accepted and converted; `item()`/`tolist()` return numbers.

export type DTypeName = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The five dtypes are the only ones, as in PyTorch (torch.dtype cannot be constructed). */
let builtinsMade = false;

export class DType {
  /** @internal */
  constructor(
    readonly name: DTypeName,
    readonly itemsize: number,
    readonly is_floating_point: boolean,
    /** @internal position in the promotion lattice: bool < int32 < int64 < float32 < float64 */
    readonly rank: number,
    /** @internal */
    readonly array: new (n: number) => TypedArray,
    /** ATen's name for the scalar type in messages (c10::toString(ScalarType)): 'Float', 'Long'. */
    readonly scalarType: string,
  ) {
    if (builtinsMade) throw new TypeError("cannot create 'torch.dtype' instances");
  }

  /** The legacy tensor type name, as x.type() and some messages give it: 'torch.FloatTensor'. */
  get legacyType(): string {
    return `torch.${this.scalarType}Tensor`;
  }

  get is_signed(): boolean {
    return this.name !== 'bool';
  }

  get is_complex(): boolean {
    return false;
  }

  toString(): string {
    return `torch.${this.name}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const bool = new DType('bool', 1, false, 0, Uint8Array, 'Bool');
export const int32 = new DType('int32', 4, false, 1, Int32Array, 'Int');
export const int64 = new DType('int64', 8, false, 2, Float64Array, 'Long');
export const float32 = new DType('float32', 4, true, 3, Float32Array, 'Float');
export const float64 = new DType('float64', 8, true, 4, Float64Array, 'Double');
builtinsMade = true;

export const ALL_DTYPES: readonly DType[] = [bool, int32, int64, float32, float64];

/**
 * A dtype PyTorch has and tensorgrad does not (torch.int16, torch.float16, torch.complex64, ...).
 * It exists so that code ported from PyTorch names it and gets a clear error where it is used,
 * instead of `undefined` silently standing for the default dtype.
 */
export class UnsupportedDType {
  /** @internal */
  constructor(readonly name: string) {}

  toString(): string {
    return `torch.${this.name}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const int8 = new UnsupportedDType('int8');
export const uint8 = new UnsupportedDType('uint8');
export const int16 = new UnsupportedDType('int16');
export const uint16 = new UnsupportedDType('uint16');
export const uint32 = new UnsupportedDType('uint32');
export const uint64 = new UnsupportedDType('uint64');
export const float16 = new UnsupportedDType('float16');
export const bfloat16 = new UnsupportedDType('bfloat16');
export const complex32 = new UnsupportedDType('complex32');
export const complex64 = new UnsupportedDType('complex64');
export const complex128 = new UnsupportedDType('complex128');
const UNSUPPORTED = new Map<string, UnsupportedDType>(
  [int8, uint8, int16, uint16, uint32, uint64, float16, bfloat16, complex32, complex64, complex128].map((d) => [
    d.name,
    d,
  ]),
);
UNSUPPORTED.set('short', int16);
UNSUPPORTED.set('half', float16);
UNSUPPORTED.set('chalf', complex32);
UNSUPPORTED.set('cfloat', complex64);
UNSUPPORTED.set('cdouble', complex128);

/** The unsupported dtype of this name ('int16', 'torch.half'), if it is one. */
export function unsupportedDType(name: string): UnsupportedDType | undefined {
  return UNSUPPORTED.get(name.startsWith('torch.') ? name.slice(6) : name);
}

function unsupported(d: UnsupportedDType): TypeError {
  return new TypeError(
    `${d} is not supported: tensorgrad's dtypes are torch.float32, torch.float64, torch.int32, torch.int64 and torch.bool`,
  );
}

const byName = new Map<string, DType>(ALL_DTYPES.map((d) => [d.name, d]));
byName.set('float', float32);
byName.set('double', float64);
byName.set('int', int32);
byName.set('long', int64);

/** Accepts a DType or one of its names ('float32', 'float', 'long', ...). */
export function toDType(d: DType | string): DType {
  if (d instanceof DType) return d;
  if ((d as unknown) instanceof UnsupportedDType) throw unsupported(d as unknown as UnsupportedDType);
  if (typeof d !== 'string') throw new TypeError(`expected a torch.dtype, got ${d === null ? 'null' : typeof d}`);
  const name = d.startsWith('torch.') ? d.slice(6) : d;
  const found = byName.get(name);
  if (!found) {
    const other = UNSUPPORTED.get(name);
    throw other ? unsupported(other) : new TypeError(`unknown dtype: ${d}`);
  }
  return found;
}

let defaultDType: DType = float32;

export function get_default_dtype(): DType {
  return defaultDType;
}

export function set_default_dtype(d: DType): void {
  const dt = toDType(d);
  if (!dt.is_floating_point) {
    throw new TypeError('only floating-point types are supported as the default type');
  }
  defaultDType = dt;
}

/** torch.promote_types: the smallest dtype both can be cast to without losing kind. */
export function promote_types(a: DType, b: DType): DType {
  const [p, q] = [toDType(a), toDType(b)];
  return p.rank >= q.rank ? p : q;
}

/** torch.can_cast: false when a cast would change kind downward (float to int, non-bool to bool). */
export function can_cast(from: DType, to: DType): boolean {
  for (const [name, d, position] of [
    ['from', from, 1],
    ['to', to, 2],
  ] as const) {
    if ((d as unknown) instanceof UnsupportedDType) toDType(d);
    if (!(d instanceof DType)) {
      const type = d === null ? 'null' : Array.isArray(d) ? 'Array' : typeof d;
      throw new TypeError(`can_cast(): argument '${name}' (position ${position}) must be torch.dtype, not ${type}`);
    }
  }
  if (from.is_floating_point && !to.is_floating_point && to !== bool) return false;
  return !(from !== bool && to === bool);
}

/** An operand as result_type sees it: a dtype and whether it is a 0-d tensor or a wrapped scalar. */
export interface PromotionOperand {
  dtype: DType;
  kind: 'tensor' | 'zerodim' | 'scalar';
}

// ATen's combine_categories: the higher-priority result wins unless the lower one is of a higher
// category (bool < integer < floating), in which case the two promote.
function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (higher.is_floating_point || lower === null) return higher;
  if (higher === bool || lower.is_floating_point) return promote_types(higher, lower);
  return higher;
}

/**
 * PyTorch's result_type (ATen's ResultTypeState): dimensioned tensors outrank 0-d tensors, which
 * outrank wrapped scalars, except that a lower-priority operand of a higher category still
 * promotes. A wrapped float scalar counts as the default dtype, so `int_tensor + 1.5` is float32.
 */
export function resultTypeOf(ops: readonly PromotionOperand[]): DType {
  let dimResult: DType | null = null;
  let zeroResult: DType | null = null;
  let wrappedResult: DType | null = null;
  for (const o of ops) {
    if (o.kind === 'tensor') dimResult = dimResult ? promote_types(dimResult, o.dtype) : o.dtype;
    else if (o.kind === 'zerodim') zeroResult = zeroResult ? promote_types(zeroResult, o.dtype) : o.dtype;
    else {
      const d = o.dtype.is_floating_point ? defaultDType : o.dtype;
      wrappedResult = wrappedResult ? promote_types(wrappedResult, d) : d;
    }
  }
  const result = combineCategories(dimResult, combineCategories(zeroResult, wrappedResult));
  if (result === null) throw new Error('result_type: no operands');
  return result;
}

/** The dtype a JavaScript scalar wraps to (as PyTorch wraps Python scalars). */
export function scalarDType(v: number | boolean | bigint): DType {
  if (typeof v === 'boolean') return bool;
  if (typeof v === 'bigint') return int64;
  return Number.isInteger(v) ? int64 : float64;
}

// ---------------------------------------------------------------- storing a value

const FLOAT32_MAX = 3.4028234663852886e38;

/** The fill value as self's dtype stores it, with ATen's overflow check (checked_convert). */
export function convertFill(v: number, dtype: DType): number {
  const overflow = (type: string): Error =>
    new RangeError(`value cannot be converted to type ${type} without overflow`);
  if (dtype === bool) return v !== 0 ? 1 : 0;
  if (dtype === int64) {
    if (!(v >= -9223372036854775808 && v < 9223372036854775808)) throw overflow('int64_t');
    return Math.trunc(v) + 0;
  }
  if (dtype === int32) {
    if (!(v >= -2147483648 && v <= 2147483647)) throw overflow('int');
    return Math.trunc(v) + 0;
  }
  if (dtype === float32 && Number.isFinite(v) && Math.abs(v) > FLOAT32_MAX) throw overflow('float');
  return v;
}
