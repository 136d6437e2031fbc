// SGD with momentum, dampening, Nesterov momentum and weight decay (PyTorch's formulation: the
// momentum buffer accumulates gradients, and the step is lr times the buffer).

import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import {
  Optimizer,
  parseOptions,
  REQUIRED,
  checkNonNegative,
  rounding,
  type ParamGroup,
  type ParamState,
  type ParamsArg,
} from './optimizer.js';

export interface SGDOpts {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export class SGD extends Optimizer {
  constructor(params: ParamsArg, opts?: SGDOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions(new.target.name, ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'], args, {
      lr: REQUIRED as number | null,
      momentum: 0,
      dampening: 0,
      weight_decay: 0,
      nesterov: false,
      maximize: false,
      foreach: null,
      differentiable: false,
    });
    if (o.lr !== REQUIRED) checkNonNegative('learning rate', o.lr);
    checkNonNegative('momentum value', o.momentum);
    checkNonNegative('weight_decay value', o.weight_decay);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const momentum = group.momentum as number;
    const m = r(momentum);
    const keep = r(1 - (group.dampening as number));
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const negLr = r(-group.lr);
    const sign = group.maximize ? -1 : 1;
    const nesterov = group.nesterov as boolean;
    // PyTorch keeps momentum_buffer = None until the first step with momentum clones d_p into it.
    const existing = state.momentum_buffer as Tensor | null | undefined;
    let buf: TypedArray | null = null;
    const first = momentum !== 0 && (existing === undefined || existing === null);
    if (momentum !== 0) {
      if (first) state.momentum_buffer = K.empty(p.shape, p.dtype);
      buf = (state.momentum_buffer as Tensor)._data;
    } else {
      state.momentum_buffer = null;
    }
    for (let i = 0; i < param.length; i++) {
      let d = sign * grad[i];
      if (wd !== 0) d = r(d + param[i] * wdf);
      if (buf !== null) {
        buf[i] = first ? d : r(r(buf[i] * m) + d * keep);
        d = nesterov ? r(d + buf[i] * m) : buf[i];
      }
      param[i] = r(param[i] + d * negLr);
    }
  }
}
