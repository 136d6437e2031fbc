// Shared test helpers: load PyTorch fixtures (tests/fixtures/*.json, written by tests/oracle/*.py)
// and compare tensors with them.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A tensor as the oracle encodes it. */
export interface EncTensor {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
  data: (number | boolean | string)[];
}

export function loadFixture<T = unknown>(name: string): T[] {
  const text = readFileSync(join(here, 'fixtures', `${name}.json`), 'utf8');
  let big: Map<string, EncTensor['data']> | undefined;
  // Large tensors live in <name>.safetensors beside the JSON (tests/oracle/common.py dump): the JSON
  // holds {shape, dtype, safetensors: key}; the data comes back as the JSON would have held it.
  const revive = (_key: string, v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || !('safetensors' in v) || !('shape' in v)) return v;
    big ??= readSafetensors(join(here, 'fixtures', `${name}.safetensors`));
    const { safetensors: key, ...rest } = v as { safetensors: string };
    const data = big.get(key);
    assert.ok(data !== undefined, `${name}.safetensors has no tensor ${key}`);
    return { ...rest, data };
  };
  return (JSON.parse(text, revive) as { cases: T[] }).cases;
}

/**
 * A fixture's safetensors file, read by hand (not with the library under test): an 8-byte
 * little-endian header length, a JSON header, raw little-endian data. Values come back as the
 * oracle's JSON encodes them ('nan'/'inf' strings, booleans).
 */
function readSafetensors(path: string): Map<string, EncTensor['data']> {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<
    string,
    { dtype: string; data_offsets: [number, number] }
  >;
  const start = bytes.byteOffset + 8 + n;
  const out = new Map<string, EncTensor['data']>();
  for (const [key, info] of Object.entries(header)) {
    if (key === '__metadata__') continue;
    const raw = bytes.buffer.slice(start + info.data_offsets[0], start + info.data_offsets[1]);
    const typed =
      info.dtype === 'F64'
        ? new Float64Array(raw)
        : info.dtype === 'F32'
          ? new Float32Array(raw)
          : info.dtype === 'I32'
            ? new Int32Array(raw)
            : info.dtype === 'I64'
              ? new BigInt64Array(raw)
              : info.dtype === 'BOOL'
                ? new Uint8Array(raw)
                : assert.fail(`${path}: dtype ${info.dtype}`);
    const bool = info.dtype === 'BOOL';
    out.set(
      key,
      Array.from(typed as ArrayLike<number | bigint>, (x) => {
        if (bool) return x !== 0;
        const v = Number(x);
        if (Number.isNaN(v)) return 'nan';
        if (v === Infinity) return 'inf';
        return v === -Infinity ? '-inf' : v;
      }),
    );
  }
  return out;
}

export function num(v: number | boolean | string): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
}

/** Builds a tensor from its encoding (dtype and values exact). */
export function dec(e: EncTensor, opts?: { requires_grad?: boolean }): Tensor {
  const dtype = torch[e.dtype];
  const data = new dtype.array(e.data.length);
  e.data.forEach((v, i) => (data[i] = num(v)));
  const t = torch.from_typed_array(data, e.shape, dtype);
  if (opts?.requires_grad) t.requires_grad_(true);
  return t;
}

/** Asserts shape, dtype and values match (NaN matches NaN; tolerances apply to floats). */
export function assertTensor(
  actual: Tensor,
  expected: EncTensor,
  opts?: { rtol?: number; atol?: number; label?: string },
): void {
  const label = opts?.label ? `${opts.label}: ` : '';
  assert.deepEqual(actual.shape, expected.shape, `${label}shape`);
  assert.equal(actual.dtype.name, expected.dtype, `${label}dtype`);
  const float = expected.dtype === 'float32' || expected.dtype === 'float64';
  const rtol = opts?.rtol ?? (expected.dtype === 'float32' ? 1e-5 : 1e-7);
  const atol = opts?.atol ?? (expected.dtype === 'float32' ? 1e-6 : 1e-9);
  const vals = actual.toTypedArray();
  expected.data.forEach((raw, i) => {
    const want = num(raw);
    const got = vals[i];
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(got), `${label}element ${i}: expected nan, got ${got}`);
    } else if (!float || !Number.isFinite(want)) {
      assert.equal(got, want, `${label}element ${i}`);
    } else {
      assert.ok(
        Math.abs(got - want) <= atol + rtol * Math.abs(want),
        `${label}element ${i}: expected ${want}, got ${got}`,
      );
    }
  });
}

/**
 * The expectations hand-written tests check, recorded by tests/oracle/expectations.py under the
 * test file's section and the check's name (error texts, grad_fn names, printed strings, values).
 */
export function expectation<T = string>(section: 'random' | 'print' | 'reduce', key: string): T {
  const all = (expectations ??= loadFixture<Record<string, Record<string, unknown>>>('expectations')[0]);
  assert.ok(key in all[section], `tests/fixtures/expectations.json has no ${section} "${key}"`);
  return all[section][key] as T;
}
let expectations: Record<string, Record<string, unknown>> | undefined;

/** Runs fn and returns the error message it throws (fails if it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
  assert.fail('expected an error');
}
