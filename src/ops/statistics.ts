// Composite statistics and numerical helpers of torch.*: cov, corrcoef, trapezoid (trapz),
// cumulative_trapezoid, vander, block_diag, combinations and histc. Each is written as ATen
// writes it (Correlation.cpp, Integration.cpp, TensorShape.cpp ...), from the same differentiable
// ops in the same order, so values round and grad_fn names print as PyTorch's; block_diag is a
// node of its own (BlockDiagBackward0), as in ATen.

import { Tensor } from '../tensor/tensor.js';
import { bool, float32, float64, int64, promote_types, type DType } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { emitWarning } from '../tensor/warn.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { no_grad } from '../autograd/grad_mode.js';
import { meshgridImpl } from './linalg_extra.js';
import { masked_selectImpl } from './masked.js';
import { catImpl, stackImpl } from './join.js';
import { flipImpl } from './rearrange.js';
import { cumprodImpl } from './scan.js';
import { divScalar, mulScalar } from './pointwise/arith.js';
import { fn, op, type OpSample } from './declare.js';

type T = Tensor;

// ---------------------------------------------------------------- cov, corrcoef

export function covImpl(input: T, opts?: { correction?: number; fweights?: T | null; aweights?: T | null }): T {
  const correction = opts?.correction ?? 1;
  if (input.dim() > 2) {
    throw new Error(
      `cov(): expected input to have two or fewer dimensions but got an input with ${input.dim()} dimensions`,
    );
  }
  if (input.dtype === bool) throw new Error('cov(): bool dtype is not supported for input');
  const x = input.dim() < 2 ? input.view([1, -1]) : input;
  const n = x._shape[1];
  let w: T | null = null;
  const fweights = opts?.fweights ?? null;
  const aweights = opts?.aweights ?? null;
  if (fweights !== null) {
    if (fweights.dim() > 1) {
      throw new Error(
        `cov(): expected fweights to have one or fewer dimensions but got fweights with ${fweights.dim()} dimensions`,
      );
    }
    if (fweights.dtype.is_floating_point || fweights.dtype === bool) {
      throw new Error(
        `cov(): expected fweights to have integral dtype but got fweights with ${fweights.dtype.scalarType} dtype`,
      );
    }
    if (fweights.numel() !== n) {
      throw new Error(
        `cov(): expected fweights to have the same numel as there are observations in the input but got ${fweights.numel()} != ${n}`,
      );
    }
    if (fweights.numel() > 0 && (fweights.min().item() as number) < 0) {
      throw new Error('cov(): fweights cannot be negative');
    }
    w = fweights;
  }
  if (aweights !== null) {
    if (aweights.dim() > 1) {
      throw new Error(
        `cov(): expected aweights to have one or fewer dimensions but got aweights with ${aweights.dim()} dimensions`,
      );
    }
    if (!aweights.dtype.is_floating_point) {
      throw new Error(
        `cov(): expected aweights to have floating point dtype but got aweights with ${aweights.dtype.scalarType} dtype`,
      );
    }
    if (aweights.numel() !== n) {
      throw new Error(
        `cov(): expected aweights to have the same numel as there are observations in the input but got ${aweights.numel()} != ${n}`,
      );
    }
    if (aweights.numel() > 0 && (aweights.min().item() as number) < 0) {
      throw new Error('cov(): aweights cannot be negative');
    }
    w = w === null ? aweights : w.mul(aweights);
  }
  const wSum = w === null ? K.full([], n, int64) : w.sum();
  if (w !== null && wSum.ne(0).item() !== true) throw new Error("cov(): weights sum to zero, can't be normalized");
  const avg = (w === null ? x : x.mul(w)).sum(1).div(wSum);
  let norm =
    w !== null && aweights !== null && correction !== 0
      ? wSum.sub(w.mul(aweights).sum().mul(correction).div(wSum))
      : wSum.sub(correction);
  if (norm.le(0).item() === true) {
    emitWarning('cov(): degrees of freedom is <= 0', 'UserWarning');
    norm = no_grad(() => norm.mul(0));
  }
  const xm = x.sub(avg.unsqueeze(1));
  const c = xm.mm((w === null ? xm : xm.mul(w)).t());
  return c.true_divide(norm).squeeze();
}
export const cov = op('cov(Tensor self, *, int correction=1, Tensor? fweights=None, Tensor? aweights=None)', covImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'cov [3, 5]', inputs: () => [k.make([3, 5])], fn: (x) => f(x) },
    { name: 'cov correction=0 [4]', inputs: () => [k.make([4], { salt: 1 })], fn: (x) => f(x, { correction: 0 }) },
  ],
});

