// ONNX mappings of the layers (nn.functional), matrix products, activations, dtype casts and
// the *_like constructors.

import { Tensor } from '../tensor/tensor.js';

import { ones } from '../tensor/creation.js';
import { f, type Graph } from './graph.js';
import { arg, axis, kwargs, pair, symbolic, tensorArg } from './symbolic.js';

type T = Tensor;
const out = (result: unknown): T => result as T;
const unsupported = (op: string, what: string): Error =>
  new Error(`Exporting the operator 'aten::${op}' with ${what} to ONNX is not supported.`);

// ---------------------------------------------------------------- matrix products
symbolic('linear', (g, args) => {
  const x = tensorArg(args, 0);
  const w = tensorArg(args, 1);
  const b = arg<T | null>(args, 2) ?? null;
  if (x.dim() === 2) {
    const inputs = [g.value(x), g.value(w)];
    if (b !== null) inputs.push(g.value(b));
    return g.op('Gemm', inputs, { transB: 1 });
  }
  const y = g.op('MatMul', [g.value(x), g.op('Transpose', [g.value(w)], { perm: [1, 0] })]);
  return b === null ? y : g.op('Add', [y, g.value(b)]);
});
symbolic('addmm', (g, args) => {
  const kw = kwargs(args);
  return g.op('Gemm', [g.value(tensorArg(args, 1)), g.value(tensorArg(args, 2)), g.value(tensorArg(args, 0))], {
    alpha: f((kw.alpha as number | undefined) ?? 1),
    beta: f((kw.beta as number | undefined) ?? 1),
  });
});
symbolic(['matmul', 'mm', 'bmm', 'mv', 'dot'], (g, args) =>
  g.op('MatMul', [g.value(tensorArg(args, 0)), g.value(tensorArg(args, 1))]),
);
symbolic('outer', (g, args) =>
  g.op('Mul', [
    g.op('Unsqueeze', [g.value(tensorArg(args, 0)), g.ints([1])]),
    g.op('Unsqueeze', [g.value(tensorArg(args, 1)), g.ints([0])]),
  ]),
);

// ---------------------------------------------------------------- convolution and pooling
symbolic('conv2d', (g, args) => {
  const x = tensorArg(args, 0);
  const w = tensorArg(args, 1);
  const b = arg<T | null>(args, 2) ?? null;
  const stride = pair(arg(args, 3), [1, 1]);
  const dilation = pair(arg(args, 5), [1, 1]);
  const groups = arg<number>(args, 6) ?? 1;
  const kernel = [w.shape[2], w.shape[3]];
  const padding = arg<unknown>(args, 4);
  let pads: number[];
  if (padding === 'valid') {
    pads = [0, 0, 0, 0];
  } else if (padding === 'same') {
    // PyTorch pads the total dilation * (k - 1) with the odd one on the end side.
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    const begin = total.map((t) => Math.floor(t / 2));
    pads = [...begin, ...total.map((t, i) => t - begin[i])];
  } else {
    const p = pair(padding, [0, 0]);
    pads = [p[0], p[1], p[0], p[1]];
  }
  const inputs = [g.value(x), g.value(w)];
  if (b !== null) inputs.push(g.value(b));
  return g.op('Conv', inputs, { kernel_shape: kernel, strides: stride, pads, dilations: dilation, group: groups });
});
function poolAttrs(args: readonly unknown[]): { kernel_shape: number[]; strides: number[]; pads: number[] } {
  const kernel = pair(args[1], [1, 1]);
  const strideArg = arg<number | number[] | null>(args, 2);
  const stride =
    strideArg === null || (Array.isArray(strideArg) && strideArg.length === 0) ? kernel : pair(strideArg, kernel);
  const p = pair(arg(args, 3), [0, 0]);
  return { kernel_shape: kernel, strides: stride, pads: [p[0], p[1], p[0], p[1]] };
}
symbolic('max_pool2d', (g, args) => {
  const dilations = pair(arg(args, 4), [1, 1]);
  const ceil = arg<boolean>(args, 5) === true ? 1 : 0;
  return g.op('MaxPool', [g.value(tensorArg(args, 0))], { ...poolAttrs(args), dilations, ceil_mode: ceil });
});
symbolic('avg_pool2d', (g, args) => {
  const divisor = arg<number | null>(args, 6);
  if (divisor !== undefined && divisor !== null) throw unsupported('avg_pool2d', 'divisor_override');
  return g.op('AveragePool', [g.value(tensorArg(args, 0))], {
    ...poolAttrs(args),
    ceil_mode: arg<boolean>(args, 4) === true ? 1 : 0,
    count_include_pad: arg<boolean>(args, 5) === false ? 0 : 1,
  });
});

