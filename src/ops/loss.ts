// Loss functions (nn.functional). Each is one op with PyTorch's grad_fn name.

import { broadcastShapes, formatShape, numel, shapeEquals } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { apply, defineOp } from './op.js';
import { resultType } from './pointwise.js';
import { emitWarning } from '../utils/warn.js';

export type Reduction = 'mean' | 'sum' | 'none';

function reductionCode(r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new Error(`${r} is not a valid value for reduction`);
  return r;
}

function reduceLoss(x: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return x;
  const all = [...Array(x.dim()).keys()];
  return K.reduce(reduction === 'sum' ? 'sum' : 'mean', x, all, false, x.dtype);
}

const MSE_LOSS = defineOp<{ reduction: Reduction }>({
  node: 'MseLossBackward0',
  saves: ['self', 'other'],
  forward: ([a, b], { reduction }) => {
    const dtype = resultType(a, b);
    const diff = K.binary('sub', a, b, dtype);
    return reduceLoss(K.binary('mul', diff, diff, dtype), reduction);
  },
  // d/da mean((a-b)^2) = 2(a-b)/n
  backward: (g, s, { args, needs, meta }) => {
    const n = args.reduction === 'mean' ? numel(broadcastShapes(meta[0].shape, meta[1].shape)) : 1;
    const d = s.self
      .sub(s.other)
      .mul(g)
      .mul(2 / n);
    return [needs[0] ? d : null, needs[1] ? d.neg() : null];
  },
});

export function mse_loss(input: Tensor, target: Tensor, opts?: { reduction?: Reduction }): Tensor {
  if (!shapeEquals(input.shape, target.shape)) {
    emitWarning(
      `Using a target size (torch.Size(${formatShape(target.shape)})) that is different to the input size (torch.Size(${formatShape(input.shape)})). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
      'UserWarning',
    );
  }
  const reduction = reductionCode(opts?.reduction ?? 'mean');
  // As F.mse_loss: broadcast both operands first (their grad_fns become ExpandBackward0).
  const shape = broadcastShapes(input.shape, target.shape);
  const a = shapeEquals(input.shape, shape) ? input : input.expand(shape);
  const b = shapeEquals(target.shape, shape) ? target : target.expand(shape);
  return apply(MSE_LOSS, [a, b], { reduction });
}
