// nn.MultiheadAttention: PyTorch's parameters (a packed in_proj_weight, or q/k/v_proj_weight when
// kdim/vdim differ), initialisation order and F.multi_head_attention_forward's numerics.

import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty, zeros } from '../tensor/creation.js';
import { cat } from '../api/torch.js';
import { linear, softmax, dropout } from '../api/functional.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { Parameter } from './parameter.js';
import { checkCall } from '../ops/signature.js';
import * as init from './init.js';

/** Linear under the name PyTorch gives MultiheadAttention.out_proj (it shows in the repr). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/**
 * The values of a call's trailing arguments by name: positional ones in order, then the options
 * object PyTorch's keywords become (already checked against the signature by checkCall).
 */
export function namedArgs(names: readonly string[], rest: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = rest.length;
  const last = rest[n - 1];
  if (n > 0 && last !== null && typeof last === 'object' && !(last instanceof Tensor)) {
    Object.assign(out, last);
    n--;
  }
  for (let i = 0; i < n; i++) out[names[i]] = rest[i];
  return out;
}

const shapeText = (s: readonly number[]): string => `torch.Size([${s.join(', ')}])`;

/** A boolean mask as the additive float mask PyTorch converts it to (-inf where true). */
function additiveMask(mask: Tensor, dtype: DType): Tensor {
  if (mask.dtype.name !== 'bool') return mask;
  return zeros(mask.shape, { dtype }).masked_fill(mask, -Infinity);
}

