// Loss modules: thin wrappers over nn.functional, called with .forward(input, target).

import type { Tensor } from '../tensor/tensor.js';
import { mse_loss, type Reduction } from '../ops/loss.js';
import { Module } from './module.js';

export class MSELoss extends Module {
  readonly reduction: Reduction;

  constructor(opts?: { reduction?: Reduction }) {
    super();
    this.reduction = opts?.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mse_loss(input, target, { reduction: this.reduction });
  }
}
