// nn.TransformerEncoderLayer / TransformerDecoderLayer / TransformerEncoder / TransformerDecoder /
// Transformer, with PyTorch's submodule names and order (so state_dict keys and repr match), its
// post-norm and pre-norm (norm_first) blocks, and the encoder's deep copies of its layer.

import { Tensor } from '../tensor/tensor.js';
import { int64, type DType } from '../tensor/dtype.js';
import { full } from '../tensor/creation.js';
import { relu, gelu } from '../api/functional.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { Dropout } from './activation.js';
import { LayerNorm } from './normalization.js';
import { ModuleList } from './container.js';
import { Parameter } from './parameter.js';
import { MultiheadAttention, namedArgs } from './attention.js';
import { checkCall } from '../ops/signature.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { checkAllocation } from '../tensor/alloc.js';
import { jsTypeName } from '../tensor/argcheck.js';
import * as init from './init.js';

type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor) | Module;

function activationFn(activation: Activation): ((x: Tensor) => Tensor) | Module {
  if (activation === 'relu') return (x) => relu(x);
  if (activation === 'gelu') return (x) => gelu(x);
  if (typeof activation === 'string') {
    throw new Error(`activation should be relu/gelu, not ${String(activation)}`);
  }
  return activation;
}

/**
 * The layers' dropout argument is a `float` in PyTorch's signature, so their Dropouts print p as a
 * float (p=0.0), where a Dropout built from a JavaScript 0 prints p=0.
 */
function floatDropout(p: number): Dropout {
  const d = new Dropout(p);
  if (Number.isInteger(p)) d.extra_repr = () => `p=${p}.0, inplace=False`;
  return d;
}

function applyActivation(act: ((x: Tensor) => Tensor) | Module, x: Tensor): Tensor {
  return act instanceof Module ? (act.forward(x) as Tensor) : act(x);
}

type LayerOpts = {
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  dtype?: DType;
};

type LayerArgs = [
  d_model: number,
  nhead: number,
  dim_feedforward?: number,
  dropout?: number,
  activation?: Activation,
  layer_norm_eps?: number,
  batch_first?: boolean,
  norm_first?: boolean,
];

const LAYER_SIG = (name: string): string =>
  `${name}(int d_model, int nhead, int dim_feedforward=2048, float dropout=0.1, Any activation='relu', float layer_norm_eps=1e-05, bool batch_first=False, bool norm_first=False, *, ScalarType? dtype=None, Device? device=None)`;

/**
 * Note [Deep copies of a layer]: TransformerEncoder/Decoder hold copy.deepcopy(layer) num_layers
 * times, so every layer starts from the given layer's weights and owns its own parameters. The copy
 * keeps each property (in order, symbol-keyed ones included), clones tensors, and maps an object
 * held twice to one copy, as deepcopy's memo does.
 */
export function deepcopy<M extends Module>(m: M, memo = new Map<object, unknown>()): M {
  const hit = memo.get(m);
  if (hit !== undefined) return hit as M;
  const copy = Object.create(Object.getPrototypeOf(m)) as M;
  memo.set(m, copy);
  for (const key of Reflect.ownKeys(m)) {
    const desc = Object.getOwnPropertyDescriptor(m, key) as PropertyDescriptor;
    if ('value' in desc) desc.value = copyValue(desc.value, memo);
    Object.defineProperty(copy, key, desc);
  }
  return copy;
}

/** num_layers copies of a layer's parameters must be allocatable: checked before copying any. */
function checkCopies(layer: Module, num_layers: number): void {
  const params = [...layer.parameters()];
  const numel = params.reduce((n, p) => n + p.numel(), 0);
  if (numel > 0 && num_layers > 0) checkAllocation(params[0].dtype, [num_layers * numel]);
  // Each copy also takes a slot in the layer list (a pointer each in Python's list): a parameterless
  // layer repeated 2**40 times fails here, not with JavaScript's 'Invalid array length'.
  if (num_layers > 0) checkAllocation(int64, [num_layers]);
}