export function corrcoefImpl(input: T): T {
  if (input.dim() > 2) {
    throw new Error(
      `corrcoef(): expected input to have two or fewer dimensions but got an input with ${input.dim()} dimensions`,
    );
  }
  let c = covImpl(input);
  if (c.dim() === 0) return c.div(c);
  const stddev = c.diagonal().sqrt();
  c = c.div(stddev.view([-1, 1]));
  c = c.div(stddev.view([1, -1]));
  return c.clip(-1, 1);
}
export const corrcoef = op('corrcoef(Tensor self)', corrcoefImpl, {
  samples: (k, f): OpSample[] => [{ name: 'corrcoef [3, 6]', inputs: () => [k.make([3, 6])], fn: (x) => f(x) }],
});

// ---------------------------------------------------------------- trapezoid, cumulative_trapezoid

/** The differences of x along y's dim (x 1-D: along its only dim, viewed to line up with y's dim). */
function spacing(y: T, x: T, dim: number, f: string): T {
  if (x.dim() === 1) {
    if (x._shape[0] !== y._shape[dim]) {
      throw new Error(`${f}: There must be one \`x\` value for each sample point`);
    }
    const shape = new Array<number>(y.dim()).fill(1);
    shape[dim] = x._shape[0];
    const xv = x.view(shape);
    const len = x._shape[0];
    return xv.narrow(dim, 1, len - 1).sub(xv.narrow(dim, 0, len - 1));
  }
  const len = x._shape[dim];
  return x.narrow(dim, 1, len - 1).sub(x.narrow(dim, 0, len - 1));
}

