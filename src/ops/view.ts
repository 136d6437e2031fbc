// View ops: results share storage (and the version counter) with their input. Plus clone,
// contiguous and detach. In-place ops on views: view_inplace.ts.

import type { DType } from '../tensor/dtype.js';
import { contiguousStrides, formatShape, inferSize, normalizeDim, numel, viewStrides } from '../tensor/shape.js';
import { Tensor, type Dims } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { apply, applyMulti, defineOp } from './op.js';
import { writeInto } from './view_inplace.js';
import { catTensors, stackTensors } from './indexing.js';

export { writeInto };

/** A tensor sharing src's storage and version counter with the given geometry. */
export function makeView(src: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = Tensor._make(src._data, shape, strides, offset, src.dtype);
  v._vc = src._vc;
  v._base = src._base ?? src;
  return v;
}

function sizesArg(args: readonly unknown[]): number[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
  for (const s of flat) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`expected a sequence of integers, but got ${String(s)}`);
    }
  }
  return [...flat];
}

// ---------------------------------------------------------------- view, reshape

const VIEW = defineOp<{ shape: number[] }>({
  node: 'ViewBackward0',
  forward: ([x], { shape }) => {
    const strides = viewStrides(x._shape, x._strides, shape);
    if (strides === null) {
      throw new Error(
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across " +
          'two contiguous subspaces). Use .reshape(...) instead.',
      );
    }
    return makeView(x, shape, strides, x._offset);
  },
  backward: (g, _s, { meta }) => [g.reshape(meta[0].shape)],
});

export function view(x: Tensor, ...args: unknown[]): Tensor {
  if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])) {
    const d = args[0] as DType;
    if (d !== x.dtype) throw new TypeError("view(dtype) is only supported for the tensor's own dtype");
    return x;
  }
  return apply(VIEW, [x], { shape: inferSize(sizesArg(args), x.numel()) });
}

const UNSAFE_VIEW = defineOp<{ shape: number[] }>({
  node: 'UnsafeViewBackward0',
  forward: ([x], { shape }) => Tensor._make(x._data, shape, contiguousStrides(shape), x._offset, x.dtype),
  backward: (g, _s, { meta }) => [g.reshape(meta[0].shape)],
});

/** A view when the strides allow it, else a copy (grad_fn UnsafeViewBackward0 over a clone). */
export function reshape(x: Tensor, ...args: unknown[]): Tensor {
  const shape = inferSize(sizesArg(args), x.numel());
  if (viewStrides(x._shape, x._strides, shape) !== null) return apply(VIEW, [x], { shape });
  return apply(UNSAFE_VIEW, [clone(x)], { shape });
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.dim());
  const e = normalizeDim(endDim, x.dim());
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numel(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.dim());
  const inner = inferSize(sizes, x._shape[d]);
  return view(x, [...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}

// ---------------------------------------------------------------- squeeze, unsqueeze

const SQUEEZE = defineOp<{ dims: number[] | null }>({
  node: 'SqueezeBackward0',
  forward: ([x], { dims }) => {
    const keep = x._shape.map((s, d) => (dims === null ? s !== 1 : !(s === 1 && dims.includes(d))));
    return makeView(
      x,
      x._shape.filter((_, d) => keep[d]),
      x._strides.filter((_, d) => keep[d]),
      x._offset,
    );
  },
  backward: (g, _s, { meta }) => [g.reshape(meta[0].shape)],
});
const SQUEEZE_DIM = defineOp<{ dims: number[] | null }>({ ...SQUEEZE, node: 'SqueezeBackward1' });

export function squeeze(x: Tensor, dim?: Dims): Tensor {
  if (dim === undefined) return apply(SQUEEZE, [x], { dims: null });
  const dims = (typeof dim === 'number' ? [dim] : [...dim]).map((d) => normalizeDim(d, x.dim()));
  return apply(SQUEEZE_DIM, [x], { dims });
}

const UNSQUEEZE = defineOp<{ dim: number }>({
  node: 'UnsqueezeBackward0',
  forward: ([x], { dim }) => {
    const shape = [...x._shape];
    const strides = [...x._strides];
    const stride = dim < x.dim() ? x._shape[dim] * x._strides[dim] : 1;
    shape.splice(dim, 0, 1);
    strides.splice(dim, 0, stride);
    return makeView(x, shape, strides, x._offset);
  },
  backward: (g, _s, { args }) => [g.squeeze(args.dim)],
});

export function unsqueeze(x: Tensor, dim: number): Tensor {
  return apply(UNSQUEEZE, [x], { dim: normalizeDim(dim, x.dim() + 1) });
}

// ---------------------------------------------------------------- transpose, permute, expand

function permuted(x: Tensor, order: readonly number[]): Tensor {
  return makeView(
    x,
    order.map((d) => x._shape[d]),
    order.map((d) => x._strides[d]),
    x._offset,
  );
}

const TRANSPOSE = defineOp<{ dim0: number; dim1: number }>({
  node: 'TransposeBackward0',
  forward: ([x], { dim0, dim1 }) => {
    const order = [...Array(x.dim()).keys()];
    order[dim0] = dim1;
    order[dim1] = dim0;
    return permuted(x, order);
  },
  backward: (g, _s, { args }) => [g.transpose(args.dim0, args.dim1)],
});

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  return apply(TRANSPOSE, [x], { dim0: normalizeDim(dim0, x.dim()), dim1: normalizeDim(dim1, x.dim()) });
}

