// The torch.special functions without a backend kernel kind (Bessel I0/I1 and their scaled forms,
// ndtri, log_ndtr, erfcx, entr, xlog1py, zeta, the regularized incomplete gammas, multigammaln) and
// the torch.special aliases of existing ops; torch.i0, igamma, igammac, mvlgamma, nextafter, ldexp,
// frexp and kaiser_window.
//
// The scalar functions are in src/backend/js/special_math.ts (double precision; float32 results
// are their roundings). Their forward maps a contiguous float64 copy of the inputs elementwise in
// JavaScript, the same on both backends (the inputs' storage is a JavaScript typed array on each),
// as ATen's CPU kernels compute them elementwise. Each op is a defineOp node with PyTorch's name
// and derivatives.yaml's formula, elementwise for forward AD and vmap.

import { Tensor } from '../tensor/tensor.js';
import { float32, float64, int32, get_default_dtype, toDType, type DType } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import * as K from '../tensor/kernels.js';
import { backend } from '../backend/index.js';
import { apply, applyInplace, applyMulti, defineOp, type OpDef } from '../autograd/op.js';
import { floatOf, notImplemented, resultType2, wrap } from './pointwise/promote.js';
import { fn, op, type OpSample, type SampleKit } from './declare.js';
import { splitOptions } from './reduce_args.js';
import { unary } from './pointwise/unary.js';
import { softmaxImpl, log_softmaxImpl } from './softmax.js';
import { logsumexpImpl } from './reduce.js';
import { arange, ones, type FactoryOpts } from '../tensor/creation.js';
import * as S from '../backend/js/special_math.js';
import { lgamma } from '../backend/js/math.js';
import type { Generator } from '../tensor/generator.js';
import { genOf, type GeneratorOpts } from './random.js';

type T = Tensor;
type Scalar = number | boolean;
type F1 = (x: number) => number;
type F2 = (a: number, b: number) => number;

/** A contiguous float64 copy of t broadcast to `shape` (t's own array when it already is one). */
function doubles(t: T, shape: readonly number[]): Float64Array {
  const src = K.cast(t, float64);
  const out = K.output(shape, float64);
  backend().copy(K.broadcastView(src, shape), out._v(), false);
  return out._data as Float64Array;
}

/**
 * f over x's elements into a fresh tensor of `dtype` (storing into a Float32Array rounds); f32, when
 * given, computes float32 results (ATen's single-precision kernel uses shorter series for some).
 */
export function mapUnary(x: T, f: F1, dtype: DType = floatOf(x._dtype), f32?: F1): T {
  if (f32 !== undefined && dtype === float32) f = f32;
  const xs = doubles(x, x._shape);
  const out = K.output(x._shape, dtype);
  const o = out._data;
  for (let i = 0; i < xs.length; i++) o[i] = f(xs[i]);
  return out;
}

/** f over the broadcast elements of a and b into a fresh tensor of `dtype`. */
export function mapBinary(a: T, b: T, f: F2, dtype: DType): T {
  const shape = broadcastShapes(a._shape, b._shape);
  const as = doubles(a, shape);
  const bs = doubles(b, shape);
  const out = K.output(shape, dtype);
  const o = out._data;
  for (let i = 0; i < as.length; i++) o[i] = f(as[i], bs[i]);
  return out;
}

function notDifferentiable(name: string): never {
  throw new Error(`the derivative for '${name}' is not implemented.`);
}

// ---------------------------------------------------------------- unary functions

function unaryDef(node: string, f: F1, backward: OpDef['backward'], saves: readonly string[], f32?: F1): OpDef {
  return defineOp({
    node,
    jvp: 'elementwise',
    saves,
    forward: ([x]) => mapUnary(x, f, floatOf(x._dtype), f32),
    backward,
  });
}

// i0: grad * i1(self)
const I0 = unaryDef('I0Backward0', S.i0, (g, s) => [g.mul(i1Impl(s.self))], ['self']);
export function i0Impl(x: T): T {
  return apply(I0, [x], undefined);
}
export const i0 = op('i0(Tensor self)', i0Impl, {
  inplace: (x: T): T => applyInplace(I0, x, [], undefined),
  samples: (k, f): OpSample[] => k.unary('i0', f, [-3, 3]),
});
export const special_i0 = fn('special_i0(Tensor self)', i0Impl);

