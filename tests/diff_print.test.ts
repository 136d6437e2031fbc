// Random tensors printed by tensorgrad and by PyTorch (tests/oracle/diff_print.py): shapes that
// summarise and shapes that do not, every dtype, tiny/huge/integral/mixed magnitudes with nan, inf
// and -0, requires_grad and grad_fn (of ops with exact results), and print options. String(t) must equal PyTorch's repr(t),
// character for character. DIFF_PRINT_FIXTURE picks another set.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { dec, loadFixture, type EncTensor } from './helpers.js';

interface Case {
  shape: number[];
  dtype: EncTensor['dtype'];
  data: EncTensor['data'] | { formula: [number, number] };
  opts: Record<string, unknown>;
  requires_grad: boolean;
  op: 'mul' | 'neg' | 'reshape' | 'clone' | null;
  repr: string;
}

/** The oracle's expand(): large tensors come as a formula evaluated identically in float64. */
function values(c: Case): EncTensor['data'] {
  if (!('formula' in c.data)) return c.data;
  const [a, scale] = c.data.formula;
  const n = c.shape.reduce((x, y) => x * y, 1);
  const out: (number | boolean)[] = [];
  for (let k = 0; k < n; k++) {
    const v = (((k * a) % 2001) - 1000) * scale;
    out.push(c.dtype === 'bool' ? v > 0 : c.dtype === 'int64' || c.dtype === 'int32' ? Math.trunc(v) : v);
  }
  return out;
}

function build(c: Case): torch.Tensor {
  let t = dec({ shape: c.shape, dtype: c.dtype, data: values(c) });
  if (c.requires_grad) {
    t.requires_grad_(true);
    if (c.op === 'mul') t = t.mul(2);
    else if (c.op === 'neg') t = t.neg();
    else if (c.op === 'reshape') t = t.reshape(-1);
    else if (c.op === 'clone') t = t.clone();
  }
  return t;
}

const cases = loadFixture<Case>(process.env.DIFF_PRINT_FIXTURE ?? 'diff_print');

test(`${cases.length} random tensors print as PyTorch prints them`, () => {
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    const t = build(c);
    torch.set_printoptions({ profile: 'default' });
    torch.set_printoptions({ sci_mode: null, ...c.opts });
    let got: string;
    try {
      got = String(t);
    } finally {
      torch.set_printoptions({ profile: 'default' });
      torch.set_printoptions({ sci_mode: null });
    }
    if (got !== c.repr) {
      failures.push(
        `#${i} ${c.dtype}${JSON.stringify(c.shape)} ${JSON.stringify(c.opts)}:\n${got}\n--- PyTorch:\n${c.repr}`,
      );
    }
  }
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${cases.length} tensors print differently`);
});