/** F.multi_head_attention_forward's input checks (_mha_shape_check); true when the query is batched. */
function checkShapes(query: Tensor, key: Tensor, value: Tensor, kpm: Tensor | null, mask: Tensor | null): boolean {
  const d = query.dim();
  if (d !== 2 && d !== 3) {
    throw new Error(`query should be unbatched 2D or batched 3D tensor but received ${d}-D query tensor`);
  }
  const kind = d === 3 ? 'batched (3-D)' : 'unbatched (2-D)';
  if (key.dim() !== d || value.dim() !== d) {
    throw new Error(
      `For ${kind} \`query\`, expected \`key\` and \`value\` to be ${d}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
    );
  }
  if (kpm !== null && kpm.dim() !== d - 1) {
    throw new Error(
      `For ${kind} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${d - 1}-D but found ${kpm.dim()}-D tensor instead`,
    );
  }
  if (mask !== null && mask.dim() !== 2 && mask.dim() !== 3) {
    throw new Error(
      `For ${kind} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${mask.dim()}-D tensor instead`,
    );
  }
  return d === 3;
}

export interface MHAForwardOpts {
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

const MHA_FORWARD =
  'forward(Tensor query, Tensor key, Tensor value, Tensor? key_padding_mask=None, bool need_weights=True, Tensor? attn_mask=None, bool average_attn_weights=True, bool is_causal=False)';
const MHA_KWARGS = ['key_padding_mask', 'need_weights', 'attn_mask', 'average_attn_weights', 'is_causal'];

export class MultiheadAttention extends Module {
  readonly embed_dim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly _qkv_same_embed_dim: boolean;
  readonly num_heads: number;
  readonly dropout: number;
  readonly batch_first: boolean;
  readonly head_dim: number;
  q_proj_weight: Parameter | null;
  k_proj_weight: Parameter | null;
  v_proj_weight: Parameter | null;
  in_proj_weight: Parameter | null;
  in_proj_bias: Parameter | null;
  out_proj: NonDynamicallyQuantizableLinear;
  bias_k: Parameter | null;
  bias_v: Parameter | null;
  readonly add_zero_attn: boolean;

  constructor(
    embed_dim: number,
    num_heads: number,
    opts: {
      dropout?: number;
      bias?: boolean;
      add_bias_kv?: boolean;
      add_zero_attn?: boolean;
      kdim?: number | null;
      vdim?: number | null;
      batch_first?: boolean;
      dtype?: DType;
    } = {},
  ) {
    // The bound values: ints given as bigints come back as numbers.
    const b = checkCall(
      'MultiheadAttention(int embed_dim, int num_heads, float dropout=0.0, bool bias=True, bool add_bias_kv=False, bool add_zero_attn=False, int? kdim=None, int? vdim=None, bool batch_first=False, *, ScalarType? dtype=None, Device? device=None)',
      [embed_dim, num_heads, opts],
    );
    super();
    [embed_dim, num_heads] = [b[0] as number, b[1] as number];
    opts = {
      ...opts,
      dropout: (b[2] as number | undefined) ?? opts.dropout,
      kdim: b[6] as number | null | undefined,
      vdim: b[7] as number | null | undefined,
    };
    const dtype = opts.dtype;
    this.embed_dim = embed_dim;
    this.kdim = opts.kdim ?? embed_dim;
    this.vdim = opts.vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.num_heads = num_heads;
    this.dropout = opts.dropout ?? 0;
    this.batch_first = opts.batch_first ?? false;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== embed_dim) throw new Error('embed_dim must be divisible by num_heads');
    if (this._qkv_same_embed_dim) {
      this.in_proj_weight = new Parameter(empty([3 * embed_dim, embed_dim], { dtype }));
      this.q_proj_weight = null;
      this.k_proj_weight = null;
      this.v_proj_weight = null;
    } else {
      this.q_proj_weight = new Parameter(empty([embed_dim, embed_dim], { dtype }));
      this.k_proj_weight = new Parameter(empty([embed_dim, this.kdim], { dtype }));
      this.v_proj_weight = new Parameter(empty([embed_dim, this.vdim], { dtype }));
      this.in_proj_weight = null;
    }
    const bias = opts.bias ?? true;
    this.in_proj_bias = bias ? new Parameter(empty([3 * embed_dim], { dtype })) : null;
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias, dtype });
    if (opts.add_bias_kv === true) {
      this.bias_k = new Parameter(empty([1, 1, embed_dim], { dtype }));
      this.bias_v = new Parameter(empty([1, 1, embed_dim], { dtype }));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.add_zero_attn = opts.add_zero_attn ?? false;
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this.in_proj_weight) init.xavier_uniform_(this.in_proj_weight);
    else {
      init.xavier_uniform_(this.q_proj_weight as Parameter);
      init.xavier_uniform_(this.k_proj_weight as Parameter);
      init.xavier_uniform_(this.v_proj_weight as Parameter);
    }
    if (this.in_proj_bias) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias as Parameter, 0);
    }
    if (this.bias_k) init.xavier_normal_(this.bias_k);
    if (this.bias_v) init.xavier_normal_(this.bias_v);
  }

  /**
   * Returns [attn_output, attn_weights]: weights (averaged over heads unless average_attn_weights
   * is false) when need_weights, else null. Boolean masks are true where attention is NOT allowed.
   * is_causal is a hint that attn_mask is the causal mask (PyTorch 2), so attn_mask is required.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts?: MHAForwardOpts): [Tensor, Tensor | null];
  forward(query: Tensor, key: Tensor, value: Tensor, ...rest: unknown[]): [Tensor, Tensor | null];
  forward(query: Tensor, key: Tensor, value: Tensor, ...rest: unknown[]): [Tensor, Tensor | null] {
    checkCall(MHA_FORWARD, [query, key, value, ...rest]);
    const o = namedArgs(MHA_KWARGS, rest) as MHAForwardOpts;
    if (o.is_causal === true && (o.attn_mask ?? null) === null) {
      throw new Error(
        'Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.',
      );
    }
    const batched = checkShapes(query, key, value, o.key_padding_mask ?? null, o.attn_mask ?? null);
    let q = query;
    let k = key;
    let v = value;
    let kpm = o.key_padding_mask ?? null;
    if (!batched) {
      q = q.unsqueeze(1);
      k = k.unsqueeze(1);
      v = v.unsqueeze(1);
      if (kpm !== null) kpm = kpm.unsqueeze(0);
    } else if (this.batch_first) {
      q = q.transpose(0, 1);
      k = key === query ? q : k.transpose(0, 1);
      v = value === key ? k : v.transpose(0, 1);
    }
    const [out, weights] = this._attend(q, k, v, kpm, o.attn_mask ?? null, o.need_weights ?? true);
    let attnOutput = out;
    if (!batched) attnOutput = attnOutput.squeeze(1);
    else if (this.batch_first) attnOutput = attnOutput.transpose(0, 1);
    let w: Tensor | null = null;
    if (o.need_weights ?? true) {
      w = weights;
      if (o.average_attn_weights ?? true) w = w.mean(1);
      if (!batched) w = w.squeeze(0);
    }
    return [attnOutput, w];
  }

  /** F.multi_head_attention_forward on (L, N, E) query and (S, N, E) key/value. */
  private _attend(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    keyPaddingMask: Tensor | null,
    attnMask: Tensor | null,
    needWeights: boolean,
  ): [Tensor, Tensor] {
    const [L, N, E] = query.shape;
    const H = this.num_heads;
    const hd = this.head_dim;
    if (E !== this.embed_dim) {
      throw new Error(`was expecting embedding dimension of ${this.embed_dim}, but got ${E}`);
    }
    let q: Tensor;
    let k: Tensor;
    let v: Tensor;
    const b = this.in_proj_bias;
    const [bq, bk, bv] = b ? b.chunk(3) : [null, null, null];
    if (this.in_proj_weight) {
      const w = this.in_proj_weight;
      if (query === key && key === value) {
        // Self-attention: one GEMM for the three projections.
        [q, k, v] = linear(query, w, b).chunk(3, -1);
      } else {
        const [wq, wk, wv] = w.chunk(3);
        q = linear(query, wq, bq);
        k = linear(key, wk, bk);
        v = linear(value, wv, bv);
      }
    } else {
      q = linear(query, this.q_proj_weight as Tensor, bq);
      k = linear(key, this.k_proj_weight as Tensor, bk);
      v = linear(value, this.v_proj_weight as Tensor, bv);
    }
    let S = key.size(0);
    let mask: Tensor | null = null;
    if (attnMask !== null) {
      mask = additiveMask(attnMask, q.dtype);
      if (mask.dim() === 2) {
        if (mask.shape[0] !== L || mask.shape[1] !== S) {
          throw new Error(`The shape of the 2D attn_mask is ${shapeText(mask.shape)}, but should be (${L}, ${S}).`);
        }
        mask = mask.unsqueeze(0);
      } else if (mask.dim() === 3) {
        if (mask.shape[0] !== N * H || mask.shape[1] !== L || mask.shape[2] !== S) {
          throw new Error(
            `The shape of the 3D attn_mask is ${shapeText(mask.shape)}, but should be (${N * H}, ${L}, ${S}).`,
          );
        }
      } else {
        throw new Error(`attn_mask's dimension ${mask.dim()} is not supported`);
      }
    }
    let kpm = keyPaddingMask;
    if (kpm !== null && (kpm.shape[0] !== N || kpm.shape[1] !== S)) {
      throw new Error(`expecting key_padding_mask shape of (${N}, ${S}), but got ${shapeText(kpm.shape)}`);
    }
    const padColumn = (m: Tensor | null): Tensor | null =>
      m === null ? null : cat([m, zeros([...m.shape.slice(0, -1), 1], { dtype: m.dtype })], -1);
    if (this.bias_k && this.bias_v) {
      k = cat([k, this.bias_k.expand(1, N, E)]);
      v = cat([v, this.bias_v.expand(1, N, E)]);
      mask = padColumn(mask);
      kpm = padColumn(kpm);
      S += 1;
    }
    // (L, N, E) -> (N·H, L, hd)
    q = q.reshape(L, N * H, hd).transpose(0, 1);
    k = k.reshape(S, N * H, hd).transpose(0, 1);
    v = v.reshape(S, N * H, hd).transpose(0, 1);
    if (this.add_zero_attn) {
      k = cat([k, zeros([N * H, 1, hd], { dtype: k.dtype })], 1);
      v = cat([v, zeros([N * H, 1, hd], { dtype: v.dtype })], 1);
      mask = padColumn(mask);
      kpm = padColumn(kpm);
      S += 1;
    }
    if (kpm !== null) {
      const padding = additiveMask(kpm, q.dtype)
        .view(N, 1, 1, S)
        .expand(-1, H, -1, -1)
        .reshape(N * H, 1, S);
      mask = mask === null ? padding : mask.add(padding);
    }
    let scores = q.mul(Math.sqrt(1 / hd)).matmul(k.transpose(-2, -1));
    if (mask !== null) scores = scores.add(mask);
    let attn = softmax(scores, -1);
    if (this.training && this.dropout > 0) attn = dropout(attn, this.dropout);
    const heads = attn.matmul(v); // (N·H, L, hd)
    const merged = heads.transpose(0, 1).reshape(L * N, E);
    const out = linear(merged, this.out_proj.weight, this.out_proj.bias).view(L, N, E);
    return [out, needWeights ? attn.view(N, H, L, S) : attn];
  }
}