// i0e: grad * (i1e(self) - sgn(self) * result)
const I0E = unaryDef('SpecialI0EBackward0', S.i0e, (g, s) => [g.mul(i1eImpl(s.self).sub(s.self.sgn().mul(s.result)))], [
  'self',
  'result',
]);
export function i0eImpl(x: T): T {
  return apply(I0E, [x], undefined);
}
export const special_i0e = fn('special_i0e(Tensor self)', i0eImpl, {
  samples: (k, f): OpSample[] => [
    ...k.unary('special_i0e', f, [0.2, 3]),
    ...k.unary('special_i0e neg', f, [-12, -0.2]),
  ],
});

// i1: grad * (i0(self) - result / self), 0.5 * grad where self is 0 (i1_backward)
const I1 = unaryDef(
  'SpecialI1Backward0',
  S.i1,
  (g, s) => {
    const x = s.self;
    const zero = x.eq(0);
    const d = i0Impl(x).sub(s.result.div(x.masked_fill(zero, 1)));
    return [g.mul(d.masked_fill(zero, 0.5))];
  },
  ['self', 'result'],
  S.i1f,
);
export function i1Impl(x: T): T {
  return apply(I1, [x], undefined);
}
export const special_i1 = fn('special_i1(Tensor self)', i1Impl, {
  samples: (k, f): OpSample[] => k.unary('special_i1', f, [-3, 3]),
});

// i1e: grad * (i0e(self) - result * (sgn(self) + 1 / self)), 0.5 * grad where self is 0 (i1e_backward)
const I1E = unaryDef(
  'SpecialI1EBackward0',
  S.i1e,
  (g, s) => {
    const x = s.self;
    const zero = x.eq(0);
    const d = i0eImpl(x).sub(s.result.mul(x.sgn().add(x.masked_fill(zero, 1).reciprocal())));
    return [g.mul(d.masked_fill(zero, 0.5))];
  },
  ['self', 'result'],
  S.i1ef,
);
export function i1eImpl(x: T): T {
  return apply(I1E, [x], undefined);
}
export const special_i1e = fn('special_i1e(Tensor self)', i1eImpl, {
  samples: (k, f): OpSample[] => [
    ...k.unary('special_i1e', f, [0.2, 3]),
    ...k.unary('special_i1e neg', f, [-12, -0.2]),
  ],
});

// ndtri: grad * sqrt(2 pi) * exp(result^2 / 2)
const NDTRI = unaryDef(
  'SpecialNdtriBackward0',
  S.ndtri,
  (g, s) => [
    g.mul(
      s.result
        .square()
        .mul(0.5)
        .exp()
        .mul(Math.sqrt(2 * Math.PI)),
    ),
  ],
  ['result'],
);
export const special_ndtri = fn('special_ndtri(Tensor self)', (x: T): T => apply(NDTRI, [x], undefined), {
  samples: (k, f): OpSample[] => k.unary('special_ndtri', f, [0.05, 0.95]),
});

// log_ndtr: grad / sqrt(2 pi) * exp(-(result + self^2 / 2))
const LOG_NDTR = unaryDef(
  'SpecialLogNdtrBackward0',
  S.logNdtr,
  (g, s) => [g.mul(s.result.add(s.self.square().mul(0.5)).neg().exp()).div(Math.sqrt(2 * Math.PI))],
  ['self', 'result'],
);
export const special_log_ndtr = fn('special_log_ndtr(Tensor self)', (x: T): T => apply(LOG_NDTR, [x], undefined), {
  samples: (k, f): OpSample[] => k.unary('special_log_ndtr', f, [-3, 3]),
});

// erfcx: (2 * self * result - 2 / sqrt(pi)) * grad
const ERFCX = unaryDef(
  'SpecialErfcxBackward0',
  S.erfcx,
  (g, s) => [
    s.self
      .mul(s.result)
      .mul(2)
      .sub(2 / Math.sqrt(Math.PI))
      .mul(g),
  ],
  ['self', 'result'],
);
export const special_erfcx = fn('special_erfcx(Tensor self)', (x: T): T => apply(ERFCX, [x], undefined), {
  samples: (k, f): OpSample[] => k.unary('special_erfcx', f, [-2, 3]),
});

