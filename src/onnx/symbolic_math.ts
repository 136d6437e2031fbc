// ONNX mappings of the elementwise ops, comparisons, where and the reductions.

import { Tensor } from '../tensor/tensor.js';
import { bool, float64, int64, type DType } from '../tensor/dtype.js';
import { resultType } from '../ops/pointwise/promote.js';
import type { Graph } from './graph.js';
import { arg, axes, kwargs, symbolic, tensorArg } from './symbolic.js';

type T = Tensor;
type Operand = Tensor | number | boolean;
const out = (result: unknown): T => result as T;
const withInplace = (name: string): string[] => [name, `${name}_`];

// ---------------------------------------------------------------- unary
/** An op computed in the result's dtype from one input cast to it. */
function unary(names: string | string[], build: (g: Graph, x: string, dtype: DType) => string): void {
  for (const name of typeof names === 'string' ? [names] : names) {
    symbolic(withInplace(name), (g, args, result) => {
      const dtype = out(result).dtype;
      return build(g, g.operand(tensorArg(args, 0), dtype), dtype);
    });
  }
}
const ONNX_UNARY: Record<string, string> = {
  neg: 'Neg',
  negative: 'Neg',
  abs: 'Abs',
  absolute: 'Abs',
  sign: 'Sign',
  exp: 'Exp',
  log: 'Log',
  sqrt: 'Sqrt',
  reciprocal: 'Reciprocal',
  sin: 'Sin',
  cos: 'Cos',
  tan: 'Tan',
  asin: 'Asin',
  arcsin: 'Asin',
  acos: 'Acos',
  arccos: 'Acos',
  atan: 'Atan',
  arctan: 'Atan',
  sinh: 'Sinh',
  cosh: 'Cosh',
  asinh: 'Asinh',
  arcsinh: 'Asinh',
  acosh: 'Acosh',
  arccosh: 'Acosh',
  atanh: 'Atanh',
  arctanh: 'Atanh',
  sigmoid: 'Sigmoid',
  special_expit: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu',
  erf: 'Erf',
  special_erf: 'Erf',
  floor: 'Floor',
  ceil: 'Ceil',
  round: 'Round',
};
for (const [name, opType] of Object.entries(ONNX_UNARY)) unary(name, (g, x) => g.op(opType, [x]));
unary('rsqrt', (g, x) => g.op('Reciprocal', [g.op('Sqrt', [x])]));
unary('square', (g, x) => g.op('Mul', [x, x]));
symbolic(withInplace('log2'), (g, args, result) => logBase(g, tensorArg(args, 0), out(result).dtype, Math.LN2));
symbolic(withInplace('log10'), (g, args, result) => logBase(g, tensorArg(args, 0), out(result).dtype, Math.LN10));
function logBase(g: Graph, x: T, dtype: DType, ln: number): string {
  return g.op('Div', [g.op('Log', [g.operand(x, dtype)]), g.scalar(ln, dtype)]);
}
unary(['log1p', 'special_log1p'], (g, x, dtype) => g.op('Log', [g.op('Add', [x, g.scalar(1, dtype)])]));
unary(['expm1', 'special_expm1'], (g, x, dtype) => g.op('Sub', [g.op('Exp', [x]), g.scalar(1, dtype)]));
unary(['exp2', 'special_exp2'], (g, x, dtype) => g.op('Pow', [g.scalar(2, dtype), x]));
unary('trunc', (g, x) => g.op('Mul', [g.op('Sign', [x]), g.op('Floor', [g.op('Abs', [x])])]));
unary('frac', (g, x) => g.op('Sub', [x, g.op('Mul', [g.op('Sign', [x]), g.op('Floor', [g.op('Abs', [x])])])]));
unary('silu', (g, x) => g.op('Mul', [x, g.op('Sigmoid', [x])]));
unary('erfc', (g, x, dtype) => g.op('Sub', [g.scalar(1, dtype), g.op('Erf', [x])]));

symbolic(withInplace('logical_not'), (g, args) => g.op('Not', [g.operand(tensorArg(args, 0), bool)]));
symbolic('isnan', (g, args) => g.op('IsNaN', [g.value(tensorArg(args, 0))]));
symbolic('isinf', (g, args) => g.op('IsInf', [g.value(tensorArg(args, 0))]));
symbolic('isfinite', (g, args) => {
  const x = g.value(tensorArg(args, 0));
  return g.op('Not', [g.op('Or', [g.op('IsNaN', [x]), g.op('IsInf', [x])])]);
});