// ---------------------------------------------------------------- normalization and embedding
/** A weight, or the constant a missing one stands for (ones for scale, zeros for shift). */
function orConstant(g: Graph, t: T | null | undefined, shape: number[], like: T, fill: number): string {
  if (t !== undefined && t !== null) return g.value(t);
  return g.constant(ones(shape, { dtype: like.dtype }).mul(fill));
}
symbolic('batch_norm', (g, args) => {
  const x = tensorArg(args, 0);
  const mean = arg<T | null>(args, 1) ?? null;
  const variance = arg<T | null>(args, 2) ?? null;
  if (arg<boolean>(args, 5) === true || mean === null || variance === null) {
    throw unsupported('batch_norm', 'training=True (export runs the model in eval mode)');
  }
  const c = [x.shape[1]];
  return g.op(
    'BatchNormalization',
    [
      g.value(x),
      orConstant(g, arg<T | null>(args, 3), c, x, 1),
      orConstant(g, arg<T | null>(args, 4), c, x, 0),
      g.value(mean),
      g.value(variance),
    ],
    { epsilon: f(arg<number>(args, 7) ?? 1e-5) },
  );
});
symbolic('layer_norm', (g, args) => {
  const x = tensorArg(args, 0);
  const shape = typeof args[1] === 'number' ? [args[1]] : (args[1] as number[]);
  return g.op(
    'LayerNormalization',
    [
      g.value(x),
      orConstant(g, arg<T | null>(args, 2), shape, x, 1),
      orConstant(g, arg<T | null>(args, 3), shape, x, 0),
    ],
    { axis: -shape.length, epsilon: f(arg<number>(args, 4) ?? 1e-5) },
  );
});
symbolic('embedding', (g, args) =>
  g.op('Gather', [g.value(tensorArg(args, 1)), g.value(tensorArg(args, 0))], { axis: 0 }),
);
symbolic('dropout', (g, args) => {
  if (arg<boolean>(args, 2) !== false)
    throw unsupported('dropout', 'training=True (export runs the model in eval mode)');
  return g.value(tensorArg(args, 0));
});

// ---------------------------------------------------------------- activations
/** PyTorch's implicit softmax dim (softmax without dim, deprecated). */
function softmaxDim(rank: number): number {
  return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
}
for (const [name, opType] of [
  ['softmax', 'Softmax'],
  ['log_softmax', 'LogSoftmax'],
  ['special_softmax', 'Softmax'],
  ['special_log_softmax', 'LogSoftmax'],
]) {
  symbolic(name, (g, args, result) => {
    const x = tensorArg(args, 0);
    const dim = arg<number | null>(args, 1);
    const ax = dim === undefined || dim === null ? softmaxDim(x.dim()) : axis(dim, x.dim());
    return g.op(opType, [g.operand(x, out(result).dtype)], { axis: ax });
  });
}
symbolic('gelu', (g, args, result) => {
  const dtype = out(result).dtype;
  const x = g.operand(tensorArg(args, 0), dtype);
  const c = (v: number): string => g.scalar(v, dtype);
  const half = g.op('Mul', [x, c(0.5)]);
  if (kwargs(args).approximate === 'tanh') {
    // 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))
    const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
    const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, c(0.044715)])]), c(Math.sqrt(2 / Math.PI))]);
    return g.op('Mul', [half, g.op('Add', [g.op('Tanh', [inner]), c(1)])]);
  }
  // 0.5 x (1 + erf(x / √2))
  return g.op('Mul', [half, g.op('Add', [g.op('Erf', [g.op('Div', [x, c(Math.SQRT2)])]), c(1)])]);
});

// ---------------------------------------------------------------- copies, casts, *_like
/** Ops whose value is their input's, in the result's dtype (a Cast when it changes). */
symbolic(
  ['clone', 'contiguous', 'detach', 'to', 'type_as', 'float', 'double', 'long', 'int', 'bool', 'type'],
  (g, args, result) => {
    const x = tensorArg(args, 0);
    return g.cast(g.value(x), x.dtype, out(result).dtype);
  },
);
for (const [name, fill] of [
  ['zeros_like', 0],
  ['empty_like', 0],
  ['ones_like', 1],
  ['full_like', null],
] as const) {
  symbolic(name, (g, args, result) => {
    const res = out(result);
    const value = fill ?? (args[1] as number);
    const scalar = ones([1], { dtype: res.dtype }).mul(value);
    return g.op('ConstantOfShape', [g.op('Shape', [g.value(tensorArg(args, 0))])], { value: scalar });
  });
}