// entr: grad * -(1 + log(self))
const ENTR = defineOp({
  node: 'SpecialEntrBackward0',
  jvp: 'elementwise',
  saves: ['self'],
  forward: ([x]) => mapUnary(x, S.entr),
  backward: (g, s) => [g.mul(s.self.log().add(1).neg())],
});
export const special_entr = fn('special_entr(Tensor self)', (x: T): T => apply(ENTR, [x], undefined), {
  samples: (k, f): OpSample[] => k.unary('special_entr', f, [0.1, 3]),
});

// ---------------------------------------------------------------- binary functions

interface BinaryNodes {
  /** (Tensor, Tensor), (Scalar, Tensor), (Tensor, Scalar). */
  readonly defs: readonly [OpDef, OpDef<{ self: Scalar }>, OpDef<{ other: Scalar }>];
}

/**
 * The three nodes of a binary function with scalar overloads (Backward0, 1, 2), from one scalar
 * function and the gradients of each operand (null: none; given the saved tensors, with a
 * scalar operand as a wrapped 0-d tensor).
 */
function binaryNodes(
  name: string,
  f: F2,
  gradSelf: ((g: T, self: T, other: T) => T) | null,
  gradOther: ((g: T, self: T, other: T) => T) | null,
  check?: (a: T, b: T) => void,
): BinaryNodes {
  const forward = (a: T, b: T): T => {
    check?.(a, b);
    return mapBinary(a, b, f, floatOf(resultType2(a, b)));
  };
  const tt = defineOp({
    node: `${name}Backward0`,
    jvp: 'elementwise',
    saves: ['self', 'other'],
    forward: ([a, b]) => forward(a, b),
    backward: (g, s, { needs }) => [
      needs[0] && gradSelf ? gradSelf(g, s.self, s.other) : null,
      needs[1] && gradOther ? gradOther(g, s.self, s.other) : null,
    ],
  });
  const st = defineOp<{ self: Scalar }>({
    node: `${name}Backward1`,
    jvp: 'elementwise',
    saves: ['other'],
    inputs: ['other'],
    forward: ([b], { self }) => forward(wrap(self), b),
    backward: (g, s, { args }) => [gradOther ? gradOther(g, wrap(args.self), s.other) : null],
  });
  const ts = defineOp<{ other: Scalar }>({
    node: `${name}Backward2`,
    jvp: 'elementwise',
    saves: ['self'],
    forward: ([a], { other }) => forward(a, wrap(other)),
    backward: (g, s, { args }) => [gradSelf ? gradSelf(g, s.self, wrap(args.other)) : null],
  });
  return { defs: [tt, st, ts] };
}

const isScalar = (v: unknown): v is Scalar => typeof v === 'number' || typeof v === 'boolean';

function runBinary(nodes: BinaryNodes, a: T | Scalar, b: T | Scalar): T {
  const [tt, st, ts] = nodes.defs;
  if (a instanceof Tensor && b instanceof Tensor) return apply(tt, [a, b], undefined);
  if (isScalar(a) && b instanceof Tensor) return apply(st, [b], { self: a });
  if (a instanceof Tensor && isScalar(b)) return apply(ts, [a], { other: b });
  // Two numbers: PyTorch's binding takes the first as a 0-d tensor.
  return apply(
    tt,
    [wrap(a), wrap(b)].map((t) => K.copyOf(t)),
    undefined,
  );
}

// xlog1py: self: xlog1py(grad, other), 0 where self == 0 and other <= -1; other: grad * self / (other + 1)
const XLOG1PY = binaryNodes(
  'SpecialXlog1Py',
  S.xlog1py,
  (g, self, other) => xlog1pyImpl(g, other).masked_fill(self.eq(0).logical_and(other.le(-1)), 0),
  (g, self, other) => g.mul(self).div(other.add(1)),
);
export function xlog1pyImpl(a: T | Scalar, b: T | Scalar): T {
  return runBinary(XLOG1PY, a, b);
}
export const special_xlog1py = fn(
  [
    'special_xlog1py(Tensor self, Tensor other)',
    '@hidden special_xlog1py(Scalar self, Tensor other)',
    'special_xlog1py(Tensor self, Scalar other)',
  ],
  xlog1pyImpl,
  {
    samples: (k, f): OpSample[] => [
      ...k.binary('special_xlog1py', (a, b) => f(a, b) as T, [-2, 2], [-0.5, 2]),
      { name: 'special_xlog1py scalar other', inputs: () => [k.make([3, 2])], fn: (a) => f(a, 0.7) as T },
    ],
  },
);

