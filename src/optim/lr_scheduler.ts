// Learning-rate schedulers (PyTorch 1.13's chainable forms). Constructing one performs the
// initial step (last_epoch 0), as in PyTorch.

import { Optimizer } from './optimizer.js';
import { emitWarning } from '../tensor/warn.js';
import { argTypeError, checkOptionsArg, jsTypeName, pyStr } from '../tensor/argcheck.js';

/** PyTorch's check of a scheduler's optimizer argument. */
function checkOptimizer(v: unknown): void {
  if (!(v instanceof Optimizer)) throw new TypeError(`${jsTypeName(v)} is not an Optimizer`);
}

/** Throws unless v is a number (or, with list, an array of numbers). */
function checkNumber(fn: string, name: string, pos: number, v: unknown, list = false): void {
  const ok = (x: unknown): boolean => typeof x === 'number';
  if (ok(v) || (list && Array.isArray(v) && v.every(ok))) return;
  throw argTypeError(fn, name, pos, list ? 'float or list of floats' : 'float', v);
}

export type SchedulerValue = number | boolean | string | number[] | SchedulerState | (SchedulerState | null)[];
export type SchedulerState = { [key: string]: SchedulerValue };

export abstract class LRScheduler {
  last_epoch: number;
  readonly base_lrs: number[];
  protected _last_lr: number[] = [];
  protected _step_count = 0;

  protected constructor(
    readonly optimizer: Optimizer,
    last_epoch = -1,
  ) {
    if (new.target === LRScheduler) {
      throw new TypeError("Can't instantiate abstract class LRScheduler with abstract method get_lr");
    }
    checkOptimizer(optimizer);
    checkNumber(new.target.name, 'last_epoch', 3, last_epoch);
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
  _initialStep(): void {
    this._step_count = 0;
    this.step();
  }

  /** The learning rates for the current epoch (chainable form, from the groups' current lr). */
  protected abstract get_lr(): number[];

  /** The learning rates at last_epoch computed from the base rates alone, where there is a formula. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  /**
   * Advances one epoch. step(epoch) (deprecated in PyTorch, which warns) jumps to that epoch,
   * through the closed form where the scheduler has one.
   */
  step(epoch?: number | null): void {
    if (epoch !== undefined && epoch !== null) {
      checkNumber(`${this.constructor.name}.step`, 'epoch', 1, epoch);
      emitWarning(EPOCH_DEPRECATION_WARNING, 'UserWarning');
      this._stepTo(epoch);
      return;
    }
    this._step_count++;
    this.last_epoch++;
    this._setLrs(this.get_lr());
  }

  /** step(epoch) without the warning (SequentialLR's restart of a scheduler at its milestone). */
  _stepTo(epoch: number): void {
    this._step_count++;
    this.last_epoch = epoch;
    this._setLrs(this.closedFormLr() ?? this.get_lr());
  }

  private _setLrs(lrs: number[]): void {
    this.optimizer.param_groups.forEach((g, i) => (g.lr = lrs[i]));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /** Every attribute but the optimizer (and functions), as PyTorch's state_dict() returns them. */
  state_dict(): SchedulerState {
    const out: SchedulerState = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer' || typeof v === 'function' || (typeof v === 'object' && v !== null && !Array.isArray(v)))
        continue;
      out[k] = Array.isArray(v) ? [...(v as number[])] : (v as number | boolean | string);
    }
    return out;
  }

  load_state_dict(sd: SchedulerState): void {
    if (sd === null || typeof sd !== 'object' || Array.isArray(sd)) {
      throw new TypeError(`load_state_dict(): argument 'state_dict' must be dict, not ${jsTypeName(sd)}`);
    }
    for (const [k, v] of Object.entries(sd)) {
      (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
  }
}

const EPOCH_DEPRECATION_WARNING =
  'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. ' +
  'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, ' +
  'the closed form is used instead of the new chainable form, where available. Please open an issue if you are ' +
  'unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';

/** Multiplies the learning rate by gamma every step_size epochs. */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    readonly step_size: number,
    readonly gamma = 0.1,
    last_epoch = -1,
  ) {
    super(optimizer, last_epoch);
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** Math.floor(this.last_epoch / this.step_size));
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
    this._initialStep();
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

  protected closedFormLr(): number[] {
    const e = this.last_epoch;
    return this.base_lrs.map(
      (b) => this.eta_min + ((b - this.eta_min) * (1 + Math.cos((Math.PI * e) / this.T_max))) / 2,
    );
  }
}

export type LrLambda = (epoch: number) => number;

/** Each group's lr is its base lr times lr_lambda(epoch) (one function, or one per group). */
export class LambdaLR extends LRScheduler {
  readonly lr_lambdas: LrLambda[];

