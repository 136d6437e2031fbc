// Learning-rate schedulers (PyTorch 1.13's chainable forms). Constructing one performs the
// initial step (last_epoch 0), as in PyTorch.

import type { Optimizer } from './optimizer.js';

export type SchedulerState = Record<string, number | boolean | number[]>;

export abstract class LRScheduler {
  last_epoch: number;
  readonly base_lrs: number[];
  protected _last_lr: number[] = [];
  protected _step_count = 0;

  protected constructor(
    readonly optimizer: Optimizer,
    last_epoch = -1,
  ) {
    optimizer.param_groups.forEach((g, i) => {
      if (last_epoch === -1) {
        g.initial_lr ??= g.lr;
      } else if (g.initial_lr === undefined) {
        throw new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      }
    });
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
  }

  /** Subclasses call this at the end of their constructor (PyTorch's _initial_step). */
  protected initialStep(): void {
    this.step();
  }

  /** The learning rates for the current epoch (chainable form, from the groups' current lr). */
  protected abstract get_lr(): number[];

  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  step(): void {
    this._step_count++;
    this.last_epoch++;
    const lrs = this.get_lr();
    this.optimizer.param_groups.forEach((g, i) => (g.lr = lrs[i]));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /** Every attribute but the optimizer, as PyTorch's state_dict() returns them. */
  state_dict(): SchedulerState {
    const out: SchedulerState = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer') continue;
      out[k] = Array.isArray(v) ? [...(v as number[])] : (v as number | boolean);
    }
    return out;
  }

  load_state_dict(sd: SchedulerState): void {
    for (const [k, v] of Object.entries(sd)) {
      (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
  }
}

/** Multiplies the learning rate by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly step_size: number,
    readonly gamma = 0.1,
    last_epoch = -1,
  ) {
    super(optimizer, last_epoch);
    this.initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
}

/** Cosine annealing from each base lr down to eta_min over T_max epochs. */
export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly T_max: number,
    readonly eta_min = 0,
    last_epoch = -1,
  ) {
    super(optimizer, last_epoch);
    this.initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const e = this.last_epoch;
    const T = this.T_max;
    const etaMin = this.eta_min;
    if (e === 0) return groups.map((g) => g.lr);
    if (this._step_count === 1 && e > 0) {
      return this.base_lrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    if ((e - 1 - T) % (2 * T) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i] - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - etaMin) + etaMin,
    );
  }
}