// zeta: self: not implemented; other: grad * -self * zeta(self + 1, other)
const ZETA = binaryNodes(
  'SpecialZeta',
  S.zeta,
  () => notDifferentiable('zeta'),
  (g, self, other) => g.mul(self.neg()).mul(zetaImpl(self.add(1), other)),
);
export function zetaImpl(a: T | Scalar, b: T | Scalar): T {
  return runBinary(ZETA, a, b);
}
export const special_zeta = fn(
  [
    'special_zeta(Tensor self, Tensor other)',
    '@hidden special_zeta(Scalar self, Tensor other)',
    'special_zeta(Tensor self, Scalar other)',
  ],
  zetaImpl,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'special_zeta other',
        inputs: () => [k.make([3, 2], { lo: 2, hi: 4, grad: false }), k.make([3, 2], { lo: 0.5, hi: 3 })],
        fn: (a, b) => f(a, b) as T,
      },
    ],
  },
);

function igammaCheck(name: string): (a: T, b: T) => void {
  return (a, b) => {
    const dtype = resultType2(a, b);
    if (!dtype.is_floating_point) throw notImplemented(`${name}_cpu`, dtype);
  };
}
// igamma: self: not implemented; other: grad * exp((self - 1) * log(other) - other - lgamma(self))
const igammaDensity = (self: T, other: T): T => self.sub(1).mul(other.log()).sub(other).sub(self.lgamma()).exp();
const IGAMMA = binaryNodes(
  'Igamma',
  S.igamma,
  () => notDifferentiable('igamma: input'),
  (g, self, other) => g.mul(igammaDensity(self, other)),
  igammaCheck('igamma'),
);
const IGAMMAC = binaryNodes(
  'Igammac',
  S.igammac,
  () => notDifferentiable('igammac: input'),
  (g, self, other) => g.neg().mul(igammaDensity(self, other)),
  igammaCheck('igammac'),
);
function tensorPair(name: string, a: unknown, b: unknown): void {
  if (!(a instanceof Tensor && b instanceof Tensor)) {
    const which = a instanceof Tensor ? ["'other'", 2, b] : ["'input'", 1, a];
    const got = typeof which[2] === 'number' ? (Number.isInteger(which[2]) ? 'number' : 'number') : typeof which[2];
    throw new TypeError(`${name}(): argument ${which[0]} (position ${which[1]}) must be Tensor, not ${got}`);
  }
}
export function igammaImpl(a: T, b: T): T {
  tensorPair('igamma', a, b);
  return runBinary(IGAMMA, a, b);
}
export function igammacImpl(a: T, b: T): T {
  tensorPair('igammac', a, b);
  return runBinary(IGAMMAC, a, b);
}
const igammaSamples =
  (name: string) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (k: SampleKit, f: (...args: any[]) => any): OpSample[] => [
    {
      name: `${name} other`,
      inputs: () => [k.make([3, 2], { lo: 0.5, hi: 3, grad: false }), k.make([3, 2], { lo: 0.3, hi: 4 })],
      fn: (a, b) => f(a, b) as T,
    },
  ];
export const igamma = op('igamma(Tensor self, Tensor other)', igammaImpl, {
  inplace: (a: T, b: T): T => applyInplace(IGAMMA.defs[0], a, [b], undefined),
  samples: igammaSamples('igamma'),
});
export const igammac = op('igammac(Tensor self, Tensor other)', igammacImpl, {
  inplace: (a: T, b: T): T => applyInplace(IGAMMAC.defs[0], a, [b], undefined),
  samples: igammaSamples('igammac'),
});
export const special_gammainc = fn('special_gammainc(Tensor self, Tensor other)', igammaImpl);
export const special_gammaincc = fn('special_gammaincc(Tensor self, Tensor other)', igammacImpl);

// ---------------------------------------------------------------- multigammaln

