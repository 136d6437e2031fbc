// A PackedSequence's invariants, shared by torch.nn.utils.rnn and the recurrent modules; kept out of
// the torch.nn.utils.rnn namespace (this module is not re-exported).

import type { Tensor } from '../../tensor/tensor.js';

/**
 * batch_sizes that describe `data`: non-empty, positive, non-increasing, summing to data's rows
 * (ATen reads them unchecked: a hand-made PackedSequence that breaks this reads out of bounds).
 */
export function _checkBatchSizes(bs: readonly number[], data: Tensor): void {
  if (bs.length === 0) throw new RangeError('index 0 is out of bounds for dimension 0 with size 0');
  let total = 0;
  for (let i = 0; i < bs.length; i++) {
    if (!(Number.isInteger(bs[i]) && bs[i] > 0 && (i === 0 || bs[i] <= bs[i - 1]))) {
      throw new RangeError(
        `PackedSequence: batch_sizes must be positive and non-increasing, got ${bs[i]} at step ${i}`,
      );
    }
    total += bs[i];
  }
  if (data.dim() === 0 || data.size(0) !== total) {
    throw new RangeError(
      `PackedSequence: data has ${data.dim() === 0 ? 0 : data.size(0)} rows but batch_sizes sum to ${total}`,
    );
  }
}