function copyValue(v: unknown, memo: Map<object, unknown>): unknown {
  if (v === null || typeof v !== 'object') return v;
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  let out: unknown;
  if (v instanceof Module) return deepcopy(v, memo);
  if (v instanceof Parameter) out = new Parameter(v.detach().clone(), v.requires_grad);
  else if (v instanceof Tensor) out = v.detach().clone().requires_grad_(v.requires_grad);
  else if (v instanceof Set) out = new Set([...v].map((x) => copyValue(x, memo)));
  else if (v instanceof Map) out = new Map([...v].map(([k, x]) => [k, copyValue(x, memo)]));
  else if (Array.isArray(v)) out = v.map((x) => copyValue(x, memo));
  else out = v;
  memo.set(v, out);
  return out;
}

export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly norm_first: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  activation: ((x: Tensor) => Tensor) | Module;

  constructor(...args: CallArgs<LayerArgs>) {
    // Bound by name, so dim_feedforward and the rest may be given positionally too, as in PyTorch.
    const opts = bindNamed(LAYER_SIG('TransformerEncoderLayer'), args) as unknown as LayerOpts & {
      d_model: number;
      nhead: number;
    };
    const { d_model, nhead } = opts;
    super();
    const { dtype } = opts;
    const p = opts.dropout ?? 0.1;
    const ff = opts.dim_feedforward ?? 2048;
    const eps = opts.layer_norm_eps ?? 1e-5;
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first: opts.batch_first, dtype });
    this.linear1 = new Linear(d_model, ff, { dtype });
    this.dropout = floatDropout(p);
    this.linear2 = new Linear(ff, d_model, { dtype });
    this.norm_first = opts.norm_first ?? false;
    this.norm1 = new LayerNorm(d_model, { eps, dtype });
    this.norm2 = new LayerNorm(d_model, { eps, dtype });
    this.dropout1 = floatDropout(p);
    this.dropout2 = floatDropout(p);
    this.activation = activationFn(opts.activation ?? 'relu');
  }

  /** forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False) */
  forward(
    src: Tensor,
    opts?: { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean },
  ): Tensor;
  forward(src: Tensor, ...rest: unknown[]): Tensor;
  forward(src: Tensor, ...rest: unknown[]): Tensor {
    checkCall('forward(Tensor src, Tensor? src_mask=None, Tensor? src_key_padding_mask=None, bool is_causal=False)', [
      src,
      ...rest,
    ]);
    const o = namedArgs(['src_mask', 'src_key_padding_mask', 'is_causal'], rest) as {
      src_mask?: Tensor | null;
      src_key_padding_mask?: Tensor | null;
      is_causal?: boolean;
    };
    const sa = (x: Tensor): Tensor =>
      this.dropout1.forward(
        this.self_attn.forward(x, x, x, {
          attn_mask: o.src_mask ?? null,
          key_padding_mask: o.src_key_padding_mask ?? null,
          need_weights: false,
          is_causal: o.is_causal ?? false,
        })[0],
      );
    const ffb = (x: Tensor): Tensor =>
      this.dropout2.forward(
        this.linear2.forward(this.dropout.forward(applyActivation(this.activation, this.linear1.forward(x)))),
      );
    let x = src;
    if (this.norm_first) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(ffb(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(ffb(x)));
    }
    return x;
  }
}

