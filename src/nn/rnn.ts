// Recurrent layers: nn.RNN, nn.LSTM, nn.GRU and their cells (PyTorch 1.13's torch/nn/modules/rnn.py).
//
// Each layer is composed from recorded tensor ops (linear, sigmoid, tanh, chunk, stack, cat), so
// autograd, double precision and both backends come for free. The arithmetic follows ATen's CPU
// path (aten/src/ATen/native/RNN.cpp): the input projection x W_ih^T + b_ih of a whole layer is one
// matmul before the time loop; each step adds the hidden projection h W_hh^T + b_hh to it. Gate
// order is PyTorch's: LSTM (i, f, g, o), GRU (r, z, n) with b_hn inside r * (...).
//
// A PackedSequence input (torch.nn.utils.rnn) runs ATen's packed layers (PackedLayer /
// ReversedPackedLayer): per time step only the first batch_sizes[t] rows advance; each sequence's
// final state is the one after its last valid step; the initial state is permuted by
// sorted_indices and the final one back by unsorted_indices, as PyTorch's permute_hidden.

import { Tensor } from '../tensor/tensor.js';
import { get_default_dtype, toDType, type DType } from '../tensor/dtype.js';
import { checkAllocation } from '../tensor/alloc.js';
import { empty, zeros } from '../tensor/creation.js';
import { dropout, linear, relu, sigmoid, tanh } from '../api/functional.js';
import { cat, stack } from '../api/torch.js';
import { Module } from './module.js';
import { checkCall } from '../ops/signature.js';
import { Parameter } from './parameter.js';
import { pyBool, pyFloat } from '../tensor/format.js';
import { emitWarning } from '../tensor/warn.js';
import * as init from './init.js';
import { PackedSequence, checkBatchSizes } from './utils/rnn.js';

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** One layer-direction's weights (null where bias=False or there is no projection). */
interface CellWeights {
  w_ih: Tensor;
  w_hh: Tensor;
  b_ih: Tensor | null;
  b_hh: Tensor | null;
  w_hr: Tensor | null;
}

export interface RNNOpts {
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  dtype?: DType;
}

/** The trailing options object of a constructor call, if there is one. */
function optionsOf(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  return last !== null && typeof last === 'object' && !Array.isArray(last) ? (last as Record<string, unknown>) : {};
}

/** (h_0, c_0) must be two tensors. */
function checkPair(fn: string, hx: readonly Tensor[] | null | undefined): void {
  if (hx && hx.length !== 2) {
    throw new TypeError(`${fn}(): argument 'hx' must be a tuple of 2 Tensors (h_0, c_0), but got ${hx.length}`);
  }
}

