// Running extrema and log-sum-exp along a dim: cummax and cummin (values and indices, named as
// max(dim)'s are) and logcumsumexp. Their scans run here in TypeScript over a contiguous copy (no
// backend kernel), following ATen's loops (NaN propagation, ties resolved to the latest index, the
// log_add_exp that keeps infinities exact); the gradients are derivatives.yaml's, in tensor ops.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { int64 } from '../tensor/dtype.js';
import { normalizeDim } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { batchedSelection, ValuesIndices } from './minmax.js';
import { op, type OpSample } from './declare.js';

type T = Tensor;

/**
 * Runs `step` over every line of x along dim: x's values in order, written to a fresh array laid
 * out as x.movedim(dim, -1) (contiguous); returns the tensor made from `out` moved back.
 */
function scanLines(
  x: T,
  dim: number,
  outDType: T['dtype'],
  step: (read: (i: number) => number, write: (i: number, v: number) => void, n: number) => void,
): T {
  const moved = K.contiguous(x.movedim(dim, -1));
  const out = K.empty(moved._shape, outDType);
  const n = x.dim() === 0 ? 1 : x._shape[dim];
  const lines = n === 0 ? 0 : moved.numel() / n;
  const src = moved._data;
  const dst = out._data;
  for (let line = 0; line < lines; line++) {
    const base = line * n;
    step(
      (i) => Number(src[base + i]),
      (i, v) => {
        dst[base + i] = v;
      },
      n,
    );
  }
  return x.dim() === 0 ? out : out.movedim(-1, dim).contiguous();
}

// ---------------------------------------------------------------- cummax, cummin

type Extremum = 'cummax' | 'cummin';

/** ATen's cummax_cummin_helper: the index of the running extremum (a NaN, once seen, stays). */
function extremumIndices(kind: Extremum, x: T, dim: number): T {
  const better = kind === 'cummax' ? (a: number, b: number) => a >= b : (a: number, b: number) => a <= b;
  return scanLines(x, dim, int64, (read, write, n) => {
    let best = read(0);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = read(i);
      if (Number.isNaN(v) || (!Number.isNaN(best) && better(v, best))) {
        best = v;
        at = i;
      }
      write(i, at);
    }
  });
}

interface ExtremumArgs {
  dim: number;
  indices: T;
}

function extremumNode(node: string) {
  return defineOp<ExtremumArgs>({
    node,
    // The values at the indices; the gradient goes back to the positions they came from.
    forward: ([x], { dim, indices }) => (x.dim() === 0 ? K.copyOf(x) : x.gather(dim, indices)),
    backward: (g, _s, { args, meta }) => [
      meta[0].shape.length === 0 ? g : K.full(meta[0].shape, 0, g.dtype).scatter_add(args.dim, args.indices, g),
    ],
    jvp: ([t], _p, { args }) => ((t as T).dim() === 0 ? (t as T) : (t as T).gather(args.dim, args.indices)),
  });
}
const CUMMAX = extremumNode('CummaxBackward0');
const CUMMIN = extremumNode('CumminBackward0');

function cumExtremum(kind: Extremum, x: T, dim: number): ValuesIndices {
  const d = normalizeDim(dim, x.dim());
  if (x._bt !== null && x.dim() > 0) {
    return batchedSelection(kind, x, (p) => cumExtremum(kind, p, d + 1));
  }
  const indices = extremumIndices(kind, x, d);
  const values = apply(kind === 'cummax' ? CUMMAX : CUMMIN, [x], { dim: d, indices });
  return new ValuesIndices(kind, values, indices);
}

export const cummaxImpl = (x: T, dim: number): ValuesIndices => cumExtremum('cummax', x, dim);
export const cumminImpl = (x: T, dim: number): ValuesIndices => cumExtremum('cummin', x, dim);

