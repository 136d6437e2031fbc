// torch.onnx.export, checked by ONNX Runtime (onnxruntime-node, its CPU binary): every nn module
// alone, the ops through one-line modules, the MNIST MLP and CNN of examples/train and a
// residual block are exported with a dynamic batch axis (traced at batch 6), run by ONNX Runtime
// at batch 2 and 5, and compared with tensorgrad's own forward (float32: the largest difference
// at most 1e-5 of the output's largest magnitude; integer and bool outputs exactly). PyTorch's
// export of the same architectures with the same weights (tests/oracle/onnx_export.py, through
// safetensors) gives the same outputs in ONNX Runtime as ours.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { decodeModel } from '../src/onnx/proto.js';
import { cnn, mlp } from '../examples/train/models.js';
import { Fn, MODULES, OPS, Residual, randomizeNorms, type Case } from './onnx_models.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'onnx');
const TRACE_BATCH = 6;
const BATCHES = [2, 5];
const RTOL = 1e-5;

const ORT_TYPE: Record<string, ort.Tensor.Type> = {
  'torch.float32': 'float32',
  'torch.float64': 'float64',
  'torch.int64': 'int64',
  'torch.int32': 'int32',
  'torch.bool': 'bool',
};

function toOrt(t: Tensor): ort.Tensor {
  const type = ORT_TYPE[t.dtype.toString()];
  const values = t.toTypedArray();
  if (type === 'int64')
    return new ort.Tensor(
      type,
      BigInt64Array.from(values, (v) => BigInt(v)),
      [...t.shape],
    );
  if (type === 'bool') return new ort.Tensor(type, Uint8Array.from(values), [...t.shape]);
  return new ort.Tensor(type, values as Float32Array, [...t.shape]);
}

async function session(bytes: Uint8Array | string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes as Uint8Array, { logSeverityLevel: 3 });
}

async function runOrt(s: ort.InferenceSession, inputs: Tensor[]): Promise<ort.Tensor[]> {
  const feeds: Record<string, ort.Tensor> = {};
  s.inputNames.forEach((name, i) => (feeds[name] = toOrt(inputs[i])));
  const results = await s.run(feeds);
  return s.outputNames.map((name) => results[name]);
}

