// RMSprop, following PyTorch 1.13's single-tensor implementation op for op (see Note [Fused
// updates] in optimizer.ts).

import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../tensor/dtype.js';
import {
  Optimizer,
  parseOptions,
  buffer,
  checkNonNegative,
  rounding,
  type ParamGroup,
  type ParamState,
  type ParamsArg,
} from './optimizer.js';

export interface RMSpropOpts {
  lr?: number;
  alpha?: number;
  eps?: number;
  weight_decay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

export class RMSprop extends Optimizer {
  constructor(params: ParamsArg, opts?: RMSpropOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions(new.target.name, ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered'], args, {
      lr: 1e-2,
      momentum: 0,
      alpha: 0.99,
      eps: 1e-8,
      centered: false,
      weight_decay: 0,
      foreach: null,
      maximize: false,
      differentiable: false,
    });
    checkNonNegative('learning rate', o.lr);
    checkNonNegative('epsilon value', o.eps);
    checkNonNegative('momentum value', o.momentum);
    checkNonNegative('weight_decay value', o.weight_decay);
    checkNonNegative('alpha value', o.alpha);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const alpha = group.alpha as number;
    const wd = group.weight_decay as number;
    const momentum = group.momentum as number;
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const sq = buffer(state, 'square_avg', p);
    const buf = momentum > 0 ? buffer(state, 'momentum_buffer', p) : null;
    const gAvg = group.centered ? buffer(state, 'grad_avg', p) : null;
    const a = r(alpha);
    const oma = r(1 - alpha);
    const wdf = r(wd);
    const m = r(momentum);
    const eps = r(group.eps as number);
    const negLr = r(-group.lr);
    const sign = group.maximize ? -1 : 1;
    for (let i = 0; i < param.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      sq[i] = r(r(sq[i] * a) + r(r(oma * g) * g));
      let avg: number;
      if (gAvg !== null) {
        gAvg[i] = r(r(gAvg[i] * a) + g * oma);
        avg = r(Math.sqrt(r(sq[i] + r(-gAvg[i] * gAvg[i]))));
      } else {
        avg = r(Math.sqrt(sq[i]));
      }
      avg = r(avg + eps);
      if (buf !== null) {
        buf[i] = r(r(buf[i] * m) + r(g / avg));
        param[i] = r(param[i] + buf[i] * negLr);
      } else {
        param[i] = r(param[i] + r(r(negLr * g) / avg));
      }
    }
  }
}