  constructor(optimizer: Optimizer, lr_lambda: LrLambda | readonly LrLambda[], last_epoch = -1) {
    const fns = Array.isArray(lr_lambda) ? lr_lambda : [lr_lambda];
    if (!fns.every((f) => typeof f === 'function')) {
      throw argTypeError('LambdaLR', 'lr_lambda', 2, 'function or list of functions', lr_lambda);
    }
    super(optimizer, last_epoch);
    const n = optimizer.param_groups.length;
    if (Array.isArray(lr_lambda)) {
      if (lr_lambda.length !== n) throw new RangeError(`Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
      this.lr_lambdas = [...(lr_lambda as LrLambda[])];
    } else {
      this.lr_lambdas = new Array<LrLambda>(n).fill(lr_lambda as LrLambda);
    }
    this._initialStep();
  }

  protected get_lr(): number[] {
    return this.base_lrs.map((b, i) => b * this.lr_lambdas[i](this.last_epoch));
  }

  /** As PyTorch: the lambdas themselves are not saved (None for each). */
  state_dict(): SchedulerState {
    return { ...super.state_dict(), lr_lambdas: this.lr_lambdas.map(() => null) };
  }

  load_state_dict(sd: SchedulerState): void {
    const { lr_lambdas: _, ...rest } = sd;
    super.load_state_dict(rest);
  }
}

export interface LinearLROpts {
  start_factor?: number;
  end_factor?: number;
  total_iters?: number;
  last_epoch?: number;
}

/** Scales each lr linearly from start_factor to end_factor times its base over total_iters epochs. */
export class LinearLR extends LRScheduler {
  readonly start_factor: number;
  readonly end_factor: number;
  readonly total_iters: number;

  constructor(
    optimizer: Optimizer,
    start_factor: number | LinearLROpts = 1 / 3,
    end_factor = 1,
    total_iters = 5,
    last_epoch = -1,
  ) {
    checkOptionsArg('LinearLR', 2, typeof start_factor === 'number' ? undefined : start_factor);
    const o: LinearLROpts =
      typeof start_factor === 'object' ? start_factor : { start_factor, end_factor, total_iters, last_epoch };
    ['start_factor', 'end_factor', 'total_iters'].forEach((k, i) => {
      const v = o[k as keyof LinearLROpts];
      if (v !== undefined) checkNumber('LinearLR', k, i + 2, v);
    });
    const start = o.start_factor ?? 1 / 3;
    const end = o.end_factor ?? 1;
    if (start > 1 || start < 0) throw new RangeError('Starting multiplicative factor expected to be between 0 and 1.');
    if (end > 1 || end < 0) throw new RangeError('Ending multiplicative factor expected to be between 0 and 1.');
    super(optimizer, o.last_epoch ?? -1);
    this.start_factor = start;
    this.end_factor = end;
    this.total_iters = o.total_iters ?? 5;
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const [s, e, n] = [this.start_factor, this.end_factor, this.total_iters];
    if (this.last_epoch === 0) return groups.map((g) => g.lr * s);
    if (this.last_epoch > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (this.last_epoch - 1) * (e - s))));
  }

  protected closedFormLr(): number[] {
    const [s, e, n] = [this.start_factor, this.end_factor, this.total_iters];
    return this.base_lrs.map((b) => b * (s + ((e - s) * Math.min(n, this.last_epoch)) / n));
  }
}

/**
 * Runs schedulers one after another: schedulers[i] from milestones[i - 1] on, restarted at its
 * milestone (warm-up then cosine: [LinearLR, CosineAnnealingLR] with milestones [warmup]).
 */
export class SequentialLR extends LRScheduler {
  readonly _schedulers: LRScheduler[];
  readonly _milestones: number[];

  constructor(
    optimizer: Optimizer,
    schedulers: readonly LRScheduler[],
    milestones: readonly number[],
    last_epoch = -1,
  ) {
    checkOptimizer(optimizer);
    if (!Array.isArray(schedulers) || schedulers.length === 0 || !schedulers.every((x) => x instanceof LRScheduler)) {
      throw argTypeError('SequentialLR', 'schedulers', 2, 'non-empty list of LRSchedulers', schedulers);
    }
    if (!Array.isArray(milestones) || !milestones.every((m) => Number.isInteger(m))) {
      throw argTypeError('SequentialLR', 'milestones', 3, 'list of ints', milestones);
    }
    checkNumber('SequentialLR', 'last_epoch', 4, last_epoch);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new RangeError(
          'Sequential Schedulers expects all schedulers to belong to the same optimizer, but ' +
            `got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        'Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone ' +
          `points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    super(optimizer, -1);
    this._schedulers = [...schedulers];
    this._milestones = [...milestones];
    this.last_epoch = last_epoch + 1;
    for (const g of optimizer.param_groups) g.lr = g.initial_lr as number;
    for (const s of this._schedulers) s.last_epoch -= 1;
    this._schedulers[0]._initialStep();
    this._last_lr = this._schedulers[0].get_last_lr();
  }

  protected get_lr(): number[] {
    return this.get_last_lr();
  }

  step(): void {
    this.last_epoch++;
    // bisect_right(milestones, last_epoch)
    let idx = 0;
    while (idx < this._milestones.length && this._milestones[idx] <= this.last_epoch) idx++;
    const s = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) s._stepTo(0);
    else s.step();
    this._last_lr = s.get_last_lr();
  }

  state_dict(): SchedulerState {
    return { ...super.state_dict(), _schedulers: this._schedulers.map((s) => s.state_dict()) };
  }

  load_state_dict(sd: SchedulerState): void {
    const { _schedulers: subs, ...rest } = sd;
    super.load_state_dict(rest);
    (subs as SchedulerState[]).forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

export interface OneCycleLROpts {
  total_steps?: number | null;
  epochs?: number | null;
  steps_per_epoch?: number | null;
  pct_start?: number;
  anneal_strategy?: 'cos' | 'linear';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  div_factor?: number;
  final_div_factor?: number;
  three_phase?: boolean;
  last_epoch?: number;
}

interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

function perGroup(name: string, optimizer: Optimizer, v: number | readonly number[]): number[] {
  const n = optimizer.param_groups.length;
  if (Array.isArray(v)) {
    if (v.length !== n) throw new RangeError(`expected ${n} values for ${name}, got ${v.length}`);
    return [...(v as number[])];
  }
  return new Array<number>(n).fill(v as number);
}

/**
 * The 1cycle policy: lr rises from max_lr/div_factor to max_lr over pct_start of total_steps,
 * then anneals to initial_lr/final_div_factor (three_phase: back to initial_lr first); momentum (or
 * Adam's beta1) cycles inversely between max_momentum and base_momentum.
 */
export class OneCycleLR extends LRScheduler {
  readonly total_steps: number;
  readonly anneal_strategy: 'cos' | 'linear';
  readonly cycle_momentum: boolean;
  readonly use_beta1: boolean;
  readonly _schedule_phases: Phase[];

  constructor(optimizer: Optimizer, max_lr: number | readonly number[], opts: number | OneCycleLROpts = {}) {
    checkOptimizer(optimizer);
    checkNumber('OneCycleLR', 'max_lr', 2, max_lr, true);
    if (typeof opts !== 'number') checkOptionsArg('OneCycleLR', 3, opts);
    const o: OneCycleLROpts = typeof opts === 'number' ? { total_steps: opts } : opts;
    for (const k of [
      'total_steps',
      'epochs',
      'steps_per_epoch',
      'pct_start',
      'div_factor',
      'final_div_factor',
    ] as const) {
      if (o[k] != null) checkNumber('OneCycleLR', k, 3, o[k]);
    }
    const total = OneCycleLR.totalSteps(o);
    const pct = o.pct_start ?? 0.3;
    const phases: Phase[] = o.three_phase
      ? [
          {
            end_step: pct * total - 1,
            start_lr: 'initial_lr',
            end_lr: 'max_lr',
            start_momentum: 'max_momentum',
            end_momentum: 'base_momentum',
          },
          {
            end_step: 2 * pct * total - 2,
            start_lr: 'max_lr',
            end_lr: 'initial_lr',
            start_momentum: 'base_momentum',
            end_momentum: 'max_momentum',
          },
          {
            end_step: total - 1,
            start_lr: 'initial_lr',
            end_lr: 'min_lr',
            start_momentum: 'max_momentum',
            end_momentum: 'max_momentum',
          },
        ]
      : [
          {
            end_step: pct * total - 1,
            start_lr: 'initial_lr',
            end_lr: 'max_lr',
            start_momentum: 'max_momentum',
            end_momentum: 'base_momentum',
          },
          {
            end_step: total - 1,
            start_lr: 'max_lr',
            end_lr: 'min_lr',
            start_momentum: 'base_momentum',
            end_momentum: 'max_momentum',
          },
        ];
    if (pct < 0 || pct > 1) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    const strategy = o.anneal_strategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') {
      throw new RangeError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(strategy)}`);
    }
    const lastEpoch = o.last_epoch ?? -1;
    const maxLrs = perGroup('max_lr', optimizer, max_lr);
    if (lastEpoch === -1) {
      optimizer.param_groups.forEach((g, i) => {
        g.initial_lr = maxLrs[i] / (o.div_factor ?? 25);
        g.max_lr = maxLrs[i];
        g.min_lr = (g.initial_lr as number) / (o.final_div_factor ?? 1e4);
      });
    }
    const cycle = o.cycle_momentum ?? true;
    const useBeta1 = 'betas' in optimizer.defaults;
    if (cycle) {
      if (!('momentum' in optimizer.defaults) && !useBeta1) {
        throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      const maxM = perGroup('max_momentum', optimizer, o.max_momentum ?? 0.95);
      const baseM = perGroup('base_momentum', optimizer, o.base_momentum ?? 0.85);
      if (lastEpoch === -1) {
        optimizer.param_groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i], (g.betas as [number, number])[1]];
          else g.momentum = maxM[i];
          g.max_momentum = maxM[i];
          g.base_momentum = baseM[i];
        });
      }
    }
    super(optimizer, lastEpoch);
    this.total_steps = total;
    this._schedule_phases = phases;
    this.anneal_strategy = strategy;
    this.cycle_momentum = cycle;
    this.use_beta1 = useBeta1;
    this._initialStep();
  }

  private static totalSteps(o: OneCycleLROpts): number {
    const posInt = (v: number): boolean => Number.isInteger(v) && v > 0;
    if (o.total_steps == null && o.epochs == null && o.steps_per_epoch == null) {
      throw new RangeError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    }
    if (o.total_steps != null) {
      if (!posInt(o.total_steps))
        throw new RangeError(`Expected positive integer total_steps, but got ${o.total_steps}`);
      return o.total_steps;
    }
    if (o.epochs == null || !posInt(o.epochs)) {
      throw new RangeError(`Expected positive integer epochs, but got ${o.epochs ?? 'None'}`);
    }
    if (o.steps_per_epoch == null || !posInt(o.steps_per_epoch)) {
      throw new RangeError(`Expected positive integer steps_per_epoch, but got ${o.steps_per_epoch ?? 'None'}`);
    }
    return o.epochs * o.steps_per_epoch;
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.anneal_strategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected get_lr(): number[] {
    const step = this.last_epoch;
    if (step > this.total_steps) {
      throw new RangeError(
        `Tried to step ${step + 1} times. The specified number of total steps is ${this.total_steps}`,
      );
    }
    return this.optimizer.param_groups.map((g) => {
      let start = 0;
      const phases = this._schedule_phases;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i];
        if (step <= ph.end_step || i === phases.length - 1) {
          const pct = (step - start) / (ph.end_step - start);
          const lr = this.anneal(g[ph.start_lr] as number, g[ph.end_lr] as number, pct);
          if (this.cycle_momentum) {
            const m = this.anneal(g[ph.start_momentum] as number, g[ph.end_momentum] as number, pct);
            if (this.use_beta1) g.betas = [m, (g.betas as [number, number])[1]];
            else g.momentum = m;
          }
          return lr;
        }
        start = ph.end_step;
      }
      throw new Error('unreachable');
    });
  }
}

