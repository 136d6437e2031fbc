// Tensor storage allocation with PyTorch's failure modes: a size whose byte count overflows int64
// is rejected as ATen rejects it ("Storage size calculation overflowed"), and one that cannot be
// allocated throws c10's DefaultCPUAllocator error (an Error, PyTorch's RuntimeError) instead of
// V8's RangeError. Element counts above 2^53, which no index here can address exactly, are
// rejected before anything is allocated, with the byte count PyTorch would report.

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
 * Storage for `n` elements of `dtype` (n = the product of `shape`, which names the size in
 * errors; a flat length when omitted): `make()`, by default a zero-filled typed array. Throws
 * PyTorch's errors instead of V8's RangeError.
 */
export function allocate(
  dtype: DType,
  n: number,
  shape: readonly number[] = [n],
  make: () => TypedArray = () => new dtype.array(n),
): TypedArray {
  // Up to 2^31 elements the count and the byte count are exact doubles; beyond, check exactly.
  if (n > 0x7fffffff) {
    const bytes = exactBytes(shape, dtype.itemsize);
    if (!(n <= MAX_SAFE)) throw allocationError(bytes);
  }
  if (n * dtype.itemsize >= LARGE_BYTES && n * dtype.itemsize > freeBytes()) {
    throw allocationError(exactBytes(shape, dtype.itemsize));
  }
  try {
    return make();
  } catch (e) {
    if (e instanceof RangeError) throw allocationError(exactBytes(shape, dtype.itemsize));
    throw e;
  }
}
