// Tensor storage allocation with PyTorch's failure modes: a size whose byte count overflows int64
// is rejected as ATen rejects it ("Storage size calculation overflowed"), and one that cannot be
// allocated throws c10's DefaultCPUAllocator error (an Error, PyTorch's RuntimeError) instead of
// V8's RangeError. Element counts above 2^53, which no index here can address exactly, are
// rejected before anything is allocated, with the byte count PyTorch would report.

import { backend } from '../backend/index.js';
import type { DType, TypedArray } from './dtype.js';

const MAX_SAFE = 2 ** 53;
/** Allocations from this size on are checked against the memory the system has free. */
const LARGE_BYTES = 256 * 2 ** 20;

/**
 * The bytes the system can still give, where the runtime can tell (Node: os.freemem, read through
 * process.getBuiltinModule so that browsers and bundlers see no Node import); Infinity elsewhere.
 * V8 does not fail a typed array that overcommits memory: the first touch of its pages would kill
 * the process instead, so a request larger than what is free fails here, as malloc would without
 * overcommit.
 */
function freeBytes(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { freemem?: () => number } | undefined;
  return os?.freemem?.() ?? Infinity;
}
const INT64_LIMIT = 1n << 63n;

/**
 * freeBytes(); when that is less than `want`, after the backend's storage cache has given its
 * free blocks back to the system (Note [Caching tensor storage], native/storage.cc).
 */
function freeBytesAfterRelease(want: number): number {
  const free = freeBytes();
  const b = backend();
  if (free >= want || b.releaseStorage === undefined) return free;
  b.releaseStorage();
  return freeBytes();
}

/*
 * Note [Collecting dead tensor memory]: a tensor's storage is a typed array whose memory V8 frees
 * only when its collector finds the array dead. V8 runs its young-generation collector (a
 * scavenge) when young arrays' storage reaches a fixed 32 MB (twice its default maximum
 * semi-space; --trace-gc shows "external memory pressure"), whatever the program's size. So a
 * training loop that drops a few megabytes of intermediates per step carries up to 32 MB of dead
 * storage, and malloc keeps the pages: bench W6 (an MLP dropping 3.4 MB a step) grew RSS by
 * ~45 MiB in 200 steps, PyTorch by ~8.
 *
 * PyTorch frees a buffer when its last reference goes. JavaScript has no such moment: a tensor
 * the library hands out (an op's output, a .grad) may be held anywhere, so its buffer cannot be
 * returned to a pool deterministically, and a pool of the buffers that provably never escape
 * (the engine's internal temporaries) would not lower the 32 MB either, which is reached by
 * whatever garbage accumulates. Instead, every 3 MiB (paceBytes) of storage allocated, the allocator
 * asks V8 for a scavenge itself. A scavenge costs time in proportion to the live young objects
 * (tensor wrappers, not their storage: ~0.2-0.3 ms in W6), and bounds the dead young storage to
 * about that. The collector is V8's `gc` hook, exposed for one fresh context and at once disabled
 * again (the program's global gets nothing; a program run with --expose-gc lends its own). Where
 * it cannot be had (browsers, other engines) or with TENSORGRAD_GC_PACE=0, allocation is not
 * paced; TENSORGRAD_GC_PACE=<MiB> sets the pace.
 *
 * Measured on W6's step (native backend), once AccumulateGrad took its gradient instead of copying
 * it and sub_ wrote into the parameter (Note [Taking a gradient], engine.ts; Note [Writing in
 * place directly], op.ts), which halved the storage a step drops (3.4 MB to 1.7 MB): RSS growth
 * over 400 steps 23 MiB at a 6 MiB pace, 18-19 at 4, 15-18 at 3, 14-15 at 2, 16-17 at 1 (more
 * scavenges promote more and grow V8's young generation); CPU time per step at a 3 MiB pace about
 * what the old step took at 6 MiB (fewer bytes per step, so no more scavenges per step). What
 * remains of the growth at 3 MiB, sampled step by step (process.memoryUsage, v8 heap spaces):
 * ~4 MiB of V8's young generation growing from its initial size in the first steps, ~3 MiB of
 * storage (the gradients, the live set and the dead storage between scavenges), ~4 MiB when
 * TurboFan optimizes the step's functions (steps 100-160; absent with --no-opt), and the first
 * step's one-time costs (bytecode, the thread pool).
 *
 * Note [Pacing large allocations]: a scavenge costs about the same whatever the tensors' size
 * (0.1-0.3 ms, the live young objects), so pacing large allocations costs the most for the least:
 * a chain of 1M-element float32 ops (bench W3, 4 MB per output) paid a scavenge per op, about what
 * PyTorch spends on the whole forward pass (0.6 ms). Worse, tensors that live across two of those
 * scavenges (W3's saved activations, until backward) are promoted to the old generation, where
 * only a mark-compact frees their storage, and V8 then runs one every few steps: on the native
 * backend W3's forward + backward took 15 ms of CPU time paced at every allocation, 12-17 paced at
 * every 3-9 of the largest allocations, 5-6 with no pacing (one run on a loaded machine). So an
 * allocation of paceBytes or more is not counted: storage that large is bounded by V8's own
 * external-memory triggers, as before pacing, or on the native backend by Note [Pacing cached
 * storage]; steps of smaller tensors (W6: none above 1 MB; the MNIST CNN's activations, 2.4 MB)
 * keep the pace.
 */