/**
 * PyTorch's scheduler arguments after the optimizer: positionally in `names` order, or (last) an
 * options object; unknown options are refused as Python refuses unknown keywords. `verbose`
 * (deprecated in PyTorch 2) is accepted and ignored.
 */
function schedulerArgs(
  cls: string,
  names: readonly string[],
  args: readonly unknown[],
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) continue;
    if (a !== null && typeof a === 'object' && !Array.isArray(a)) break;
    if (i >= names.length) throw new TypeError(`${cls}.__init__() takes at most ${names.length + 2} arguments`);
    out[names[i]] = a;
  }
  if (i < args.length) {
    const o = args[i];
    checkOptionsArg(cls, i + 2, o);
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (v === undefined || k === 'verbose') continue;
      if (!(k in defaults)) throw new TypeError(`${cls}.__init__() got an unexpected keyword argument '${k}'`);
      out[k] = v;
    }
  }
  for (const [k, v] of Object.entries(out)) {
    const numbers = Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (typeof defaults[k] === 'number' && typeof v !== 'number' && !numbers) {
      throw argTypeError(cls, k, names.indexOf(k) + 2, 'float', v);
    }
  }
  return out;
}

/** Multiplies the learning rate by gamma at each milestone (gamma^k when a milestone is listed k times). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: Map<number, number>;
  readonly gamma: number;

  constructor(optimizer: Optimizer, milestones: Iterable<number>, ...args: unknown[]) {
    checkOptimizer(optimizer);
    const ms =
      milestones !== null && typeof milestones === 'object' && Symbol.iterator in milestones ? [...milestones] : null;
    if (ms === null || !ms.every((m) => Number.isInteger(m))) {
      throw argTypeError('MultiStepLR', 'milestones', 2, 'list of ints', milestones);
    }
    const o = schedulerArgs('MultiStepLR', ['gamma', 'last_epoch'], args, { gamma: 0.1, last_epoch: -1 });
    super(optimizer, o.last_epoch as number);
    this.milestones = new Map();
    for (const m of ms) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = o.gamma as number;
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const k = this.milestones.get(this.last_epoch);
    if (k === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** k);
  }

  protected closedFormLr(): number[] {
    let n = 0;
    for (const [m, k] of this.milestones) if (m <= this.last_epoch) n += k;
    return this.base_lrs.map((b) => b * this.gamma ** n);
  }

  /** PyTorch saves milestones as a Counter: { milestone: count }. */
  state_dict(): SchedulerState {
    const counts: SchedulerState = {};
    for (const [m, k] of this.milestones) counts[String(m)] = k;
    return { ...super.state_dict(), milestones: counts };
  }

  load_state_dict(sd: SchedulerState): void {
    const { milestones, ...rest } = sd;
    super.load_state_dict(rest);
    if (milestones !== null && typeof milestones === 'object' && !Array.isArray(milestones)) {
      this.milestones.clear();
      for (const [m, k] of Object.entries(milestones)) this.milestones.set(Number(m), k as number);
    }
  }
}