export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly norm_first: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  activation: ((x: Tensor) => Tensor) | Module;

  constructor(...args: CallArgs<LayerArgs>) {
    // Bound by name, so dim_feedforward and the rest may be given positionally too, as in PyTorch.
    const opts = bindNamed(LAYER_SIG('TransformerDecoderLayer'), args) as unknown as LayerOpts & {
      d_model: number;
      nhead: number;
    };
    const { d_model, nhead } = opts;
    super();
    const { dtype } = opts;
    const p = opts.dropout ?? 0.1;
    const ff = opts.dim_feedforward ?? 2048;
    const eps = opts.layer_norm_eps ?? 1e-5;
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first: opts.batch_first, dtype });
    this.multihead_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first: opts.batch_first, dtype });
    this.linear1 = new Linear(d_model, ff, { dtype });
    this.dropout = floatDropout(p);
    this.linear2 = new Linear(ff, d_model, { dtype });
    this.norm_first = opts.norm_first ?? false;
    this.norm1 = new LayerNorm(d_model, { eps, dtype });
    this.norm2 = new LayerNorm(d_model, { eps, dtype });
    this.norm3 = new LayerNorm(d_model, { eps, dtype });
    this.dropout1 = floatDropout(p);
    this.dropout2 = floatDropout(p);
    this.dropout3 = floatDropout(p);
    this.activation = activationFn(opts.activation ?? 'relu');
  }

  /**
   * forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
   * memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)
   */
  forward(tgt: Tensor, memory: Tensor, opts?: DecoderOpts): Tensor;
  forward(tgt: Tensor, memory: Tensor, ...rest: unknown[]): Tensor;
  forward(tgt: Tensor, memory: Tensor, ...rest: unknown[]): Tensor {
    checkCall(
      'forward(Tensor tgt, Tensor memory, Tensor? tgt_mask=None, Tensor? memory_mask=None, Tensor? tgt_key_padding_mask=None, Tensor? memory_key_padding_mask=None, bool tgt_is_causal=False, bool memory_is_causal=False)',
      [tgt, memory, ...rest],
    );
    const o = namedArgs(DECODER_KWARGS, rest) as DecoderOpts;
    const sa = (x: Tensor): Tensor =>
      this.dropout1.forward(
        this.self_attn.forward(x, x, x, {
          attn_mask: o.tgt_mask ?? null,
          key_padding_mask: o.tgt_key_padding_mask ?? null,
          is_causal: o.tgt_is_causal ?? false,
          need_weights: false,
        })[0],
      );
    const mha = (x: Tensor): Tensor =>
      this.dropout2.forward(
        this.multihead_attn.forward(x, memory, memory, {
          attn_mask: o.memory_mask ?? null,
          key_padding_mask: o.memory_key_padding_mask ?? null,
          is_causal: o.memory_is_causal ?? false,
          need_weights: false,
        })[0],
      );
    const ffb = (x: Tensor): Tensor =>
      this.dropout3.forward(
        this.linear2.forward(this.dropout.forward(applyActivation(this.activation, this.linear1.forward(x)))),
      );
    let x = tgt;
    if (this.norm_first) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(mha(this.norm2.forward(x)));
      x = x.add(ffb(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(mha(x)));
      x = this.norm3.forward(x.add(ffb(x)));
    }
    return x;
  }
}

const DECODER_KWARGS = [
  'tgt_mask',
  'memory_mask',
  'tgt_key_padding_mask',
  'memory_key_padding_mask',
  'tgt_is_causal',
  'memory_is_causal',
];
interface DecoderOpts {
  tgt_mask?: Tensor | null;
  memory_mask?: Tensor | null;
  tgt_key_padding_mask?: Tensor | null;
  memory_key_padding_mask?: Tensor | null;
  tgt_is_causal?: boolean;
  memory_is_causal?: boolean;
}

/** The layer a stack copies and its optional final norm must be Modules (ModuleList's own check). */
function checkStack(layer: unknown, norm: unknown): void {
  if (!(layer instanceof Module)) throw new TypeError(`${jsTypeName(layer)} is not a Module subclass`);
  if (norm !== null && norm !== undefined && !(norm instanceof Module)) {
    throw new TypeError(`${jsTypeName(norm)} is not a Module subclass`);
  }
}

export class TransformerEncoder extends Module {
  layers: ModuleList;
  readonly num_layers: number;
  norm: Module | null;