export const cummax = op(['cummax(Tensor self, int dim)', 'cummax(Tensor self, Dimname dim)'], cummaxImpl, {
  samples: (k, f): OpSample[] => [
    k.shaped('cummax dim 1', [3, 4], (x) => f(x, 1).values),
    k.shaped('cummax dim 0 transposed', [4, 3], (x) => f(x.t(), 0).values),
  ],
});
export const cummin = op(['cummin(Tensor self, int dim)', 'cummin(Tensor self, Dimname dim)'], cumminImpl, {
  samples: (k, f): OpSample[] => [
    k.shaped('cummin dim 1', [3, 4], (x) => f(x, 1).values),
    k.shaped('cummin dim 0 transposed', [4, 3], (x) => f(x.t(), 0).values),
  ],
});

// ---------------------------------------------------------------- logcumsumexp

/** ATen's _log_add_exp_helper: log(e^x + e^y), exact when both are the same infinity. */
function logAddExp(x: number, y: number): number {
  const min = Number.isNaN(y) ? y : Math.min(x, y);
  const max = Number.isNaN(y) ? y : Math.max(x, y);
  if (min !== max || Number.isFinite(min)) return max + Math.log1p(Math.exp(min - max));
  return x;
}

const LOGCUMSUMEXP = defineOp<{ dim: number }>({
  node: 'LogcumsumexpBackward0',
  saves: ['self', 'result'],
  // A batch of 0-d tensors ([B]) is its own logcumsumexp.
  batch: ([x], _b, { dim }): T => (x.dim() === 1 ? x.clone() : apply(LOGCUMSUMEXP, [x], { dim: dim + 1 })),
  forward: ([x], { dim }) =>
    scanLines(x, dim, x.dtype, (read, write, n) => {
      let acc = -Infinity;
      for (let i = 0; i < n; i++) {
        acc = logAddExp(read(i), acc);
        write(i, acc);
      }
    }),
  // ATen's logcumsumexp_jvp: cumsum(e^(x - max) t) / cumsum(e^(x - max)), 0 where the sum underflows.
  jvp: ([t], p, { args }) => {
    const x = p.self;
    const e = (x.numel() > 0 ? x.sub(x.amax(args.dim, true)) : x).exp();
    const total = e.cumsum(args.dim);
    const ratio = e
      .mul(t as T)
      .cumsum(args.dim)
      .div(total);
    return ratio.where(total.ge(1e-13), 0);
  },
  // derivatives.yaml's logcumsumexp_backward: the positive and negative parts of grad, each
  // log-summed in reverse (TensorFlow's formula, which PyTorch cites).
  backward: (g, s, { args }) => {
    if (g.dim() === 0 || g.numel() === 0) return [g];
    const lowest = K.full([], -Number.MAX_VALUE, g.dtype);
    const reverse = (t: T): T => logcumsumexpImpl(t.flip([args.dim]), args.dim).flip([args.dim]);
    const logPositive = g.log().where(g.gt(0), lowest);
    const logNegative = g.neg().log().where(g.lt(0), lowest);
    const positive = reverse(logPositive.sub(s.result)).add(s.self).exp();
    const negative = reverse(logNegative.sub(s.result)).add(s.self).exp();
    return [positive.sub(negative)];
  },
});

export function logcumsumexpImpl(x: T, dim: number): T {
  const d = normalizeDim(dim, x.dim());
  if (!x.dtype.is_floating_point) {
    throw new TypeError(`"logcumsumexp_out_cpu" not implemented for '${x.dtype.scalarType}'`);
  }
  return apply(LOGCUMSUMEXP, [x], { dim: d });
}

export const logcumsumexp = op(
  ['logcumsumexp(Tensor self, int dim)', 'logcumsumexp(Tensor self, Dimname dim)'],
  logcumsumexpImpl,
  {
    samples: (k, f): OpSample[] => [
      k.shaped('logcumsumexp dim 1', [3, 4], (x) => f(x, 1)),
      k.shaped('logcumsumexp dim 0', [4, 3], (x) => f(x, 0)),
      k.shaped('logcumsumexp 0-d', [], (x) => f(x, 0)),
    ],
  },
);
