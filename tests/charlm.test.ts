// examples/charlm on a tiny configuration: the corpus text (tags stripped), the model's modules and
// shapes, a few AdamW steps lowering the loss, and the seeded sample being reproducible.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { batch, untag } from '../examples/charlm/data.js';
import { CharLM } from '../examples/charlm/model.js';

test('charlm: untag', () => {
  assert.equal(
    untag("\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, 1/2/cd ./."),
    'The jury said " no evidence ", 1/2.',
  );
  assert.equal(untag('   '), '');
});

test('charlm: model, training steps, seeded sample', () => {
  torch.manual_seed(0);
  const model = new CharLM({ vocab: 11, context: 8, embed: 16, heads: 2, layers: 2, dropout: 0 });
  assert.deepEqual([...model.state_dict().keys()].slice(0, 6), [
    'tok_emb.weight',
    'pos_emb.weight',
    'blocks.layers.0.self_attn.in_proj_weight',
    'blocks.layers.0.self_attn.in_proj_bias',
    'blocks.layers.0.self_attn.out_proj.weight',
    'blocks.layers.0.self_attn.out_proj.bias',
  ]);
  // A periodic sequence: the next character is predictable from the previous one.
  const data = torch.arange(200).remainder(11);
  const gen = new torch.Generator().manual_seed(0);
  const [x, y] = batch(data, 4, 8, gen);
  assert.deepEqual(x.shape, [4, 8]);
  assert.ok(torch.equal(y, x.add(1).remainder(11)));
  assert.deepEqual(model.forward(x).shape, [4, 8, 11]);
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 0.01 });
  const first = model.loss(x, y).item() as number;
  for (let i = 0; i < 5; i++) {
    optimizer.zero_grad();
    model.loss(x, y).backward();
    optimizer.step();
  }
  assert.ok((model.loss(x, y).item() as number) < first);
  const prompt = torch.tensor([1, 2], { dtype: torch.int64 });
  const a = model.sample(prompt, 12, new torch.Generator().manual_seed(3));
  const b = model.sample(prompt, 12, new torch.Generator().manual_seed(3));
  assert.deepEqual(a.shape, [14]);
  assert.ok(torch.equal(a, b));
  assert.equal(model.training, true);
});