/** lgamma(x - j/2) summed over j < p, plus p (p - 1) / 4 log(pi) (ATen's mvlgamma, composed). */
export function mvlgammaImpl(x: T, p: number): T {
  if (p < 1) throw new Error('p has to be greater than or equal to 1');
  // PyTorch 1.13 and 2 no longer check the domain (x > (p - 1) / 2): lgamma's poles give inf there.
  const args = arange(-p / 2 + 0.5, 0.5, 0.5, { dtype: floatOf(x._dtype) }).add(x.unsqueeze(-1));
  return args
    .lgamma()
    .sum(-1)
    .add((p * (p - 1) * Math.log(Math.PI)) / 4);
}
export const mvlgamma = op('mvlgamma(Tensor self, int p)', mvlgammaImpl, {
  inplace: (x: T, p: number): T => x.copy_(mvlgammaImpl(x.clone(), p)),
  samples: (k): OpSample[] => [
    { name: 'mvlgamma p=3', inputs: () => [k.make([3, 2], { lo: 1.5, hi: 4 })], fn: (x) => x.mvlgamma(3) },
  ],
});
export const special_multigammaln = fn('special_multigammaln(Tensor self, int p)', mvlgammaImpl);

// ---------------------------------------------------------------- aliases of existing ops

export const special_sinc = fn('special_sinc(Tensor self)', (x: T): T => unary('sinc', x));
export const special_round = fn('special_round(Tensor self)', (x: T): T => unary('round', x));
export const special_softmax = fn(
  'special_softmax(Tensor self, int dim, ScalarType? dtype=None)',
  (x: T, dim: number, dtype?: DType | string | null): T => softmaxImpl(x, dim, dtype ?? undefined),
);
export const special_log_softmax = fn(
  'special_log_softmax(Tensor self, int dim, *, ScalarType? dtype=None)',
  (x: T, ...args: unknown[]): T => log_softmaxImpl(x, ...args),
);
export const special_logsumexp = fn(
  'special_logsumexp(Tensor self, int[1] dim, bool keepdim=False)',
  (x: T, ...args: unknown[]): T => logsumexpImpl(x, ...args),
);

// ---------------------------------------------------------------- nextafter, ldexp, frexp

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

function nextafter64(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === b) return b;
  if (a === 0) return b > 0 ? 5e-324 : -5e-324;
  F64[0] = a;
  U64[0] += b > a === a > 0 ? 1n : -1n;
  return F64[0];
}
function nextafter32(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === b) return b;
  if (a === 0) return b > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45;
  F32[0] = a;
  U32[0] += b > a === a > 0 ? 1 : -1;
  return F32[0];
}
const NEXTAFTER = defineOp({
  node: 'NextafterBackward0',
  forward: ([a, b]) => {
    const dtype = resultType2(a, b);
    if (!dtype.is_floating_point) throw notImplemented('nextafter_cpu', dtype);
    return mapBinary(a, b, dtype === float32 ? nextafter32 : nextafter64, dtype);
  },
  backward: () => notDifferentiable('nextafter'),
});
export function nextafterImpl(a: T, b: T): T {
  tensorPair('nextafter', a, b);
  return apply(NEXTAFTER, [a, b], undefined);
}
export const nextafter = op('nextafter(Tensor self, Tensor other)', nextafterImpl, {
  inplace: (a: T, b: T): T => applyInplace(NEXTAFTER, a, [b], undefined),
});

/** input * 2^other (ATen composes it so: mul(self, pow(2.0, other))). */
export function ldexpImpl(a: T, b: T): T {
  tensorPair('ldexp', a, b);
  return a.mul(wrapPow2(b));
}
function wrapPow2(b: T): T {
  // pow(2.0, other): a float exponent result (an integer exponent tensor gives the default float).
  return (wrap(2.0) as T).pow(b.dtype.is_floating_point ? b : b.to(get_default_dtype()));
}
export const ldexp = op('ldexp(Tensor self, Tensor other)', ldexpImpl, {
  inplace: (a: T, b: T): T => a.mul_(wrapPow2(b)),
  samples: (k, f): OpSample[] => [
    {
      name: 'ldexp',
      inputs: () => [
        k.make([3, 2]),
        k.values(
          [
            [1, -2],
            [0, 3],
            [2, -1],
          ],
          [3, 2],
        ),
      ],
      fn: (a, b) => f(a, b) as T,
    },
  ],
});