  constructor(
    encoder_layer: TransformerEncoderLayer,
    num_layers: number,
    opts: { norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean } = {},
  ) {
    const [, , norm] = checkCall(
      'TransformerEncoder(Any encoder_layer, int num_layers, Any norm=None, bool enable_nested_tensor=True, bool mask_check=True)',
      [encoder_layer, num_layers, opts],
    );
    checkStack(encoder_layer, norm);
    super();
    checkCopies(encoder_layer, num_layers);
    this.layers = new ModuleList(Array.from({ length: num_layers }, () => deepcopy(encoder_layer)));
    this.num_layers = num_layers;
    this.norm = (norm as Module | null) ?? null;
  }

  /** forward(src, mask=None, src_key_padding_mask=None, is_causal=None) */
  forward(
    src: Tensor,
    opts?: { mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean | null },
  ): Tensor;
  forward(src: Tensor, ...rest: unknown[]): Tensor;
  forward(src: Tensor, ...rest: unknown[]): Tensor {
    checkCall('forward(Tensor src, Tensor? mask=None, Tensor? src_key_padding_mask=None, bool? is_causal=None)', [
      src,
      ...rest,
    ]);
    const o = namedArgs(['mask', 'src_key_padding_mask', 'is_causal'], rest) as {
      mask?: Tensor | null;
      src_key_padding_mask?: Tensor | null;
      is_causal?: boolean | null;
    };
    let x = src;
    for (const layer of this.layers) {
      x = (layer as TransformerEncoderLayer).forward(x, {
        src_mask: o.mask ?? null,
        src_key_padding_mask: o.src_key_padding_mask ?? null,
        is_causal: (o.is_causal ?? false) && (o.mask ?? null) !== null,
      });
    }
    return this.norm ? (this.norm.forward(x) as Tensor) : x;
  }
}

export class TransformerDecoder extends Module {
  layers: ModuleList;
  readonly num_layers: number;
  norm: Module | null;

  constructor(decoder_layer: TransformerDecoderLayer, num_layers: number, opts: { norm?: Module | null } = {}) {
    const [, , norm] = checkCall('TransformerDecoder(Any decoder_layer, int num_layers, Any norm=None)', [
      decoder_layer,
      num_layers,
      opts,
    ]);
    checkStack(decoder_layer, norm);
    super();
    checkCopies(decoder_layer, num_layers);
    this.layers = new ModuleList(Array.from({ length: num_layers }, () => deepcopy(decoder_layer)));
    this.num_layers = num_layers;
    this.norm = (norm as Module | null) ?? null;
  }

  forward(tgt: Tensor, memory: Tensor, opts?: DecoderOpts): Tensor;
  forward(tgt: Tensor, memory: Tensor, ...rest: unknown[]): Tensor;
  forward(tgt: Tensor, memory: Tensor, ...rest: unknown[]): Tensor {
    checkCall(
      'forward(Tensor tgt, Tensor memory, Tensor? tgt_mask=None, Tensor? memory_mask=None, Tensor? tgt_key_padding_mask=None, Tensor? memory_key_padding_mask=None, bool tgt_is_causal=False, bool memory_is_causal=False)',
      [tgt, memory, ...rest],
    );
    const o = namedArgs(DECODER_KWARGS, rest) as DecoderOpts;
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer).forward(x, memory, { ...o });
    return this.norm ? (this.norm.forward(x) as Tensor) : x;
  }
}

interface TransformerOpts {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  custom_encoder?: Module | null;
  custom_decoder?: Module | null;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  dtype?: DType;
}

