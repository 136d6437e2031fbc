// F.affine_grid and F.grid_sample (the Spatial Transformer's sampling grid and sampler), for 4-D
// ([N, C, H, W], 2-D affine maps) and 5-D ([N, C, D, H, W], 3-D affine maps) inputs.
//
// Both are composites of differentiable tensor ops, so they run on either backend and every
// autograd mode flows through them (PyTorch has no double backward for grid_sample; here it
// exists). grid_sample follows ATen's CPU kernels: the source coordinate of each output point is
// unnormalized from [-1, 1] (align_corners), mapped by the padding mode (border: clipped;
// reflection: reflected, then clipped), and the input is read at the surrounding integer points
// (2^dims corners for bilinear, 4x4 taps for bicubic, the nearest point for nearest) with zeros
// outside the input. The integer points are constants of the graph (a gather of the input);
// the gradient with respect to the grid flows through the interpolation weights, with ATen's
// rules at the clipping bounds (no gradient on a bound itself).
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import { Size } from '../tensor/shape.js';
import { linspace, ones } from '../tensor/creation.js';
import { whereImpl } from './pointwise.js';
import { stackImpl } from './join.js';
import { warnOnce } from './loss.js';
import { fn, type OpSample } from './declare.js';

type T = Tensor;

const ALIGN_WARNING =
  'Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.';

const pySize = (s: readonly number[]): string =>
  (s as unknown) instanceof Size ? `torch.Size([${s.join(', ')}])` : `[${s.join(', ')}]`;
const sizes = (x: Tensor): string => `[${x.shape.join(', ')}]`;

// ---------------------------------------------------------------- affine_grid

/** ATen's linspace_from_neg_one: the normalized coordinates of `steps` points along one dim. */
function baseCoords(steps: number, align_corners: boolean, like: Tensor): Tensor {
  if (steps <= 1) return linspace(0, 0, 1, { dtype: like.dtype });
  let r = linspace(-1, 1, steps, { dtype: like.dtype });
  if (!align_corners) r = r.mul(steps - 1).div(steps);
  return r;
}

/**
 * F.affine_grid(theta, size, align_corners): the [N, H, W, 2] (or [N, D, H, W, 3]) grid of the
 * points of an output of `size` mapped by the affine matrices theta ([N, 2, 3] or [N, 3, 4]).
 */
