// torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp — PyTorch's reverse-mode
// implementations (functional.py) step for step, so values, shapes, grad_fns and error texts
// match. A Python tuple of tensors is a JavaScript array; a single tensor stays a tensor.

import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { stackImpl } from './indexing.js';
import { grad } from '../autograd/api.js';
import { enable_grad, is_grad_enabled, set_grad_enabled } from '../autograd/grad_mode.js';
import { checkFunction, checkOptionsArg, checkTensors } from '../tensor/argcheck.js';
import { vmap } from './vmap.js';
import { dual_level, make_dual, unpack_dual } from './forward_ad.js';

type Tensors = Tensor | readonly Tensor[];
type Func = (...inputs: Tensor[]) => Tensors;

/** The options of vjp/jvp/vhp/hvp, `v` included when it is given by name. */
export interface VectorProductOpts extends FunctionalOpts {
  v?: Tensors | null;
}

/**
 * vjp(func, inputs, v, opts) or vjp(func, inputs, { v, create_graph, strict }): `v` may be
 * given by name, as in Python, so a plain object in its place is the options object.
 */
function vectorArgs(
  name: string,
  v: Tensors | VectorProductOpts | null | undefined,
  opts: FunctionalOpts | undefined,
): [Tensors | null | undefined, FunctionalOpts | undefined] {
  const plain = (x: unknown): boolean =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor);
  let vec: Tensors | null | undefined = v as Tensors | null | undefined;
  let options = opts;
  if (plain(v)) {
    if (opts !== undefined) throw new TypeError(`${name}() got multiple values for argument 'v'`);
    const { v: named, ...rest } = v as VectorProductOpts;
    vec = named;
    options = rest;
  }
  for (const k of Object.keys(options ?? {})) {
    if (k !== 'create_graph' && k !== 'strict')
      throw new TypeError(`${name}() got an unexpected keyword argument '${k}'`);
  }
  return [vec, options];
}

export interface FunctionalOpts {
  /** Compute the result in a differentiable way. */
  create_graph?: boolean;
  /** Throw when an output is independent of an input, instead of returning zeros. */
  strict?: boolean;
}

export interface JacobianOpts extends FunctionalOpts {
  /** Compute all rows (reverse mode) or columns (forward mode) in one vmap'd call. */
  vectorize?: boolean;
  strategy?: 'reverse-mode' | 'forward-mode';
}

export interface HessianOpts extends FunctionalOpts {
  vectorize?: boolean;
  outer_jacobian_strategy?: 'reverse-mode' | 'forward-mode';
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'Array' : typeof v;
}

function asTuple(inp: unknown, argName: string, fnName: string): [boolean, Tensor[]] {
  const isTuple = Array.isArray(inp);
  const list: unknown[] = isTuple ? [...(inp as unknown[])] : [inp];
  list.forEach((el, i) => {
    if (el instanceof Tensor) return;
    const where = isTuple ? `value at index ${i}` : `given ${argName}`;
    throw new TypeError(
      `The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the ${where} has type ${typeName(el)}.`,
    );
  });
  return [isTuple, list as Tensor[]];
}

function gradPreprocess(inputs: readonly Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] {
  return inputs.map((inp) =>
    createGraph && inp.requires_grad ? inp.view_as(inp) : inp.detach().requires_grad_(needGraph),
  );
}

function gradPostprocess(ts: Tensor[], createGraph: boolean): Tensor[] {
  return createGraph ? ts : ts.map((t) => t.detach());
}

function validateV(v: readonly Tensor[], other: readonly Tensor[], isOtherTuple: boolean): void {
  if (v.length !== other.length) {
    throw new Error(
      isOtherTuple
        ? `v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`
        : 'The given v should contain a single Tensor.',
    );
  }
  v.forEach((el, i) => {
    const want = other[i].shape;
    if (el.shape.length !== want.length || el.shape.some((s, d) => s !== want[d])) {
      const prepend = isOtherTuple ? `Entry ${i} in ` : '';
      throw new Error(
        `${prepend}v has invalid size: should be torch.Size([${want.join(', ')}]) but got torch.Size([${el.shape.join(', ')}]).`,
      );
    }
  });
}

type RequiresGradKind = 'outputs' | 'grad_inputs' | 'jacobian' | 'hessian';

