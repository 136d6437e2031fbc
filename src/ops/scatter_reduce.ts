// scatter_reduce (Tensor.scatter_reduce, scatter_reduce_) and index_reduce (index_reduce_): src's
// values reduced (sum, prod, mean, amax, amin) into a copy of self at the indexed places, with or
// without self's own values (include_self). The forward is one pass over the index in index order
// (ATen's CPU kernel order, so float sums round alike); the backward is ATen's
// scatter_reduce_backward / index_reduce_backward (FunctionsManual.cpp), in tensor ops.

import { Tensor } from '../tensor/tensor.js';
import { bool, float64, int64 } from '../tensor/dtype.js';
import { contiguousStrides, normalizeDim } from '../tensor/shape.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { op, type OpSample } from './declare.js';

type T = Tensor;
type Reduce = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

interface Args {
  dim: number;
  index: T;
  reduce: Reduce;
  include_self: boolean;
  /** 'scatter' or 'index' (index_reduce: index is 1-D, along dim). */
  kind: 'scatter' | 'index';
}

const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

function f64(t: T): Float64Array {
  return t.detach().contiguous().to(float64)._data as Float64Array;
}

/** For each element of src (scatter: index-shaped part of src; index: all of source), its offset in self. */
function targets(self: T, src: T, a: Args): { srcOffsets: Int32Array; selfOffsets: Int32Array } {
  const shape = a.kind === 'scatter' ? a.index._shape : src._shape;
  const n = shape.reduce((p, s) => p * s, 1);
  const idx = f64(a.index);
  const selfStrides = contiguousStrides(self._shape);
  const srcStrides = contiguousStrides(src._shape);
  const srcOffsets = new Int32Array(n);
  const selfOffsets = new Int32Array(n);
  const pos = new Array<number>(shape.length).fill(0);
  const selfDimSize = self.dim() === 0 ? 1 : self._shape[a.dim];
  for (let i = 0; i < n; i++) {
    let so = 0;
    let to = 0;
    for (let d = 0; d < shape.length; d++) {
      so += pos[d] * srcStrides[d];
      if (d !== a.dim) to += pos[d] * selfStrides[d];
    }
    let j = a.kind === 'scatter' ? idx[i] : idx[shape.length === 0 ? 0 : pos[a.dim]];
    if (j < -selfDimSize || j >= selfDimSize) {
      throw new RangeError(
        a.kind === 'scatter'
          ? `index ${j} is out of bounds for dimension ${a.dim} with size ${selfDimSize}`
          : `index out of range in self`,
      );
    }
    if (j < 0) j += selfDimSize;
    if (shape.length > 0) to += j * selfStrides[a.dim];
    srcOffsets[i] = so;
    selfOffsets[i] = to;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++pos[d] < shape[d]) break;
      pos[d] = 0;
    }
  }
  return { srcOffsets, selfOffsets };
}

function reduceForward(self: T, src: T, a: Args): T {
  const out = f64(self).slice();
  const s = f64(src);
  const { srcOffsets, selfOffsets } = targets(self, src, a);
  const count = new Float64Array(out.length).fill(a.include_self ? 1 : 0);
  const touched = new Uint8Array(out.length);
  if (!a.include_self) {
    const identity = a.reduce === 'prod' ? 1 : a.reduce === 'amax' ? -Infinity : a.reduce === 'amin' ? Infinity : 0;
    for (const o of selfOffsets) out[o] = identity;
  }
  for (let i = 0; i < srcOffsets.length; i++) {
    const o = selfOffsets[i];
    const v = s[srcOffsets[i]];
    touched[o] = 1;
    switch (a.reduce) {
      case 'sum':
      case 'mean':
        out[o] += v;
        count[o] += 1;
        break;
      case 'prod':
        out[o] *= v;
        break;
      case 'amax':
        out[o] = Number.isNaN(v) || v > out[o] ? v : out[o];
        break;
      case 'amin':
        out[o] = Number.isNaN(v) || v < out[o] ? v : out[o];
        break;
    }
  }
  if (a.reduce === 'mean') {
    const integral = !self.dtype.is_floating_point;
    for (let o = 0; o < out.length; o++) {
      if (!touched[o]) continue;
      const c = count[o] === 0 ? 1 : count[o];
      out[o] = integral ? Math.floor(out[o] / c) : out[o] / c;
    }
  }
  return Tensor._make(out, [...self._shape], contiguousStrides(self._shape), 0, float64).to(self.dtype);
}

/** The gather of the backward: grad at the targets of src's elements, src-shaped. */
function gatherBack(g: T, a: Args): T {
  if (a.kind === 'scatter') return g.gather(a.dim, a.index);
  return g.index_select(a.dim, a.index);
}
/** The scatter-add of the backward: src-shaped values added into self-shaped x. */
function addBack(x: T, a: Args, v: T): T {
  if (a.kind === 'scatter') return x.scatter_add(a.dim, a.index, v);
  return x.index_add(a.dim, a.index, v);
}
function reduceAgain(self: T, src: T, a: Args): T {
  return apply(a.kind === 'scatter' ? SCATTER_REDUCE : INDEX_REDUCE, [self, src], a);
}

