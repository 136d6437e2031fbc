// A character-level GPT-style model: token + position embeddings, a stack of pre-norm
// TransformerEncoderLayers (GELU, causal mask), a final LayerNorm and a linear head over the
// characters. charlm_torch.py builds the same modules in the same order, so after the same
// manual_seed both start from identical weights.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const { nn } = torch;

export interface CharLMConfig {
  vocab: number;
  /** Context length (characters the model sees). */
  context: number;
  embed: number;
  heads: number;
  layers: number;
  dropout: number;
}

export class CharLM extends nn.Module {
  tok_emb: InstanceType<typeof nn.Embedding>;
  pos_emb: InstanceType<typeof nn.Embedding>;
  blocks: InstanceType<typeof nn.TransformerEncoder>;
  ln_f: InstanceType<typeof nn.LayerNorm>;
  head: InstanceType<typeof nn.Linear>;
  private readonly masks = new Map<number, Tensor>();

  constructor(readonly config: CharLMConfig) {
    super();
    const { vocab, context, embed, heads, layers, dropout } = config;
    this.tok_emb = new nn.Embedding(vocab, embed);
    this.pos_emb = new nn.Embedding(context, embed);
    const layer = new nn.TransformerEncoderLayer(embed, heads, {
      dim_feedforward: 4 * embed,
      dropout,
      activation: 'gelu',
      batch_first: true,
      norm_first: true,
    });
    this.blocks = new nn.TransformerEncoder(layer, layers);
    this.ln_f = new nn.LayerNorm(embed);
    this.head = new nn.Linear(embed, vocab);
  }

  /** Logits [B, T, vocab] for token ids [B, T] (T ≤ context): position t sees tokens 0..t. */
  forward(idx: Tensor): Tensor {
    const T = idx.size(1);
    let mask = this.masks.get(T);
    if (mask === undefined) {
      mask = nn.Transformer.generate_square_subsequent_mask(T);
      this.masks.set(T, mask);
    }
    const x = this.tok_emb.forward(idx).add(this.pos_emb.forward(torch.arange(T)));
    const h = this.blocks.forward(x, { mask, is_causal: true });
    return this.head.forward(this.ln_f.forward(h));
  }

  /** Mean cross-entropy of the next-token predictions. */
  loss(x: Tensor, y: Tensor): Tensor {
    const logits = this.forward(x);
    return nn.functional.cross_entropy(logits.reshape(-1, this.config.vocab), y.reshape(-1));
  }

  /** Extends `prompt` by n characters drawn with torch.multinomial from the model's distribution. */
  sample(prompt: Tensor, n: number, generator: torch.Generator, temperature = 1): Tensor {
    const wasTraining = this.training;
    this.eval();
    let ids = prompt;
    torch.no_grad(() => {
      for (let i = 0; i < n; i++) {
        const len = ids.size(0);
        const window = len > this.config.context ? ids.narrow(0, len - this.config.context, this.config.context) : ids;
        const logits = this.forward(window.unsqueeze(0)).select(0, 0).select(0, -1);
        const probs = logits.div(temperature).softmax(-1);
        ids = torch.cat([ids, torch.multinomial(probs, 1, { generator })]);
      }
    });
    this.train(wasTraining);
    return ids;
  }
}