/** The largest |got - want| relative to want's largest magnitude (exact match required for ints). */
function difference(got: ort.Tensor, want: Tensor, label: string): number {
  assert.deepEqual([...got.dims], [...want.shape], `${label}: shape`);
  assert.equal(got.type, ORT_TYPE[want.dtype.toString()], `${label}: dtype`);
  const ref = Array.from(want.toTypedArray(), Number);
  const out = Array.from(got.data as ArrayLike<number | bigint>, Number);
  if (!want.dtype.is_floating_point) {
    assert.deepEqual(out, ref, `${label}: values`);
    return 0;
  }
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]));
    diff = Math.max(diff, Math.abs(out[i] - ref[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** tensorgrad's outputs (on copies of the inputs, which an in-place forward would change). */
function outputsOf(model: torch.nn.Module, inputs: Tensor[]): Tensor[] {
  const r = torch.no_grad(() => model.forward(...inputs.map((t) => t.clone()))) as Tensor | Tensor[];
  return r instanceof torch.Tensor ? [r] : r;
}

/** Exports c's model traced at TRACE_BATCH, runs it at each of BATCHES; the largest difference. */
async function check(c: Case): Promise<number> {
  torch.manual_seed(0);
  const model = c.model();
  model.eval();
  const traced = c.inputs(TRACE_BATCH);
  const tracedOut = outputsOf(model, traced);
  const input_names = traced.map((_, i) => `input_${i}`);
  const output_names = tracedOut.map((_, i) => `output_${i}`);
  const dynamic_axes: Record<string, Record<number, string>> = {};
  for (const n of input_names) dynamic_axes[n] = { 0: 'batch' };
  tracedOut.forEach((t, i) => {
    if (t.dim() > 0 && t.shape[0] === TRACE_BATCH) dynamic_axes[output_names[i]] = { 0: 'batch' };
  });
  const bytes = torch.onnx.export(model, traced, null, { input_names, output_names, dynamic_axes });
  const s = await session(bytes);
  let worst = 0;
  for (const batch of BATCHES) {
    const inputs = c.inputs(batch);
    const want = outputsOf(model, inputs);
    const got = await runOrt(s, inputs);
    assert.equal(got.length, want.length);
    want.forEach((w, i) => (worst = Math.max(worst, difference(got[i], w, `${c.name} batch ${batch} output ${i}`))));
  }
  assert.ok(worst <= RTOL, `${c.name}: largest difference ${worst}`);
  return worst;
}

const summary: string[] = [];
test.after(() => {
  if (process.env.TENSORGRAD_ONNX_SUMMARY) console.log(summary.join('\n'));
});

test('each nn module alone, exported and run by ONNX Runtime at two batch sizes', async (t) => {
  for (const c of MODULES) {
    const d = await check(c);
    summary.push(`module ${c.name}: ${d.toExponential(2)}`);
    t.diagnostic(`${c.name}: ${d.toExponential(2)}`);
  }
});

test('ops through one-line modules, exported and run by ONNX Runtime at two batch sizes', async (t) => {
  for (const c of OPS) {
    const d = await check(c);
    summary.push(`op ${c.name}: ${d.toExponential(2)}`);
    t.diagnostic(`${c.name}: ${d.toExponential(2)}`);
  }
});

const WHOLE: Case[] = [
  { name: 'MNIST MLP', model: mlp, inputs: (b) => [torch.randn(b, 1, 28, 28)] },
  { name: 'MNIST CNN', model: cnn, inputs: (b) => [torch.randn(b, 1, 28, 28)] },
  { name: 'residual block', model: () => randomizeNorms(new Residual()), inputs: (b) => [torch.randn(b, 4, 8, 8)] },
];

test('the MNIST MLP and CNN and a residual block, exported and run by ONNX Runtime', async (t) => {
  for (const c of WHOLE) {
    const d = await check(c);
    summary.push(`model ${c.name}: ${d.toExponential(2)}`);
    t.diagnostic(`${c.name}: ${d.toExponential(2)}`);
  }
});

test("PyTorch's export of the same models with the same weights gives the same ONNX Runtime outputs", async (t) => {
  const models: [string, () => torch.nn.Module, number[]][] = [
    ['mlp', mlp, [1, 28, 28]],
    ['cnn', cnn, [1, 28, 28]],
    ['residual', () => new Residual(), [4, 8, 8]],
  ];
  for (const [name, make, sample] of models) {
    const model = make();
    model.load_state_dict(torch.safetensors.load_file(join(FIXTURES, `${name}.safetensors`)), false);
    model.eval();
    torch.manual_seed(1);
    const bytes = torch.onnx.export(model, torch.randn(TRACE_BATCH, ...sample), null, {
      input_names: ['input'],
      output_names: ['output'],
      dynamic_axes: { input: { 0: 'batch' }, output: { 0: 'batch' } },
    });
    const ours = await session(bytes);
    const theirs = await session(readFileSync(join(FIXTURES, `${name}.onnx`)));
    let worst = 0;
    let worstOwn = 0;
    for (const batch of BATCHES) {
      const x = torch.randn(batch, ...sample);
      const [a] = await runOrt(ours, [x]);
      const [b] = await runOrt(theirs, [x]);
      const bTensor = torch.tensor(Array.from(b.data as Float32Array)).view(...b.dims);
      worst = Math.max(worst, difference(a, bTensor, `${name} batch ${batch}`));
      worstOwn = Math.max(worstOwn, difference(b, outputsOf(model, [x])[0], `${name} batch ${batch} vs tensorgrad`));
    }
    assert.ok(worst <= RTOL, `${name}: ours vs PyTorch's export ${worst}`);
    assert.ok(worstOwn <= RTOL, `${name}: PyTorch's export vs tensorgrad ${worstOwn}`);
    summary.push(
      `pytorch ${name}: ours vs PyTorch's .onnx ${worst.toExponential(2)}, PyTorch's .onnx vs tensorgrad ${worstOwn.toExponential(2)}`,
    );
    t.diagnostic(`${name}: ${worst.toExponential(2)} / ${worstOwn.toExponential(2)}`);
  }
});

test('the file: parameters as initializers under their module names, symbolic batch, opset 17', () => {
  torch.manual_seed(0);
  const model = mlp();
  const path = join(mkdtempSync(join(tmpdir(), 'tg-onnx-')), 'model.onnx');
  torch.onnx.export(model, torch.randn(2, 1, 28, 28), path, {
    input_names: ['input'],
    output_names: ['logits'],
    dynamic_axes: { input: [0], logits: { 0: 'batch' } },
  });
  const m = decodeModel(new Uint8Array(readFileSync(path)));
  assert.equal(m.ir_version, 8);
  assert.deepEqual(
    m.opset_import.map((o) => [o.domain, o.version]),
    [['', 17]],
  );
  const named = m.graph.initializer.map((i) => i.name).filter((n) => !n.startsWith('onnx::'));
  assert.deepEqual(named.sort(), ['1.bias', '1.weight', '3.bias', '3.weight']);
  const weight = m.graph.initializer.find((i) => i.name === '1.weight');
  assert.deepEqual(weight?.dims, [256, 784]);
  const raw = weight?.raw_data as Uint8Array;
  assert.deepEqual(
    Array.from(new Float32Array(raw.slice().buffer, 0, 5)),
    Array.from((model.named_parameters().next().value as [string, Tensor])[1].toTypedArray().slice(0, 5)),
  );
  const dims = (v: (typeof m.graph.input)[number]) => v.type.tensor_type.shape.dim;
  assert.equal(dims(m.graph.input[0])[0].dim_param, 'input_dynamic_axes_1');
  assert.equal(dims(m.graph.output[0])[0].dim_param, 'batch');
  assert.equal(m.graph.output[0].name, 'logits');
  assert.deepEqual(
    m.graph.node.map((n) => n.op_type),
    ['Reshape', 'Gemm', 'Relu', 'Gemm'],
  );
});

test('the model is traced in eval mode and its training flag restored', () => {
  const model = new torch.nn.Sequential(new torch.nn.Linear(3, 3), new torch.nn.Dropout(0.5));
  model.train();
  const m = decodeModel(torch.onnx.export(model, torch.randn(2, 3), null));
  assert.deepEqual(
    m.graph.node.map((n) => n.op_type),
    ['Gemm'],
  );
  assert.equal(model.training, true);
  assert.throws(
    () => torch.onnx.export(model, torch.randn(2, 3), null, { training: torch.onnx.TrainingMode.PRESERVE }),
    /Exporting the operator 'aten::dropout' with training=True/,
  );
  model.eval();
  assert.throws(
    () => torch.onnx.export(model, torch.randn(2, 3), null, { training: torch.onnx.TrainingMode.TRAINING }),
    /Exporting the operator 'aten::dropout' with training=True/,
  );
  assert.equal(model.training, false);
});

test('an op with no ONNX mapping throws an error naming it', () => {
  const model = new Fn((x) => x.cumprod(1));
  assert.throws(() => torch.onnx.export(model, torch.randn(2, 3), null), {
    message: "Exporting the operator 'aten::cumprod' to ONNX opset version 17 is not supported.",
  });
  assert.throws(
    () => torch.onnx.export(new Fn((x) => x.index(x.gt(0))), torch.randn(2, 3), null),
    /aten::index' with a mask/,
  );
});

test('reading a traced value warns with TracerWarning; the branch it took is baked in', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  const model = new Fn((x) => ((x.sum().item() as number) > 0 ? x.mul(2) : x.neg()));
  const x = torch.ones(2, 3);
  const bytes = torch.onnx.export(model, x, null, { input_names: ['x'] });
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0],
    /^TracerWarning: Converting a tensor to a Python number might cause the trace to be incorrect/,
  );
  const [out] = await runOrt(await session(bytes), [x.neg()]);
  assert.deepEqual(Array.from(out.data as Float32Array), new Array(6).fill(-2));
});

