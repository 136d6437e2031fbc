// torch.nn.utils.parameters_to_vector / vector_to_parameters (torch/nn/utils/convert_parameters.py).

import { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../api/torch.js';
import { jsTypeName } from '../../tensor/argcheck.js';
import { iterableOf, isTensor } from './checks.js';

/** Every parameter flattened (a view each, so non-contiguous ones throw as in PyTorch), concatenated. */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  const params = iterableOf('parameters_to_vector', 'parameters', 1, parameters, isTensor, 'Tensors');
  const vec: Tensor[] = [];
  for (const param of params) vec.push(param.view(-1));
  return cat(vec);
}

/**
 * Points each parameter's data at its slice of vec, in order (PyTorch's `param.data = ...`: the
 * parameters share vec's storage afterwards and keep their identity).
 */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${jsTypeName(vec)}`);
  let pointer = 0;
  for (const param of iterableOf('vector_to_parameters', 'parameters', 2, parameters, isTensor, 'Tensors')) {
    const n = param.numel();
    param.data = vec.index(`${pointer}:${pointer + n}`).view_as(param).data;
    pointer += n;
  }
}