const T = defineOp({
  node: 'TBackward0',
  forward: ([x]) => permuted(x, x.dim() < 2 ? [...Array(x.dim()).keys()] : [1, 0]),
  backward: (g) => [g.t()],
});

export function t(x: Tensor): Tensor {
  if (x.dim() > 2) {
    throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  }
  return apply(T, [x], undefined);
}

const PERMUTE = defineOp<{ dims: number[] }>({
  node: 'PermuteBackward0',
  forward: ([x], { dims }) => permuted(x, dims),
  backward: (g, _s, { args }) => {
    const inverse = new Array<number>(args.dims.length);
    args.dims.forEach((d, i) => (inverse[d] = i));
    return [g.permute(inverse)];
  },
});

export function permute(x: Tensor, ...args: unknown[]): Tensor {
  const dims = sizesArg(args).map((d) => normalizeDim(d, x.dim()));
  if (dims.length !== x.dim()) {
    throw new RangeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`,
    );
  }
  if (new Set(dims).size !== dims.length) throw new RangeError('permute(): duplicate dims are not allowed.');
  return apply(PERMUTE, [x], { dims });
}

export function movedim(x: Tensor, source: number, destination: number): Tensor {
  const s = normalizeDim(source, x.dim());
  const d = normalizeDim(destination, x.dim());
  const order = [...Array(x.dim()).keys()].filter((i) => i !== s);
  order.splice(d, 0, s);
  return permute(x, order);
}

const EXPAND = defineOp<{ shape: number[] }>({
  node: 'ExpandBackward0',
  forward: ([x], { shape }) => {
    const lead = shape.length - x.dim();
    const strides = shape.map((s, i) => {
      const d = i - lead;
      if (d < 0) return 0;
      return x._shape[d] === 1 && s !== 1 ? 0 : x._strides[d];
    });
    return makeView(x, shape, strides, x._offset);
  },
  backward: (g, _s, { meta }) => [g.sum_to_size(meta[0].shape)],
});

export function expand(x: Tensor, ...args: unknown[]): Tensor {
  const sizes = sizesArg(args);
  if (sizes.length < x.dim()) {
    throw new RangeError(
      `expand(${x.type_description().split(' ')[0]}{${formatShape(x._shape)}}, size=${formatShape(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
    );
  }
  const lead = sizes.length - x.dim();
  const shape = sizes.map((s, i) => {
    const d = i - lead;
    if (s === -1) {
      if (d < 0)
        throw new RangeError(
          "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0",
        );
      return x._shape[d];
    }
    if (d >= 0 && x._shape[d] !== 1 && x._shape[d] !== s) {
      throw new RangeError(
        `The expanded size of the tensor (${s}) must match the existing size (${x._shape[d]}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(sizes)}.  Tensor sizes: ${formatShape(x._shape)}`,
      );
    }
    return s;
  });
  return apply(EXPAND, [x], { shape });
}

// ---------------------------------------------------------------- select, narrow, as_strided

/** Builds the gradient of a view op: zeros of the input's shape with `g` written into the view. */
function embedDef(node: string) {
  return defineOp<{ shape: readonly number[]; dtype: DType; region: (t: Tensor) => Tensor }>({
    node,
    forward: ([g], { shape, dtype, region }) => {
      const out = K.full(shape, 0, dtype);
      writeInto(region(out), g);
      return out;
    },
    backward: (gg, _s, { args }) => [args.region(gg)],
  });
}

const SELECT_BACKWARD = embedDef('SelectBackwardBackward0');
const SLICE_BACKWARD = embedDef('SliceBackwardBackward0');
const AS_STRIDED_BACKWARD = embedDef('AsStridedBackwardBackward0');

const SELECT = defineOp<{ dim: number; index: number }>({
  node: 'SelectBackward0',
  forward: ([x], { dim, index }) => {
    const shape = x._shape.filter((_, d) => d !== dim);
    const strides = x._strides.filter((_, d) => d !== dim);
    return makeView(x, shape, strides, x._offset + index * x._strides[dim]);
  },
  backward: (g, _s, { args, meta }) => [
    apply(SELECT_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => t.select(args.dim, args.index),
    }),
  ],
});

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x._shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new RangeError(`index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  return apply(SELECT, [x], { dim: d, index: index < 0 ? index + size : index });
}

interface SliceArgs {
  dim: number;
  start: number;
  length: number;
  step: number;
}

const SLICE = defineOp<SliceArgs>({
  node: 'SliceBackward0',
  forward: ([x], { dim, start, length, step }) => {
    const shape = [...x._shape];
    const strides = [...x._strides];
    shape[dim] = length;
    strides[dim] *= step;
    return makeView(x, shape, strides, x._offset + start * x._strides[dim]);
  },
  backward: (g, _s, { args, meta }) => [
    apply(SLICE_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => slice(t, args.dim, args.start, args.length, args.step),
    }),
  ],
});

/** @internal Python's x[start:start+length*step:step] along dim (arguments already normalized). */
export function slice(x: Tensor, dim: number, start: number, length: number, step: number): Tensor {
  return apply(SLICE, [x], { dim, start, length, step });
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.dim() === 0) throw new RangeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x._shape[d];
  if (start < -size || start > size) {
    throw new RangeError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  }
  const s = start < 0 ? start + size : start;
  if (length < 0 || s + length > size) {
    throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return slice(x, d, s, length, 1);
}

interface AsStridedArgs {
  size: number[];
  stride: number[];
  /** Storage offset of the result, relative to the input's own storage offset. */
  offset: number;
}

const AS_STRIDED = defineOp<AsStridedArgs>({
  node: 'AsStridedBackward0',
  forward: ([x], { size, stride, offset }) => makeView(x, size, stride, x._offset + offset),
  // The gradient is laid out like a contiguous input; see AsStridedNode for the same rule.
  backward: (g, _s, { args, meta }) => [
    apply(AS_STRIDED_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => stridedRegion(t, args),
    }),
  ],
});

/** The as_strided region of a tensor laid out like a contiguous input (relative offset). */
function stridedRegion(t: Tensor, { size, stride, offset }: AsStridedArgs): Tensor {
  const c = t.contiguous();
  return c.as_strided(size, stride, c._offset + offset);
}

export function as_strided(
  x: Tensor,
  size: readonly number[],
  stride: readonly number[],
  storageOffset?: number,
): Tensor {
  const offset = storageOffset ?? x._offset;
  if (size.length !== stride.length) {
    throw new RangeError(`mismatch in length of strides and shape`);
  }
  let maxIndex = offset;
  for (let i = 0; i < size.length; i++) {
    if (size[i] < 0 || stride[i] < 0) throw new RangeError('as_strided: negative sizes and strides are not supported');
    if (size[i] > 0) maxIndex += (size[i] - 1) * stride[i];
  }
  if (numel(size) > 0 && maxIndex >= x._data.length) {
    throw new RangeError(
      `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${offset}, and itemsize ${x.dtype.itemsize} requiring a storage size of ${(maxIndex + 1) * x.dtype.itemsize} are out of bounds for storage of size ${x._data.length * x.dtype.itemsize}`,
    );
  }
  return apply(AS_STRIDED, [x], { size: [...size], stride: [...stride], offset: offset - x._offset });
}

const DIAGONAL = defineOp<{ offset: number; dim1: number; dim2: number }>({
  node: 'DiagonalBackward0',
  forward: ([x], { offset, dim1, dim2 }) => {
    const n1 = x._shape[dim1];
    const n2 = x._shape[dim2];
    const len = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
    const start =
      len === 0 ? x._offset : x._offset + (offset >= 0 ? offset * x._strides[dim2] : -offset * x._strides[dim1]);
    const shape: number[] = [];
    const strides: number[] = [];
    for (let d = 0; d < x.dim(); d++) {
      if (d === dim1 || d === dim2) continue;
      shape.push(x._shape[d]);
      strides.push(x._strides[d]);
    }
    shape.push(len);
    strides.push(x._strides[dim1] + x._strides[dim2]);
    return makeView(x, shape, strides, start);
  },
  backward: (g, _s, { args, meta }) => [
    apply(SLICE_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => diagonal(t, args.offset, args.dim1, args.dim2),
    }),
  ],
});

export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = normalizeDim(dim1, x.dim());
  const d2 = normalizeDim(dim2, x.dim());
  if (d1 === d2) throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return apply(DIAGONAL, [x], { offset, dim1: d1, dim2: d2 });
}

// ---------------------------------------------------------------- unbind, split, chunk

const UNBIND = defineOp<{ dim: number }>({
  node: 'UnbindBackward0',
  forward: ([x], { dim }) => {
    const outs: Tensor[] = [];
    for (let i = 0; i < x._shape[dim]; i++) {
      outs.push(
        makeView(
          x,
          x._shape.filter((_, d) => d !== dim),
          x._strides.filter((_, d) => d !== dim),
          x._offset + i * x._strides[dim],
        ),
      );
    }
    return outs;
  },
  backward: (_g, _s, { args, meta, grads }) => {
    const shape = meta[0].shape.filter((_, d) => d !== args.dim);
    const parts = grads.map((g) => g ?? K.full(shape, 0, meta[0].dtype));
    return [stackTensors(parts, args.dim)];
  },
});

export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.dim() === 0) throw new RangeError('Dimension specified as 0 but tensor has no dimensions');
  return applyMulti(UNBIND, [x], { dim: normalizeDim(dim, x.dim()) });
}

function splitDef(node: string) {
  return defineOp<{ dim: number; sizes: number[] }>({
    node,
    forward: ([x], { dim, sizes }) => {
      let start = 0;
      return sizes.map((len) => {
        const shape = [...x._shape];
        shape[dim] = len;
        const v = makeView(x, shape, [...x._strides], x._offset + start * x._strides[dim]);
        start += len;
        return v;
      });
    },
    backward: (_g, _s, { args, meta, grads }) => {
      const parts = grads.map((g, i) => {
        if (g !== null) return g;
        const shape = [...meta[0].shape];
        shape[args.dim] = args.sizes[i];
        return K.full(shape, 0, meta[0].dtype);
      });
      return [catTensors(parts, args.dim)];
    },
  });
}
const SPLIT = splitDef('SplitBackward0');
const SPLIT_WITH_SIZES = splitDef('SplitWithSizesBackward0');

export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim());
  const n = x._shape[d];
  if (typeof sizeOrSections === 'number') {
    if (sizeOrSections <= 0 && n > 0)
      throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    const sizes: number[] = [];
    for (let start = 0; start < n || (n === 0 && sizes.length === 0); start += sizeOrSections) {
      sizes.push(Math.min(sizeOrSections, n - start));
      if (n === 0) break;
    }
    return applyMulti(SPLIT, [x], { dim: d, sizes });
  }
  const total = sizeOrSections.reduce((a, b) => a + b, 0);
  if (total !== n) {
    throw new RangeError(
      `split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(sizeOrSections)}`,
    );
  }
  return applyMulti(SPLIT_WITH_SIZES, [x], { dim: d, sizes: [...sizeOrSections] });
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new RangeError('chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const d = normalizeDim(dim, x.dim());
  const size = Math.ceil(x._shape[d] / chunks);
  return split(x, Math.max(size, 1), d);
}

// ---------------------------------------------------------------- clone, contiguous, detach

const CLONE = defineOp({
  node: 'CloneBackward0',
  forward: ([x]) => K.copyOf(x),
  backward: (g) => [g],
});

export function clone(x: Tensor): Tensor {
  return apply(CLONE, [x], undefined);
}

export function contiguous(x: Tensor): Tensor {
  return x.is_contiguous() ? x : clone(x);
}

export function detach(x: Tensor): Tensor {
  const d = Tensor._make(x._data, x._shape, x._strides, x._offset, x.dtype);
  d._vc = x._vc;
  return d;
}