test('bad options are refused with PyTorch-style messages', () => {
  const model = new torch.nn.Linear(2, 2);
  const x = torch.randn(1, 2);
  assert.throws(() => torch.onnx.export(model, x, null, { opset: 17 } as never), {
    name: 'TypeError',
    message: "export() got an unexpected keyword argument 'opset'",
  });
  assert.throws(() => torch.onnx.export(model, x, null, { opset_version: 13 }), /Unsupported ONNX opset version: 13/);
  assert.throws(() => torch.onnx.export(model, [1] as never, null), /args must be a Tensor or an array of Tensors/);
});

test('constant folding: ops on parameters alone become one initializer unless turned off', () => {
  class Scaled extends torch.nn.Module {
    w = new torch.nn.Parameter(torch.ones(3));
    forward(x: Tensor): Tensor {
      return x.mul(this.w.mul(2));
    }
  }
  const folded = decodeModel(torch.onnx.export(new Scaled(), torch.randn(2, 3), null));
  assert.deepEqual(
    folded.graph.node.map((n) => n.op_type),
    ['Mul'],
  );
  const kept = decodeModel(torch.onnx.export(new Scaled(), torch.randn(2, 3), null, { do_constant_folding: false }));
  assert.deepEqual(
    kept.graph.node.map((n) => n.op_type),
    ['Mul', 'Mul'],
  );
  assert.ok(kept.graph.initializer.some((i) => i.name === 'w'));
});
