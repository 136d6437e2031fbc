// Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD and Rprop, following PyTorch 1.13's single-tensor
// implementations op for op (see Note [Fused updates] in optimizer.ts). Their math is PyTorch 2's;
// the hyperparameter keys of param_groups are 1.13's.

import type { Tensor } from '../tensor/tensor.js';
import { float32, type TypedArray } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { pyFloat } from '../tensor/format.js';
import {
  Optimizer,
  buffer,
  checkNonNegative,
  rounding,
  parseOptions,
  type ParamGroup,
  type ParamState,
  type ParamsArg,
} from './optimizer.js';

function checkBetas(betas: readonly [number, number]): void {
  betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${pyFloat(b)}`);
  });
}

/** Optimizers whose state shows some scalars as float32 0-d tensors (PyTorch 1.13's `step`, ...). */
abstract class ScalarStateOptimizer extends Optimizer {
  protected abstract readonly tensorScalars: readonly string[];

  protected _exportState(st: ParamState): ParamState {
    const copy = super._exportState(st);
    for (const k of this.tensorScalars) {
      if (typeof copy[k] === 'number') copy[k] = K.full([], copy[k], float32);
    }
    return copy;
  }

  protected _importState(st: ParamState, p: Tensor): ParamState {
    const plain: ParamState = { ...st };
    for (const k of this.tensorScalars) {
      const v = plain[k];
      if (v !== null && typeof v === 'object') plain[k] = v.item() as number;
    }
    return super._importState(plain, p);
  }
}

const sign = (g: ParamGroup): number => (g.maximize ? -1 : 1);

export interface AdagradOpts {
  lr?: number;
  lr_decay?: number;
  weight_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Adagrad extends ScalarStateOptimizer {
  protected readonly tensorScalars = ['step'];

  constructor(params: ParamsArg, opts?: AdagradOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('Adagrad', ['lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps'], args, {
      lr: 1e-2,
      lr_decay: 0,
      eps: 1e-10,
      weight_decay: 0,
      initial_accumulator_value: 0,
      foreach: null,
      maximize: false,
    });
    checkNonNegative('learning rate', o.lr as number);
    checkNonNegative('lr_decay value', o.lr_decay as number);
    checkNonNegative('weight_decay value', o.weight_decay as number);
    checkNonNegative('initial_accumulator_value value', o.initial_accumulator_value as number);
    checkNonNegative('epsilon value', o.eps as number);
    super(params, o);
    // PyTorch creates Adagrad's state up front.
    for (const g of this.param_groups) {
      for (const p of g.params) {
        this.state.set(p, { step: 0, sum: K.full(p.shape, g.initial_accumulator_value as number, p.dtype) });
      }
    }
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    if (state.sum === undefined) state.sum = K.full(p.shape, group.initial_accumulator_value as number, p.dtype);
    const sum = (state.sum as Tensor)._data;
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const negClr = r(-(group.lr / (1 + (step - 1) * (group.lr_decay as number))));
    const eps = r(group.eps as number);
    const s = sign(group);
    for (let i = 0; i < param.length; i++) {
      let g = s * grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      sum[i] = r(sum[i] + r(g * g));
      const std = r(r(Math.sqrt(sum[i])) + eps);
      param[i] = r(param[i] + r(negClr * r(g / std)));
    }
  }
}

export interface AdadeltaOpts {
  lr?: number;
  rho?: number;
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Adadelta extends Optimizer {
  constructor(params: ParamsArg, opts?: AdadeltaOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('Adadelta', ['lr', 'rho', 'eps', 'weight_decay'], args, {
      lr: 1.0,
      rho: 0.9,
      eps: 1e-6,
      weight_decay: 0,
      maximize: false,
      foreach: null,
    });
    checkNonNegative('learning rate', o.lr as number);
    const rho = o.rho as number;
    if (!(rho >= 0 && rho <= 1)) throw new RangeError(`Invalid rho value: ${pyFloat(rho)}`);
    checkNonNegative('epsilon value', o.eps as number);
    checkNonNegative('weight_decay value', o.weight_decay as number);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const sq = buffer(state, 'square_avg', p);
    const acc = buffer(state, 'acc_delta', p);
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const rho = group.rho as number;
    const rhof = r(rho);
    const omr = r(1 - rho);
    const eps = r(group.eps as number);
    const negLr = r(-group.lr);
    const s = sign(group);
    for (let i = 0; i < param.length; i++) {
      let g = s * grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      sq[i] = r(r(sq[i] * rhof) + r(r(g * g) * omr));
      const std = r(Math.sqrt(r(sq[i] + eps)));
      const delta = r(r(r(Math.sqrt(r(acc[i] + eps))) / std) * g);
      acc[i] = r(r(acc[i] * rhof) + r(r(delta * delta) * omr));
      param[i] = r(param[i] + delta * negLr);
    }
  }
}

export interface AdamaxOpts {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Adamax extends ScalarStateOptimizer {
  protected readonly tensorScalars = ['step'];

  constructor(params: ParamsArg, opts?: AdamaxOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('Adamax', ['lr', 'betas', 'eps', 'weight_decay'], args, {
      lr: 2e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      foreach: null,
      maximize: false,
    });
    checkNonNegative('learning rate', o.lr as number);
    checkNonNegative('epsilon value', o.eps as number);
    checkBetas(o.betas as [number, number]);
    checkNonNegative('weight_decay value', o.weight_decay as number);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const m = buffer(state, 'exp_avg', p);
    const u = buffer(state, 'exp_inf', p);
    const [beta1, beta2] = group.betas as [number, number];
    const b1 = r(beta1);
    const omb1 = r(1 - beta1);
    const b2 = r(beta2);
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const eps = r(group.eps as number);
    const negClr = r(-(group.lr / (1 - Math.pow(beta1, step))));
    const s = sign(group);
    for (let i = 0; i < param.length; i++) {
      let g = s * grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      m[i] = r(r(m[i] * b1) + g * omb1);
      u[i] = Math.max(r(u[i] * b2), r(Math.abs(g) + eps));
      param[i] = r(param[i] + r(negClr * r(m[i] / u[i])));
    }
  }
}

export interface NAdamOpts {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  momentum_decay?: number;
  foreach?: boolean | null;
}

export class NAdam extends ScalarStateOptimizer {
  protected readonly tensorScalars = ['step', 'mu_product'];

  constructor(params: ParamsArg, opts?: NAdamOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('NAdam', ['lr', 'betas', 'eps', 'weight_decay', 'momentum_decay'], args, {
      lr: 2e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      momentum_decay: 4e-3,
      foreach: null,
    });
    checkNonNegative('learning rate', o.lr as number);
    checkNonNegative('epsilon value', o.eps as number);
    checkBetas(o.betas as [number, number]);
    checkNonNegative('weight_decay value', o.weight_decay as number);
    checkNonNegative('momentum_decay value', o.momentum_decay as number);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const f = Math.fround;
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const m = buffer(state, 'exp_avg', p);
    const v = buffer(state, 'exp_avg_sq', p);
    const [beta1, beta2] = group.betas as [number, number];
    const md = group.momentum_decay as number;
    const lr = group.lr;
    const bc2 = r(1 - Math.pow(beta2, step));
    const mu = beta1 * (1 - 0.5 * Math.pow(0.96, step * md));
    const muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * md));
    // mu_product is a float32 0-d tensor in PyTorch, whatever the parameters' dtype.
    const muProduct = f(((state.mu_product as number | undefined) ?? 1) * f(mu));
    state.mu_product = muProduct;
    const muProductNext = muProduct * muNext;
    const c1 = r((-lr * (1 - mu)) / (1 - muProduct));
    const c2 = r((-lr * muNext) / (1 - muProductNext));
    const b1 = r(beta1);
    const omb1 = r(1 - beta1);
    const b2 = r(beta2);
    const omb2 = r(1 - beta2);
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const eps = r(group.eps as number);
    for (let i = 0; i < param.length; i++) {
      let g = grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      m[i] = r(r(m[i] * b1) + g * omb1);
      v[i] = r(r(v[i] * b2) + r(r(g * g) * omb2));
      const denom = r(r(Math.sqrt(r(v[i] / bc2))) + eps);
      param[i] = r(param[i] + r(c1 * r(g / denom)));
      param[i] = r(param[i] + r(c2 * r(m[i] / denom)));
    }
  }
}

export interface RAdamOpts {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
}

export class RAdam extends ScalarStateOptimizer {
  protected readonly tensorScalars = ['step'];

  constructor(params: ParamsArg, opts?: RAdamOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('RAdam', ['lr', 'betas', 'eps', 'weight_decay'], args, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      foreach: null,
    });
    checkNonNegative('learning rate', o.lr as number);
    checkNonNegative('epsilon value', o.eps as number);
    checkBetas(o.betas as [number, number]);
    checkNonNegative('weight_decay value', o.weight_decay as number);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const m = buffer(state, 'exp_avg', p);
    const v = buffer(state, 'exp_avg_sq', p);
    const [beta1, beta2] = group.betas as [number, number];
    const lr = group.lr;
    const bc1 = r(1 - Math.pow(beta1, step));
    const bc2 = 1 - Math.pow(beta2, step);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * Math.pow(beta2, step)) / bc2;
    const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : null;
    const sqrtBc2 = r(Math.sqrt(bc2));
    const lrf = r(lr);
    const rectf = rect === null ? 0 : r(rect);
    const b1 = r(beta1);
    const omb1 = r(1 - beta1);
    const b2 = r(beta2);
    const omb2 = r(1 - beta2);
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const eps = r(group.eps as number);
    for (let i = 0; i < param.length; i++) {
      let g = grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      m[i] = r(r(m[i] * b1) + g * omb1);
      v[i] = r(r(v[i] * b2) + r(r(g * g) * omb2));
      const corrected = r(m[i] / bc1);
      if (rect !== null) {
        const adaptive = r(sqrtBc2 / r(r(Math.sqrt(v[i])) + eps));
        param[i] = r(param[i] - r(r(r(corrected * lrf) * adaptive) * rectf));
      } else {
        param[i] = r(param[i] - r(corrected * lrf));
      }
    }
  }
}

export interface ASGDOpts {
  lr?: number;
  lambd?: number;
  alpha?: number;
  t0?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}

export class ASGD extends ScalarStateOptimizer {
  protected readonly tensorScalars = ['step', 'eta', 'mu'];

  constructor(params: ParamsArg, opts?: ASGDOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('ASGD', ['lr', 'lambd', 'alpha', 't0', 'weight_decay'], args, {
      lr: 1e-2,
      lambd: 1e-4,
      alpha: 0.75,
      t0: 1e6,
      weight_decay: 0,
      foreach: null,
      maximize: false,
    });
    checkNonNegative('learning rate', o.lr as number);
    checkNonNegative('weight_decay value', o.weight_decay as number);
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    const f = Math.fround;
    const lr = group.lr;
    const lambd = group.lambd as number;
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    // eta and mu are float32 0-d tensors in PyTorch, whatever the parameters' dtype.
    const eta = (state.eta as number | undefined) ?? f(lr);
    const mu = (state.mu as number | undefined) ?? 1;
    const ax = buffer(state, 'ax', p);
    const wd = group.weight_decay as number;
    const wdf = r(wd);
    const decay = r(1 - lambd * eta);
    const negEta = r(-eta);
    const muf = r(mu);
    const s = sign(group);
    for (let i = 0; i < param.length; i++) {
      let g = s * grad[i];
      if (wd !== 0) g = r(g + param[i] * wdf);
      param[i] = r(param[i] * decay);
      param[i] = r(param[i] + g * negEta);
      ax[i] = mu !== 1 ? r(ax[i] + r(r(param[i] - ax[i]) * muf)) : param[i];
    }
    state.eta = f(lr / Math.pow(1 + lambd * lr * step, group.alpha as number));
    state.mu = f(1 / Math.max(1, step - (group.t0 as number)));
  }
}

export interface RpropOpts {
  lr?: number;
  etas?: [number, number];
  step_sizes?: [number, number];
  foreach?: boolean | null;
  maximize?: boolean;
}

export class Rprop extends Optimizer {
  constructor(params: ParamsArg, opts?: RpropOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions('Rprop', ['lr', 'etas', 'step_sizes'], args, {
      lr: 1e-2,
      etas: [0.5, 1.2],
      step_sizes: [1e-6, 50],
      foreach: null,
      maximize: false,
    });
    checkNonNegative('learning rate', o.lr as number);
    const [etaminus, etaplus] = o.etas as [number, number];
    if (!(etaminus > 0 && etaminus < 1 && etaplus > 1)) {
      throw new RangeError(`Invalid eta values: ${pyFloat(etaminus)}, ${pyFloat(etaplus)}`);
    }
    super(params, o);
  }

  protected _update(param: TypedArray, grad: TypedArray, state: ParamState, group: ParamGroup, p: Tensor): void {
    const r = rounding(p);
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const prev = buffer(state, 'prev', p);
    if (state.step_size === undefined) state.step_size = K.full(p.shape, group.lr, p.dtype);
    const size = (state.step_size as Tensor)._data;
    const [etaminus, etaplus] = (group.etas as [number, number]).map(r);
    const [lo, hi] = (group.step_sizes as [number, number]).map(r);
    const s = sign(group);
    for (let i = 0; i < param.length; i++) {
      let g = s * grad[i];
      const prod = g * prev[i];
      const factor = prod > 0 ? etaplus : prod < 0 ? etaminus : 1;
      size[i] = Math.min(Math.max(r(size[i] * factor), lo), hi);
      if (factor === etaminus) g = 0;
      param[i] = r(param[i] - r(Math.sign(g) * size[i]));
      prev[i] = g;
    }
  }
}