/** A shape as Python prints a tuple: (1, 3, 20). */
function pyTuple(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * One step of a cell: the new hidden (and cell) state from the input projection `gi` (x W_ih^T +
 * b_ih, already computed) and the previous state.
 */
function cellStep(mode: Mode, gi: Tensor, h: Tensor, c: Tensor | null, w: CellWeights): [Tensor, Tensor | null] {
  const gh = linear(h, w.w_hh, w.b_hh);
  switch (mode) {
    case 'RNN_TANH':
      return [tanh(gh.add(gi)), null];
    case 'RNN_RELU':
      return [relu(gh.add(gi)), null];
    case 'LSTM': {
      const [i, f, g, o] = gh.add(gi).chunk(4, 1);
      const cy = sigmoid(f)
        .mul(c as Tensor)
        .add(sigmoid(i).mul(tanh(g)));
      let hy = sigmoid(o).mul(tanh(cy));
      if (w.w_hr) hy = linear(hy, w.w_hr, null);
      return [hy, cy];
    }
    case 'GRU': {
      const [ir, iz, inn] = gi.chunk(3, 1);
      const [hr, hz, hn] = gh.chunk(3, 1);
      const r = sigmoid(hr.add(ir));
      const z = sigmoid(hz.add(iz));
      const n = tanh(inn.add(hn.mul(r)));
      return [h.sub(n).mul(z).add(n), null];
    }
  }
}

/** One direction of one layer over a [T, B, in] sequence: outputs [T, B, H] and the final state. */
function runDirection(
  mode: Mode,
  x: Tensor,
  h0: Tensor,
  c0: Tensor | null,
  w: CellWeights,
  reverse: boolean,
): [Tensor, Tensor, Tensor | null] {
  const steps = x.size(0);
  // One UnbindBackward0 node gathers the per-step gradients (select would add a full-size zero tensor per step).
  const gi = linear(x, w.w_ih, w.b_ih).unbind(0);
  let h = h0;
  let c = c0;
  const outs: Tensor[] = new Array<Tensor>(steps);
  for (let s = 0; s < steps; s++) {
    const t = reverse ? steps - 1 - s : s;
    [h, c] = cellStep(mode, gi[t], h, c, w);
    outs[t] = h;
  }
  return [stack(outs, 0), h, c];
}

/** A state (h, and c for LSTM) restricted to rows [start, start + length). */
function rows(h: Tensor, c: Tensor | null, start: number, length: number): [Tensor, Tensor | null] {
  return [h.narrow(0, start, length), c ? c.narrow(0, start, length) : null];
}

/**
 * One direction of one layer over packed rows `x` [N, in] (ATen's PackedLayer, or
 * ReversedPackedLayer when `reverse`): the packed outputs [N, H] and the final state of every
 * sequence, longest first.
 */
function runPackedDirection(
  mode: Mode,
  x: Tensor,
  batchSizes: readonly number[],
  h0: Tensor,
  c0: Tensor | null,
  w: CellWeights,
  reverse: boolean,
): [Tensor, Tensor, Tensor | null] {
  const steps = batchSizes.length;
  // The input projection of every row at once, then one SplitWithSizesBackward0 node for the steps.
  const gi = linear(x, w.w_ih, w.b_ih).split(batchSizes as number[], 0);
  const outs: Tensor[] = new Array<Tensor>(steps);
  if (!reverse) {
    // Sequences end (longest last): their final states are set aside as the batch shrinks.
    let h = h0;
    let c = c0;
    const endH: Tensor[] = [];
    const endC: Tensor[] = [];
    let last = batchSizes[0];
    for (let t = 0; t < steps; t++) {
      const b = batchSizes[t];
      if (b < last) {
        const [eh, ec] = rows(h, c, b, last - b);
        endH.push(eh);
        if (ec) endC.push(ec);
        [h, c] = rows(h, c, 0, b);
      }
      last = b;
      [h, c] = cellStep(mode, gi[t], h, c, w);
      outs[t] = h;
    }
    endH.push(h);
    if (c) endC.push(c);
    endH.reverse();
    endC.reverse();
    return [
      cat(outs, 0),
      endH.length === 1 ? endH[0] : cat(endH, 0),
      c ? (endC.length === 1 ? endC[0] : cat(endC, 0)) : null,
    ];
  }
  // Backwards from the last step: sequences join (from their initial state) as the batch grows.
  let last = batchSizes[steps - 1];
  let [h, c] = rows(h0, c0, 0, last);
  for (let t = steps - 1; t >= 0; t--) {
    const b = batchSizes[t];
    if (b > last) {
      const [jh, jc] = rows(h0, c0, last, b - last);
      h = cat([h, jh], 0);
      if (c) c = cat([c, jc as Tensor], 0);
    }
    last = b;
    [h, c] = cellStep(mode, gi[t], h, c, w);
    outs[t] = h;
  }
  return [cat(outs, 0), h, c];
}

export abstract class RNNBase extends Module {
  /** weight_ih_l0, weight_hh_l0_reverse, weight_hr_l1, ... (registered per layer and direction). */
  [weight: `weight_${string}`]: Parameter;
  /** bias_ih_l0, bias_hh_l0_reverse, ... (absent when bias=False). */
  [bias: `bias_${string}`]: Parameter | undefined;
  readonly mode: Mode;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly proj_size: number;
  /** Parameter names per layer and direction, in registration order (PyTorch's _all_weights). */
  readonly _all_weights: string[][] = [];

  protected constructor(mode: Mode, bound: unknown[], proj_size = 0, dtype?: DType) {
    super();
    // Only RNN, LSTM and GRU construct it (with their bound call); the base itself is abstract here.
    if (new.target === RNNBase) throw new TypeError("Can't instantiate abstract class RNNBase: use RNN, LSTM or GRU");
    // The bound call: the positional parameters, then (when given) the keyword-only options object.
    const pos = bound.map((v) => (typeof v === 'object' ? undefined : v));
    const [input_size, hidden_size, num_layers, bias, batch_first, drop, bidirectional] = pos as [
      number,
      number,
      number?,
      boolean?,
      boolean?,
      number?,
      boolean?,
    ];
    this.mode = mode;
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = num_layers ?? 1;
    this.bias = bias ?? true;
    this.batch_first = batch_first ?? false;
    this.dropout = drop ?? 0;
    this.bidirectional = bidirectional ?? false;
    this.proj_size = proj_size;
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new RangeError(
        'dropout should be a number in range [0, 1] representing the probability of an element being zeroed',
      );
    }
    if (this.dropout > 0 && this.num_layers === 1) {
      emitWarning(
        'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects ' +
          `num_layers greater than 1, but got dropout=${pyFloat(this.dropout)} and num_layers=${this.num_layers}`,
        'UserWarning',
      );
    }
    if (proj_size < 0) throw new RangeError('proj_size should be a positive integer or zero to disable projections');
    if (proj_size >= hidden_size) throw new RangeError('proj_size has to be smaller than hidden_size');
    if (hidden_size <= 0) throw new RangeError('hidden_size must be greater than zero');
    if (this.num_layers <= 0) throw new RangeError('num_layers must be greater than zero');

    const gate = (mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1) * hidden_size;
    const real = proj_size > 0 ? proj_size : hidden_size;
    const dirs = this.bidirectional ? 2 : 1;
    const self = this as unknown as Record<string, Parameter>;
    const paramsOf = (layer: number, d: number): [string, number[]][] => {
      const inSize = layer === 0 ? input_size : real * dirs;
      const sfx = `_l${layer}${d === 1 ? '_reverse' : ''}`;
      const params: [string, number[]][] = [
        [`weight_ih${sfx}`, [gate, inSize]],
        [`weight_hh${sfx}`, [gate, real]],
      ];
      if (this.bias) params.push([`bias_ih${sfx}`, [gate]], [`bias_hh${sfx}`, [gate]]);
      if (proj_size > 0) params.push([`weight_hr${sfx}`, [proj_size, hidden_size]]);
      return params;
    };
    // Sizes that cannot be allocated fail first, as PyTorch's first failing weight does, and before
    // num_layers loops run: each distinct weight shape, then all of them together.
    const kinds = this.num_layers > 1 ? [paramsOf(0, 0), paramsOf(1, 0)] : [paramsOf(0, 0)];
    // dtype may be given by name ({ dtype: 'float64' }), as everywhere a dtype is taken.
    const itemType = dtype === undefined || dtype === null ? get_default_dtype() : toDType(dtype);
    for (const params of kinds) for (const [, shape] of params) checkAllocation(itemType, shape);
    const count = (params: [string, number[]][]): number =>
      params.reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
    const total = dirs * (count(kinds[0]) + (this.num_layers - 1) * count(kinds[kinds.length - 1]));
    checkAllocation(itemType, [total]);
    for (let layer = 0; layer < this.num_layers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const params = paramsOf(layer, d);
        for (const [name, shape] of params) self[name] = new Parameter(empty(shape, { dtype }));
        this._all_weights.push(params.map(([name]) => name));
      }
    }
    this.reset_parameters();
  }

  /** Every weight from U(-1/√hidden_size, 1/√hidden_size), in registration order. */
  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  /** PyTorch compacts the weights for cuDNN here; on the CPU there is nothing to do. */
  flatten_parameters(): void {}

  /** The parameters of each layer-direction, as PyTorch's all_weights property. */
  get all_weights(): Parameter[][] {
    const self = this as unknown as Record<string, Parameter>;
    return this._all_weights.map((names) => names.map((n) => self[n]));
  }

  private _weightsOf(layer: number, d: number): CellWeights {
    const self = this as unknown as Record<string, Tensor | null | undefined>;
    const sfx = `_l${layer}${d === 1 ? '_reverse' : ''}`;
    return {
      w_ih: self[`weight_ih${sfx}`] as Tensor,
      w_hh: self[`weight_hh${sfx}`] as Tensor,
      b_ih: self[`bias_ih${sfx}`] ?? null,
      b_hh: self[`bias_hh${sfx}`] ?? null,
      w_hr: self[`weight_hr${sfx}`] ?? null,
    };
  }

  protected _checkInput(input: Tensor): void {
    if (input.dim() !== 3) throw new RangeError(`input must have 3 dimensions, got ${input.dim()}`);
    if (this.input_size !== input.size(-1)) {
      throw new RangeError(
        `input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.size(-1)}`,
      );
    }
  }

  protected _expectedHidden(input: Tensor, size: number): number[] {
    const batch = input.size(this.batch_first ? 0 : 1);
    return [this.num_layers * (this.bidirectional ? 2 : 1), batch, size];
  }

  protected _checkHidden(hx: Tensor, expected: number[], what = 'hidden'): void {
    if (!sameShape(hx.shape, expected)) {
      throw new RangeError(`Expected ${what} size ${pyTuple(expected)}, got [${hx.shape.join(', ')}]`);
    }
  }

  /** The stacked layers over a batched input ([T, B, in] after batch_first) from h0 (and c0). */
  protected _run(input: Tensor, h0: Tensor, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    let x = this.batch_first ? input.transpose(0, 1) : input;
    if (x.size(0) === 0) throw new RangeError('Expected sequence length to be larger than 0 in RNN');
    const dtype = this._weightsOf(0, 0).w_ih.dtype;
    if (x.dtype !== dtype || h0.dtype !== dtype || (c0 && c0.dtype !== dtype)) {
      throw new TypeError('mat1 and mat2 must have the same dtype');
    }
    const dirs = this.bidirectional ? 2 : 1;
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const k = layer * dirs + d;
        const [out, h, c] = runDirection(
          this.mode,
          x,
          h0.select(0, k),
          c0 ? c0.select(0, k) : null,
          this._weightsOf(layer, d),
          d === 1,
        );
        outs.push(out);
        hs.push(h);
        if (c) cs.push(c);
      }
      x = dirs === 1 ? outs[0] : cat(outs, 2);
      if (this.dropout !== 0 && this.training && layer < this.num_layers - 1) {
        x = dropout(x, this.dropout, { training: true });
      }
    }
    const output = this.batch_first ? x.transpose(0, 1) : x;
    return [output, stack(hs, 0), c0 ? stack(cs, 0) : null];
  }

  /** The stacked layers over packed rows [N, in] with the given batch sizes from h0 (and c0). */
  protected _runPacked(
    data: Tensor,
    batchSizes: readonly number[],
    h0: Tensor,
    c0: Tensor | null,
  ): [Tensor, Tensor, Tensor | null] {
    const dtype = this._weightsOf(0, 0).w_ih.dtype;
    if (data.dtype !== dtype || h0.dtype !== dtype || (c0 && c0.dtype !== dtype)) {
      throw new TypeError('mat1 and mat2 must have the same dtype');
    }
    const dirs = this.bidirectional ? 2 : 1;
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    let x = data;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const k = layer * dirs + d;
        const [out, h, c] = runPackedDirection(
          this.mode,
          x,
          batchSizes,
          h0.select(0, k),
          c0 ? c0.select(0, k) : null,
          this._weightsOf(layer, d),
          d === 1,
        );
        outs.push(out);
        hs.push(h);
        if (c) cs.push(c);
      }
      x = dirs === 1 ? outs[0] : cat(outs, 1);
      if (this.dropout !== 0 && this.training && layer < this.num_layers - 1) {
        x = dropout(x, this.dropout, { training: true });
      }
    }
    return [x, stack(hs, 0), c0 ? stack(cs, 0) : null];
  }

  /** A PackedSequence input's rows, batch sizes and (when given) the state permuted to its sorted order. */
  protected _unpack(
    input: PackedSequence,
    hx: readonly Tensor[] | null,
  ): { data: Tensor; batchSizes: number[]; hx: Tensor[] | null } {
    const { data, batch_sizes, sorted_indices } = input;
    if (!(batch_sizes instanceof Tensor) || batch_sizes.dim() !== 1) {
      throw new TypeError('PackedSequence: batch_sizes must be a 1-D tensor');
    }
    const batchSizes = (batch_sizes.tolist() as number[]).map(Number);
    checkBatchSizes(batchSizes, data);
    const state = hx ? hx.map((h) => (sorted_indices ? h.index_select(1, sorted_indices) : h)) : null;
    if (data.dim() !== 2) throw new RangeError(`input must have 2 dimensions, got ${data.dim()}`);
    if (this.input_size !== data.size(-1)) {
      throw new RangeError(
        `input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${data.size(-1)}`,
      );
    }
    return { data, batchSizes, hx: state };
  }

  /** The expected state size for a packed input: (layers * directions, batch_sizes[0], size). */
  protected _packedHidden(batchSizes: readonly number[], size: number): number[] {
    return [this.num_layers * (this.bidirectional ? 2 : 1), batchSizes[0], size];
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batch_first) s += `, batch_first=${pyBool(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

/** RNN and GRU: one hidden state. */
abstract class SingleStateRNN extends RNNBase {
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    if (input instanceof PackedSequence) return this._forwardPacked(input, hx);
    [input, hx] = checkCall(`${this.constructor.name}.forward(Tensor input, Tensor? hx=None)`, [input, hx]) as [
      Tensor,
      Tensor | null,
    ];
    const batched = input.dim() === 3;
    const batchDim = this.batch_first ? 0 : 1;
    let h = hx ?? null;
    if (!batched) {
      input = input.unsqueeze(batchDim);
      if (h) {
        if (h.dim() !== 2) {
          throw new RangeError(`For unbatched 2-D input, hx should also be 2-D but got ${h.dim()}-D tensor`);
        }
        h = h.unsqueeze(1);
      }
    } else if (h && h.dim() !== 3) {
      throw new RangeError(`For batched 3-D input, hx should also be 3-D but got ${h.dim()}-D tensor`);
    }
    const expected = this._expectedHidden(input, this.hidden_size);
    h ??= zeros(expected, { dtype: input.dtype });
    this._checkInput(input);
    this._checkHidden(h, expected);
    let [output, hn] = this._run(input, h, null);
    if (!batched) {
      output = output.squeeze(batchDim);
      hn = hn.squeeze(1);
    }
    return [output, hn];
  }

  private _forwardPacked(input: PackedSequence, hx: Tensor | null | undefined): [PackedSequence, Tensor] {
    [hx] = checkCall(`${this.constructor.name}.forward(Tensor? hx=None)`, [hx]) as [Tensor | null];
    const u = this._unpack(input, hx ? [hx] : null);
    const expected = this._packedHidden(u.batchSizes, this.hidden_size);
    const h = u.hx ? u.hx[0] : zeros(expected, { dtype: u.data.dtype });
    this._checkHidden(h, expected);
    const [output, hn] = this._runPacked(u.data, u.batchSizes, h, null);
    const un = input.unsorted_indices;
    return [new PackedSequence(output, input.batch_sizes, input.sorted_indices, un), un ? hn.index_select(1, un) : hn];
  }
}

const RNN_SIG =
  "RNN(int input_size, int hidden_size, int num_layers=1, bool bias=True, bool batch_first=False, float dropout=0.0, bool bidirectional=False, *, str nonlinearity='tanh', ScalarType? dtype=None, Device? device=None)";

/** Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or ReLU). */
export class RNN extends SingleStateRNN {
  readonly nonlinearity: string;

  constructor(
    input_size: number,
    hidden_size: number,
    ...rest: (number | boolean | (RNNOpts & { nonlinearity?: string }))[]
  );
  constructor(...args: unknown[]) {
    const opts = optionsOf(args);
    if ('proj_size' in opts) throw new RangeError('proj_size argument is only supported for LSTM, not RNN or GRU');
    const bound = checkCall(RNN_SIG, args);
    const nonlinearity = (opts.nonlinearity as string | undefined) ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new RangeError(`Unknown nonlinearity '${nonlinearity}'`);
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', bound, 0, opts.dtype as DType | undefined);
    this.nonlinearity = nonlinearity;
  }
}

const GRU_SIG =
  'GRU(int input_size, int hidden_size, int num_layers=1, bool bias=True, bool batch_first=False, float dropout=0.0, bool bidirectional=False, *, ScalarType? dtype=None, Device? device=None)';

/** Gated recurrent unit: r, z, n gates; h' = (1 - z) * n + z * h. */
export class GRU extends SingleStateRNN {
  constructor(input_size: number, hidden_size: number, ...rest: (number | boolean | RNNOpts)[]);
  constructor(...args: unknown[]) {
    const opts = optionsOf(args);
    if ('proj_size' in opts) throw new RangeError('proj_size argument is only supported for LSTM, not RNN or GRU');
    super('GRU', checkCall(GRU_SIG, args), 0, opts.dtype as DType | undefined);
  }
}

const LSTM_SIG =
  'LSTM(int input_size, int hidden_size, int num_layers=1, bool bias=True, bool batch_first=False, float dropout=0.0, bool bidirectional=False, int proj_size=0, *, ScalarType? dtype=None, Device? device=None)';

/** Long short-term memory: i, f, g, o gates; returns [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(
    input_size: number,
    hidden_size: number,
    ...rest: (number | boolean | (RNNOpts & { proj_size?: number }))[]
  );
  constructor(...args: unknown[]) {
    const bound = checkCall(LSTM_SIG, args);
    const opts = optionsOf(args);
    super('LSTM', bound, typeof bound[7] === 'number' ? bound[7] : 0, opts.dtype as DType | undefined);
  }

  forward(input: PackedSequence, hx?: readonly [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(
    input: Tensor | PackedSequence,
    hx?: readonly [Tensor, Tensor] | null,
  ): [Tensor | PackedSequence, [Tensor, Tensor]] {
    if (input instanceof PackedSequence) return this._forwardPacked(input, hx);
    [input, hx] = checkCall('LSTM.forward(Tensor input, Tensor[2]? hx=None)', [input, hx ?? null]) as [
      Tensor,
      [Tensor, Tensor] | null,
    ];
    checkPair('LSTM.forward', hx);
    const batched = input.dim() === 3;
    const batchDim = this.batch_first ? 0 : 1;
    if (!batched) input = input.unsqueeze(batchDim);
    const real = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    let h: Tensor;
    let c: Tensor;
    if (!hx) {
      h = zeros(this._expectedHidden(input, real), { dtype: input.dtype });
      c = zeros(this._expectedHidden(input, this.hidden_size), { dtype: input.dtype });
    } else {
      [h, c] = hx;
      const want = batched ? 3 : 2;
      if (h.dim() !== want || c.dim() !== want) {
        throw new RangeError(
          `For ${batched ? 'batched 3-D' : 'unbatched 2-D'} input, hx and cx should also be ${want}-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`,
        );
      }
      if (!batched) {
        h = h.unsqueeze(1);
        c = c.unsqueeze(1);
      }
    }
    this._checkInput(input);
    this._checkHidden(h, this._expectedHidden(input, real), 'hidden[0]');
    this._checkHidden(c, this._expectedHidden(input, this.hidden_size), 'hidden[1]');
    let [output, hn, cn] = this._run(input, h, c) as [Tensor, Tensor, Tensor];
    if (!batched) {
      output = output.squeeze(batchDim);
      hn = hn.squeeze(1);
      cn = cn.squeeze(1);
    }
    return [output, [hn, cn]];
  }

  private _forwardPacked(
    input: PackedSequence,
    hx: readonly [Tensor, Tensor] | null | undefined,
  ): [PackedSequence, [Tensor, Tensor]] {
    [hx] = checkCall('LSTM.forward(Tensor[2]? hx=None)', [hx ?? null]) as [[Tensor, Tensor] | null];
    checkPair('LSTM.forward', hx);
    const u = this._unpack(input, hx);
    const real = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    const [h, c] = u.hx
      ? u.hx
      : [
          zeros(this._packedHidden(u.batchSizes, real), { dtype: u.data.dtype }),
          zeros(this._packedHidden(u.batchSizes, this.hidden_size), { dtype: u.data.dtype }),
        ];
    this._checkHidden(h, this._packedHidden(u.batchSizes, real), 'hidden[0]');
    this._checkHidden(c, this._packedHidden(u.batchSizes, this.hidden_size), 'hidden[1]');
    const [output, hn, cn] = this._runPacked(u.data, u.batchSizes, h, c) as [Tensor, Tensor, Tensor];
    const un = input.unsorted_indices;
    return [
      new PackedSequence(output, input.batch_sizes, input.sorted_indices, un),
      un ? [hn.index_select(1, un), cn.index_select(1, un)] : [hn, cn],
    ];
  }
}

// ---------------------------------------------------------------- cells

export abstract class RNNCellBase extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  protected constructor(input_size: number, hidden_size: number, bias: boolean, chunks: number, dtype?: DType) {
    super();
    if (new.target === RNNCellBase) {
      throw new TypeError("Can't instantiate abstract class RNNCellBase: use RNNCell, LSTMCell or GRUCell");
    }
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = bias;
    this.weight_ih = new Parameter(empty([chunks * hidden_size, input_size], { dtype }));
    this.weight_hh = new Parameter(empty([chunks * hidden_size, hidden_size], { dtype }));
    this.bias_ih = bias ? new Parameter(empty([chunks * hidden_size], { dtype })) : null;
    this.bias_hh = bias ? new Parameter(empty([chunks * hidden_size], { dtype })) : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1 / Math.sqrt(this.hidden_size) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  protected get weights(): CellWeights {
    return { w_ih: this.weight_ih, w_hh: this.weight_hh, b_ih: this.bias_ih, b_hh: this.bias_hh, w_hr: null };
  }

  /** The input as a batch (unsqueezed if 1-D), after PyTorch's dimension assertion. */
  protected _batchOf(input: Tensor): [Tensor, boolean] {
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new RangeError(
        `${this.constructor.name}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`,
      );
    }
    const batched = input.dim() === 2;
    return [batched ? input : input.unsqueeze(0), batched];
  }

  /** ATen's check_rnn_cell_forward_input / _hidden (which, in 1.13, names every state hidden0). */
  protected _checkCell(input: Tensor, hs: Tensor[]): void {
    if (input.size(1) !== this.input_size) {
      throw new RangeError(`input has inconsistent input_size: got ${input.size(1)} expected ${this.input_size}`);
    }
    for (const h of hs) {
      if (input.size(0) !== h.size(0)) {
        throw new RangeError(`Input batch size ${input.size(0)} doesn't match hidden0 batch size ${h.size(0)}`);
      }
      if (h.size(1) !== this.hidden_size) {
        throw new RangeError(`hidden0 has inconsistent hidden_size: got ${h.size(1)}, expected ${this.hidden_size}`);
      }
    }
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    return s;
  }
}

