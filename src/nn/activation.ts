// Activation and regularisation modules: each is its nn.functional counterpart as a Module.

import type { Tensor } from '../tensor/tensor.js';
import { dropout, gelu, log_softmax, relu, sigmoid, silu, softmax, tanh } from '../api/functional.js';
import { flatten } from '../api/shape.js';
import { Module } from './module.js';
import { checkCall } from '../ops/signature.js';
import { pyFloat } from '../tensor/format.js';

/** A constructor's lone argument given positionally or as PyTorch's keyword in an options object. */
function option<T>(v: T | Record<string, T | undefined> | undefined, key: string, fallback: T): T {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return ((v as Record<string, T | undefined>)[key] ?? fallback) as T;
  }
  return (v ?? fallback) as T;
}

export class ReLU extends Module {
  readonly inplace: boolean;

  constructor(inplace?: boolean | { inplace?: boolean }) {
    checkCall('ReLU(bool inplace=False)', [inplace]);
    super();
    this.inplace = option(inplace, 'inplace', false);
  }

  forward(input: Tensor): Tensor {
    return relu(input, this.inplace);
  }

  extra_repr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class GELU extends Module {
  readonly approximate: string;

  constructor(approximate?: string | { approximate?: string }) {
    checkCall("GELU(str approximate='none')", [approximate]);
    super();
    this.approximate = option(approximate, 'approximate', 'none');
  }

  forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }

  extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  forward(input: Tensor): Tensor {
    return silu(input);
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

export class Softmax extends Module {
  readonly dim: number | null;

  constructor(dim?: number | null | { dim?: number | null }) {
    checkCall('Softmax(int? dim=None)', [dim]);
    super();
    this.dim = option<number | null>(dim, 'dim', null);
  }

  forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }

  extra_repr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

export class LogSoftmax extends Module {
  readonly dim: number | null;

  constructor(dim?: number | null | { dim?: number | null }) {
    checkCall('LogSoftmax(int? dim=None)', [dim]);
    super();
    this.dim = option<number | null>(dim, 'dim', null);
  }

  forward(input: Tensor): Tensor {
    return log_softmax(input, this.dim);
  }

  extra_repr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** Zeroes elements with probability p in training (scaling the rest by 1/(1-p)); identity in eval. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p?: number | { p?: number; inplace?: boolean }, inplace?: boolean) {
    checkCall('Dropout(float p=0.5, bool inplace=False)', [p, inplace]);
    super();
    this.p = typeof p === 'object' ? (p.p ?? 0.5) : (p ?? 0.5);
    this.inplace = typeof p === 'object' ? (p.inplace ?? false) : (inplace ?? false);
    if (!(this.p >= 0 && this.p <= 1)) {
      throw new RangeError(`dropout probability has to be between 0 and 1, but got ${pyFloat(this.p)}`);
    }
  }

  forward(input: Tensor): Tensor {
    return dropout(input, this.p, { training: this.training, inplace: this.inplace });
  }

  extra_repr(): string {
    // Python prints p as given; JavaScript cannot tell 0 from 0.0, so integers print as ints.
    const p = Number.isInteger(this.p) ? String(this.p) : pyFloat(this.p);
    return `p=${p}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}

export class Flatten extends Module {
  readonly start_dim: number;
  readonly end_dim: number;

  constructor(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number) {
    checkCall('Flatten(int start_dim=1, int end_dim=-1)', [start_dim, end_dim]);
    super();
    this.start_dim = option(start_dim, 'start_dim', 1);
    this.end_dim = typeof start_dim === 'object' ? (start_dim.end_dim ?? -1) : (end_dim ?? -1);
  }

  forward(input: Tensor): Tensor {
    return flatten(input, this.start_dim, this.end_dim);
  }

  extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}
