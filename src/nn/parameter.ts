// nn.Parameter: a leaf tensor that a Module registers as one of its parameters.

import { Tensor } from '../tensor/tensor.js';
import { formatTensor } from '../tensor/print.js';
import { float32 } from '../tensor/dtype.js';
import { argTypeError } from '../tensor/argcheck.js';

export class Parameter extends Tensor {
  /** Wraps `data` (sharing its storage) as a leaf; requires grad unless told otherwise. */
  constructor(data?: Tensor | null, requires_grad = true) {
    if (data !== undefined && data !== null && !(data instanceof Tensor)) {
      throw argTypeError('Parameter', 'data', 1, 'Tensor', data);
    }
    const src = data ?? Tensor._make(new Float32Array(0), [0], [1], 0, float32);
    super(src._data, [...src._shape], [...src._strides], src._offset, src.dtype);
    this._vc = src._vc;
    // PyTorch makes the parameter with requires_grad, as a factory does (its message for an integer dtype).
    if (requires_grad === true) this._factoryRequiresGrad();
    else this.requires_grad_(requires_grad);
  }

  toString(): string {
    return `Parameter containing:\n${formatTensor(this)}`;
  }
}