export function affine_grid(theta: Tensor, size: readonly number[], align_corners?: boolean | null): Tensor {
  if (align_corners === undefined || align_corners === null) {
    warnOnce(ALIGN_WARNING);
    align_corners = false;
  }
  if (!theta.dtype.is_floating_point) {
    throw new TypeError(`Expected theta to have floating point type, but got torch.${theta.dtype.name}`);
  }
  let spatial: number[];
  if (size.length === 4) {
    if (theta.dim() !== 3 || theta.size(-2) !== 2 || theta.size(-1) !== 3) {
      throw new RangeError(
        `Expected a batch of 2D affine matrices of shape Nx2x3 for size ${pySize(size)}. Got torch.Size(${sizes(theta)}).`,
      );
    }
    spatial = size.slice(-2);
  } else if (size.length === 5) {
    if (theta.dim() !== 3 || theta.size(-2) !== 3 || theta.size(-1) !== 4) {
      throw new RangeError(
        `Expected a batch of 3D affine matrices of shape Nx3x4 for size ${pySize(size)}. Got torch.Size(${sizes(theta)}).`,
      );
    }
    spatial = size.slice(-3);
  } else {
    throw new Error(
      `affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${pySize(size)}.`,
    );
  }
  if (align_corners && Math.min(...spatial) === 1) {
    warnOnce(
      'Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is not an intended use case of affine_grid. See the documentation of affine_grid for details.',
    );
  } else if (Math.min(...size) <= 0) {
    throw new RangeError(`Expected non-zero, positive output size. Got ${pySize(size)}`);
  }
  const N = size[0];
  const k = spatial.length + 1;
  if (theta.size(0) !== N) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${N}, ${k}] but got: [${theta.size(0)}, ${k}].`,
    );
  }
  // base[..., i] is the coordinate along spatial dim (last - i), then a column of ones.
  const nd = spatial.length;
  const cols: Tensor[] = [];
  for (let i = 0; i < nd; i++) {
    const dim = nd - 1 - i;
    const shape = spatial.map((_, j) => (j === dim ? spatial[j] : 1));
    cols.push(baseCoords(spatial[dim], align_corners, theta).reshape(shape).expand(spatial));
  }
  cols.push(ones(spatial, { dtype: theta.dtype }));
  const P = spatial.reduce((a, b) => a * b, 1);
  const base = stackImpl(cols, -1).reshape([1, P, k]).expand([N, P, k]);
  return base.bmm(theta.transpose(1, 2)).reshape([N, ...spatial, nd]);
}

export const functional_affine_grid = fn(
  'affine_grid(Tensor theta, int[] size, bool? align_corners=None)',
  (theta: T, size: readonly number[], align_corners?: boolean | null): T => affine_grid(theta, size, align_corners),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'affine_grid [2, 2, 3] size [2, 1, 3, 4]',
        inputs: () => [k.make([2, 2, 3])],
        fn: (th) => f(th, [2, 1, 3, 4], { align_corners: false }),
      },
      {
        name: 'affine_grid [1, 3, 4] size [1, 1, 2, 3, 2] align_corners',
        inputs: () => [k.make([1, 3, 4])],
        fn: (th) => f(th, [1, 1, 2, 3, 2], { align_corners: true }),
      },
    ],
  },
);

// ---------------------------------------------------------------- grid_sample

type Mode = 'bilinear' | 'nearest' | 'bicubic';
type PaddingMode = 'zeros' | 'border' | 'reflection';

/** A coordinate clipped to [0, size - 1]; its gradient is 1 strictly inside, 0 on and beyond the bounds (ATen). */
function clip(x: Tensor, size: number): Tensor {
  const hi = size - 1;
  const inside = x.gt(0).logical_and(x.lt(hi));
  return whereImpl(inside, x, x.detach().clamp(0, hi));
}

/** ATen's reflect_coordinates over [twiceLow / 2, twiceHigh / 2], with its gradient sign. */
function reflect(x: Tensor, twiceLow: number, twiceHigh: number): Tensor {
  if (twiceLow === twiceHigh) return x.mul(0);
  const min = twiceLow / 2;
  const span = (twiceHigh - twiceLow) / 2;
  const t = x.sub(min);
  const a = t.mul(whereImpl(t.detach().lt(0), -1, 1));
  const flips = a.detach().div(span).floor();
  const extra = a.sub(flips.mul(span));
  const even = flips.remainder(2).eq(0);
  return whereImpl(even, extra.add(min), extra.neg().add(span + min));
}

/** The padding mode's map of a source coordinate (ATen's compute_coordinates). */
function padCoordinate(x: Tensor, size: number, padding: PaddingMode, align: boolean): Tensor {
  if (padding === 'border') return clip(x, size);
  if (padding === 'reflection') {
    if (align) return reflect(x, 0, 2 * (size - 1));
    return clip(reflect(x, -1, 2 * size - 1), size);
  }
  return x;
}

/**
 * The unnormalized source coordinate: ATen's vectorized 2-D kernel computes (x + 1)·s (- 0.5),
 * its 3-D kernel ((x + 1) / 2)·(size - 1) or ((x + 1)·size - 1) / 2.
 */
function unnormalize(x: Tensor, size: number, align: boolean, vectorized: boolean): Tensor {
  if (vectorized)
    return align
      ? x.add(1).mul((size - 1) / 2)
      : x
          .add(1)
          .mul(size / 2)
          .sub(0.5);
  return align
    ? x
        .add(1)
        .div(2)
        .mul(size - 1)
    : x.add(1).mul(size).sub(1).div(2);
}

/** The cubic convolution coefficients (A = -0.75) of the four taps at fraction t. */
function cubicCoefficients(t: Tensor): Tensor[] {
  const A = -0.75;
  const cc1 = (x: Tensor): Tensor =>
    x
      .mul(A + 2)
      .sub(A + 3)
      .mul(x)
      .mul(x)
      .add(1);
  const cc2 = (x: Tensor): Tensor =>
    x
      .mul(A)
      .sub(5 * A)
      .mul(x)
      .add(8 * A)
      .mul(x)
      .sub(4 * A);
  const u = t.neg().add(1);
  return [cc2(t.add(1)), cc1(t), cc1(u), cc2(u.add(1))];
}

/**
 * Reads the input ([N, C, P] flattened, spatial sizes `S`) at integer points (one float tensor of
 * shape [N, Q] per spatial dim, outermost first), 0 outside the input: [N, C, Q].
 */
function readAt(flat: Tensor, S: readonly number[], pts: readonly Tensor[]): Tensor {
  let inside: Tensor | null = null;
  let index: Tensor | null = null;
  let stride = 1;
  for (let d = S.length - 1; d >= 0; d--) {
    const p = pts[d];
    const ok = p.ge(0).logical_and(p.le(S[d] - 1));
    inside = inside === null ? ok : inside.logical_and(ok);
    const term = p
      .clamp(0, S[d] - 1)
      .to(int64)
      .mul(stride);
    index = index === null ? term : index.add(term);
    stride *= S[d];
  }
  const [N, C] = flat.shape;
  const idx = (index as Tensor).unsqueeze(1).expand([N, C, (index as Tensor).size(1)]);
  const vals = flat.gather(2, idx);
  return whereImpl((inside as Tensor).unsqueeze(1), vals, 0);
}

function checkGridSample(input: Tensor, grid: Tensor, mode: string, padding_mode: string): void {
  if (mode !== 'bilinear' && mode !== 'nearest' && mode !== 'bicubic') {
    throw new RangeError(
      `nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`,
    );
  }
  if (padding_mode !== 'zeros' && padding_mode !== 'border' && padding_mode !== 'reflection') {
    throw new RangeError(
      `nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding_mode}'`,
    );
  }
  if (input.dtype !== grid.dtype) {
    throw new TypeError(`expected scalar type ${input.dtype.scalarType} but found ${grid.dtype.scalarType}`);
  }
  if (input.dim() === 0 || grid.dim() === 0 || input.size(0) !== grid.size(0)) {
    throw new RangeError(
      `grid_sampler(): expected grid and input to have same batch size, but got input with sizes ${sizes(input)} and grid with sizes ${sizes(grid)}`,
    );
  }
  if (grid.size(-1) !== input.dim() - 2) {
    throw new RangeError(
      `grid_sampler(): expected grid to have size ${input.dim() - 2} in last dimension, but got grid with sizes ${sizes(grid)}`,
    );
  }
  for (let i = 2; i < input.dim(); i++) {
    if (input.size(i) <= 0) {
      throw new RangeError(
        `grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ${sizes(input)} with dimension ${i} being empty`,
      );
    }
  }
  if ((input.dim() !== 4 && input.dim() !== 5) || input.dim() !== grid.dim()) {
    throw new RangeError(
      `grid_sampler(): expected ${input.dim() === 4 ? 4 : 5}D input and grid with same number of dimensions, but got input with sizes ${sizes(input)} and grid with sizes ${sizes(grid)}`,
    );
  }
  if (mode === 'bicubic' && input.dim() !== 4) {
    throw new RangeError('grid_sampler(): bicubic interpolation only supports 4D input');
  }
  if (!input.dtype.is_floating_point) {
    throw new TypeError(`grid_sampler_${input.dim() - 2}d_cpu not implemented for ${input.dtype.scalarType}`);
  }
}

