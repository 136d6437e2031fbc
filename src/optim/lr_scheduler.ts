// Learning-rate schedulers. Constructing one performs the initial step (last_epoch 0), as in PyTorch.

import type { Optimizer } from './optimizer.js';

export abstract class LRScheduler {
  last_epoch: number;
  readonly base_lrs: number[];
  protected _last_lr: number[] = [];
  protected stepCount = 0;

  protected constructor(
    readonly optimizer: Optimizer,
    last_epoch = -1,
  ) {
    for (const g of optimizer.param_groups) if (g.initial_lr === undefined) g.initial_lr = g.lr;
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
    this.step();
  }

  /** The learning rates for the current epoch (chainable form, from the groups' current lr). */
  protected abstract get_lr(): number[];

  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  step(): void {
    this.stepCount++;
    this.last_epoch++;
    const lrs = this.get_lr();
    this.optimizer.param_groups.forEach((g, i) => (g.lr = lrs[i]));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  state_dict(): { last_epoch: number; base_lrs: number[]; _last_lr: number[]; _step_count: number } {
    return {
      last_epoch: this.last_epoch,
      base_lrs: [...this.base_lrs],
      _last_lr: [...this._last_lr],
      _step_count: this.stepCount,
    };
  }

  load_state_dict(sd: { last_epoch: number; _last_lr: number[]; _step_count: number }): void {
    this.last_epoch = sd.last_epoch;
    this._last_lr = [...sd._last_lr];
    this.stepCount = sd._step_count;
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
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0 || this.last_epoch % (this.step_size ?? 1) !== 0) return groups.map((g) => g.lr);
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
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const e = this.last_epoch;
    const T = this.T_max;
    const etaMin = this.eta_min ?? 0;
    if (e === 0) return groups.map((g) => g.lr);
    if ((e - 1 - T) % (2 * T) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i] - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - etaMin) + etaMin,
    );
  }
}