const CELL_OPTS = 'bool bias=True, *, ScalarType? dtype=None, Device? device=None)';

export class RNNCell extends RNNCellBase {
  readonly nonlinearity: string;

  constructor(
    input_size: number,
    hidden_size: number,
    bias?: boolean | { bias?: boolean; nonlinearity?: string; dtype?: DType },
    nonlinearity?: string | { nonlinearity?: string; dtype?: DType },
    opts?: { dtype?: DType },
  );
  constructor(...args: unknown[]) {
    const b = checkCall(
      "RNNCell(int input_size, int hidden_size, bool bias=True, str nonlinearity='tanh', *, ScalarType? dtype=None, Device? device=None)",
      args,
    );
    const opts = optionsOf(args);
    super(b[0] as number, b[1] as number, b[2] !== false, 1, opts.dtype as DType | undefined);
    this.nonlinearity = typeof b[3] === 'string' ? b[3] : 'tanh';
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    [input, hx] = checkCall('RNNCell.forward(Tensor input, Tensor? hx=None)', [input, hx]) as [Tensor, Tensor | null];
    const [x, batched] = this._batchOf(input);
    let h = hx ? (batched ? hx : hx.unsqueeze(0)) : zeros([x.size(0), this.hidden_size], { dtype: x.dtype });
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new RangeError(`Unknown nonlinearity: ${this.nonlinearity}`);
    }
    this._checkCell(x, [h]);
    const mode = this.nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU';
    [h] = cellStep(mode, linear(x, this.weight_ih, this.bias_ih), h, null, this.weights);
    return batched ? h : h.squeeze(0);
  }

  extra_repr(): string {
    return super.extra_repr() + (this.nonlinearity !== 'tanh' ? `, nonlinearity=${this.nonlinearity}` : '');
  }
}

