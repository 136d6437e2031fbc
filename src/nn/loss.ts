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
import { legacyReduction } from '../ops/loss_composite.js';
import { Module } from './module.js';
import { checkCall } from '../ops/signature.js';

/** Each loss class's constructor options, as keyword-only parameters (checked as PyTorch checks them). */
const LOSS_OPTIONS: Record<string, string> = {
  MSELoss: "str reduction='mean'",
  L1Loss: "str reduction='mean'",
  BCELoss: "Tensor? weight=None, str reduction='mean'",
  BCEWithLogitsLoss: "Tensor? weight=None, str reduction='mean', Tensor? pos_weight=None",
  NLLLoss: "Tensor? weight=None, int ignore_index=-100, str reduction='mean'",
  CrossEntropyLoss: "Tensor? weight=None, int ignore_index=-100, str reduction='mean', float label_smoothing=0.0",
};

abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(opts?: { reduction?: Reduction }) {
    const name = new.target.name;
    checkCall(`${name}(*, ${LOSS_OPTIONS[name] ?? "str reduction='mean'"})`, [opts]);
    super();
    this.reduction = opts?.reduction ?? 'mean';
  }

  abstract forward(input: Tensor, target: Tensor): Tensor;
}

abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;

  constructor(opts?: { weight?: Tensor | null; reduction?: Reduction }) {
    super(opts);
    this.register_buffer('weight', opts?.weight ?? null);
  }
}

export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return mse_loss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor {
    return l1_loss(input, target, { reduction: this.reduction });
  }
}

export interface NLLLossOpts {
  weight?: Tensor | null;
  ignore_index?: number;
  reduction?: Reduction;
}

export class NLLLoss extends WeightedLoss {
  readonly ignore_index: number;

  constructor(opts?: NLLLossOpts) {
    super(opts);
    this.ignore_index = opts?.ignore_index ?? -100;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends WeightedLoss {
  readonly ignore_index: number;
  readonly label_smoothing: number;

  constructor(opts?: NLLLossOpts & { label_smoothing?: number }) {
    super(opts);
    this.ignore_index = opts?.ignore_index ?? -100;
    this.label_smoothing = opts?.label_smoothing ?? 0;
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
  forward(input: Tensor, target: Tensor): Tensor {
    return binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export class BCEWithLogitsLoss extends WeightedLoss {
  declare pos_weight: Tensor | null;

  constructor(opts?: { weight?: Tensor | null; pos_weight?: Tensor | null; reduction?: Reduction }) {
    super(opts);
    this.register_buffer('pos_weight', opts?.pos_weight ?? null);
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

type Legacy = boolean | null;

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