/** Multiplies the learning rate by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, gamma: number | { gamma: number; last_epoch?: number }, last_epoch?: number) {
    checkOptimizer(optimizer);
    const o =
      typeof gamma === 'object' && gamma !== null
        ? schedulerArgs('ExponentialLR', ['gamma', 'last_epoch'], [gamma], { gamma: null, last_epoch: -1 })
        : schedulerArgs('ExponentialLR', ['gamma', 'last_epoch'], [gamma, last_epoch], { gamma: 0, last_epoch: -1 });
    checkNumber('ExponentialLR', 'gamma', 2, o.gamma);
    super(optimizer, o.last_epoch as number);
    this.gamma = o.gamma as number;
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** this.last_epoch);
  }
}

/** Scales the learning rate by factor until epoch total_iters, then restores it. */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly total_iters: number;

  constructor(optimizer: Optimizer, ...args: unknown[]) {
    checkOptimizer(optimizer);
    const o = schedulerArgs('ConstantLR', ['factor', 'total_iters', 'last_epoch'], args, {
      factor: 1 / 3,
      total_iters: 5,
      last_epoch: -1,
    });
    const factor = o.factor as number;
    if (factor > 1 || factor < 0) {
      throw new RangeError('Constant multiplicative factor expected to be between 0 and 1.');
    }
    super(optimizer, o.last_epoch as number);
    this.factor = factor;
    this.total_iters = o.total_iters as number;
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.last_epoch !== this.total_iters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }

  protected closedFormLr(): number[] {
    const done = this.last_epoch >= this.total_iters ? 1 : 0;
    return this.base_lrs.map((b) => b * (this.factor + done * (1 - this.factor)));
  }
}