function reduceBackward(g: T, self: T, src: T, result: T, a: Args): [T, T] {
  let gs: T;
  let gsrc: T;
  if (a.reduce === 'sum') {
    gs = g;
    gsrc = gatherBack(g, a);
  } else if (a.reduce === 'prod') {
    const maskedSelf = self.masked_fill(self.eq(0), 1);
    const maskedSelfResult = reduceAgain(maskedSelf, src, a);
    gs = g.mul(maskedSelfResult).div(maskedSelf);
    const srcZero = src.eq(0);
    const srcNumZeros = gatherBack(addBack(self.mul(0), a, srcZero.to(self.dtype)), a);
    const srcSingleZero = srcZero.logical_and(srcNumZeros.eq(1));
    const maskedSrc = src.masked_fill(srcSingleZero, 1);
    const maskedSrcResult = reduceAgain(self, maskedSrc, a);
    gsrc = gatherBack(g.mul(maskedSrcResult), a).where(
      srcSingleZero,
      gatherBack(g.mul(result), a).div(src.masked_fill(srcZero, 1)),
    );
  } else if (a.reduce === 'mean') {
    let N = a.include_self ? g.mul(0).add(1) : g.mul(0);
    N = addBack(N, a, src.mul(0).add(1));
    N = N.masked_fill(N.eq(0), 1);
    gs = g.div(N);
    gsrc = gatherBack(g, a).div(gatherBack(N, a));
  } else {
    const value = gatherBack(result, a);
    const selfIs = self.eq(result).to(self.dtype);
    const srcIs = src.eq(value).to(self.dtype);
    const N = addBack(selfIs, a, srcIs);
    const distributed = g.div(N);
    gs = self.eq(result).mul(distributed);
    gsrc = src.eq(value).mul(gatherBack(distributed, a));
  }
  if (!a.include_self) {
    gs = a.kind === 'scatter' ? gs.scatter(a.dim, a.index, 0) : gs.index_fill(a.dim, a.index, 0);
  }
  return [gs, gsrc];
}

function reduceOp(node: string): OpDef<Args> {
  return defineOp<Args>({
    node,
    saves: ['self', 'other', 'result'],
    // Under vmap: the same reduction along dim + 1 of the physical tensors (the index expanded over
    // the batch for scatter_reduce; index_reduce's 1-D index needs nothing).
    batch: (inputs, batched, a, size) => {
      const ins = inputs.map((t, i) => (batched[i] ? t : t.unsqueeze(0).expand([size, ...t._shape])));
      const index = a.kind === 'scatter' ? a.index.unsqueeze(0).expand([size, ...a.index._shape]) : a.index;
      return apply(a.kind === 'scatter' ? SCATTER_REDUCE : INDEX_REDUCE, ins, { ...a, dim: a.dim + 1, index });
    },
    forward: ([self, src], a) => reduceForward(self, src, a),
    backward: (g, s, { args, needs }) => {
      const [gs, gsrc] = reduceBackward(g, s.self, s.other, s.result, args);
      return [needs[0] ? gs : null, needs[1] ? gsrc : null];
    },
  });
}
const SCATTER_REDUCE: OpDef<Args> = reduceOp('ScatterReduceBackward0');
const INDEX_REDUCE: OpDef<Args> = reduceOp('IndexReduceBackward0');

function checkScatterReduce(self: T, dim: number, index: T, src: T, reduce: string): void {
  if (!['sum', 'prod', 'mean', 'amax', 'amin'].includes(reduce)) {
    throw new Error('reduce argument must be either sum, prod, mean, amax or amin.');
  }
  if (index.dtype !== int64) throw new TypeError('scatter(): Expected dtype int64 for index');
  if (src.dtype !== self.dtype) throw new TypeError('scatter(): Expected self.dtype to be equal to src.dtype');
  if (self.dtype === bool) throw new Error(`"scatter_reduce" not implemented for 'Bool'`);
  if (index.numel() === 0) return;
  const nd = Math.max(self.dim(), 1);
  if (Math.max(index.dim(), 1) !== nd) {
    throw new RangeError('Index tensor must have the same number of dimensions as self tensor');
  }
  if (Math.max(src.dim(), 1) !== nd) {
    throw new RangeError('Index tensor must have the same number of dimensions as src tensor');
  }
  let wrong = false;
  for (let d = 0; d < index.dim(); d++) {
    if (d !== dim && index._shape[d] > self._shape[d]) wrong = true;
    if (index._shape[d] > src._shape[d]) wrong = true;
  }
  if (wrong) {
    throw new RangeError(
      `Expected index ${fmtShape(index._shape)} to be smaller than self ${fmtShape(self._shape)} apart from dimension ${dim} and to be smaller size than src ${fmtShape(src._shape)}`,
    );
  }
}

