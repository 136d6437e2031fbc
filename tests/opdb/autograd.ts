// Op-database rows for the autograd machinery itself: in-place ops on views (CopySlices,
// re-derived AsStridedBackward0), custom Functions, and mse_loss.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { make } from './inputs.js';
import type { OpSample } from './types.js';

type Ctx = torch.autograd.FunctionCtx;

/** A custom Function whose backward is written in tensor ops, so it has a second derivative; jvp for forward mode. */
class Cube extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    ctx.save_for_backward(x);
    return x.pow(3);
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    const [x] = ctx.saved_tensors as Tensor[];
    return g.mul(3).mul(x.pow(2));
  }
  static jvp(ctx: Ctx, t: Tensor): Tensor {
    const [x] = ctx.saved_tensors as Tensor[];
    return t.mul(3).mul(x.pow(2));
  }
}

/** Non-tensor arguments pass through; the gradient for them is null. */
class ScaleAdd extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor, k: number, y: Tensor): Tensor {
    ctx.k = k;
    return x.mul(k).add(y);
  }
  static backward(ctx: Ctx, g: Tensor): (Tensor | null)[] {
    return [g.mul(ctx.k as number), null, g];
  }
  static jvp(ctx: Ctx, tx: Tensor, _tk: null, ty: Tensor): Tensor {
    return tx.mul(ctx.k as number).add(ty);
  }
}

const vec = (): Tensor[] => [make([4]), make([2], { salt: 1 })];

export const rows: OpSample[] = [
  {
    name: 'autograd: narrow mul_ (CopySlices)',
    inputs: vec,
    fn: (x, w) => {
      const b = x.mul(1);
      b.narrow(0, 1, 2).mul_(w);
      return b;
    },
  },
  {
    name: 'autograd: transposed select add_ then exp_',
    inputs: vec,
    fn: (x, w) => {
      const b = x.mul(1).view(2, 2);
      b.t().select(0, 1).add_(w).exp_();
      return b;
    },
  },
  {
    name: 'autograd: view read after in-place on base (AsStridedBackward0)',
    inputs: vec,
    fn: (x, w) => {
      const b = x.mul(1);
      const v = b.narrow(0, 0, 2);
      b.mul_(x);
      return v.mul(w);
    },
  },
  {
    name: 'autograd: expanded view read after in-place on base (overlapping AsStrided)',
    inputs: vec,
    fn: (x) => {
      const b = x.mul(1);
      const e = b.unsqueeze(0).expand(3, 4);
      b.sin_();
      return e.mul(e);
    },
  },
  {
    name: 'autograd: copy_ into rows and columns of zeros',
    inputs: vec,
    fn: (x, w) => {
      const z = torch.zeros([2, 4], { dtype: torch.float64 });
      z.select(0, 1).copy_(x);
      z.select(1, 2).mul_(w);
      return z;
    },
  },
  {
    name: 'autograd: strided (step 2) view div_',
    inputs: () => [make([6]), make([3], { lo: 0.5, hi: 2, salt: 2 })],
    fn: (x, w) => {
      const b = x.mul(1);
      b.index('::2').div_(w);
      return b;
    },
  },
  { name: 'autograd: custom Function (Cube)', inputs: () => [make([3, 2])], fn: (x) => Cube.apply(x) },
  {
    name: 'autograd: custom Function with a non-tensor argument',
    inputs: () => [make([3]), make([3], { salt: 3 })],
    fn: (x, y) => ScaleAdd.apply(x, 2.5, y).mul(x),
  },
  ...(['mean', 'sum', 'none'] as const).map((reduction): OpSample => ({
    name: `autograd: mse_loss reduction=${reduction}`,
    inputs: () => [make([2, 3]), make([2, 3], { salt: 4 })],
    fn: (a, b) => torch.nn.functional.mse_loss(a, b, { reduction }),
  })),
];
