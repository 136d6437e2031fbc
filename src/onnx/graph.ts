// The ONNX graph an export builds: nodes in the order the traced run made them, initializers
// (parameters and buffers under their module names, constants under generated names) and the
// names of the values that flow between nodes. The op mappings (symbolic_*.ts) talk to it only.

import { Tensor } from '../tensor/tensor.js';
import { bool, float32, float64, int32, int64, type DType } from '../tensor/dtype.js';
import { AttributeType, DataType, type AttributeMsg, type NodeMsg, type TensorMsg } from './proto.js';

/** A float attribute (a plain number is an int attribute). */
export class Float {
  constructor(readonly value: number) {}
}
export const f = (value: number): Float => new Float(value);
export type Attr = number | Float | readonly number[] | string | Tensor;

/** The ONNX element type of a dtype. */
export function onnxType(dtype: DType): number {
  if (dtype === float32) return DataType.FLOAT;
  if (dtype === float64) return DataType.DOUBLE;
  if (dtype === int64) return DataType.INT64;
  if (dtype === int32) return DataType.INT32;
  if (dtype === bool) return DataType.BOOL;
  throw new Error(`ONNX export does not support dtype ${dtype.toString()}`);
}

/** Row-major little-endian bytes of a tensor, as TensorProto.raw_data holds them. */
function rawData(t: Tensor): Uint8Array {
  const values = t.toTypedArray();
  const n = values.length;
  let out: ArrayBufferView;
  if (t.dtype === int64) {
    const big = new BigInt64Array(n);
    for (let i = 0; i < n; i++) big[i] = BigInt(Math.trunc(Number(values[i])));
    out = big;
  } else if (t.dtype === bool) {
    out = Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
  } else {
    out = values;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
}

export function tensorMsg(name: string, t: Tensor): TensorMsg {
  return { name, dims: [...t.shape], data_type: onnxType(t.dtype), raw_data: rawData(t) };
}

function attribute(name: string, v: Attr): AttributeMsg {
  if (v instanceof Float) return { name, type: AttributeType.FLOAT, f: v.value };
  if (typeof v === 'number') return { name, type: AttributeType.INT, i: v };
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if (v instanceof Tensor) return { name, type: AttributeType.TENSOR, t: tensorMsg('', v) };
  return { name, type: AttributeType.INTS, ints: [...v] };
}

export class Graph {
  readonly nodes: NodeMsg[] = [];
  readonly initializers: TensorMsg[] = [];
  /** The value name of each tensor the graph computes or holds. */
  readonly names = new Map<Tensor, string>();
  /** Names of values that depend on the graph inputs (everything else is a constant). */
  readonly dynamic = new Set<string>();
  /** Parameters and buffers, by their module names; made initializers when first used. */
  readonly named = new Map<Tensor, string>();
  private readonly constants = new Map<string, string>();
  private count = 0;

  constructor(readonly opset: number) {}

  fresh(base: string): string {
    return `${base}_${this.count++}`;
  }

  /** Appends a node; returns its output names. */
  node(opType: string, inputs: readonly string[], attrs: Record<string, Attr | undefined> = {}, outputs = 1): string[] {
    const output = Array.from({ length: outputs }, () => this.fresh(opType));
    const attribute: AttributeMsg[] = [];
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) attribute.push(attribute_(k, v));
    this.nodes.push({ input: [...inputs], output, name: this.fresh(`/${opType}`), op_type: opType, attribute });
    return output;
  }

  /** A one-output node. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, Attr | undefined> = {}): string {
    return this.node(opType, inputs, attrs)[0];
  }

  /** The value name of a tensor operand: a graph value, a parameter or buffer, or a new constant. */
  value(t: Tensor): string {
    const known = this.names.get(t);
    if (known !== undefined) return known;
    const param = this.named.get(t);
    const name = param ?? this.fresh('onnx::Constant');
    this.initializers.push(tensorMsg(name, t));
    this.names.set(t, name);
    return name;
  }

  isDynamic(t: Tensor): boolean {
    const name = this.names.get(t);
    return name !== undefined && this.dynamic.has(name);
  }

  /** An initializer holding a constant tensor, shared between uses of the same values. */
  constant(t: Tensor): string {
    const key = `${t.dtype.toString()}|${t.shape.join(',')}|${Array.from(t.toTypedArray()).join(',')}`;
    const cached = this.constants.get(key);
    if (cached !== undefined) return cached;
    const name = this.fresh('onnx::Constant');
    this.initializers.push(tensorMsg(name, t));
    this.constants.set(key, name);
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, starts). */
  ints(values: readonly number[]): string {
    const data = new int64.array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = values[i];
    return this.constant(Tensor._make(data, [values.length], [1], 0, int64));
  }

  /** A 0-d constant of the given dtype. */
  scalar(v: number | boolean, dtype: DType): string {
    const data = new dtype.array(1);
    data[0] = typeof v === 'boolean' ? Number(v) : v;
    return this.constant(Tensor._make(data, [], [], 0, dtype));
  }

  /** A tensor or number operand as a value of the given dtype (a Cast when it differs). */
  operand(x: Tensor | number | boolean, dtype: DType): string {
    if (!(x instanceof Tensor)) return this.scalar(x, dtype);
    return this.cast(this.value(x), x.dtype, dtype);
  }

  cast(name: string, from: DType, to: DType): string {
    return from === to ? name : this.op('Cast', [name], { to: onnxType(to) });
  }
}

const attribute_ = attribute;