/**
 * F.grid_sample(input, grid, mode, padding_mode, align_corners): input ([N, C, H, W] or
 * [N, C, D, H, W]) sampled at the normalized points of grid ([N, Ho, Wo, 2] or [N, Do, Ho, Wo, 3],
 * x (width) first).
 */
export function grid_sample(
  input: Tensor,
  grid: Tensor,
  mode: Mode = 'bilinear',
  padding_mode: PaddingMode = 'zeros',
  align_corners?: boolean | null,
): Tensor {
  checkGridSample(input, grid, mode, padding_mode);
  if (align_corners === undefined || align_corners === null) {
    warnOnce(ALIGN_WARNING);
    align_corners = false;
  }
  const align = align_corners;
  const nd = input.dim() - 2;
  const [N, C] = input.shape;
  const S = input.shape.slice(2);
  const O = grid.shape.slice(1, -1);
  const Q = O.reduce((a, b) => a * b, 1);
  const flat = input.reshape([N, C, -1]);
  const g = grid.reshape([N, Q, nd]);
  const vectorized = nd === 2;
  // coords[d]: the source coordinate along spatial dim d (outermost first), [N, Q].
  const coords: Tensor[] = [];
  for (let d = 0; d < nd; d++) {
    const raw = unnormalize(g.select(2, nd - 1 - d), S[d], align, vectorized);
    coords.push(mode === 'bicubic' ? raw : padCoordinate(raw, S[d], padding_mode, align));
  }
  let out: Tensor;
  if (mode === 'nearest') {
    // No gradient reaches the grid (ATen's is zero), but it stays in the graph.
    const pts = coords.map((c) => c.detach().round());
    const zero = coords.reduce((acc: Tensor | null, c) => (acc === null ? c.mul(0) : acc.add(c.mul(0))), null) as T;
    out = readAt(flat, S, pts).mul(zero.add(1).unsqueeze(1));
  } else if (mode === 'bilinear') {
    const lo = coords.map((c) => c.detach().floor());
    // Weights toward the upper (w) and lower (e) neighbour along each dim.
    const up = coords.map((c, d) => c.sub(lo[d]));
    const down = vectorized ? up.map((u) => u.neg().add(1)) : coords.map((c, d) => lo[d].add(1).sub(c));
    let acc: Tensor | null = null;
    for (let corner = 0; corner < 1 << nd; corner++) {
      const pts: Tensor[] = [];
      let w: Tensor | null = null;
      for (let d = 0; d < nd; d++) {
        const bit = (corner >> (nd - 1 - d)) & 1;
        pts.push(bit ? lo[d].add(1) : lo[d]);
        const wd = bit ? up[d] : down[d];
        w = w === null ? wd : w.mul(wd);
      }
      const term = readAt(flat, S, pts).mul((w as Tensor).unsqueeze(1));
      acc = acc === null ? term : acc.add(term);
    }
    out = acc as Tensor;
  } else {
    // Bicubic (4-D only): taps at floor - 1 .. floor + 2, each mapped by the padding mode.
    const [cy, cx] = coords;
    const y0 = cy.detach().floor();
    const x0 = cx.detach().floor();
    const wx = cubicCoefficients(cx.sub(x0));
    const wy = cubicCoefficients(cy.sub(y0));
    const tap = (base: Tensor, i: number, size: number): Tensor =>
      padCoordinate(base.add(i - 1), size, padding_mode, align)
        .detach()
        .round();
    let acc: Tensor | null = null;
    for (let j = 0; j < 4; j++) {
      const py = tap(y0, j, S[0]);
      let row: Tensor | null = null;
      for (let i = 0; i < 4; i++) {
        const term = readAt(flat, S, [py, tap(x0, i, S[1])]).mul(wx[i].unsqueeze(1));
        row = row === null ? term : row.add(term);
      }
      const term = (row as Tensor).mul(wy[j].unsqueeze(1));
      acc = acc === null ? term : acc.add(term);
    }
    out = acc as Tensor;
  }
  return out.reshape([N, C, ...O]);
}