/** x = mantissa * 2^exponent with 0.5 <= |mantissa| < 1 (C's frexp; 0, inf and NaN keep exponent 0). */
function frexpParts(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  F64[0] = x;
  const biased = Number((U64[0] >> 52n) & 0x7ffn);
  if (biased === 0) {
    // A subnormal: scale it into the normal range first.
    const [m, e] = frexpParts(x * 2 ** 64);
    return [m, e - 64];
  }
  // The mantissa: x's bits with the exponent field of [0.5, 1).
  U64[0] = (U64[0] & ~(0x7ffn << 52n)) | (1022n << 52n);
  return [F64[0], biased - 1022];
}
/** The exponents of frexp(x) as a float64 tensor (for the backward formula). */
function frexpExponent(x: T): T {
  return mapUnary(x, (v) => frexpParts(v)[1], float64);
}
const FREXP = defineOp({
  node: 'FrexpBackward0',
  saves: ['self'],
  forward: ([x]) => {
    const xs = doubles(x, x._shape);
    const m = K.output(x._shape, x._dtype);
    const e = K.output(x._shape, int32);
    for (let i = 0; i < xs.length; i++) {
      const [mi, ei] = frexpParts(xs[i]);
      m._data[i] = mi;
      e._data[i] = ei;
    }
    return [m, e];
  },
  // grad / exponent.exp2()
  backward: (g, s) => [g.div(frexpExponent(s.self).exp2())],
  jvp: (t, s) => t[0]!.div(frexpExponent(s.self).exp2()),
});
export interface FrexpResult {
  mantissa: T;
  exponent: T;
}
export function frexpImpl(x: T): FrexpResult {
  if (!x._dtype.is_floating_point) {
    throw new Error(`torch.frexp() only supports floating-point dtypes`);
  }
  const [mantissa, exponent] = applyMulti(FREXP, [x], undefined);
  return Object.assign([mantissa, exponent], { mantissa, exponent }) as unknown as FrexpResult;
}
export const frexp = op('frexp(Tensor self)', frexpImpl, {
  samples: (k): OpSample[] => [{ name: 'frexp', inputs: () => [k.make([3, 2])], fn: (x) => frexpImpl(x).mantissa }],
});

// ---------------------------------------------------------------- kaiser_window

const FACTORY =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';
const CPP_NAME: Record<string, string> = { int64: 'long int', int32: 'int', bool: 'bool' };

/** ATen's kaiser_window: I0(beta sqrt(1 - ((k - alpha) / alpha)^2)) / I0(beta), alpha = (n - 1) / 2. */
export function kaiser_windowImpl(length: number, ...rest: unknown[]): T {
  const [pos, opts] = splitOptions<FactoryOpts>(rest);
  const periodic = (pos[0] as boolean | undefined) ?? true;
  const beta = (pos[1] as number | undefined) ?? 12.0;
  const dtype = opts.dtype === undefined || opts.dtype === null ? get_default_dtype() : toDType(opts.dtype);
  if (!dtype.is_floating_point) {
    throw new Error(
      `kaiser_window expects floating point dtypes, got: TensorOptions(dtype=${CPP_NAME[dtype.name] ?? dtype.name}, device=cpu, ` +
        'layout=Strided (default), requires_grad=false (default), pinned_memory=false, memory_format=(nullopt))',
    );
  }
  if (length < 0) throw new Error(`kaiser_window requires non-negative window_length, got window_length=${length}`);
  const made = (t: T): T => (opts.requires_grad ? t.requires_grad_(true) : t);
  if (length === 0) return made(arange(0, { dtype }));
  if (length === 1) return made(ones([1], { dtype }));
  const len = periodic ? length + 1 : length;
  const alpha = (len - 1) / 2;
  const denom = S.i0(beta);
  const out = K.output([len], dtype);
  for (let k = 0; k < len; k++) {
    const r = (k - alpha) / alpha;
    out._data[k] = S.i0(beta * Math.sqrt(1 - r * r)) / denom;
  }
  return made(periodic ? K.copyOf(out.narrow(0, 0, length)) : out);
}
export const kaiser_window = op(
  [
    `kaiser_window(int window_length, *, ${FACTORY})`,
    `kaiser_window(int window_length, bool periodic, *, ${FACTORY})`,
    `kaiser_window(int window_length, bool periodic, float beta, *, ${FACTORY})`,
  ],
  kaiser_windowImpl as (length: number, periodic?: boolean, beta?: number) => T,
);

// ---------------------------------------------------------------- Bessel functions J0, J1, Y0, Y1