// ---------------------------------------------------------------- binary arithmetic
/** Both operands in the result's dtype. */
function binary(g: Graph, args: readonly unknown[], dtype: DType): [string, string] {
  return [g.operand(args[0] as Operand, dtype), g.operand(args[1] as Operand, dtype)];
}
/** other * alpha, for add/sub's alpha keyword. */
function scaled(g: Graph, other: string, alpha: unknown, dtype: DType): string {
  return alpha === undefined || alpha === 1 ? other : g.op('Mul', [other, g.scalar(alpha as number, dtype)]);
}
symbolic(['add', 'add_'], (g, args, result) => {
  const dtype = out(result).dtype;
  const [a, b] = binary(g, args, dtype);
  return g.op('Add', [a, scaled(g, b, kwargs(args).alpha, dtype)]);
});
symbolic(['sub', 'sub_', 'subtract', 'subtract_'], (g, args, result) => {
  const dtype = out(result).dtype;
  const [a, b] = binary(g, args, dtype);
  return g.op('Sub', [a, scaled(g, b, kwargs(args).alpha, dtype)]);
});
symbolic('rsub', (g, args, result) => {
  const dtype = out(result).dtype;
  const [a, b] = binary(g, args, dtype);
  return g.op('Sub', [scaled(g, b, kwargs(args).alpha, dtype), a]);
});
for (const [names, opType] of [
  [['mul', 'mul_', 'multiply', 'multiply_'], 'Mul'],
  [['true_divide', 'true_divide_'], 'Div'],
  [['maximum'], 'Max'],
  [['minimum'], 'Min'],
  [['fmod', 'fmod_'], 'Mod'],
] as const) {
  symbolic(names, (g, args, result) => {
    const dtype = out(result).dtype;
    return g.op(opType, binary(g, args, dtype), opType === 'Mod' ? { fmod: 1 } : {});
  });
}
symbolic(['div', 'div_', 'divide', 'divide_'], (g, args, result) => {
  const dtype = out(result).dtype;
  const mode = kwargs(args).rounding_mode;
  if (dtype.is_floating_point || mode === undefined || mode === null) {
    const q = g.op('Div', binary(g, args, dtype));
    if (mode === 'floor') return g.op('Floor', [q]);
    if (mode === 'trunc') return g.op('Mul', [g.op('Sign', [q]), g.op('Floor', [g.op('Abs', [q])])]);
    return q;
  }
  // Integers: ONNX's Div truncates; floor division goes through float64 (exact below 2^53).
  if (mode === 'trunc') return g.op('Div', binary(g, args, dtype));
  const [a, b] = binary(g, args, float64);
  return g.cast(g.op('Floor', [g.op('Div', [a, b])]), float64, dtype);
});
symbolic(['remainder', 'remainder_'], (g, args, result) => {
  // Python's modulus takes the divisor's sign: a - floor(a / b) * b.
  const dtype = out(result).dtype;
  const [a, b] = binary(g, args, dtype);
  if (!dtype.is_floating_point) return g.op('Mod', [a, b], { fmod: 0 });
  return g.op('Sub', [a, g.op('Mul', [g.op('Floor', [g.op('Div', [a, b])]), b])]);
});
symbolic(['pow', 'pow_'], (g, args, result) => g.op('Pow', binary(g, args, out(result).dtype)));
symbolic(['clamp', 'clamp_', 'clip', 'clip_'], (g, args, result) => {
  const dtype = out(result).dtype;
  let x = g.operand(tensorArg(args, 0), dtype);
  const lo = arg<Operand | null>(args, 1);
  const hi = arg<Operand | null>(args, 2);
  if (lo !== undefined && lo !== null) x = g.op('Max', [x, g.operand(lo, dtype)]);
  if (hi !== undefined && hi !== null) x = g.op('Min', [x, g.operand(hi, dtype)]);
  return x;
});
symbolic(['clamp_min', 'clamp_min_'], (g, args, result) => g.op('Max', binary(g, args, out(result).dtype)));
symbolic(['clamp_max', 'clamp_max_'], (g, args, result) => g.op('Min', binary(g, args, out(result).dtype)));
symbolic(['lerp', 'lerp_'], (g, args, result) => {
  const dtype = out(result).dtype;
  const [a, b] = binary(g, args, dtype);
  const w = g.operand(args[2] as Operand, dtype);
  return g.op('Add', [a, g.op('Mul', [w, g.op('Sub', [b, a])])]);
});
function where(g: Graph, cond: unknown, a: unknown, b: unknown, result: unknown): string {
  const dtype = out(result).dtype;
  return g.op('Where', [
    g.operand(cond as Operand, bool),
    g.operand(a as Operand, dtype),
    g.operand(b as Operand, dtype),
  ]);
}
symbolic('where', (g, args, result) => where(g, args[0], args[1], args[2], result));
// The method's order: x.where(condition, other).
symbolic('Tensor.where', (g, args, result) => where(g, args[1], args[0], args[2], result));

