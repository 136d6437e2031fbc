// SGD with momentum, dampening, Nesterov momentum and weight decay (PyTorch's formulation:
// the momentum buffer accumulates gradients, and the step is lr times the buffer).

import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamsArg } from './optimizer.js';

export interface SGDOpts {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export class SGD extends Optimizer {
  constructor(params: ParamsArg, opts: SGDOpts = {}) {
    const o = { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, ...opts };
    if (o.lr < 0) throw new RangeError(`Invalid learning rate: ${o.lr}`);
    if (o.momentum < 0) throw new RangeError(`Invalid momentum value: ${o.momentum}`);
    if (o.weight_decay < 0) throw new RangeError(`Invalid weight_decay value: ${o.weight_decay}`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, state: Record<string, Tensor | number>, group: ParamGroup): void {
    const momentum = group.momentum as number;
    const dampening = group.dampening as number;
    const wd = group.weight_decay as number;
    let d = group.maximize ? grad.neg() : grad;
    if (wd !== 0) d = d.add(p, { alpha: wd });
    if (momentum !== 0) {
      let buf = state.momentum_buffer as Tensor | undefined;
      if (buf === undefined) {
        buf = d.clone();
        state.momentum_buffer = buf;
      } else {
        buf.mul_(momentum).add_(d, { alpha: 1 - dampening });
      }
      d = group.nesterov ? d.add(buf, { alpha: momentum }) : buf;
    }
    p.add_(d, { alpha: -group.lr });
  }
}
