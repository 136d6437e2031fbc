// The pure-TypeScript backend: the reference implementation, always available (Node and browsers).

import type { Backend } from '../backend.js';
import { binary, clamp, copy, fill, ramp, unary, where } from './elementwise.js';
import { matmul } from './matmul.js';
import { wasmRandom } from './wasm/runtime.js';
import { adam } from './optim.js';
import { put, reduce, scan, softmax, take } from './reduce.js';
import {
  col2im,
  im2col,
  layerNorm,
  layerNormBackward,
  maxPool2d,
  maxPool2dBackward,
  softmaxBackward,
  thresholdBackward,
} from './nn.js';

/**
 * Note [Reusing freed tensor memory] (native/addon.cc) without the addon's mallopt: under glibc,
 * freeing a buffer that was mmap'd raises the heap's mmap threshold to that buffer's size and its
 * trim threshold to twice that (glibc's dynamic thresholds, up to 32 MiB). One buffer just under
 * 32 MiB, allocated here and never touched (so it costs no resident memory), does that when the
 * garbage collector frees it: outputs up to 32 MiB then come from the heap, and up to 64 MiB of
 * freed ones stay there for reuse instead of returning to the OS, to come back as fresh pages whose
 * first-touch faults cost several times the kernels writing them (bench/elementwise_wasm.ts). A
 * no-op in effect on other C libraries and in browsers (no Buffer).
 */
function keepFreedMemory(): void {
  const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;
  nodeBuffer?.allocUnsafeSlow(32 * 2 ** 20 - 2 ** 16);
}
keepFreedMemory();

export const jsBackend: Backend = {
  name: 'js',
  copy,
  fill,
  ramp,
  unary,
  binary,
  where,
  clamp,
  reduce,
  scan,
  matmul,
  softmax,
  take,
  put,
  adam,
  im2col,
  col2im,
  maxPool2d,
  maxPool2dBackward,
  thresholdBackward,
  softmaxBackward,
  layerNorm,
  layerNormBackward,
  // Float32 fills run in WebAssembly where it is available (wasm/random.ts); the rest, and every
  // fill under TENSORGRAD_WASM=0, are the reference samplers (src/tensor/random_fill.ts).
  randomFill: (kind, state, pos, out, a, b) => wasmRandom()?.(kind, state, pos, out, a, b) ?? false,
};
