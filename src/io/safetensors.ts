// safetensors: read and write the format of huggingface/safetensors.
//
//   [8 bytes: little-endian u64 header length N][N bytes: JSON header][byte buffer]
//
// The header maps each tensor name to { dtype, shape, data_offsets: [begin, end] } (offsets into
// the byte buffer), plus an optional "__metadata__" object of strings. Reading validates
// everything before allocating anything: the header length against the file size, the JSON, every
// dtype, shape and offset pair, and that the tensors cover the buffer exactly without overlaps
// (as the format requires). Nothing is allocated from a size the file claims: every tensor is
// checked against the bytes actually present first, so a tensor never takes more than 4 bytes per
// stored byte (1-byte integers widen to int32).
//
// int64 tensors are read into tensorgrad's int64 (exact to 2^53; see Note [int64 representation]);
// F16/BF16 tensors are widened to float32 and I16/I8/U8 to int32, since tensorgrad has no
// narrower dtypes.

import { nodeFs } from '../tensor/node_fs.js';
import { Tensor } from '../tensor/tensor.js';
import { bool, float32, float64, int32, int64, type DType } from '../tensor/dtype.js';
import { contiguousStrides } from '../tensor/shape.js';
import { argTypeError, jsTypeName } from '../tensor/argcheck.js';

type StDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const ITEMSIZE: Record<StDType, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};
const TO_DTYPE: Record<StDType, DType> = {
  F64: float64,
  F32: float32,
  F16: float32,
  BF16: float32,
  I64: int64,
  I32: int32,
  I16: int32,
  I8: int32,
  U8: int32,
  BOOL: bool,
};
const FROM_DTYPE: Record<string, StDType> = {
  float64: 'F64',
  float32: 'F32',
  int64: 'I64',
  int32: 'I32',
  bool: 'BOOL',
};

/** Headers larger than this are refused (the reference implementation's limit). */
const MAX_HEADER = 100_000_000;

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

interface Entry {
  dtype: StDType;
  shape: number[];
  begin: number;
  end: number;
}

function parseHeader(bytes: Uint8Array): {
  entries: Map<string, Entry>;
  metadata: Record<string, string> | null;
  dataStart: number;
} {
  if (bytes.length < 8) throw new SafetensorsError(`file too small (${bytes.length} bytes) to hold a header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new SafetensorsError(`header length ${n} exceeds the limit of ${MAX_HEADER} bytes`);
  if (n > BigInt(bytes.length - 8)) {
    throw new SafetensorsError(`header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  }
  const headerLen = Number(n);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SafetensorsError('header must be a JSON object');
  }
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const entries = new Map<string, Entry>();
  let metadata: Record<string, string> | null = null;
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Object.values(raw).some((v) => typeof v !== 'string')) {
        throw new SafetensorsError('__metadata__ must map strings to strings');
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    entries.set(name, checkEntry(name, raw, dataLen));
  }
  checkCoverage(entries, dataLen);
  return { entries, metadata, dataStart };
}

function checkEntry(name: string, raw: unknown, dataLen: number): Entry {
  if (typeof raw !== 'object' || raw === null) throw new SafetensorsError(`entry '${name}' is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw as { dtype: unknown; shape: unknown; data_offsets: unknown };
  if (typeof dtype !== 'string' || !(dtype in ITEMSIZE)) {
    throw new SafetensorsError(`tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || shape.some((s) => !Number.isSafeInteger(s) || s < 0)) {
    throw new SafetensorsError(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || o < 0) ||
    offsets[0] > offsets[1]
  ) {
    throw new SafetensorsError(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLen) {
    throw new SafetensorsError(
      `tensor '${name}' data_offsets [${begin}, ${end}] lie outside the ${dataLen}-byte buffer`,
    );
  }
  let count = 1;
  for (const s of shape as number[]) {
    count *= s;
    if (count * ITEMSIZE[dtype as StDType] > dataLen) {
      throw new SafetensorsError(
        `tensor '${name}' shape ${JSON.stringify(shape)} needs more bytes than the buffer holds`,
      );
    }
  }
  if (end - begin !== count * ITEMSIZE[dtype as StDType]) {
    throw new SafetensorsError(
      `tensor '${name}' has ${end - begin} bytes of data but dtype ${dtype} and shape ${JSON.stringify(shape)} need ${count * ITEMSIZE[dtype as StDType]}`,
    );
  }
  return { dtype: dtype as StDType, shape: shape as number[], begin, end };
}

/** The tensors must tile the buffer: sorted by offset, no gaps, no overlaps, ending at its end. */
function checkCoverage(entries: Map<string, Entry>, dataLen: number): void {
  const sorted = [...entries.entries()].sort((a, b) => a[1].begin - b[1].begin || a[1].end - b[1].end);
  let at = 0;
  for (const [name, e] of sorted) {
    if (e.begin < at) throw new SafetensorsError(`tensor '${name}' overlaps the previous tensor's data`);
    if (e.begin > at) throw new SafetensorsError(`the byte buffer has a hole before tensor '${name}'`);
    at = e.end;
  }
  if (at !== dataLen)
    throw new SafetensorsError(`the byte buffer has ${dataLen - at} trailing bytes not covered by any tensor`);
}

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * Math.pow(2, -14) * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * Math.pow(2, exp - 15) * (1 + frac / 1024);
}