function normDim(dim: number, n: number): number {
  if (dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** y with `dim` removed, zero (ATen's zeros_like_except). */
function zerosExcept(y: T, dim: number): T {
  const shape = y._shape.filter((_s, i) => i !== dim);
  const dtype = y.dtype.is_floating_point ? y.dtype : float32;
  // ATen zero-fills an empty tensor in place: version 1.
  const out = K.full(shape, 0, dtype);
  no_grad(() => out.zero_());
  return out;
}

export function trapezoidImpl(y: T, ...rest: unknown[]): T {
  // (y, x, *, dim) or (y, *, dx, dim)
  const last = rest[rest.length - 1];
  const opts = (last !== null && typeof last === 'object' && !(last instanceof Tensor) ? rest.pop() : {}) as {
    dx?: number | null;
    dim?: number;
  };
  const x = rest[0] instanceof Tensor ? (rest[0] as T) : null;
  const dim = normDim(opts.dim ?? -1, Math.max(y.dim(), 1));
  if (y._shape[dim] === 0) return zerosExcept(y, dim);
  const len = y._shape[dim];
  if (x !== null) {
    const dx = spacing(y, x, dim, 'trapezoid');
    return divScalar(dx.mul(y.narrow(dim, 1, len - 1).add(y.narrow(dim, 0, len - 1))).sum(dim), 2);
  }
  const dx = opts.dx ?? 1;
  return mulScalar(y.sum(dim).sub(mulScalar(y.select(dim, 0).add(y.select(dim, -1)), 0.5)), dx);
}
export const trapezoid = op(
  ['trapezoid(Tensor y, Tensor x, *, int dim=-1)', 'trapezoid(Tensor y, *, Scalar dx=1, int dim=-1)'],
  trapezoidImpl,
  {
    method: false,
    samples: (k, f): OpSample[] => [
      { name: 'trapezoid [3, 5]', inputs: () => [k.make([3, 5])], fn: (y) => f(y) },
      {
        name: 'trapezoid x [2, 4]',
        inputs: () => [k.make([2, 4]), k.make([4], { salt: 1 })],
        fn: (y, x) => f(y, x, { dim: 1 }),
      },
    ],
  },
);

/** torch.trapz: the older name, (y, x, *, dim) or (y, *, dx, dim). */
export const trapz = op(
  ['trapz(Tensor y, Tensor x, *, int dim=-1)', 'trapz(Tensor y, *, float dx=1, int dim=-1)'],
  trapezoidImpl,
  { method: false },
);

export function cumulative_trapezoidImpl(y: T, ...rest: unknown[]): T {
  const last = rest[rest.length - 1];
  const opts = (last !== null && typeof last === 'object' && !(last instanceof Tensor) ? rest.pop() : {}) as {
    dx?: number | null;
    dim?: number;
  };
  const x = rest[0] instanceof Tensor ? (rest[0] as T) : null;
  const dim = normDim(opts.dim ?? -1, Math.max(y.dim(), 1));
  const len = y._shape[dim];
  if (len === 0) return y.clone();
  const pair = y.narrow(dim, 0, len - 1).add(y.narrow(dim, 1, len - 1));
  if (x !== null) return divScalar(spacing(y, x, dim, 'cumulative_trapezoid').mul(pair).cumsum(dim), 2);
  const dx = opts.dx ?? 1;
  return mulScalar(pair, dx / 2).cumsum(dim);
}
export const cumulative_trapezoid = op(
  [
    'cumulative_trapezoid(Tensor y, Tensor x, *, int dim=-1)',
    'cumulative_trapezoid(Tensor y, *, Scalar dx=1, int dim=-1)',
  ],
  cumulative_trapezoidImpl,
  {
    method: false,
    samples: (k, f): OpSample[] => [
      { name: 'cumulative_trapezoid [3, 5]', inputs: () => [k.make([3, 5])], fn: (y) => f(y) },
    ],
  },
);

// ---------------------------------------------------------------- vander

export function vanderImpl(x: T, N: number | null = null, increasing = false): T {
  if (x.dim() !== 1) throw new Error('x must be a one-dimensional tensor.');
  let n = x._shape[0];
  if (N !== null) {
    if (N < 0) throw new Error('N must be non-negative.');
    n = N;
  }
  const dtype: DType = promote_types(x.dtype, int64);
  // As ATen: an empty result filled with ones, then two copies into its columns 1.. (version 3).
  const result = K.full([x._shape[0], n], 0, dtype);
  if (n > 0) no_grad(() => result.fill_(1));
  if (n > 1) {
    result.narrow(1, 1, n - 1).copy_(x.unsqueeze(1));
    result.narrow(1, 1, n - 1).copy_(cumprodImpl(result.narrow(1, 1, n - 1), 1));
  }
  return increasing ? result : flipImpl(result, [1]);
}
// No gradcheck samples: as in PyTorch (1.13), backward through vander fails, since cumprod's saved
// input is overwritten by the second copy (the fixture records PyTorch's error); linalg.vander is
// the differentiable form.
export const vander = fn('vander(Tensor x, int? N=None, bool increasing=False)', vanderImpl);

/** torch.linalg.vander (PyTorch 2): [1, x, x², …, x^(N-1)] along a new last dim, batch dims kept. */
export function linalg_vanderImpl(x: T, opts?: { N?: number | null }): T {
  const n = opts?.N ?? (x.dim() > 0 ? x._shape[x.dim() - 1] : 1);
  if (n <= 1) throw new Error('N must be greater than 1.');
  const col = x.unsqueeze(-1);
  const shape = [...x._shape, n - 1];
  const ones = K.full([...x._shape, 1], 1, x.dtype);
  return catImpl([ones, cumprodImpl(col.expand(shape), -1)], -1);
}
export const linalg_vander = fn('linalg_vander(Tensor x, *, SymInt? N=None)', linalg_vanderImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'linalg.vander [2, 3]', inputs: () => [k.make([2, 3])], fn: (x) => f(x) },
    { name: 'linalg.vander N=4 [3]', inputs: () => [k.make([3], { salt: 1 })], fn: (x) => f(x, { N: 4 }) },
  ],
});

// ---------------------------------------------------------------- block_diag

const BLOCK_DIAG: OpDef = defineOp({
  node: 'BlockDiagBackward0',
  inputs: [],
  forward: (ms) => {
    const rows = ms.reduce((s, m) => s + m._shape[0], 0);
    const cols = ms.reduce((s, m) => s + m._shape[1], 0);
    const dtype = ms.reduce((d: DType, m) => promote_types(d, m.dtype), ms[0]?.dtype ?? float32);
    const out = K.full([rows, cols], 0, dtype);
    let r = 0;
    let c = 0;
    no_grad(() => {
      for (const m of ms) {
        const [h, w] = m._shape;
        if (h > 0 && w > 0) out.narrow(0, r, h).narrow(1, c, w).copy_(m.detach());
        r += h;
        c += w;
      }
    });
    // The filled storage as a fresh tensor (version 0, as ATen's result).
    return Tensor._make(out._data, [rows, cols], [cols, 1], 0, dtype);
  },
  backward: (g, _s, { meta }) => {
    let r = 0;
    let c = 0;
    return meta.map((m) => {
      const [h, w] = m.shape;
      const part = g.narrow(0, r, h).narrow(1, c, w);
      r += h;
      c += w;
      return m.dtype === g.dtype ? part : part.to(m.dtype);
    });
  },
});

