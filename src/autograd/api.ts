// torch.autograd.backward / torch.autograd.grad and Tensor.backward.

import { emitWarning } from '../tensor/warn.js';
import { shapeEquals } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { gradEdge, runBackward } from './engine.js';
import type { Edge, Node } from './node.js';
import { checkOptionsArg, checkTensors } from '../tensor/argcheck.js';

function asList<T>(x: T | readonly T[] | null | undefined): T[] {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? [...(x as T[])] : [x as T];
}

/** The seed gradients: given ones checked against their outputs, or ones for scalar outputs. */
function makeGrads(outputs: readonly Tensor[], given: readonly (Tensor | null)[]): Tensor[] {
  if (given.length > 0 && given.length !== outputs.length) {
    throw new RangeError(
      `grad_tensors should have the same length as tensors, but got ${given.length} and ${outputs.length}`,
    );
  }
  return outputs.map((out, i) => {
    const g = given[i] ?? null;
    if (g === null) {
      if (out.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      return K.full(out._shape, 1, out._dtype);
    }
    if (!shapeEquals(g._shape, out._shape)) {
      throw new Error(
        `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g._shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${out._shape.join(', ')}]).`,
      );
    }
    return g._dtype === out._dtype || !out._dtype.is_floating_point ? g : g.to(out._dtype);
  });
}

function rootEdges(outputs: readonly Tensor[]): Edge[] {
  return outputs.map((t, i) => {
    const edge = t.requires_grad ? gradEdge(t) : null;
    if (edge === null || edge[0] === null) {
      throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    return edge;
  });
}

let warnedCreateGraph = false;

function warnCreateGraphCycle(): void {
  if (warnedCreateGraph) return;
  warnedCreateGraph = true;
  emitWarning(
    'Using backward() with create_graph=True will create a reference cycle between the parameter and its ' +
      'gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to ' +
      'avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters ' +
      'to None after use to break the cycle and avoid the leak.',
    'UserWarning',
  );
}

export interface BackwardOpts {
  retain_graph?: boolean | null;
  create_graph?: boolean;
  /** Accumulate gradients into these tensors' `.grad` only (leaves or not). */
  inputs?: Tensor | readonly Tensor[];
}

/** torch.autograd.backward(tensors, grad_tensors, opts): accumulates gradients into leaves' `.grad`. */
export function backward(
  tensors: Tensor | readonly Tensor[],
  grad_tensors?: Tensor | null | readonly (Tensor | null)[],
  opts?: BackwardOpts,
): void {
  checkTensors('backward', 'tensors', 1, tensors);
  checkTensors('backward', 'grad_tensors', 2, grad_tensors, true);
  checkOptionsArg('backward', 3, opts);
  const outputs = asList(tensors);
  const grads = makeGrads(outputs, asList(grad_tensors as Tensor | null));
  const createGraph = opts?.create_graph ?? false;
  const retainGraph = opts?.retain_graph ?? createGraph;
  const roots = rootEdges(outputs);
  if (createGraph) warnCreateGraphCycle();
  if (opts?.inputs === undefined) {
    runBackward(roots, grads, { retainGraph, createGraph });
    return;
  }
  const inputs = asList(opts.inputs);
  if (inputs.length === 0) throw new Error("'inputs' argument to backward() cannot be empty.");
  // As in PyTorch: leaves accumulate through their AccumulateGrad, non-leaves through retain_grad,
  // and only the nodes leading to them run.
  const execute: Node[] = [];
  for (const t of inputs) {
    if (t.is_leaf) {
      if (!t.requires_grad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
      execute.push(gradEdge(t)[0] as Node);
    } else {
      t.retain_grad();
      execute.push(t.grad_fn as Node);
    }
  }
  runBackward(roots, grads, { retainGraph, createGraph, capture: [], execute });
}

export interface GradOpts {
  grad_outputs?: Tensor | null | readonly (Tensor | null)[];
  retain_graph?: boolean | null;
  create_graph?: boolean;
  allow_unused?: boolean;
  /** Gradients for unused inputs as zeros instead of null (implies allow_unused). */
  materialize_grads?: boolean;
}

/** torch.autograd.grad: gradients of outputs with respect to inputs, returned (not accumulated). */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  opts?: GradOpts,
): (Tensor | null)[] {
  checkTensors('grad', 'outputs', 1, outputs);
  checkTensors('grad', 'inputs', 2, inputs);
  checkOptionsArg('grad', 3, opts);
  const outs = asList(outputs);
  const ins = asList(inputs);
  if (ins.length === 0) throw new Error('grad requires non-empty inputs.');
  const grads = makeGrads(outs, asList(opts?.grad_outputs as Tensor | null));
  const createGraph = opts?.create_graph ?? false;
  const retainGraph = opts?.retain_graph ?? createGraph;
  const roots = rootEdges(outs);
  for (const t of ins) {
    if (!t.requires_grad) throw new Error('One of the differentiated Tensors does not require grad');
  }
  const captured = runBackward(roots, grads, { retainGraph, createGraph, capture: ins.map((t) => gradEdge(t)) });
  const materialize = opts?.materialize_grads ?? false;
  return captured.map((g, i) => {
    if (g === null) {
      if (materialize) return K.full(ins[i]._shape, 0, ins[i]._dtype);
      if (!opts?.allow_unused) {
        throw new Error(
          'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
        );
      }
      return null;
    }
    return createGraph ? g : g.detach();
  });
}