function decode(e: Entry, bytes: Uint8Array): Tensor {
  const dtype = TO_DTYPE[e.dtype];
  const count = (e.end - e.begin) / ITEMSIZE[e.dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset + e.begin, e.end - e.begin);
  const out = new dtype.array(count);
  for (let i = 0; i < count; i++) {
    switch (e.dtype) {
      case 'F64':
        out[i] = view.getFloat64(i * 8, true);
        break;
      case 'F32':
        out[i] = view.getFloat32(i * 4, true);
        break;
      case 'F16':
        out[i] = half(view.getUint16(i * 2, true));
        break;
      case 'BF16':
        out[i] = new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0];
        break;
      case 'I64':
        out[i] = Number(view.getBigInt64(i * 8, true));
        break;
      case 'I32':
        out[i] = view.getInt32(i * 4, true);
        break;
      case 'I16':
        out[i] = view.getInt16(i * 2, true);
        break;
      case 'I8':
        out[i] = view.getInt8(i);
        break;
      case 'U8':
        out[i] = view.getUint8(i);
        break;
      case 'BOOL':
        out[i] = view.getUint8(i) !== 0 ? 1 : 0;
        break;
    }
  }
  return Tensor._make(out, [...e.shape], contiguousStrides(e.shape), 0, dtype);
}

/** Parses safetensors bytes into tensors by name (and the metadata, if any). */
export function load(bytes: Uint8Array): Record<string, Tensor> {
  if (!(bytes instanceof Uint8Array)) throw argTypeError('load', 'data', 1, 'Uint8Array', bytes);
  return loadWithMetadata(bytes).tensors;
}

export function loadWithMetadata(bytes: Uint8Array): {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string> | null;
} {
  if (!(bytes instanceof Uint8Array)) throw argTypeError('load', 'data', 1, 'Uint8Array', bytes);
  const { entries, metadata, dataStart } = parseHeader(bytes);
  const data = bytes.subarray(dataStart);
  // No prototype: a tensor may be named "__proto__".
  const tensors = Object.create(null) as Record<string, Tensor>;
  for (const [name, e] of entries) tensors[name] = decode(e, data);
  return { tensors, metadata };
}

/** Serializes tensors (a Map or an object by name) to safetensors bytes. */
export function save(
  tensors: Map<string, Tensor> | Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  if (tensors === null || typeof tensors !== 'object' || tensors instanceof Tensor || Array.isArray(tensors)) {
    throw argTypeError('save', 'tensors', 1, 'dict', tensors);
  }
  for (const t of tensors instanceof Map ? tensors.values() : Object.values(tensors)) {
    if (!(t instanceof Tensor))
      throw new TypeError(`save(): every value of 'tensors' must be a Tensor, not ${jsTypeName(t)}`);
  }
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const encoded = list.map(([name, t]): [string, StDType, readonly number[], Uint8Array] => {
    const st = FROM_DTYPE[t.dtype.name];
    return [name, st, t.shape, rawBytes(t, st)];
  });
  // The byte buffer holds wider types first (stable otherwise), so every tensor starts aligned to
  // its element size, as the reference writer arranges; the header keeps the caller's order.
  const layout = [...encoded].sort((a, b) => ITEMSIZE[b[1]] - ITEMSIZE[a[1]]);
  const offsets = new Map<string, [number, number]>();
  let offset = 0;
  for (const [name, , , raw] of layout) {
    offsets.set(name, [offset, offset + raw.length]);
    offset += raw.length;
  }
  // No prototype: a tensor may be named "__proto__".
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata) header.__metadata__ = metadata;
  for (const [name, st, shape] of encoded) header[name] = { dtype: st, shape, data_offsets: offsets.get(name) };
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces so the byte buffer starts 8-byte aligned, as the reference writer does.
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  for (const [name, , , raw] of layout) out.set(raw, 8 + json.length + (offsets.get(name) as [number, number])[0]);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A tensor's values as little-endian bytes of its safetensors dtype. */
function rawBytes(t: Tensor, st: StDType): Uint8Array {
  if (!LITTLE_ENDIAN) throw new SafetensorsError('writing needs a little-endian host');
  const values = t.toTypedArray();
  if (st === 'I64') {
    const big = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) big[i] = BigInt(Math.trunc(values[i]));
    return new Uint8Array(big.buffer);
  }
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Writes tensors to a .safetensors file (Node). */
export function save_file(
  tensors: Map<string, Tensor> | Record<string, Tensor>,
  filename: string,
  metadata?: Record<string, string>,
): void {
  if (typeof filename !== 'string') throw argTypeError('save_file', 'filename', 2, 'str', filename);
  nodeFs(
    () => new SafetensorsError('save_file/load_file need Node.js (>= 20.16); use save/load with bytes elsewhere'),
  ).writeFileSync(filename, save(tensors, metadata));
}

/** Reads a .safetensors file into tensors by name (Node). */
export function load_file(filename: string): Record<string, Tensor> {
  if (typeof filename !== 'string') throw argTypeError('load_file', 'filename', 1, 'str', filename);
  return load(
    new Uint8Array(
      nodeFs(
        () => new SafetensorsError('save_file/load_file need Node.js (>= 20.16); use save/load with bytes elsewhere'),
      ).readFileSync(filename),
    ),
  );
}