function scatterReduce(self: T, dim: number, index: T, src: T, reduce: string, rest: unknown[], inplace: boolean): T {
  if (typeof dim === 'boolean') dim = Number(dim);
  const opts = (rest[rest.length - 1] ?? {}) as { include_self?: boolean };
  const include_self = opts.include_self ?? true;
  const d = normalizeDim(dim, Math.max(self.dim(), 1));
  checkScatterReduce(self, d, index, src, reduce);
  // Only the index-shaped part of src is read (and gets a gradient).
  let s = src;
  if (index.dim() > 0 && src._shape.some((n, i) => n !== index._shape[i])) {
    s = src.index(...index._shape.map((n) => `0:${n}`));
  }
  const a: Args = { dim: d, index, reduce: reduce as Reduce, include_self, kind: 'scatter' };
  return inplace ? applyInplace(SCATTER_REDUCE, self, [s], a) : apply(SCATTER_REDUCE, [self, s], a);
}

type ScatterReduceFn = (self: T, dim: number, index: T, src: T, reduce: string, opts?: { include_self?: boolean }) => T;
const SR_SIG = 'scatter_reduce(Tensor self, int dim, Tensor index, Tensor src, str reduce, *, bool include_self=True)';

export function scatter_reduceImpl(self: T, dim: number, index: T, src: T, reduce: string, ...rest: unknown[]): T {
  return scatterReduce(self, dim, index, src, reduce, rest, false);
}
export function scatter_reduce_(self: T, dim: number, index: T, src: T, reduce: string, ...rest: unknown[]): T {
  return scatterReduce(self, dim, index, src, reduce, rest, true);
}
export const scatter_reduce = op(SR_SIG, scatter_reduceImpl as ScatterReduceFn, {
  inplace: scatter_reduce_ as ScatterReduceFn,
  samples: (k): OpSample[] =>
    (['sum', 'prod', 'mean', 'amax', 'amin'] as const).flatMap((r) =>
      [true, false].map((inc): OpSample => ({
        name: `scatter_reduce ${r} include_self=${inc}`,
        inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
        fn: (x, s) =>
          scatter_reduceImpl(
            x,
            0,
            k.long([
              [0, 1, 2, 0],
              [0, 2, 2, 1],
            ]),
            s,
            r,
            { include_self: inc },
          ),
        gradgrad: r !== 'prod' && r !== 'amax' && r !== 'amin',
        why: 'the backward of prod, amax and amin compares values (piecewise)',
      })),
    ),
});

function indexReduce(self: T, dim: number, index: T, source: T, reduce: string, rest: unknown[], inplace: boolean): T {
  if (typeof dim === 'boolean') dim = Number(dim);
  const opts = (rest[rest.length - 1] ?? {}) as { include_self?: boolean };
  const include_self = opts.include_self ?? true;
  if (!['prod', 'mean', 'amax', 'amin'].includes(reduce)) {
    throw new Error(`index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got ${reduce}.`);
  }
  const d = normalizeDim(dim, Math.max(self.dim(), 1));
  if (index.dim() > 1) throw new Error('index_reduce_(): Index is supposed to be a vector');
  if (index.dtype !== int64 && index.dtype.name !== 'int32') {
    throw new Error('index_reduce_(): Expected dtype int32/int64 for index but got: ' + index.dtype.scalarType);
  }
  if (self.dtype !== source.dtype) {
    throw new Error(
      'index_reduce_(): self (' +
        self.dtype.scalarType +
        ') and source (' +
        source.dtype.scalarType +
        ') must have the same scalar type',
    );
  }
  const numIdx = index.numel();
  const srcDim = source.dim() === 0 ? 1 : source._shape[d];
  if (numIdx !== srcDim) {
    throw new Error(
      `index_reduce_(): Number of indices (${numIdx}) should be equal to source.size(dim): (${srcDim}), for dim: ${d}`,
    );
  }
  const idx = index.dtype === int64 ? index.reshape([-1]) : index.reshape([-1]).to(int64);
  const a: Args = { dim: d, index: idx, reduce: reduce as Reduce, include_self, kind: 'index' };
  return inplace ? applyInplace(INDEX_REDUCE, self, [source], a) : apply(INDEX_REDUCE, [self, source], a);
}
const IR_SIG = 'index_reduce(Tensor self, int dim, Tensor index, Tensor source, str reduce, *, bool include_self=True)';
export function index_reduceImpl(self: T, dim: number, index: T, source: T, reduce: string, ...rest: unknown[]): T {
  return indexReduce(self, dim, index, source, reduce, rest, false);
}
export function index_reduce_(self: T, dim: number, index: T, source: T, reduce: string, ...rest: unknown[]): T {
  return indexReduce(self, dim, index, source, reduce, rest, true);
}
export const index_reduce = op(IR_SIG, index_reduceImpl as ScatterReduceFn, {
  inplace: index_reduce_ as ScatterReduceFn,
  samples: (k): OpSample[] =>
    (['prod', 'mean', 'amax', 'amin'] as const).map((r): OpSample => ({
      name: `index_reduce ${r}`,
      inputs: () => [k.make([3, 4]), k.make([3, 2], { salt: 1 })],
      fn: (x, s) => index_reduceImpl(x, 1, k.long([0, 3]), s.mul(1), r),
      gradgrad: r === 'mean',
      why: 'the backward of prod, amax and amin compares values (piecewise)',
    })),
});