let paceBytes = 3 * 2 ** 20;
let sincePace = 0;
let minorGC: (() => void) | null | undefined;

type GcFn = (options?: { type: 'minor' | 'major' }) => void;

function findMinorGC(): (() => void) | null {
  const proc = (
    globalThis as {
      process?: { getBuiltinModule?: (id: string) => unknown; env?: Record<string, string | undefined> };
    }
  ).process;
  const mib = Number(proc?.env?.TENSORGRAD_GC_PACE ?? '');
  if (proc?.env?.TENSORGRAD_GC_PACE !== undefined && Number.isFinite(mib)) {
    if (!(mib > 0)) return null;
    paceBytes = mib * 2 ** 20;
  }
  let gc = (globalThis as { gc?: GcFn }).gc;
  if (typeof gc !== 'function') {
    const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
    const vm = proc?.getBuiltinModule?.('node:vm') as { runInNewContext(code: string): unknown } | undefined;
    if (v8 === undefined || vm === undefined) return null;
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as GcFn | undefined;
    } catch {
      gc = undefined;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
    if (typeof gc !== 'function') return null;
  }
  const collect = gc;
  return () => collect({ type: 'minor' });
}

/**
 * Counts `bytes` of new tensor storage; asks for a scavenge every paceBytes (see the Note). An
 * allocation of paceBytes or more is not counted (Note [Pacing large allocations]).
 */
export function paceAllocation(bytes: number): void {
  if (bytes >= paceBytes) return;
  sincePace += bytes;
  if (sincePace < paceBytes) return;
  sincePace = 0;
  if (minorGC === undefined) minorGC = findMinorGC();
  if (minorGC) storageSince = 0;
  minorGC?.();
}

/** The error c10's CPU allocator raises (alloc_cpu.cpp) when the allocation fails. */
export function allocationError(bytes: bigint | number): Error {
  return new Error(
    `[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: ` +
      `you tried to allocate ${BigInt(bytes)} bytes. Error code 12 (Cannot allocate memory)`,
  );
}

/** The exact byte count of `shape` at `itemsize`, or an error when it overflows int64 (as ATen). */
function exactBytes(shape: readonly number[], itemsize: number): bigint {
  let n = 1n;
  for (const s of shape) n *= BigInt(s);
  const bytes = n * BigInt(itemsize);
  if (n >= INT64_LIMIT || bytes >= INT64_LIMIT) {
    throw new Error(`Storage size calculation overflowed with sizes=[${shape.map((s) => BigInt(s)).join(', ')}]`);
  }
  return bytes;
}