/** Multiplies each group's lr by lr_lambda(epoch) every epoch after the first. */
export class MultiplicativeLR extends LRScheduler {
  readonly lr_lambdas: LrLambda[];

  constructor(optimizer: Optimizer, lr_lambda: LrLambda | readonly LrLambda[], ...args: unknown[]) {
    checkOptimizer(optimizer);
    const fns = Array.isArray(lr_lambda) ? lr_lambda : [lr_lambda];
    if (!fns.every((f) => typeof f === 'function')) {
      throw argTypeError('MultiplicativeLR', 'lr_lambda', 2, 'function or list of functions', lr_lambda);
    }
    const o = schedulerArgs('MultiplicativeLR', ['last_epoch'], args, { last_epoch: -1 });
    const n = optimizer.param_groups.length;
    if (Array.isArray(lr_lambda) && lr_lambda.length !== n) {
      throw new RangeError(`Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
    }
    super(optimizer, o.last_epoch as number);
    this.lr_lambdas = Array.isArray(lr_lambda)
      ? [...(lr_lambda as LrLambda[])]
      : new Array<LrLambda>(n).fill(lr_lambda as LrLambda);
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch > 0) return groups.map((g, i) => g.lr * this.lr_lambdas[i](this.last_epoch));
    return groups.map((g) => g.lr);
  }

  state_dict(): SchedulerState {
    return { ...super.state_dict(), lr_lambdas: this.lr_lambdas.map(() => null) };
  }

  load_state_dict(sd: SchedulerState): void {
    const { lr_lambdas: _, ...rest } = sd;
    super.load_state_dict(rest);
  }
}

/** Decays each lr by a polynomial of the given power to zero over total_iters epochs. */
export class PolynomialLR extends LRScheduler {
  readonly total_iters: number;
  readonly power: number;

  constructor(optimizer: Optimizer, ...args: unknown[]) {
    checkOptimizer(optimizer);
    const o = schedulerArgs('PolynomialLR', ['total_iters', 'power', 'last_epoch'], args, {
      total_iters: 5,
      power: 1.0,
      last_epoch: -1,
    });
    super(optimizer, o.last_epoch as number);
    this.total_iters = o.total_iters as number;
    this.power = o.power as number;
    this._initialStep();
  }

  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const [e, n] = [this.last_epoch, this.total_iters];
    if (e === 0 || e > n) return groups.map((g) => g.lr);
    const decay = ((1 - e / n) / (1 - (e - 1) / n)) ** this.power;
    return groups.map((g) => g.lr * decay);
  }

  protected closedFormLr(): number[] {
    const n = this.total_iters;
    return this.base_lrs.map((b) => b * (1 - Math.min(n, this.last_epoch) / n) ** this.power);
  }
}

/** SGDR: cosine annealing restarted every T_i epochs (T_i = T_0, then times T_mult after each restart). */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly T_0: number;
  T_i: number;
  readonly T_mult: number;
  readonly eta_min: number;
  T_cur: number;

  constructor(optimizer: Optimizer, T_0: number, ...args: unknown[]) {
    checkOptimizer(optimizer);
    const o = schedulerArgs('CosineAnnealingWarmRestarts', ['T_mult', 'eta_min', 'last_epoch'], args, {
      T_mult: 1,
      eta_min: 0,
      last_epoch: -1,
    });
    if (!Number.isInteger(T_0) || T_0 <= 0) {
      throw new RangeError(`Expected positive integer T_0, but got ${pyStr(T_0)}`);
    }
    const T_mult = o.T_mult as number;
    if (!Number.isInteger(T_mult) || T_mult < 1) {
      throw new RangeError(`Expected integer T_mult >= 1, but got ${pyStr(T_mult)}`);
    }
    super(optimizer, o.last_epoch as number);
    this.T_0 = T_0;
    this.T_i = T_0;
    this.T_mult = T_mult;
    this.eta_min = o.eta_min as number;
    this.T_cur = o.last_epoch as number;
    this._initialStep();
  }

  protected get_lr(): number[] {
    return this.base_lrs.map(
      (b) => this.eta_min + ((b - this.eta_min) * (1 + Math.cos((Math.PI * this.T_cur) / this.T_i))) / 2,
    );
  }

  /** step() advances one epoch; step(epoch) may be fractional (epoch + batch / iters), without a warning. */
  step(epoch?: number | null): void {
    if (epoch === null) epoch = undefined;
    if (epoch === undefined && this.last_epoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur += 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur -= this.T_i;
        this.T_i *= this.T_mult;
      }
    } else {
      checkNumber('CosineAnnealingWarmRestarts.step', 'epoch', 1, epoch);
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) {
          this.T_cur = epoch % this.T_0;
        } else {
          const n = Math.trunc(Math.log((epoch / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (this.T_mult ** n - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    const lrs = this.get_lr();
    this.optimizer.param_groups.forEach((g, i) => (g.lr = lrs[i]));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  _stepTo(epoch: number): void {
    this.step(epoch);
  }
}

export interface CyclicLROpts {
  step_size_up?: number;
  step_size_down?: number | null;
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  gamma?: number;
  scale_fn?: ((x: number) => number) | null;
  scale_mode?: 'cycle' | 'iterations';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  last_epoch?: number;
  verbose?: boolean;
}

/**
 * Cyclical learning rates: each lr cycles between base_lr and max_lr (triangular, triangular2
 * halving the amplitude each cycle, exp_range scaling it by gamma^iteration, or a custom
 * scale_fn); momentum (or Adam's beta1) cycles inversely.
 */
export class CyclicLR extends LRScheduler {
  readonly max_lrs: number[];
  readonly total_size: number;
  readonly step_ratio: number;
  readonly mode: string;
  readonly gamma: number;
  readonly scale_mode: string;
  readonly cycle_momentum: boolean;
  readonly use_beta1: boolean = false;
  base_momentums?: number[];
  max_momentums?: number[];
  private readonly _scale_fn: (x: number) => number;

  constructor(
    optimizer: Optimizer,
    base_lr: number | readonly number[],
    max_lr: number | readonly number[],
    ...args: unknown[]
  ) {
    checkOptimizer(optimizer);
    checkNumber('CyclicLR', 'base_lr', 2, base_lr, true);
    checkNumber('CyclicLR', 'max_lr', 3, max_lr, true);
    const names = [
      'step_size_up',
      'step_size_down',
      'mode',
      'gamma',
      'scale_fn',
      'scale_mode',
      'cycle_momentum',
      'base_momentum',
      'max_momentum',
      'last_epoch',
    ];
    const o = schedulerArgs('CyclicLR', names, args, {
      step_size_up: 2000,
      step_size_down: null,
      mode: 'triangular',
      gamma: 1.0,
      scale_fn: null,
      scale_mode: 'cycle',
      cycle_momentum: true,
      base_momentum: 0.8,
      max_momentum: 0.9,
      last_epoch: -1,
    });
    const lastEpoch = o.last_epoch as number;
    const baseLrs = perGroup('base_lr', optimizer, base_lr);
    if (lastEpoch === -1) optimizer.param_groups.forEach((g, i) => (g.lr = baseLrs[i]));
    const maxLrs = perGroup('max_lr', optimizer, max_lr);
    const up = o.step_size_up as number;
    const down = (o.step_size_down as number | null) ?? up;
    const mode = o.mode as string;
    const scaleFn = o.scale_fn as ((x: number) => number) | null;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) {
      throw new RangeError('mode is invalid and scale_fn is None');
    }
    const gamma = o.gamma as number;
    const cycle = o.cycle_momentum as boolean;
    const useBeta1 = 'betas' in optimizer.defaults;
    let baseMs: number[] | undefined;
    let maxMs: number[] | undefined;
    if (cycle) {
      if (!('momentum' in optimizer.defaults) && !useBeta1) {
        throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      const bm = perGroup('base_momentum', optimizer, o.base_momentum as number | number[]);
      if (lastEpoch === -1) {
        optimizer.param_groups.forEach((g, i) => {
          if (useBeta1) g.betas = [bm[i], (g.betas as [number, number])[1]];
          else g.momentum = bm[i];
        });
      }
      baseMs = optimizer.param_groups.map((g) =>
        useBeta1 ? (g.betas as [number, number])[0] : (g.momentum as number),
      );
      maxMs = perGroup('max_momentum', optimizer, o.max_momentum as number | number[]);
    }
    super(optimizer, lastEpoch);
    this.max_lrs = maxLrs;
    this.total_size = up + down;
    this.step_ratio = up / this.total_size;
    this.mode = mode;
    this.gamma = gamma;
    if (scaleFn !== null) {
      this._scale_fn = scaleFn;
      this.scale_mode = o.scale_mode as string;
    } else if (mode === 'triangular') {
      this._scale_fn = () => 1;
      this.scale_mode = 'cycle';
    } else if (mode === 'triangular2') {
      this._scale_fn = (x) => 1 / 2 ** (x - 1);
      this.scale_mode = 'cycle';
    } else {
      this._scale_fn = (x) => this.gamma ** x;
      this.scale_mode = 'iterations';
    }
    this.cycle_momentum = cycle;
    this.use_beta1 = useBeta1;
    this.base_momentums = baseMs;
    this.max_momentums = maxMs;
    this._initialStep();
    (this as { base_lrs: number[] }).base_lrs = baseLrs;
  }

  scale_fn(x: number): number {
    return this._scale_fn(x);
  }

  protected get_lr(): number[] {
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1 + this.last_epoch / this.total_size - cycle;
    const scale = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const s = this.scale_fn(this.scale_mode === 'cycle' ? cycle : this.last_epoch);
    const lrs = this.base_lrs.map((b, i) => b + (this.max_lrs[i] - b) * scale * s);
    if (this.cycle_momentum) {
      const baseMs = this.base_momentums as number[];
      const maxMs = this.max_momentums as number[];
      this.optimizer.param_groups.forEach((g, i) => {
        const m = maxMs[i] - (maxMs[i] - baseMs[i]) * scale * s;
        if (this.use_beta1) g.betas = [m, (g.betas as [number, number])[1]];
        else g.momentum = m;
      });
    }
    return lrs;
  }

  state_dict(): SchedulerState {
    const sd = super.state_dict();
    delete sd.use_beta1;
    if (!this.cycle_momentum) {
      delete sd.base_momentums;
      delete sd.max_momentums;
    }
    return sd;
  }
}

/** Steps several schedulers together every epoch (their factors multiply). */
export class ChainedScheduler extends LRScheduler {
  readonly _schedulers: LRScheduler[];

  constructor(schedulers: readonly LRScheduler[], optimizer?: Optimizer) {
    if (!Array.isArray(schedulers) || schedulers.length === 0 || !schedulers.every((x) => x instanceof LRScheduler)) {
      throw argTypeError('ChainedScheduler', 'schedulers', 1, 'non-empty list of LRSchedulers', schedulers);
    }
    const opt = optimizer ?? schedulers[0].optimizer;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== opt) {
        throw new RangeError(
          'ChainedScheduler expects all schedulers to belong to the same optimizer, but ' +
            `got schedulers at index 0 and ${i} to be different`,
        );
      }
    });
    super(opt, -1);
    this._schedulers = [...schedulers];
    this._last_lr = opt.param_groups.map((g) => g.lr);
  }

  protected get_lr(): number[] {
    return this.get_last_lr();
  }

  step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  state_dict(): SchedulerState {
    return { _last_lr: [...this._last_lr], _schedulers: this._schedulers.map((s) => s.state_dict()) };
  }

  load_state_dict(sd: SchedulerState): void {
    const { _schedulers: subs, ...rest } = sd;
    super.load_state_dict(rest);
    (subs as SchedulerState[]).forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

export interface ReduceLROnPlateauOpts {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  threshold_mode?: 'rel' | 'abs';
  cooldown?: number;
  min_lr?: number | number[];
  eps?: number;
  verbose?: boolean;
}

/**
 * Reduces each lr by factor once the metric passed to step(metric) has not improved (by threshold,
 * relative or absolute) for more than patience epochs; then waits cooldown epochs.
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  factor: number;
  min_lrs: number[];
  patience: number;
  cooldown: number;
  cooldown_counter = 0;
  mode: string;
  threshold: number;
  threshold_mode: string;
  best = Infinity;
  num_bad_epochs = 0;
  mode_worse = Infinity;
  eps: number;
  last_epoch = 0;
  protected _last_lr: number[];

  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs(
      'ReduceLROnPlateau',
      ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps'],
      args,
      {
        mode: 'min',
        factor: 0.1,
        patience: 10,
        threshold: 1e-4,
        threshold_mode: 'rel',
        cooldown: 0,
        min_lr: 0,
        eps: 1e-8,
      },
    );
    const factor = o.factor as number;
    if (factor >= 1) throw new RangeError('Factor should be < 1.0.');
    this.factor = factor;
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    const n = optimizer.param_groups.length;
    const minLr = o.min_lr as number | number[];
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new RangeError(`expected ${n} min_lrs, got ${minLr.length}`);
      this.min_lrs = [...minLr];
    } else {
      checkNumber('ReduceLROnPlateau', 'min_lr', 8, minLr, true);
      this.min_lrs = new Array<number>(n).fill(minLr);
    }
    this.patience = o.patience as number;
    this.cooldown = o.cooldown as number;
    this.mode = o.mode as string;
    this.threshold = o.threshold as number;
    this.threshold_mode = o.threshold_mode as string;
    this.eps = o.eps as number;
    this.initIsBetter();
    this.reset();
    this._last_lr = optimizer.param_groups.map((g) => g.lr);
  }

  private initIsBetter(): void {
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`mode ${pyStr(this.mode)} is unknown!`);
    if (this.threshold_mode !== 'rel' && this.threshold_mode !== 'abs') {
      throw new RangeError(`threshold mode ${pyStr(this.threshold_mode)} is unknown!`);
    }
    this.mode_worse = this.mode === 'min' ? Infinity : -Infinity;
  }

  private reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  is_better(a: number, best: number): boolean {
    const rel = this.threshold_mode === 'rel';
    if (this.mode === 'min') return rel ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return rel ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /** One epoch with its metric (a number or a one-element tensor). */
  step(metrics: number | { item(): unknown }, epoch?: number | null): void {
    const current =
      typeof metrics === 'number'
        ? metrics
        : metrics !== null && typeof metrics === 'object' && typeof metrics.item === 'function'
          ? Number(metrics.item())
          : NaN;
    if (typeof metrics !== 'number' && Number.isNaN(current)) {
      throw new TypeError(`float() argument must be a string or a real number, not '${jsTypeName(metrics)}'`);
    }
    if (epoch === undefined || epoch === null) epoch = this.last_epoch + 1;
    else {
      checkNumber('ReduceLROnPlateau.step', 'epoch', 2, epoch);
      emitWarning(EPOCH_DEPRECATION_WARNING, 'UserWarning');
    }
    this.last_epoch = epoch;
    if (this.is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this.optimizer.param_groups.forEach((g, i) => {
        const old = g.lr;
        const lr = Math.max(old * this.factor, this.min_lrs[i]);
        if (old - lr > this.eps) g.lr = lr;
      });
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  state_dict(): SchedulerState {
    const out: SchedulerState = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer') continue;
      out[k] = Array.isArray(v) ? [...(v as number[])] : (v as number | string);
    }
    return out;
  }

  load_state_dict(sd: SchedulerState): void {
    if (sd === null || typeof sd !== 'object' || Array.isArray(sd)) {
      throw new TypeError(`load_state_dict(): argument 'state_dict' must be dict, not ${jsTypeName(sd)}`);
    }
    for (const [k, v] of Object.entries(sd)) {
      (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
    this.initIsBetter();
  }
}
