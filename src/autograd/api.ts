// torch.autograd.backward / torch.autograd.grad and Tensor.backward.

import { shapeEquals } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../ops/kernels.js';
import { gradEdge, runBackward } from './engine.js';
import type { Edge } from './node.js';

function asList<T>(x: T | readonly T[] | null | undefined): T[] {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? [...(x as T[])] : [x as T];
}

/** The seed gradients: given ones checked against their outputs, or ones for scalar outputs. */
function makeGrads(outputs: readonly Tensor[], given: readonly (Tensor | null)[]): Tensor[] {
  return outputs.map((out, i) => {
    const g = given[i] ?? null;
    if (g === null) {
      if (out.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      return K.full(out.shape, 1, out.dtype);
    }
    if (!shapeEquals(g.shape, out.shape)) {
      throw new RangeError(
        `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g.shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${out.shape.join(', ')}]).`,
      );
    }
    return g;
  });
}

function rootEdges(outputs: readonly Tensor[]): Edge[] {
  return outputs.map((t, i) => {
    if (!t.requires_grad) {
      throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    return gradEdge(t);
  });
}

export interface BackwardOpts {
  retain_graph?: boolean | null;
  create_graph?: boolean;
  inputs?: Tensor | readonly Tensor[];
}

/** torch.autograd.backward(tensors, grad_tensors, opts). */
export function backward(
  tensors: Tensor | readonly Tensor[],
  grad_tensors?: Tensor | null | readonly (Tensor | null)[],
  opts?: BackwardOpts,
): void {
  const outputs = asList(tensors);
  const grads = makeGrads(outputs, asList(grad_tensors as Tensor | null));
  const createGraph = opts?.create_graph ?? false;
  const retainGraph = opts?.retain_graph ?? createGraph;
  const inputs = asList(opts?.inputs);
  const roots = rootEdges(outputs);
  if (inputs.length === 0) {
    runBackward(roots, grads, { retainGraph, createGraph });
    return;
  }
  // backward(inputs=...): gradients reach exactly these tensors, leaf or not.
  const captured = runBackward(roots, grads, { retainGraph, createGraph, capture: inputs.map((t) => gradEdge(t)) });
  inputs.forEach((t, i) => {
    const g = captured[i];
    if (g === null) return;
    t._grad = t._grad === null ? (createGraph ? g : g.detach().clone()) : t._grad.add(g);
  });
}

export interface GradOpts {
  grad_outputs?: Tensor | null | readonly (Tensor | null)[];
  retain_graph?: boolean | null;
  create_graph?: boolean;
  allow_unused?: boolean;
}

/** torch.autograd.grad: gradients of outputs with respect to inputs, returned (not accumulated). */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  opts?: GradOpts,
): (Tensor | null)[] {
  const outs = asList(outputs);
  const ins = asList(inputs);
  const grads = makeGrads(outs, asList(opts?.grad_outputs as Tensor | null));
  const createGraph = opts?.create_graph ?? false;
  const retainGraph = opts?.retain_graph ?? createGraph;
  for (const t of ins) {
    if (!t.requires_grad) throw new Error('One of the differentiated Tensors does not require grad');
  }
  const roots = rootEdges(outs);
  const captured = runBackward(roots, grads, { retainGraph, createGraph, capture: ins.map((t) => gradEdge(t)) });
  return captured.map((g) => {
    if (g === null && !opts?.allow_unused) {
      throw new Error(
        'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
      );
    }
    return g === null ? null : createGraph ? g : g.detach();
  });
}
