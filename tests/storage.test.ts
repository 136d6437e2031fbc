// The native backend's caching allocator for tensor storage (Note [Caching tensor storage],
// native/storage.cc; Note [Pacing cached storage], src/tensor/alloc.ts): freed blocks come back
// for new tensors of their size class, zero-filled when the tensor must start at zero, never while
// a view of them lives, and within the cap. Skipped on the TypeScript backend (no such allocator).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import * as torch from '../src/index.js';
import { nativeAddon } from '../src/backend/native.js';

const addon = torch.backends.native.is_available() && process.env.TENSORGRAD_BACKEND !== 'js' ? nativeAddon() : null;
const stats = addon?.storageStats?.bind(addon);
const skip = stats === undefined ? 'the native backend with its storage allocator is not in use' : false;

/** [free bytes, hits, misses, released, cap] */
const read = (): [number, number, number, number, number] => stats!();

describe('cached tensor storage', { skip }, () => {
  it('reuses freed large blocks, which keep no values for zero-filled tensors', () => {
    const n = 3_000_000; // 12 MB: a mapped block of 2 MiB units
    const [, hits0] = read();
    for (let i = 0; i < 40; i++) torch.full([n], 7); // dead outputs of 12 MB, dirty
    const [, hits1] = read();
    assert.ok(hits1 > hits0, `no block was reused (${hits1 - hits0} hits)`);
    for (let i = 0; i < 10; i++) {
      const z = torch.zeros([n]);
      assert.equal(z.abs().max().item(), 0);
      assert.equal(z.numel(), n);
    }
  });

  it('never hands out a block a live tensor or view still uses', () => {
    const n = 1 << 20; // 4 MiB
    const kept = torch.arange(n, { dtype: torch.float32 });
    const view = kept.narrow(0, n - 10, 10);
    const expected = view.tolist();
    for (let i = 0; i < 60; i++) torch.full([n], -1).add_(1);
    assert.deepEqual(view.tolist(), expected);
    assert.equal(kept.sum().item(), ((n - 1) * n) / 2);
  });

  it('keeps small and odd-sized tensors exact', () => {
    for (const n of [17, 100, 4097, 70_000, 1_000_003]) {
      const t = torch.arange(n, { dtype: torch.float64 });
      assert.equal(t.numel(), n);
      assert.equal(t.sum().item(), ((n - 1) * n) / 2);
      assert.equal(torch.zeros([n], { dtype: torch.int32 }).abs().sum().item(), 0);
    }
  });

  it('keeps at most the cap of free blocks, and V8 sees the live storage', () => {
    const live = torch.empty([16 << 20]); // 64 MiB
    // Whatever else was freed meanwhile, the live buffer is counted (uncounted, V8's external
    // memory would be Node's few megabytes).
    assert.ok(getHeapStatistics().external_memory >= 64 * 2 ** 20);
    live.fill_(1);
    for (let i = 0; i < 20; i++) torch.ones([5 << 20]);
    const [free, , , , cap] = read();
    assert.ok(free <= cap, `${free} free bytes over the cap ${cap}`);
    assert.equal(live.mean().item(), 1);
  });
});
