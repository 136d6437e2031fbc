// Loss modules: thin wrappers over nn.functional, called with .forward(input, target). Class
// weights are buffers (they appear in state_dict), as in PyTorch's _WeightedLoss.

import type { Tensor } from '../tensor/tensor.js';
import type { Reduction } from '../ops/loss.js';
import {
  binary_cross_entropy,
  binary_cross_entropy_with_logits,
  cross_entropy,
  huber_loss,
  kl_div,
  l1_loss,
  mse_loss,
  nll_loss,
  smooth_l1_loss,
  soft_margin_loss,
} from '../api/functional.js';
import type { CallArgs } from '../ops/declare.js';
import { legacyReduction } from '../ops/loss.js';
import { Module } from './module.js';
import { checkCall } from '../ops/signature.js';

type Legacy = boolean | null;
const LEGACY = 'bool? size_average=None, bool? reduce=None';

/**
 * Each loss class's constructor signature, PyTorch's: every parameter may be given in position or
 * in the options object, and the deprecated size_average/reduce decide the reduction when given.
 */
const LOSS_SIGNATURES: Record<string, string> = {
  MSELoss: `${LEGACY}, str reduction='mean'`,
  L1Loss: `${LEGACY}, str reduction='mean'`,
  BCELoss: `Tensor? weight=None, ${LEGACY}, str reduction='mean'`,
  BCEWithLogitsLoss: `Tensor? weight=None, ${LEGACY}, str reduction='mean', Tensor? pos_weight=None`,
  NLLLoss:
    "Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, str reduction='mean'",
  CrossEntropyLoss:
    "Tensor? weight=None, bool? size_average=None, int ignore_index=-100, bool? reduce=None, str reduction='mean', float label_smoothing=0.0",
};

/** The bound constructor call as {parameter name: value} (absent ones undefined). */
function bindLoss(name: string, args: readonly unknown[]): Record<string, unknown> {
  const sig = LOSS_SIGNATURES[name];
  const bound = checkCall(`${name}(${sig})`, args);
  const names = sig.split(', ').map((p) => p.split(' ')[1].split('=')[0]);
  return Object.fromEntries(names.map((n, i) => [n, bound[i]]));
}

abstract class Loss extends Module {
  readonly reduction: Reduction;
  /** The constructor's arguments by name, for the subclasses. */
  protected readonly bound: Record<string, unknown>;

  constructor(...args: unknown[]) {
    const bound = bindLoss(new.target.name, args);
    super();
    this.bound = bound;
    this.reduction =
      legacyReduction(bound.size_average as Legacy, bound.reduce as Legacy, bound.reduction as Reduction) ?? 'mean';
  }

  abstract forward(input: Tensor, target: Tensor): Tensor;
}

abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;

  constructor(...args: unknown[]) {
    super(...args);
    this.register_buffer('weight', (this.bound.weight as Tensor | null | undefined) ?? null);
  }
}

type LegacyArgs = [size_average?: Legacy, reduce?: Legacy, reduction?: Reduction];

export class MSELoss extends Loss {
  constructor(...args: CallArgs<LegacyArgs>) {
    super(...args);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mse_loss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends Loss {
  constructor(...args: CallArgs<LegacyArgs>) {
    super(...args);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1_loss(input, target, { reduction: this.reduction });
  }
}

export interface NLLLossOpts {
  weight?: Tensor | null;
  ignore_index?: number;
  reduction?: Reduction;
}

type NLLArgs = [
  weight?: Tensor | null,
  size_average?: Legacy,
  ignore_index?: number,
  reduce?: Legacy,
  reduction?: Reduction,
];

export class NLLLoss extends WeightedLoss {
  readonly ignore_index: number;

  constructor(...args: CallArgs<NLLArgs>) {
    super(...args);
    this.ignore_index = (this.bound.ignore_index as number | undefined) ?? -100;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends WeightedLoss {
  readonly ignore_index: number;
  readonly label_smoothing: number;

  constructor(...args: CallArgs<[...NLLArgs, label_smoothing?: number]>) {
    super(...args);
    this.ignore_index = (this.bound.ignore_index as number | undefined) ?? -100;
    this.label_smoothing = (this.bound.label_smoothing as number | undefined) ?? 0;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return cross_entropy(input, target, {
      weight: this.weight,
      ignore_index: this.ignore_index,
      reduction: this.reduction,
      label_smoothing: this.label_smoothing,
    });
  }
}

export class BCELoss extends WeightedLoss {
  constructor(...args: CallArgs<[weight?: Tensor | null, ...LegacyArgs]>) {
    super(...args);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export class BCEWithLogitsLoss extends WeightedLoss {
  declare pos_weight: Tensor | null;

  constructor(...args: CallArgs<[weight?: Tensor | null, ...LegacyArgs, pos_weight?: Tensor | null]>) {
    super(...args);
    this.register_buffer('pos_weight', (this.bound.pos_weight as Tensor | null | undefined) ?? null);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy_with_logits(input, target, {
      weight: this.weight,
      pos_weight: this.pos_weight,
      reduction: this.reduction,
    });
  }
}

// ---------------------------------------------------------------- losses taking PyTorch's positional parameters
// (size_average, reduce, reduction, ...), as their constructors do.

export class SmoothL1Loss extends Module {
  readonly reduction: Reduction;
  readonly beta: number;

  constructor(...args: CallArgs<[size_average?: Legacy, reduce?: Legacy, reduction?: Reduction, beta?: number]>) {
    const [size_average, reduce, reduction, beta] = checkCall(
      "SmoothL1Loss(bool? size_average=None, bool? reduce=None, str reduction='mean', float beta=1.0)",
      args,
    );
    super();
    this.reduction = legacyReduction(size_average as Legacy, reduce as Legacy, reduction as Reduction) ?? 'mean';
    this.beta = (beta as number | undefined) ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class HuberLoss extends Module {
  readonly reduction: Reduction;
  readonly delta: number;

  constructor(...args: CallArgs<[reduction?: Reduction, delta?: number]>) {
    const [reduction, delta] = checkCall("HuberLoss(str reduction='mean', float delta=1.0)", args);
    super();
    this.reduction = (reduction as Reduction | undefined) ?? 'mean';
    this.delta = (delta as number | undefined) ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return huber_loss(input, target, this.reduction, this.delta);
  }
}

export class KLDivLoss extends Module {
  readonly reduction: Reduction | 'batchmean';
  readonly log_target: boolean;

  constructor(
    ...args: CallArgs<
      [size_average?: Legacy, reduce?: Legacy, reduction?: Reduction | 'batchmean', log_target?: boolean]
    >
  ) {
    const [size_average, reduce, reduction, log_target] = checkCall(
      "KLDivLoss(bool? size_average=None, bool? reduce=None, str reduction='mean', bool log_target=False)",
      args,
    );
    super();
    this.reduction =
      legacyReduction(size_average as Legacy, reduce as Legacy, reduction as Reduction | 'batchmean') ?? 'mean';
    this.log_target = (log_target as boolean | undefined) ?? false;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

export class SoftMarginLoss extends Module {
  readonly reduction: Reduction;

  constructor(...args: CallArgs<[size_average?: Legacy, reduce?: Legacy, reduction?: Reduction]>) {
    const [size_average, reduce, reduction] = checkCall(
      "SoftMarginLoss(bool? size_average=None, bool? reduce=None, str reduction='mean')",
      args,
    );
    super();
    this.reduction = legacyReduction(size_average as Legacy, reduce as Legacy, reduction as Reduction) ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return soft_margin_loss(input, target, { reduction: this.reduction });
  }
}