export class LSTMCell extends RNNCellBase {
  constructor(
    input_size: number,
    hidden_size: number,
    bias?: boolean | { bias?: boolean; dtype?: DType },
    opts?: { dtype?: DType },
  );
  constructor(...args: unknown[]) {
    const b = checkCall(`LSTMCell(int input_size, int hidden_size, ${CELL_OPTS}`, args);
    const opts = optionsOf(args);
    super(b[0] as number, b[1] as number, b[2] !== false, 4, opts.dtype as DType | undefined);
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    [input, hx] = checkCall('LSTMCell.forward(Tensor input, Tensor[2]? hx=None)', [input, hx ?? null]) as [
      Tensor,
      [Tensor, Tensor] | null,
    ];
    checkPair('LSTMCell.forward', hx);
    const [x, batched] = this._batchOf(input);
    let h: Tensor;
    let c: Tensor;
    if (hx) [h, c] = batched ? hx : [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    else h = c = zeros([x.size(0), this.hidden_size], { dtype: x.dtype });
    this._checkCell(x, [h, c]);
    const [hy, cy] = cellStep('LSTM', linear(x, this.weight_ih, this.bias_ih), h, c, this.weights) as [Tensor, Tensor];
    return batched ? [hy, cy] : [hy.squeeze(0), cy.squeeze(0)];
  }
}

export class GRUCell extends RNNCellBase {
  constructor(
    input_size: number,
    hidden_size: number,
    bias?: boolean | { bias?: boolean; dtype?: DType },
    opts?: { dtype?: DType },
  );
  constructor(...args: unknown[]) {
    const b = checkCall(`GRUCell(int input_size, int hidden_size, ${CELL_OPTS}`, args);
    const opts = optionsOf(args);
    super(b[0] as number, b[1] as number, b[2] !== false, 3, opts.dtype as DType | undefined);
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    [input, hx] = checkCall('GRUCell.forward(Tensor input, Tensor? hx=None)', [input, hx]) as [Tensor, Tensor | null];
    const [x, batched] = this._batchOf(input);
    const h = hx ? (batched ? hx : hx.unsqueeze(0)) : zeros([x.size(0), this.hidden_size], { dtype: x.dtype });
    this._checkCell(x, [h]);
    const [hy] = cellStep('GRU', linear(x, this.weight_ih, this.bias_ih), h, null, this.weights);
    return batched ? hy : hy.squeeze(0);
  }
}