/**
 * Throws the error allocate() would give for a tensor of `shape`, without allocating: for ops that
 * do work (index tables, loops) before allocating their output.
 */
export function checkAllocation(dtype: DType, shape: readonly number[]): void {
  checkBytes(
    dtype,
    shape.reduce((a, b) => a * b, 1),
    shape,
  );
}

/** The allocator's errors for `n` elements of `dtype` (n the product of `shape`), before allocating. */
function checkBytes(dtype: DType, n: number, shape: readonly number[]): void {
  // Up to 2^31 elements the count and the byte count are exact doubles; beyond, check exactly.
  if (n > 0x7fffffff) {
    const bytes = exactBytes(shape, dtype.itemsize);
    if (!(n <= MAX_SAFE)) throw allocationError(bytes);
  }
  if (n * dtype.itemsize >= LARGE_BYTES && n * dtype.itemsize > freeBytesAfterRelease(n * dtype.itemsize)) {
    throw allocationError(exactBytes(shape, dtype.itemsize));
  }
}

type ViewCtor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray;

/*
 * Note [Pacing cached storage]: storage from the backend's caching allocator (native/storage.cc)
 * comes back to it only when V8 frees a dead buffer, which for a young one takes a scavenge. V8
 * runs one itself before allocating a typed array's memory once the young arrays hold 32 MB and
 * at least the request (Heap::AllocateExternalBackingStore); it does not for memory it is handed,
 * so the scavenges are asked for here, on the same terms but counted differently: when a request
 * finds no free block of its size class and at least max(32 MiB, the request) of cached storage
 * was handed out since the last scavenge, one scavenge, then the free list again, then a fresh
 * block. V8's rule counts the young arrays' bytes, which a live large array keeps above 32 MB
 * until it has survived two scavenges: every allocation after bench W7's 51 MB output asked for a
 * scavenge, which promoted that output to the old generation, where only a mark-compact frees it
 * (one per W7 call, `--trace-gc`). Counting bytes handed out since the last scavenge, a live
 * array survives at most one scavenge per 32 MiB of new storage, and a dead one is back in the
 * free list at the next miss.
 */
const STORAGE_PACE = 32 * 2 ** 20;
let storageSince = 0;

/**
 * `n` elements of `dtype` from the backend's storage allocator (zero-filled when `zero`), or null
 * when it has none for this size (Note [Caching tensor storage], native/storage.cc; Note [Pacing
 * cached storage]).
 */
export function backendStorage(dtype: DType, n: number, zero: boolean): TypedArray | null {
  const b = backend();
  if (b.storage === undefined) return null;
  const bytes = n * dtype.itemsize;
  let buffer = b.storage(bytes, zero, true);
  if (buffer === undefined) {
    if (storageSince >= Math.max(bytes, STORAGE_PACE)) {
      if (minorGC === undefined) minorGC = findMinorGC();
      if (minorGC) {
        minorGC();
        storageSince = 0;
        sincePace = 0;
        buffer = b.storage(bytes, zero, true);
      }
    }
    if (buffer === undefined) buffer = b.storage(bytes, zero, false);
  }
  if (buffer === null || buffer === undefined) return null;
  storageSince += bytes;
  return new (dtype.array as unknown as ViewCtor)(buffer, 0, n);
}

/**
 * Storage for `n` elements of `dtype` (n = the product of `shape`, which names the size in
 * errors; a flat length when omitted): `make()`, by default a zero-filled typed array (from the
 * backend's allocator when it has one for this size). Throws PyTorch's errors instead of V8's
 * RangeError.
 */
export function allocate(
  dtype: DType,
  n: number,
  shape: readonly number[] = [n],
  make: () => TypedArray = () => backendStorage(dtype, n, true) ?? new dtype.array(n),
): TypedArray {
  checkBytes(dtype, n, shape);
  let data: TypedArray;
  try {
    data = make();
  } catch (e) {
    if (e instanceof RangeError) throw allocationError(exactBytes(shape, dtype.itemsize));
    throw e;
  }
  paceAllocation(data.byteLength);
  return data;
}
