// Allocation failures are errors, not crashes: sizes that cannot be allocated throw c10's
// DefaultCPUAllocator message and sizes whose byte count overflows int64 ATen's overflow message
// (tests/oracle/alloc.py), on either backend, and the process carries on working.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';

interface Case {
  op: 'zeros' | 'ones' | 'empty' | 'full' | 'rand' | 'randn' | 'arange';
  size: number[];
  dtype: 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
  error: string;
}

function make(c: Case): unknown {
  const dtype = torch[c.dtype];
  if (c.op === 'arange') return torch.arange(c.size[0], { dtype });
  if (c.op === 'full') return torch.full(c.size, 7, { dtype });
  return torch[c.op](c.size, { dtype });
}

for (const c of loadFixture<Case>('alloc')) {
  it(`${c.op}([${c.size.join(', ')}], ${c.dtype}) fails with PyTorch's error`, () => {
    assert.throws(
      () => make(c),
      (e: unknown) => {
        assert.ok(e instanceof Error && !(e instanceof RangeError), `not a RuntimeError-style Error: ${String(e)}`);
        assert.equal(e.message, c.error);
        return true;
      },
    );
  });
}

it('keeps working after a failed allocation', () => {
  assert.throws(() => torch.zeros(1e12));
  const x = torch.ones(1000).mul(2);
  assert.equal(x.sum().item(), 2000);
});

it('reports the byte count of a failed op output as well', () => {
  const x = torch.zeros(1).expand(2 ** 40);
  assert.throws(() => x.contiguous(), /can't allocate memory: you tried to allocate 4398046511104 bytes/);
});

// Note [Collecting dead tensor memory] (src/tensor/alloc.ts): dropped tensors' storage is
// collected every few megabytes allocated, not only when V8's young storage reaches 32 MB.
it('dead tensor storage is collected as allocation goes on, without exposing gc', () => {
  const x = torch.ones([256, 1024]); // 1 MiB
  // V8's external memory counts every array buffer, those over the native backend's own storage
  // (Note [Caching tensor storage]) as well as Node's (process.memoryUsage().arrayBuffers).
  const external = (): number => getHeapStatistics().external_memory;
  const base = external();
  let most = 0;
  for (let i = 0; i < 128; i++) {
    x.mul(2); // a dead 1 MiB output each time
    most = Math.max(most, external() - base);
  }
  assert.ok(most < 20 * 2 ** 20, `array buffers reached ${(most / 2 ** 20).toFixed(1)} MiB`);
  assert.equal(
    typeof (globalThis as { gc?: unknown }).gc,
    process.execArgv.includes('--expose-gc') ? 'function' : 'undefined',
  );
});