export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  readonly d_model: number;
  readonly nhead: number;
  readonly batch_first: boolean;

  constructor(
    ...args: CallArgs<
      [
        d_model?: number,
        nhead?: number,
        num_encoder_layers?: number,
        num_decoder_layers?: number,
        dim_feedforward?: number,
        dropout?: number,
        activation?: Activation,
        custom_encoder?: Module | null,
        custom_decoder?: Module | null,
        layer_norm_eps?: number,
        batch_first?: boolean,
        norm_first?: boolean,
      ]
    >
  ) {
    const opts = bindNamed(
      "Transformer(int d_model=512, int nhead=8, int num_encoder_layers=6, int num_decoder_layers=6, int dim_feedforward=2048, float dropout=0.1, Any activation='relu', Any custom_encoder=None, Any custom_decoder=None, float layer_norm_eps=1e-05, bool batch_first=False, bool norm_first=False, *, ScalarType? dtype=None, Device? device=None)",
      args,
    ) as TransformerOpts;
    super();
    const d = opts.d_model ?? 512;
    const nhead = opts.nhead ?? 8;
    const eps = opts.layer_norm_eps ?? 1e-5;
    const layerOpts: LayerOpts = {
      dim_feedforward: opts.dim_feedforward,
      dropout: opts.dropout,
      activation: opts.activation,
      layer_norm_eps: eps,
      batch_first: opts.batch_first,
      norm_first: opts.norm_first,
      dtype: opts.dtype,
    };
    const norm = (): LayerNorm => new LayerNorm(d, { eps, dtype: opts.dtype });
    this.encoder =
      opts.custom_encoder ??
      new TransformerEncoder(new TransformerEncoderLayer(d, nhead, layerOpts), opts.num_encoder_layers ?? 6, {
        norm: norm(),
      });
    this.decoder =
      opts.custom_decoder ??
      new TransformerDecoder(new TransformerDecoderLayer(d, nhead, layerOpts), opts.num_decoder_layers ?? 6, {
        norm: norm(),
      });
    this.d_model = d;
    this.nhead = nhead;
    this.batch_first = opts.batch_first ?? false;
    // PyTorch's _reset_parameters: every matrix (custom encoders' too) gets xavier_uniform_.
    for (const p of this.parameters()) if (p.dim() > 1) init.xavier_uniform_(p);
  }

  /**
   * forward(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
   * tgt_key_padding_mask=None, memory_key_padding_mask=None)
   */
  forward(src: Tensor, tgt: Tensor, opts?: TransformerForwardOpts): Tensor;
  forward(src: Tensor, tgt: Tensor, ...rest: unknown[]): Tensor;
  forward(src: Tensor, tgt: Tensor, ...rest: unknown[]): Tensor {
    checkCall(
      'forward(Tensor src, Tensor tgt, Tensor? src_mask=None, Tensor? tgt_mask=None, Tensor? memory_mask=None, Tensor? src_key_padding_mask=None, Tensor? tgt_key_padding_mask=None, Tensor? memory_key_padding_mask=None)',
      [src, tgt, ...rest],
    );
    const o = namedArgs(
      [
        'src_mask',
        'tgt_mask',
        'memory_mask',
        'src_key_padding_mask',
        'tgt_key_padding_mask',
        'memory_key_padding_mask',
      ],
      rest,
    ) as TransformerForwardOpts;
    const batchDim = this.batch_first ? 0 : 1;
    if (src.dim() === 3 && src.size(batchDim) !== tgt.size(batchDim)) {
      throw new Error('the batch number of src and tgt must be equal');
    }
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) {
      throw new Error('the feature number of src and tgt must be equal to d_model');
    }
    const memory = this.encoder.forward(src, {
      mask: o.src_mask ?? null,
      src_key_padding_mask: o.src_key_padding_mask ?? null,
    }) as Tensor;
    return this.decoder.forward(tgt, memory, {
      tgt_mask: o.tgt_mask ?? null,
      memory_mask: o.memory_mask ?? null,
      tgt_key_padding_mask: o.tgt_key_padding_mask ?? null,
      memory_key_padding_mask: o.memory_key_padding_mask ?? null,
    }) as Tensor;
  }

  /** A float (sz, sz) mask: -inf above the diagonal, 0 elsewhere (position i sees 0..i). */
  static generate_square_subsequent_mask(sz: number, opts: { dtype?: DType } = {}): Tensor {
    return full([sz, sz], -Infinity, { dtype: opts.dtype }).triu(1);
  }
}

interface TransformerForwardOpts {
  src_mask?: Tensor | null;
  tgt_mask?: Tensor | null;
  memory_mask?: Tensor | null;
  src_key_padding_mask?: Tensor | null;
  tgt_key_padding_mask?: Tensor | null;
  memory_key_padding_mask?: Tensor | null;
}