// ---------------------------------------------------------------- comparisons and logic
/** Both operands in their promoted dtype (the result is bool). */
function compared(g: Graph, args: readonly unknown[]): [string, string] {
  const dtype = resultType(args[0] as Operand, args[1] as Operand);
  return binary(g, args, dtype);
}
const COMPARE: [string, string][] = [
  ['eq', 'Equal'],
  ['lt', 'Less'],
  ['le', 'LessOrEqual'],
  ['gt', 'Greater'],
  ['ge', 'GreaterOrEqual'],
];
for (const [name, opType] of COMPARE) symbolic(name, (g, args) => g.op(opType, compared(g, args)));
symbolic('ne', (g, args) => g.op('Not', [g.op('Equal', compared(g, args))]));
for (const [name, opType] of [
  ['logical_and', 'And'],
  ['logical_or', 'Or'],
  ['logical_xor', 'Xor'],
]) {
  symbolic(name, (g, args) => g.op(opType, binary(g, args, bool)));
}

// ---------------------------------------------------------------- reductions
/** A reduction: axes attribute in opset 17, except ReduceSum whose axes are an input. */
function reduce(g: Graph, opType: string, x: string, dims: number[] | null, keepdim: boolean): string {
  const keepdims = keepdim ? 1 : 0;
  if (opType === 'ReduceSum') return g.op(opType, dims === null ? [x] : [x, g.ints(dims)], { keepdims });
  return g.op(opType, [x], { keepdims, axes: dims ?? undefined });
}
/** sum/mean/prod/logsumexp/amax/all...: (self, dim?, keepdim?, { dtype }). */
function reduction(names: string[], opType: string): void {
  symbolic(names, (g, args, result) => {
    const x = tensorArg(args, 0);
    const dtype = out(result).dtype;
    const dim = arg<number | number[] | null>(args, 1);
    const keepdim = arg<boolean>(args, 2) === true;
    return reduce(g, opType, g.operand(x, dtype), axes(dim, x.dim()), keepdim);
  });
}
reduction(['sum', 'nansum'], 'ReduceSum');
reduction(['mean'], 'ReduceMean');
reduction(['prod'], 'ReduceProd');
reduction(['logsumexp'], 'ReduceLogSumExp');
reduction(['amax'], 'ReduceMax');
reduction(['amin'], 'ReduceMin');
for (const [name, opType] of [
  ['all', 'ReduceMin'],
  ['any', 'ReduceMax'],
]) {
  symbolic(name, (g, args) => {
    const x = tensorArg(args, 0);
    const dim = arg<number | number[] | null>(args, 1);
    const asInt = g.cast(g.operand(x, bool), bool, int64);
    return g.cast(reduce(g, opType, asInt, axes(dim, x.dim()), arg<boolean>(args, 2) === true), int64, bool);
  });
}
/** max/min: of everything, of two tensors, or along a dim with the indices. */
for (const [name, reduceOp, argOp, pairOp] of [
  ['max', 'ReduceMax', 'ArgMax', 'Max'],
  ['min', 'ReduceMin', 'ArgMin', 'Min'],
]) {
  symbolic(name, (g, args, result) => {
    const x = tensorArg(args, 0);
    const second = args[1];
    if (second instanceof Tensor) return g.op(pairOp, binary(g, args, out(result).dtype));
    if (typeof second !== 'number') return reduce(g, reduceOp, g.value(x), null, false);
    const keepdim = arg<boolean>(args, 2) === true;
    const ax = axes(second, x.dim()) as number[];
    const values = reduce(g, reduceOp, g.value(x), ax, keepdim);
    const indices = g.op(argOp, [g.value(x)], { axis: ax[0], keepdims: keepdim ? 1 : 0 });
    return [values, indices];
  });
}
for (const [name, opType] of [
  ['argmax', 'ArgMax'],
  ['argmin', 'ArgMin'],
]) {
  symbolic(name, (g, args) => {
    const x = tensorArg(args, 0);
    const dim = arg<number | null>(args, 1);
    const keepdim = arg<boolean>(args, 2) === true ? 1 : 0;
    if (dim === undefined || dim === null) {
      const flat = g.op('Reshape', [g.value(x), g.ints([-1])]);
      const idx = g.op(opType, [flat], { axis: 0, keepdims: 0 });
      return keepdim ? g.op('Reshape', [idx, g.ints(x.shape.map(() => 1))]) : idx;
    }
    return g.op(opType, [g.value(x)], { axis: axes(dim, x.dim())?.[0] ?? 0, keepdims: keepdim });
  });
}
/** var/std: (self, dim?, { correction, keepdim }), (self, dim, unbiased, keepdim) or (self, unbiased). */
function moments(g: Graph, args: readonly unknown[], result: unknown, root: boolean): string {
  const x = tensorArg(args, 0);
  const kw = kwargs(args);
  let dim: unknown = null;
  let correction = 1;
  let keepdim = kw.keepdim === true;
  if (typeof args[1] === 'boolean') {
    correction = args[1] ? 1 : 0;
  } else {
    dim = arg(args, 1);
    if (typeof args[2] === 'boolean') correction = args[2] ? 1 : 0;
    if (typeof args[3] === 'boolean') keepdim = args[3];
  }
  if (typeof kw.correction === 'number') correction = kw.correction;
  const ax = axes(dim, x.dim());
  const dtype = out(result).dtype;
  const v = g.operand(x, dtype);
  const centered = g.op('Sub', [v, reduce(g, 'ReduceMean', v, ax, true)]);
  const sq = reduce(g, 'ReduceSum', g.op('Mul', [centered, centered]), ax, keepdim);
  // The count comes from the input's shape at run time, so a dynamic batch axis stays free.
  const sizes = g.op('Shape', [v]);
  const count =
    ax === null ? g.op('Size', [v]) : reduce(g, 'ReduceProd', g.op('Gather', [sizes, g.ints(ax)]), null, false);
  const divisor = g.op('Max', [
    g.op('Sub', [g.cast(count, int64, dtype), g.scalar(correction, dtype)]),
    g.scalar(0, dtype),
  ]);
  const variance = g.op('Div', [sq, divisor]);
  return root ? g.op('Sqrt', [variance]) : variance;
}
symbolic('var', (g, args, result) => moments(g, args, result, false));
symbolic('std', (g, args, result) => moments(g, args, result, true));
symbolic('norm', (g, args, result) => {
  const x = tensorArg(args, 0);
  const p = arg<number | string | null>(args, 1) ?? 'fro';
  const ax = axes(arg(args, 2), x.dim());
  const keepdim = arg<boolean>(args, 3) === true;
  const v = g.operand(x, out(result).dtype);
  if (p === 'fro' || p === 2) return reduce(g, 'ReduceL2', v, ax, keepdim);
  if (p === 1) return reduce(g, 'ReduceL1', v, ax, keepdim);
  if (p === Infinity) return reduce(g, 'ReduceMax', g.op('Abs', [v]), ax, keepdim);
  throw new Error(`Exporting the operator 'aten::norm' with p=${String(p)} to ONNX is not supported.`);
});
symbolic('cumsum', (g, args, result) => {
  const x = tensorArg(args, 0);
  const dtype = out(result).dtype;
  return g.op('CumSum', [g.operand(x, dtype), g.scalar(axes(args[1], x.dim())?.[0] ?? 0, int64)]);
});