function checkRequiresGrad(ts: readonly (Tensor | null)[], kind: RequiresGradKind, strict: boolean): void {
  if (!strict) return;
  ts.forEach((t, i) => {
    if (t === null) {
      throw new Error(
        `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    }
    if (t.requires_grad) return;
    const messages: Record<RequiresGradKind, string> = {
      hessian:
        `The hessian of the user-provided function with respect to input ${i} is independent of the input. ` +
        'This is not allowed in strict mode. You should ensure that your function is thrice differentiable and ' +
        'that the hessian depends on the inputs.',
      jacobian:
        'While computing the hessian, found that the jacobian of the user-provided function with respect to ' +
        `input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that ` +
        'your function is twice differentiable and that the jacobian depends on the inputs (this would be ' +
        'violated by a linear function for example).',
      grad_inputs:
        `The gradient with respect to input ${i} is independent of the inputs of the user-provided function. ` +
        'This is not allowed in strict mode.',
      outputs:
        `Output ${i} of the user-provided function does not require gradients. The outputs must be computed in ` +
        'a differentiable manner from the input when running in strict mode.',
    };
    throw new Error(messages[kind]);
  });
}

/** autograd.grad over the outputs that require grad (nulls for all inputs when none does). */
function autogradGrad(
  outputs: readonly Tensor[],
  inputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[] | null,
  createGraph: boolean,
  retainGraph?: boolean,
): (Tensor | null)[] {
  const outs: Tensor[] = [];
  const gos: (Tensor | null)[] = [];
  outputs.forEach((o, i) => {
    if (o.requires_grad) {
      outs.push(o);
      gos.push(gradOutputs?.[i] ?? null);
    }
  });
  if (outs.length === 0) return inputs.map(() => null);
  return grad(outs, inputs, {
    grad_outputs: gos,
    allow_unused: true,
    create_graph: createGraph,
    retain_graph: retainGraph,
  });
}

type Stage = 'back' | 'back_trick' | 'double_back' | 'double_back_trick';

function fillInZeros(
  grads: readonly (Tensor | null)[],
  refs: readonly Tensor[],
  strict: boolean,
  createGraph: boolean,
  stage: Stage,
): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) {
        const messages: Record<Stage, string> = {
          back: `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
          back_trick:
            `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using ` +
            'the double backward trick to compute forward mode gradients. This is not allowed in strict mode.',
          double_back: `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
          double_back_trick:
            `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is ` +
            'not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.',
        };
        throw new Error(messages[stage]);
      }
      return K.full(refs[i].shape, 0, refs[i].dtype);
    }
    if (strict && createGraph && !g.requires_grad) {
      const what = stage.includes('double') ? 'hessian' : 'jacobian';
      throw new Error(
        `The ${what} of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`,
      );
    }
    return g;
  });
}

function unpack<T>(res: T[], isTuple: boolean): T | T[] {
  return isTuple ? res : res[0];
}

/** Jacobian of func at inputs: one tensor per (output, input) pair, of shape output.shape + input.shape. */
export function jacobian(func: Func, inputs: Tensors, opts?: JacobianOpts): Tensor | Tensor[] | Tensor[][] {
  checkFunction('jacobian', 'func', 1, func);
  checkTensors('jacobian', 'inputs', 2, inputs);
  checkOptionsArg('jacobian', 3, opts);
  const createGraph = opts?.create_graph ?? false;
  const strict = opts?.strict ?? false;
  const strategy = opts?.strategy ?? 'reverse-mode';
  if (strategy !== 'forward-mode' && strategy !== 'reverse-mode') {
    throw new Error(
      'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs ' +
        'than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".',
    );
  }
  if (strategy === 'forward-mode') {
    if (createGraph) {
      throw new Error(
        'torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported ' +
          'together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.',
      );
    }
    return jacfwd(func, inputs, strict, opts?.vectorize ?? false);
  }
  if (opts?.vectorize && strict) {
    throw new Error(
      'torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. ' +
        'Please either set `strict=False` or `vectorize=False`.',
    );
  }
  const [isInputsTuple, outputsOut, jac] = enable_grad(() => {
    const [isIn, raw] = asTuple(inputs, 'inputs', 'jacobian');
    const ins = gradPreprocess(raw, createGraph, true);
    const [isOut, outs] = asTuple(func(...ins), 'outputs of the user-provided function', 'jacobian');
    checkRequiresGrad(outs, 'outputs', strict);
    const result: Tensor[][] = outs.map((out, i) => {
      const rows: Tensor[][] = ins.map(() => []);
      const flat = out.reshape(-1);
      if (opts?.vectorize) {
        // All rows at once: vmap over the standard basis as grad_outputs.
        const n = out.numel();
        const eye = K.full([n, n], 0, out.dtype);
        for (let j = 0; j < n; j++) eye._data[j * n + j] = 1;
        const grads = vmap((e: Tensor) =>
          autogradGrad([flat], ins, [e], createGraph, true).map((g, k) => g ?? ins[k].mul(0)),
        )(eye) as Tensor[];
        return grads.map((g, k) => g.view([...out.shape, ...ins[k].shape]));
      }
      for (let j = 0; j < out.numel(); j++) {
        const vj = autogradGrad([flat.select(0, j)], ins, null, createGraph, true);
        vj.forEach((g, k) => {
          if (g !== null) {
            if (strict && createGraph && !g.requires_grad) {
              throw new Error(
                `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`,
              );
            }
            rows[k].push(g);
          } else {
            if (strict) {
              throw new Error(
                `Output ${i} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`,
              );
            }
            rows[k].push(K.full(ins[k].shape, 0, ins[k].dtype));
          }
        });
      }
      return rows.map((r, k) => stackImpl(r, 0).view([...out.shape, ...ins[k].shape]));
    });
    return [isIn, isOut, result.map((r) => gradPostprocess(r, createGraph))] as const;
  });
  const perOutput = jac.map((r) => unpack(r, isInputsTuple));
  return unpack(perOutput, outputsOut) as Tensor | Tensor[] | Tensor[][];
}

/**
 * The Jacobian by forward mode (PyTorch's _jacfwd): a dual level inside vmap over the standard
 * basis of all inputs at once, so column j is the tangent of the outputs along input element j.
 */
function jacfwd(func: Func, inputs: Tensors, strict: boolean, vectorize: boolean): Tensor | Tensor[] | Tensor[][] {
  if (strict) {
    throw new Error(
      'torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together ' +
        '(yet). Please either set `strict=False` or `strategy="reverse-mode"`.',
    );
  }
  const [isInputsTuple, ins] = asTuple(inputs, 'inputs', 'jacobian');
  if (!vectorize) {
    throw new Error(
      'Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.',
    );
  }
  const numels = ins.map((t) => t.numel());
  const total = numels.reduce((a, b) => a + b, 0);
  let start = 0;
  const tangents = ins.map((t, i) => {
    const basis = K.full([total, numels[i]], 0, t.dtype);
    for (let j = 0; j < numels[i]; j++) basis._data[(start + j) * numels[i] + j] = 1;
    start += numels[i];
    return basis;
  });
  let isOutputsTuple = false;
  let primals: Tensor[] = [];
  const columns = vmap((...ts: Tensor[]) =>
    dual_level(() => {
      const duals = ins.map((x, i) => make_dual(x, ts[i].view_as(x)));
      const [isOut, outs] = asTuple(func(...duals), 'outputs', 'jacobian');
      isOutputsTuple = isOut;
      const jv: Tensor[] = [];
      primals = [];
      for (const o of outs) {
        const { primal, tangent } = unpack_dual(o);
        primals.push(primal);
        jv.push(tangent ?? primal.mul(0));
      }
      return jv;
    }),
  )(...tangents) as Tensor[];
  const jac = columns.map((col, o) => {
    const parts = col.split(numels, 0);
    return parts.map((p, k) =>
      p.permute([...Array(p.dim()).keys()].slice(1).concat([0])).reshape([...primals[o].shape, ...ins[k].shape]),
    );
  });
  const perOutput = jac.map((r) => unpack(r, isInputsTuple));
  return unpack(perOutput, isOutputsTuple) as Tensor | Tensor[] | Tensor[][];
}

/** Hessian of a scalar func: hessian[i][j] has shape inputs[i].shape + inputs[j].shape. */
export function hessian(func: Func, inputs: Tensors, opts?: HessianOpts): Tensor | Tensor[][] {
  checkFunction('hessian', 'func', 1, func);
  const strict = opts?.strict ?? false;
  const [isInputsTuple] = asTuple(inputs, 'inputs', 'hessian');
  const outer = opts?.outer_jacobian_strategy ?? 'reverse-mode';
  if (outer !== 'forward-mode' && outer !== 'reverse-mode') {
    throw new Error('Expected strategy to be either "forward-mode" or "reverse-mode".');
  }
  const ensureSingleOutput = (...inp: Tensor[]): Tensor => {
    const out = func(...inp);
    const [isTuple, t] = asTuple(out, 'outputs of the user-provided function', 'hessian');
    checkRequiresGrad(t, 'outputs', strict);
    if (isTuple) throw new Error('The function given to hessian should return a single Tensor');
    if (t[0].numel() !== 1) {
      throw new Error('The Tensor returned by the function given to hessian should contain a single element');
    }
    return t[0].squeeze();
  };
  const jacFunc = (...inp: Tensor[]): Tensor[] => {
    // Forward over reverse: the inner (reverse) jacobian must see the dual inputs as requiring grad.
    if (outer === 'forward-mode') inp = inp.map((t) => t.requires_grad_(true));
    const jac = jacobian(ensureSingleOutput, inp, { create_graph: true }) as Tensor[];
    checkRequiresGrad(jac, 'jacobian', strict);
    return jac;
  };
  const res = jacobian(jacFunc, isInputsTuple ? inputs : [inputs as Tensor], {
    create_graph: opts?.create_graph,
    strict,
    vectorize: opts?.vectorize,
    strategy: outer,
  }) as Tensor[][];
  return isInputsTuple ? res : res[0][0];
}

/** [func(inputs), v^T J]: the vector-Jacobian product. */
export function vjp(
  func: Func,
  inputs: Tensors,
  vOrOpts?: Tensors | VectorProductOpts | null,
  options?: FunctionalOpts,
): [Tensors, Tensors] {
  checkFunction('vjp', 'func', 1, func);
  const [v, opts] = vectorArgs('vjp', vOrOpts, options);
  const createGraph = opts?.create_graph ?? false;
  const strict = opts?.strict ?? false;
  const [isIn, ins, isOut, outs, vs] = enable_grad(() => {
    const [isInputsTuple, raw] = asTuple(inputs, 'inputs', 'vjp');
    const pre = gradPreprocess(raw, createGraph, true);
    const [isOutputsTuple, o] = asTuple(func(...pre), 'outputs of the user-provided function', 'vjp');
    checkRequiresGrad(o, 'outputs', strict);
    let vv: Tensor[] | null = null;
    if (v !== undefined && v !== null) {
      vv = gradPreprocess(asTuple(v, 'v', 'vjp')[1], createGraph, false);
      validateV(vv, o, isOutputsTuple);
    } else if (o.length !== 1 || o[0].numel() !== 1) {
      throw new Error(
        'The vector v can only be None if the user-provided function returns a single Tensor with a single element.',
      );
    }
    return [isInputsTuple, pre, isOutputsTuple, o, vv] as const;
  });
  const res = set_grad_enabled(createGraph || is_grad_enabled(), () =>
    fillInZeros(autogradGrad(outs, ins, vs, createGraph), ins, strict, createGraph, 'back'),
  );
  return [unpack(gradPostprocess(outs, createGraph), isOut), unpack(gradPostprocess(res, createGraph), isIn)];
}

/** [func(inputs), J v]: the Jacobian-vector product, by the double-backward trick. */
export function jvp(
  func: Func,
  inputs: Tensors,
  vOrOpts?: Tensors | VectorProductOpts | null,
  options?: FunctionalOpts,
): [Tensors, Tensors] {
  checkFunction('jvp', 'func', 1, func);
  const [v, opts] = vectorArgs('jvp', vOrOpts, options);
  const createGraph = opts?.create_graph ?? false;
  const strict = opts?.strict ?? false;
  const [isOut, outs, vs, gradOutputs, gradInputs] = enable_grad(() => {
    const [isInputsTuple, raw] = asTuple(inputs, 'inputs', 'jvp');
    const ins = gradPreprocess(raw, createGraph, true);
    let vv: Tensor[] | null = null;
    if (v !== undefined && v !== null) {
      vv = gradPreprocess(asTuple(v, 'v', 'jvp')[1], createGraph, false);
      validateV(vv, ins, isInputsTuple);
    } else if (ins.length !== 1 || ins[0].numel() !== 1) {
      throw new Error(
        'The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.',
      );
    }
    const [isOutputsTuple, o] = asTuple(func(...ins), 'outputs of the user-provided function', 'jvp');
    checkRequiresGrad(o, 'outputs', strict);
    // The backward is linear, so the values of these grad_outputs never matter (zeros are safe).
    const gos = o.map((t) => K.full(t.shape, 0, t.dtype).requires_grad_(true));
    const gi = autogradGrad(o, ins, gos, true);
    checkRequiresGrad(gi, 'grad_inputs', strict);
    return [isOutputsTuple, o, vv, gos, gi] as const;
  });
  const run = (): Tensor[] =>
    fillInZeros(gradOfNonNull(gradInputs, gradOutputs, vs, createGraph), outs, strict, createGraph, 'back_trick');
  const res = createGraph ? enable_grad(run) : run();
  return [unpack(gradPostprocess(outs, createGraph), isOut), unpack(gradPostprocess(res, createGraph), isOut)];
}

function scalarOutput(func: Func, ins: Tensor[], name: string, strict: boolean): [boolean, Tensor[]] {
  const [isOutputsTuple, o] = asTuple(func(...ins), 'outputs of the user-provided function', name);
  checkRequiresGrad(o, 'outputs', strict);
  if (isOutputsTuple) throw new Error(`The function given to ${name} should return a single Tensor`);
  if (o[0].numel() !== 1) {
    throw new Error(`The Tensor returned by the function given to ${name} should contain a single element`);
  }
  return [isOutputsTuple, o];
}

function hessianVectorInputs(
  name: string,
  inputs: Tensors,
  v: Tensors | null | undefined,
  createGraph: boolean,
): [boolean, Tensor[], Tensor[] | null] {
  const [isInputsTuple, raw] = asTuple(inputs, 'inputs', name);
  const ins = gradPreprocess(raw, createGraph, true);
  let vv: Tensor[] | null = null;
  if (v !== undefined && v !== null) {
    vv = gradPreprocess(asTuple(v, 'v', name)[1], createGraph, false);
    validateV(vv, ins, isInputsTuple);
  } else if (ins.length !== 1 || ins[0].numel() !== 1) {
    throw new Error(
      'The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.',
    );
  }
  return [isInputsTuple, ins, vv];
}

/** [func(inputs), v^T H] for a scalar func. */
export function vhp(
  func: Func,
  inputs: Tensors,
  vOrOpts?: Tensors | VectorProductOpts | null,
  options?: FunctionalOpts,
): [Tensors, Tensors] {
  checkFunction('vhp', 'func', 1, func);
  const [v, opts] = vectorArgs('vhp', vOrOpts, options);
  const createGraph = opts?.create_graph ?? false;
  const strict = opts?.strict ?? false;
  const [isIn, ins, vs, isOut, outs, jac] = enable_grad(() => {
    const [isInputsTuple, i, vv] = hessianVectorInputs('vhp', inputs, v, createGraph);
    const [isOutputsTuple, o] = scalarOutput(func, i, 'vhp', strict);
    const j = autogradGrad(o, i, null, true);
    checkRequiresGrad(j, 'jacobian', strict);
    return [isInputsTuple, i, vv, isOutputsTuple, o, j] as const;
  });
  const res = set_grad_enabled(createGraph || is_grad_enabled(), () =>
    fillInZeros(gradOfNonNull(jac, ins, vs, createGraph), ins, strict, createGraph, 'double_back'),
  );
  return [unpack(gradPostprocess(outs, createGraph), isOut), unpack(gradPostprocess(res, createGraph), isIn)];
}

/** [func(inputs), H v] for a scalar func, by the double-backward trick. */
export function hvp(
  func: Func,
  inputs: Tensors,
  vOrOpts?: Tensors | VectorProductOpts | null,
  options?: FunctionalOpts,
): [Tensors, Tensors] {
  checkFunction('hvp', 'func', 1, func);
  const [v, opts] = vectorArgs('hvp', vOrOpts, options);
  const createGraph = opts?.create_graph ?? false;
  const strict = opts?.strict ?? false;
  const [isIn, ins, vs, isOut, outs, gradJac, doubleBack] = enable_grad(() => {
    const [isInputsTuple, i, vv] = hessianVectorInputs('hvp', inputs, v, createGraph);
    const [isOutputsTuple, o] = scalarOutput(func, i, 'hvp', strict);
    const jac = autogradGrad(o, i, null, true);
    checkRequiresGrad(jac, 'jacobian', strict);
    const gj = i.map((t) => K.full(t.shape, 0, t.dtype).requires_grad_(true));
    const db = gradOfNonNull(jac, i, gj, true);
    checkRequiresGrad(jac, 'hessian', strict);
    return [isInputsTuple, i, vv, isOutputsTuple, o, gj, db] as const;
  });
  const res = set_grad_enabled(createGraph || is_grad_enabled(), () =>
    fillInZeros(gradOfNonNull(doubleBack, gradJac, vs, createGraph), ins, strict, createGraph, 'double_back_trick'),
  );
  return [unpack(gradPostprocess(outs, createGraph), isOut), unpack(gradPostprocess(res, createGraph), isIn)];
}

/**
 * PyTorch's _autograd_grad over a tuple that may hold None (a Python tuple keeps them; the
 * helper then skips them with their grad_outputs, as it skips outputs that need no grad).
 */
function gradOfNonNull(
  outputs: readonly (Tensor | null)[],
  inputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[] | null,
  createGraph: boolean,
): (Tensor | null)[] {
  const outs: Tensor[] = [];
  const gos: (Tensor | null)[] = [];
  outputs.forEach((o, i) => {
    if (o !== null) {
      outs.push(o);
      gos.push(gradOutputs?.[i] ?? null);
    }
  });
  return autogradGrad(outs, inputs, gradOutputs === null ? null : gos, createGraph);
}
