// The gradient of a slicing view (select, narrow, diagonal, ...): zeros of the input's shape
// with the view's gradient written into the viewed region. Kept apart from view.ts and
// slicing.ts so that both can declare such ops when their modules load, whatever the order.

import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/index.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';

/**
 * Declares the op that embeds `g` into zeros of `shape` through `region` (its own adjoint's).
 * `region` must accept leading batch dims in front of `shape` (vmap's batching rule).
 */
export function embedDef(node: string): OpDef<EmbedArgs> {
  const def: OpDef<EmbedArgs> = defineOp<EmbedArgs>({
    node,
    batch: ([g], _b, a) => apply(def, [g], { ...a, shape: [g._shape[0], ...a.shape] }),
    jvp: 'linear',
    forward: ([g], { shape, dtype, region }) => {
      const out = K.full(shape, 0, dtype);
      writeInto(region(out), g);
      return out;
    },
    backward: (gg, _s, { args }) => [args.region(gg)],
  });
  return def;
}

interface EmbedArgs {
  shape: readonly number[];
  dtype: DType;
  region: (t: Tensor) => Tensor;
}

/** @internal Copies src (broadcastable, any dtype) into dst's storage through dst's strides. */
export function writeInto(dst: Tensor, src: Tensor): void {
  const s = src.dtype === dst.dtype ? src : K.cast(src, dst.dtype);
  backend().copy(K.broadcastView(s, dst._shape), dst._v(), false);
}