export function block_diagImpl(...tensors: T[]): T {
  const ms = tensors.map((t, i) => {
    if (t.dim() > 2) {
      throw new Error(
        `torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${t.dim()} dimensions`,
      );
    }
    return t.dim() === 0 ? t.view([1, 1]) : t.dim() === 1 ? t.view([1, -1]) : t;
  });
  if (ms.length === 0) return K.full([1, 0], 0, float32);
  return apply(BLOCK_DIAG, ms, undefined);
}
const blockDiagDecl = fn('block_diag(Tensor[] tensors)', (tensors: readonly T[]) => block_diagImpl(...tensors), {
  samples: (k, f): OpSample[] => [
    {
      name: 'block_diag [2, 3] [2] 0-d',
      inputs: () => [k.make([2, 3]), k.make([2], { salt: 1 }), k.make([], { salt: 2 })],
      fn: (a, b, c) => f([a, b, c]),
    },
  ],
});
interface BlockDiag {
  (...tensors: T[]): T;
  (tensors: readonly T[]): T;
}
/** torch.block_diag(*tensors): the tensors as arguments (or one array of them). */
export const block_diag = ((...args: unknown[]): T =>
  (blockDiagDecl as unknown as (a: unknown) => T)(
    args.length === 1 && Array.isArray(args[0]) ? args[0] : args,
  )) as BlockDiag;

// ---------------------------------------------------------------- combinations

export function combinationsImpl(x: T, r = 2, with_replacement = false): T {
  if (x.dim() !== 1) throw new Error(`Expect a 1D vector, but got shape [${x._shape.join(', ')}]`);
  if (r < 0) throw new Error(`Expect a non-negative number, but got ${r}`);
  if (r === 0) return K.full([0], 0, x.dtype);
  const n = x.numel();
  const grids = meshgridImpl(new Array<T>(r).fill(x), 'ij');
  // The mask of index tuples i1 < i2 < ... (<= with replacement), over the r-dimensional grid.
  const idx = meshgridImpl(
    new Array<T>(r).fill(
      Tensor._make(
        Float64Array.from({ length: n }, (_v, i) => i),
        [n],
        [1],
        0,
        int64,
      ),
    ),
    'ij',
  );
  let mask = K.full(new Array<number>(r).fill(n), 1, bool);
  for (let i = 0; i + 1 < r; i++)
    mask = mask.logical_and(with_replacement ? idx[i].le(idx[i + 1]) : idx[i].lt(idx[i + 1]));
  return stackImpl(
    grids.map((g) => masked_selectImpl(g, mask)),
    1,
  );
}
export const combinations = fn('combinations(Tensor self, int r=2, bool with_replacement=False)', combinationsImpl, {
  samples: (k, f): OpSample[] => [{ name: 'combinations [4] r=2', inputs: () => [k.make([4])], fn: (x) => f(x) }],
});

// ---------------------------------------------------------------- histc

export function histcImpl(x: T, bins = 100, min = 0, max = 0): T {
  if (bins <= 0) throw new Error('torch.histc: bins must be > 0, but got ' + bins + ' for dimension 0');
  if (!x.dtype.is_floating_point) {
    throw new TypeError(`"histogram_cpu" not implemented for '${x.dtype.scalarType}'`);
  }
  const data = K.contiguous(x.detach().to(float64))._data as Float64Array;
  let lo = min;
  let hi = max;
  if (lo === hi && data.length > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (const v of data) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  if (lo > hi) throw new Error(`torch.histc: max must be larger than min`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new Error(`torch.histc: range of [${lo}, ${hi}] is not finite`);
  }
  // In x's dtype, as ATen counts (a float32 histogram saturates at 2^24 per bin as PyTorch's does),
  // and through the allocator, so a huge bin count is PyTorch's allocation error.
  const out = K.full([bins], 0, x.dtype);
  const counts = out._data;
  for (const v of data) {
    if (!(v >= lo && v <= hi)) continue;
    let b = Math.floor(((v - lo) * bins) / (hi - lo));
    if (b === bins) b -= 1;
    counts[b] += 1;
  }
  return out;
}
export const histc = op('histc(Tensor self, int bins=100, Scalar min=0, Scalar max=0)', histcImpl);