// Not differentiable in PyTorch (their results never require grad): computed without a node.
export const special_bessel_j0 = fn('special_bessel_j0(Tensor self)', (x: T): T =>
  mapUnary(x, S.besselJ0, floatOf(x._dtype), (v) => S.besselJ0(v, true)),
);
export const special_bessel_j1 = fn('special_bessel_j1(Tensor self)', (x: T): T =>
  mapUnary(x, S.besselJ1, floatOf(x._dtype), (v) => S.besselJ1(v, true)),
);
export const special_bessel_y0 = fn('special_bessel_y0(Tensor self)', (x: T): T =>
  mapUnary(x, S.besselY0, floatOf(x._dtype), (v) => S.besselY0(v, true)),
);
export const special_bessel_y1 = fn('special_bessel_y1(Tensor self)', (x: T): T =>
  mapUnary(x, S.besselY1, floatOf(x._dtype), (v) => S.besselY1(v, true)),
);
export const special_spherical_bessel_j0 = fn('special_spherical_bessel_j0(Tensor self)', (x: T): T =>
  mapUnary(x, S.sphericalBesselJ0),
);

// Modified Bessel functions I0, I1, K0, K1 and exp(x) K0, exp(x) K1: not differentiable in PyTorch.
export const special_modified_bessel_i0 = fn('special_modified_bessel_i0(Tensor self)', (x: T): T => mapUnary(x, S.i0));
export const special_modified_bessel_i1 = fn('special_modified_bessel_i1(Tensor self)', (x: T): T => mapUnary(x, S.i1));
export const special_modified_bessel_k0 = fn('special_modified_bessel_k0(Tensor self)', (x: T): T =>
  mapUnary(x, S.modifiedBesselK0),
);
export const special_modified_bessel_k1 = fn('special_modified_bessel_k1(Tensor self)', (x: T): T =>
  mapUnary(x, S.modifiedBesselK1),
);
export const special_scaled_modified_bessel_k0 = fn('special_scaled_modified_bessel_k0(Tensor self)', (x: T): T =>
  mapUnary(x, S.scaledModifiedBesselK0),
);
export const special_scaled_modified_bessel_k1 = fn('special_scaled_modified_bessel_k1(Tensor self)', (x: T): T =>
  mapUnary(x, S.scaledModifiedBesselK1),
);

// ---------------------------------------------------------------- poisson

/**
 * One Poisson draw as ATen's sample_poisson makes it, from the generator's 53-bit uniform doubles:
 * Hoermann's transformed rejection (1993) from lambda = 10, multiplication of uniforms below.
 */
function samplePoisson(lambda: number, g: Generator): number {
  if (lambda >= 10) {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = g._uniform53() - 0.5;
      const V = g._uniform53();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1)) {
        return k;
      }
    }
  }
  if (lambda === 0) return 0;
  const enlam = Math.exp(-lambda);
  let x = 0;
  let prod = 1;
  for (;;) {
    prod *= g._uniform53();
    if (prod > enlam) x += 1;
    else return x;
  }
}

// poisson: self: zeros_like(self)
const POISSON = defineOp<{ g: Generator }>({
  node: 'PoissonBackward0',
  saves: ['self'],
  forward: ([x], { g }) => {
    if (!x._dtype.is_floating_point) throw notImplemented('poisson_cpu', x._dtype);
    const lambdas = doubles(x, x._shape);
    for (const l of lambdas) if (!(l >= 0)) throw new Error('invalid Poisson rate, expected rate to be non-negative');
    const out = K.output(x._shape, x._dtype);
    for (let i = 0; i < lambdas.length; i++) out._data[i] = samplePoisson(lambdas[i], g);
    return out;
  },
  jvp: (_t, s) => K.full(s.self._shape, 0, s.self._dtype),
  backward: (grad) => [K.full(grad._shape, 0, grad._dtype)],
});

/** torch.poisson(input, { generator }): a draw from Poisson(input) per element (ATen's CPU stream). */
export function poissonImpl(input: T, opts?: GeneratorOpts | null): T {
  return apply(POISSON, [input], { g: genOf(opts) });
}
export const poisson = op('poisson(Tensor self, Generator? generator=None)', poissonImpl, { method: false });

// The Airy function Ai: not differentiable in PyTorch.
export const special_airy_ai = fn('special_airy_ai(Tensor x)', (x: T): T =>
  mapUnary(
    x,
    (v) => S.airyAi(v),
    floatOf(x._dtype),
    (v) => S.airyAi(v, true),
  ),
);
