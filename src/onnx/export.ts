// torch.onnx.export: one forward call, traced, written as an ONNX model (opset 17).

import { nodeFs } from '../tensor/node_fs.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from '../nn/module.js';
import { argTypeError } from '../tensor/argcheck.js';
import { no_grad } from '../autograd/grad_mode.js';
import { Graph, onnxType } from './graph.js';
import { encodeModel, type ValueInfoMsg } from './proto.js';
import { Tracer, tensorsIn } from './trace.js';
import './symbolic_math.js';
import './symbolic_nn.js';
import './symbolic_shape.js';

export interface ExportOptions {
  /** Names of the graph inputs, in the order of args (default input_0, input_1, ...). */
  input_names?: readonly string[];
  /** Names of the graph outputs (default output_0, ...). */
  output_names?: readonly string[];
  /**
   * Axes whose size is left symbolic, by input or output name: `{ input: { 0: 'batch' } }`, or a
   * list of axes (`{ input: [0] }`), whose names are then `<name>_dynamic_axes_<k>` as PyTorch's.
   */
  dynamic_axes?: Record<string, Record<number, string> | readonly number[]>;
  /** The ONNX operator set (17). */
  opset_version?: number;
  /** Fold the ops that do not depend on the inputs into initializers (default true). */
  do_constant_folding?: boolean;
  /** The mode the model is traced in (default TrainingMode.EVAL). */
  training?: TrainingMode;
}

/** torch.onnx.TrainingMode: trace in eval mode, in the module's own mode, or in training mode. */
export const TrainingMode = { EVAL: 'EVAL', PRESERVE: 'PRESERVE', TRAINING: 'TRAINING' } as const;
export type TrainingMode = (typeof TrainingMode)[keyof typeof TrainingMode];

const OPTION_NAMES = [
  'input_names',
  'output_names',
  'dynamic_axes',
  'opset_version',
  'do_constant_folding',
  'training',
];
export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
const IR_VERSION = 8;

function dimNames(spec: Record<number, string> | readonly number[] | undefined, name: string): Map<number, string> {
  const out = new Map<number, string>();
  if (spec === undefined) return out;
  if (Array.isArray(spec)) {
    (spec as readonly number[]).forEach((d, k) => out.set(d, `${name}_dynamic_axes_${k + 1}`));
  } else {
    for (const [d, n] of Object.entries(spec)) out.set(Number(d), n as string);
  }
  return out;
}

function valueInfo(name: string, t: Tensor, dynamic: Map<number, string>): ValueInfoMsg {
  const rank = t.dim();
  const dim = t.shape.map((size, d) => {
    const param = dynamic.get(d) ?? dynamic.get(d - rank);
    return param === undefined ? { dim_value: size } : { dim_param: param };
  });
  return { name, type: { tensor_type: { elem_type: onnxType(t.dtype), shape: { dim } } } };
}

function checkOptions(opts: ExportOptions): void {
  for (const key of Object.keys(opts)) {
    if (!OPTION_NAMES.includes(key)) throw new TypeError(`export() got an unexpected keyword argument '${key}'`);
  }
  if (opts.training !== undefined && !Object.values(TrainingMode).includes(opts.training)) {
    throw new TypeError(`export(): training must be a torch.onnx.TrainingMode, not ${String(opts.training)}`);
  }
  const opset = opts.opset_version ?? OPSET;
  if (opset !== OPSET) {
    throw new Error(`Unsupported ONNX opset version: ${opset}. tensorgrad exports opset ${OPSET}.`);
  }
}

function writeFile(path: string, bytes: Uint8Array): void {
  nodeFs(
    () => new Error('torch.onnx.export needs Node.js (>= 20.16) to write a file; pass null to get the bytes'),
  ).writeFileSync(path, bytes);
}

/**
 * Traces `model.forward(...args)` and writes the ONNX model to `f` (a path; null only returns it).
 * Returns the serialized model.
 */
export function export_(
  model: Module,
  args: Tensor | readonly Tensor[],
  f: string | null,
  opts: ExportOptions = {},
): Uint8Array {
  checkOptions(opts);
  if (!(model instanceof Module)) throw argTypeError('export', 'model', 1, 'Module', model);
  if (!(args instanceof Tensor) && !Array.isArray(args)) {
    throw argTypeError('export', 'args', 2, 'Tensor or Array of Tensors', args);
  }
  const inputs = args instanceof Tensor ? [args] : [...args];
  for (const x of inputs) {
    if (!(x instanceof Tensor)) throw new TypeError('export(): args must be a Tensor or an array of Tensors');
  }
  const graph = new Graph(OPSET);
  for (const [name, p] of model.named_parameters()) graph.named.set(p, name);
  for (const [name, b] of model.named_buffers()) graph.named.set(b, name);
  const inputNames = inputs.map((_, i) => opts.input_names?.[i] ?? `input_${i}`);
  inputs.forEach((x, i) => {
    graph.names.set(x, inputNames[i]);
    graph.dynamic.add(inputNames[i]);
  });

  // As PyTorch's exporter: set the mode for the trace, then model.train(originally_training).
  const wasTraining = model.training;
  const mode = opts.training ?? TrainingMode.EVAL;
  if (mode !== TrainingMode.PRESERVE) model.train(mode === TrainingMode.TRAINING);
  let result: unknown;
  try {
    result = no_grad(() => new Tracer(graph, opts.do_constant_folding ?? true).run(() => model.forward(...inputs)));
  } finally {
    if (mode !== TrainingMode.PRESERVE) model.train(wasTraining);
  }

  const outputs = tensorsIn(result);
  if (outputs.length === 0 || !(result instanceof Tensor || Array.isArray(result))) {
    throw new Error('torch.onnx.export: the model must return a Tensor or an array of Tensors');
  }
  const outputNames = outputs.map((_, i) => opts.output_names?.[i] ?? `output_${i}`);
  outputs.forEach((t, i) => {
    const value = graph.value(t);
    renameOrCopy(graph, value, outputNames[i], [...inputNames, ...outputNames.slice(0, i)]);
    graph.names.set(t, outputNames[i]);
  });
  const dyn = opts.dynamic_axes ?? {};
  const bytes = encodeModel({
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'tensorgrad',
    producer_version: '0.1.0',
    graph: {
      name: 'main_graph',
      node: graph.nodes,
      initializer: graph.initializers,
      input: inputs.map((x, i) => valueInfo(inputNames[i], x, dimNames(dyn[inputNames[i]], inputNames[i]))),
      output: outputs.map((t, i) => valueInfo(outputNames[i], t, dimNames(dyn[outputNames[i]], outputNames[i]))),
    },
  });
  if (f !== null) writeFile(f, bytes);
  return bytes;
}

/**
 * Gives the value the output's name: renames the node output that made it or, when the value is
 * a graph input, an earlier output or an initializer, adds an Identity.
 */
function renameOrCopy(graph: Graph, value: string, output: string, kept: readonly string[]): void {
  const producer = graph.nodes.find((n) => n.output.includes(value));
  if (producer === undefined || kept.includes(value)) {
    graph.node('Identity', [value]);
    graph.nodes[graph.nodes.length - 1].output = [output];
    return;
  }
  for (const n of graph.nodes) {
    n.output = n.output.map((o) => (o === value ? output : o));
    n.input = n.input.map((o) => (o === value ? output : o));
  }
}