export const functional_grid_sample = fn(
  "grid_sample(Tensor input, Tensor grid, str mode='bilinear', str padding_mode='zeros', bool? align_corners=None)",
  (input: T, grid: T, mode?: Mode, padding_mode?: PaddingMode, align_corners?: boolean | null): T =>
    grid_sample(input, grid, mode, padding_mode, align_corners),
  {
    samples: (k, f): OpSample[] => {
      const rows: OpSample[] = [];
      for (const mode of ['bilinear', 'bicubic'] as const) {
        for (const padding_mode of ['zeros', 'border', 'reflection'] as const) {
          for (const align_corners of [false, true]) {
            rows.push({
              name: `grid_sample ${mode} ${padding_mode}${align_corners ? ' align_corners' : ''}`,
              inputs: () => [k.make([1, 2, 3, 4]), k.make([1, 2, 3, 2], { lo: -1.13, hi: 1.17, salt: 1 })],
              fn: (x, g) => f(x, g, { mode, padding_mode, align_corners }),
            });
          }
        }
      }
      rows.push({
        name: 'grid_sample nearest (input gradient)',
        inputs: () => [k.make([2, 1, 3, 3]), k.make([2, 2, 2, 2], { lo: -0.93, hi: 0.97, salt: 1, grad: false })],
        fn: (x, g) => f(x, g, { mode: 'nearest', align_corners: false }),
      });
      rows.push({
        name: 'grid_sample 5-D bilinear border',
        inputs: () => [k.make([1, 2, 2, 3, 2]), k.make([1, 2, 1, 2, 3], { lo: -1.1, hi: 1.05, salt: 1 })],
        fn: (x, g) => f(x, g, { padding_mode: 'border', align_corners: false }),
      });
      return rows;
    },
  },
);
