// Adam and AdamW, following PyTorch 1.13's single-tensor implementations op for op (see Note
// [Fused updates] in optimizer.ts).

import type { Tensor } from '../tensor/tensor.js';
import { float32, type TypedArray } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { backend } from '../backend/index.js';
import type { AdamScalars } from '../backend/backend.js';
import { pyFloat } from '../tensor/format.js';
import {
  Optimizer,
  parseOptions,
  buffer,
  checkNonNegative,
  rounding,
  type ParamGroup,
  type Round,
  type ParamState,
  type ParamsArg,
} from './optimizer.js';

export interface AdamOpts {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

function checkAdam(lr: number, betas: readonly [number, number], eps: number, wd: number): void {
  checkNonNegative('learning rate', lr);
  checkNonNegative('epsilon value', eps);
  betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${pyFloat(b)}`);
  });
  checkNonNegative('weight_decay value', wd);
}

/** One Adam step on p's values; `decoupled` decays the parameter itself (AdamW). */
function adamStep(
  param: TypedArray,
  grad: TypedArray,
  state: ParamState,
  group: ParamGroup,
  p: Tensor,
  decoupled: boolean,
): void {
  const r = rounding(p);
  const step = ((state.step as number | undefined) ?? 0) + 1;
  state.step = step;
  const m = buffer(state, 'exp_avg', p);
  const v = buffer(state, 'exp_avg_sq', p);
  const vmax = group.amsgrad ? buffer(state, 'max_exp_avg_sq', p) : null;
  backend().adam(param, grad, m, v, vmax, adamScalars(r, group, step, decoupled));
}

/** Step `step`'s scalars of Backend.adam, rounded by r to the parameter's dtype. */
export function adamScalars(
  r: Round,
  group: Readonly<Record<string, unknown>>,
  step: number,
  decoupled: boolean,
): AdamScalars {
  const [beta1, beta2] = group.betas as [number, number];
  const lr = group.lr as number;
  const wd = group.weight_decay as number;
  return {
    beta1: r(beta1),
    omb1: r(1 - beta1),
    beta2: r(beta2),
    omb2: r(1 - beta2),
    weight_decay: decoupled ? 0 : r(wd),
    decay: decoupled ? r(1 - lr * wd) : 1,
    eps: r(group.eps as number),
    neg_step_size: r(-(lr / (1 - Math.pow(beta1, step)))),
    bias_correction2_sqrt: r(Math.sqrt(1 - Math.pow(beta2, step))),
    sign: group.maximize ? -1 : 1,
  };
}

/** Adam's state_dict shows `step` as a float32 0-d tensor, as PyTorch 1.13 keeps it. */
function exportStep(st: ParamState): ParamState {
  return typeof st.step === 'number' ? { ...st, step: K.full([], st.step, float32) } : st;
}

function importStep(st: ParamState): ParamState {
  const step = st.step;
  return step !== null && typeof step === 'object' ? { ...st, step: step.item() as number } : st;
}

export class Adam extends Optimizer {
  constructor(params: ParamsArg, opts?: AdamOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions(new.target.name, ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'], args, {
      lr: 1e-3,
      betas: [0.9, 0.999] as [number, number],
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
      maximize: false,
      foreach: null,
      capturable: false,
      differentiable: false,
      fused: false,
    });
    checkAdam(o.lr, o.betas, o.eps, o.weight_decay);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    adamStep(param, grad, state, group, p, false);
  }

  protected _exportState(st: ParamState): ParamState {
    return super._exportState(exportStep(st));
  }

  protected _importState(st: ParamState, p: Tensor): ParamState {
    return super._importState(importStep(st), p);
  }
}

export class AdamW extends Optimizer {
  constructor(params: ParamsArg, opts?: AdamOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions(new.target.name, ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'], args, {
      lr: 1e-3,
      betas: [0.9, 0.999] as [number, number],
      eps: 1e-8,
      weight_decay: 1e-2,
      amsgrad: false,
      foreach: null,
      maximize: false,
      capturable: false,
    });
    checkAdam(o.lr, o.betas, o.eps, o.weight_decay);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    adamStep(param, grad, state, group, p, true);
  }

  protected _exportState(st: ParamState): ParamState {
    return super._exportState(exportStep(st));
  }

  protected _importState(st: ParamState, p: Tensor): ParamState {
    return super._importState(importStep(st), p);
  }
}
