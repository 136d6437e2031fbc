// Adam, AdamW and RMSprop, following PyTorch's single-tensor implementations step for step.

import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, buffer, type ParamGroup, type ParamsArg } from './optimizer.js';

export interface AdamOpts {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

function checkAdam(o: Required<AdamOpts>): void {
  if (o.lr < 0) throw new RangeError(`Invalid learning rate: ${o.lr}`);
  if (o.eps < 0) throw new RangeError(`Invalid epsilon value: ${o.eps}`);
  if (o.betas[0] < 0 || o.betas[0] >= 1) throw new RangeError(`Invalid beta parameter at index 0: ${o.betas[0]}`);
  if (o.betas[1] < 0 || o.betas[1] >= 1) throw new RangeError(`Invalid beta parameter at index 1: ${o.betas[1]}`);
  if (o.weight_decay < 0) throw new RangeError(`Invalid weight_decay value: ${o.weight_decay}`);
}

/** The shared Adam step; `decoupled` applies weight decay to the parameter (AdamW). */
function adamStep(
  p: Tensor,
  grad: Tensor,
  state: Record<string, Tensor | number>,
  group: ParamGroup,
  decoupled: boolean,
): void {
  const [beta1, beta2] = group.betas as [number, number];
  const lr = group.lr;
  const wd = group.weight_decay as number;
  const eps = group.eps as number;
  let g = group.maximize ? grad.neg() : grad;
  const step = ((state.step as number | undefined) ?? 0) + 1;
  state.step = step;
  if (wd !== 0) {
    if (decoupled) p.mul_(1 - lr * wd);
    else g = g.add(p, { alpha: wd });
  }
  const expAvg = buffer(state, 'exp_avg', p);
  const expAvgSq = buffer(state, 'exp_avg_sq', p);
  expAvg.mul_(beta1).add_(g, { alpha: 1 - beta1 });
  expAvgSq.mul_(beta2).add_(g.mul(g).mul(1 - beta2));
  const bc1 = 1 - Math.pow(beta1, step);
  const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
  let second = expAvgSq;
  if (group.amsgrad) {
    const maxSq = buffer(state, 'max_exp_avg_sq', p);
    maxSq.copy_(maxSq.maximum(expAvgSq));
    second = maxSq;
  }
  const denom = second.sqrt().div(bc2Sqrt).add(eps);
  p.add_(expAvg.div(denom).mul(-lr / bc1));
}

export class Adam extends Optimizer {
  constructor(params: ParamsArg, opts: AdamOpts = {}) {
    const o: Required<AdamOpts> = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
      maximize: false,
      ...opts,
    };
    checkAdam(o);
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, state: Record<string, Tensor | number>, group: ParamGroup): void {
    adamStep(p, grad, state, group, false);
  }
}

export class AdamW extends Optimizer {
  constructor(params: ParamsArg, opts: AdamOpts = {}) {
    const o: Required<AdamOpts> = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 1e-2,
      amsgrad: false,
      maximize: false,
      ...opts,
    };
    checkAdam(o);
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, state: Record<string, Tensor | number>, group: ParamGroup): void {
    adamStep(p, grad, state, group, true);
  }
}

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
  constructor(params: ParamsArg, opts: RMSpropOpts = {}) {
    const o = {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weight_decay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
      ...opts,
    };
    if (o.lr < 0) throw new RangeError(`Invalid learning rate: ${o.lr}`);
    if (o.eps < 0) throw new RangeError(`Invalid epsilon value: ${o.eps}`);
    if (o.momentum < 0) throw new RangeError(`Invalid momentum value: ${o.momentum}`);
    if (o.alpha < 0) throw new RangeError(`Invalid alpha value: ${o.alpha}`);
    super(params, o);
  }

  protected update(p: Tensor, grad: Tensor, state: Record<string, Tensor | number>, group: ParamGroup): void {
    const alpha = group.alpha as number;
    const eps = group.eps as number;
    const wd = group.weight_decay as number;
    const momentum = group.momentum as number;
    let g = group.maximize ? grad.neg() : grad;
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    if (wd !== 0) g = g.add(p, { alpha: wd });
    const squareAvg = buffer(state, 'square_avg', p);
    squareAvg.mul_(alpha).add_(g.mul(g).mul(1 - alpha));
    let avg: Tensor;
    if (group.centered) {
      const gradAvg = buffer(state, 'grad_avg', p);
      gradAvg.mul_(alpha).add_(g, { alpha: 1 - alpha });
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt().add(eps);
    } else {
      avg = squareAvg.sqrt().add(eps);
    }
    if (momentum > 0) {
      const buf = buffer(state, 'momentum_buffer', p);
      buf.mul_(momentum).add_(g.div(avg));
      p.add_(buf, { alpha: -group.lr });
    } else {
      p.add_(g.div(avg).mul(-group.lr));
    }
  }
}
