// torch.autograd.gradcheck / gradgradcheck (PyTorch's slow mode): analytical Jacobians from
// backward against central finite differences, then the checks PyTorch adds (backward is
// deterministic, scales with grad_output, returns gradients of the right dtype and size).
// A failure throws PyTorch's GradcheckError text, with both Jacobians printed.

import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { float64, type DType } from '../tensor/dtype.js';
import { grad } from './api.js';
import { enterLevel, exitLevel, setTangent, tangentAt } from './forward.js';
import { emitWarning } from '../tensor/warn.js';
import { checkFunction, checkOptionsArg, checkTensors, jsTypeName } from '../tensor/argcheck.js';

export interface GradcheckOpts {
  /** Finite-difference step. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** With false, a failed check returns false instead of throwing. */
  raise_exception?: boolean;
  /** Largest difference allowed between two backward runs with the same grad_output. */
  nondet_tol?: number;
  /** Accepted for compatibility: zero grad_outputs are always checked to give zero gradients. */
  check_undefined_grad?: boolean;
  /** Also check that each gradient has its input's dtype. */
  check_grad_dtypes?: boolean;
  /** With false, backward-mode (reverse) Jacobians are not checked. */
  check_backward_ad?: boolean;
  /** Also check the Jacobians forward-mode AD gives (one JVP per input element). */
  check_forward_ad?: boolean;
  /** Accepted for compatibility (PyTorch's vmap-of-backward check). */
  check_batched_grad?: boolean;
  /** Accepted for compatibility (PyTorch's vmap-of-forward-AD check). */
  check_batched_forward_grad?: boolean;
  /** Accepted for compatibility; the full (slow-mode) Jacobians are always compared. */
  fast_mode?: boolean;
}

/** The error gradcheck throws (PyTorch's torch.autograd.gradcheck.GradcheckError). */
export class GradcheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradcheckError';
  }
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(fn: Fn, inputs: readonly Tensor[]): Tensor[] {
  const out: unknown = fn(...inputs);
  const outs = Array.isArray(out) ? [...(out as unknown[])] : [out];
  // findIndex, not find: an undefined output is itself a bad one.
  const at = outs.findIndex((o) => !(o instanceof Tensor));
  const bad: unknown = outs[at];
  // An empty list passes (gradgradcheck's first-order function has no outputs when no input's
  // gradient is connected: norm with p=0).
  if (at >= 0) {
    throw new TypeError(
      'The outputs of the user-provided function given to gradcheck must be either a Tensor or a tuple of ' +
        `Tensors but the given outputs of the user-provided function has type ${jsTypeName(bad)}.`,
    );
  }
  return outs as Tensor[];
}

const OPTION_NAMES = [
  'eps',
  'atol',
  'rtol',
  'raise_exception',
  'nondet_tol',
  'check_undefined_grad',
  'check_grad_dtypes',
  'check_backward_ad',
  'check_forward_ad',
  'check_batched_grad',
  'check_batched_forward_grad',
  'fast_mode',
];

function isOptionsObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** gradcheck's and gradgradcheck's arguments, checked before any is used. */
function checkArgs(name: string, fn: unknown, inputs: unknown, opts: unknown, optsPosition: number): void {
  checkFunction(name, 'func', 1, fn);
  checkTensors(name, 'inputs', 2, inputs);
  checkOptionsArg(name, optsPosition, opts);
  for (const [key, v] of Object.entries((opts ?? {}) as Record<string, unknown>)) {
    if (!OPTION_NAMES.includes(key)) throw new TypeError(`${name}() got an unexpected keyword argument '${key}'`);
    const numeric = key === 'eps' || key === 'atol' || key === 'rtol' || key === 'nondet_tol';
    if (v !== undefined && typeof v !== (numeric ? 'number' : 'boolean')) {
      throw new TypeError(`${name}(): argument '${key}' must be ${numeric ? 'float' : 'bool'}, not ${jsTypeName(v)}`);
    }
  }
}

/** Storage offset of element i (row-major) of t. */
function elementOffset(t: Tensor, i: number): number {
  let off = t._offset;
  let rest = i;
  for (let d = t.dim() - 1; d >= 0; d--) {
    const s = t._shape[d];
    off += (rest % s) * t._strides[d];
    rest = Math.floor(rest / s);
  }
  return off;
}

/** A [rows, cols] tensor of the given dtype from row-major values. */
function matrix(rows: number, cols: number, values: Float64Array, dtype: DType): Tensor {
  const t = K.full([rows, cols], 0, dtype);
  t._data.set(values);
  return t;
}

/**
 * Numerical Jacobians of every output (that requires grad) with respect to input `which`:
 * [input numel, output numel], by central differences on the input's storage (invisible to
 * autograd, as PyTorch perturbs `.data`).
 */
function numericalJacobians(fn: Fn, inputs: Tensor[], which: number, outIdx: number[], eps: number): Tensor[] {
  const x = inputs[which];
  const n = x.numel();
  const cols = outIdx.map((o) => outputsOf(fn, inputs)[o].numel());
  const values = cols.map((c) => new Float64Array(n * c));
  for (let i = 0; i < n; i++) {
    const pos = elementOffset(x, i);
    const orig = x._data[pos];
    // Values are read at once: an output may alias an input (grad of add is grad_output itself).
    x._data[pos] = orig - eps;
    const minus = outputsOf(fn, inputs).map((t) => t.toTypedArray());
    x._data[pos] = orig + eps;
    const plus = outputsOf(fn, inputs).map((t) => t.toTypedArray());
    x._data[pos] = orig;
    outIdx.forEach((o, k) => {
      const p = plus[o];
      const m = minus[o];
      for (let j = 0; j < p.length; j++) values[k][i * cols[k] + j] = (Number(p[j]) - Number(m[j])) / (2 * eps);
    });
  }
  const outs = outputsOf(fn, inputs);
  return outIdx.map((o, k) => matrix(n, cols[k], values[k], outs[o].dtype));
}

interface Analytical {
  jacobians: Tensor[];
  dtypesOk: boolean;
  sizesOk: boolean;
}

/** Analytical Jacobians of `out` with respect to each differentiable input, one backward per output element. */
function analyticalJacobians(out: Tensor, inputs: Tensor[]): Analytical {
  const m = out.numel();
  const values = inputs.map((x) => new Float64Array(x.numel() * m));
  let dtypesOk = true;
  let sizesOk = true;
  for (let j = 0; j < m; j++) {
    const seed = K.full(out.shape, 0, out.dtype);
    seed._data[j] = 1;
    const grads = grad(out, inputs, { grad_outputs: seed, retain_graph: true, allow_unused: true });
    grads.forEach((g, k) => {
      if (g === null) return;
      const x = inputs[k];
      if (g.dtype !== x.dtype) dtypesOk = false;
      if (g.numel() !== x.numel()) {
        sizesOk = false;
        return;
      }
      const vals = g.toTypedArray();
      for (let i = 0; i < vals.length; i++) values[k][i * m + j] = Number(vals[i]);
    });
  }
  const jacobians = inputs.map((x, k) => matrix(x.numel(), m, values[k], x.dtype));
  return { jacobians, dtypesOk, sizesOk };
}

/**
 * Jacobians by forward-mode AD: for each element of input `which`, a one-hot tangent, and the
 * output tangents give one row of each [input numel, output numel] Jacobian.
 */
function forwardJacobians(fn: Fn, inputs: Tensor[], which: number, outIdx: number[]): Tensor[] {
  const x = inputs[which];
  const n = x.numel();
  if (n === 0) {
    const outs = outputsOf(fn, inputs);
    return outIdx.map((o) => matrix(0, outs[o].numel(), new Float64Array(0), outs[o].dtype));
  }
  const level = enterLevel();
  try {
    let values: Float64Array[] | null = null;
    let cols: number[] = [];
    let dtypes: DType[] = [];
    for (let i = 0; i < n; i++) {
      const tangent = K.full(x._shape, 0, x._dtype);
      tangent._data[i] = 1;
      const dual = x.detach();
      setTangent(dual, level, tangent);
      const ins = inputs.map((t, k) => (k === which ? dual : t));
      const outs = outputsOf(fn, ins);
      if (values === null) {
        cols = outIdx.map((o) => outs[o].numel());
        dtypes = outIdx.map((o) => outs[o].dtype);
        values = cols.map((c) => new Float64Array(n * c));
      }
      outIdx.forEach((o, k) => {
        const t = tangentAt(outs[o], level);
        if (t === null) return;
        const vals = t.toTypedArray();
        for (let j = 0; j < vals.length; j++) (values as Float64Array[])[k][i * cols[k] + j] = Number(vals[j]);
      });
    }
    return outIdx.map((_o, k) => matrix(n, cols[k], (values as Float64Array[])[k], dtypes[k]));
  } finally {
    exitLevel(level);
  }
}

function maxAbsDiff(a: Tensor, b: Tensor): number {
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(Number(x[i]) - Number(y[i])));
  return worst;
}

function allclose(a: Tensor, n: Tensor, rtol: number, atol: number): boolean {
  const x = a.toTypedArray();
  const y = n.toTypedArray();
  for (let i = 0; i < x.length; i++) {
    const av = Number(x[i]);
    const nv = Number(y[i]);
    if (!(Math.abs(av - nv) <= atol + rtol * Math.abs(nv)) && !(Number.isNaN(av) && Number.isNaN(nv))) return false;
  }
  return true;
}

function checkInputs(inputs: readonly Tensor[]): void {
  let any = false;
  inputs.forEach((t, idx) => {
    if (!(t instanceof Tensor) || !t.requires_grad) return;
    if (t.dtype !== float64) {
      emitWarning(
        `Input #${idx} requires gradient and is not a double precision floating point or complex. This check ` +
          'will likely fail if all the inputs are not of double precision floating point or complex. ',
        'UserWarning',
      );
    }
    if (t._shape.some((s, d) => t._strides[d] === 0 && s > 1)) {
      throw new Error(
        `The ${idx}th input has a dimension with stride 0. gradcheck only supports inputs that are ` +
          'non-overlapping to be able to compute the numerical gradients correctly. You should call ' +
          '.contiguous on the input before passing it to gradcheck.',
      );
    }
    any = true;
  });
  if (!any) {
    throw new Error(
      'gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.',
    );
  }
}

function runChecks(fn: Fn, ins: Tensor[], opts: GradcheckOpts | undefined): void {
  const eps = opts?.eps ?? 1e-6;
  const atol = opts?.atol ?? 1e-5;
  const rtol = opts?.rtol ?? 1e-3;
  const nondetTol = opts?.nondet_tol ?? 0;
  checkInputs(ins);
  const funcOut = outputsOf(fn, ins);
  const diffOut = funcOut.map((o, i) => (o.requires_grad ? i : -1)).filter((i) => i >= 0);
  const diffIn = ins.map((t, i) => (t.requires_grad ? i : -1)).filter((i) => i >= 0);
  if (diffOut.length === 0) {
    const all = funcOut.map((_, i) => i);
    for (const i of diffIn) {
      for (const jac of numericalJacobians(fn, ins, i, all, eps)) {
        if (jac.toTypedArray().some((v) => Number(v) !== 0)) {
          throw new GradcheckError('Numerical gradient for function expected to be zero');
        }
      }
    }
    return;
  }
  // numerical[k][o]: input diffIn[k], output diffOut[o].
  const numerical = diffIn.map((i) => numericalJacobians(fn, ins, i, diffOut, eps));
  if (opts?.check_forward_ad) {
    diffIn.forEach((i, k) => {
      forwardJacobians(fn, ins, i, diffOut).forEach((a, o) => {
        if (!allclose(a, numerical[k][o], rtol, atol)) {
          throw new GradcheckError(
            `Jacobian computed with forward mode mismatch for output ${o} with respect to input ${k},\n` +
              `numerical:${String(numerical[k][o])}\nanalytical:${String(a)}\n`,
          );
        }
      });
    });
  }
  if (opts?.check_backward_ad === false) return;
  const diffInputs = diffIn.map((i) => ins[i]);
  diffOut.forEach((oi, o) => {
    const out = funcOut[oi];
    const first = analyticalJacobians(out, diffInputs);
    const second = analyticalJacobians(out, diffInputs);
    if (!first.dtypesOk && opts?.check_grad_dtypes) throw new GradcheckError('Gradient has dtype mismatch');
    if (!first.sizesOk) throw new GradcheckError('Analytical gradient has incorrect size');
    if (first.jacobians.some((a, k) => maxAbsDiff(a, second.jacobians[k]) > nondetTol)) {
      throw new GradcheckError(
        'Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives ' +
          'different values, although analytical gradient matches numerical gradient.' +
          `The tolerance for nondeterminism was ${nondetTol}.`,
      );
    }
    first.jacobians.forEach((a, k) => {
      const n = numerical[k][o];
      if (!allclose(a, n, rtol, atol)) {
        throw new GradcheckError(
          `Jacobian mismatch for output ${o} with respect to input ${k},\nnumerical:${String(n)}\nanalytical:${String(a)}\n`,
        );
      }
    });
  });
  checkZeroGradOutputs(
    diffOut.map((i) => funcOut[i]),
    diffInputs,
  );
}

/**
 * PyTorch's _test_backward_mul_by_grad_output. (Its undefined-grad check is the same check here:
 * tensorgrad has no undefined gradients distinct from zeros.)
 */
function checkZeroGradOutputs(outputs: Tensor[], inputs: Tensor[]): void {
  const zeros = outputs.map((o) => K.full(o.shape, 0, o.dtype));
  const grads = grad(outputs, inputs, { grad_outputs: zeros, allow_unused: true });
  grads.forEach((g, k) => {
    if (g === null) return;
    if (g.toTypedArray().some((v) => Number(v) !== 0)) {
      throw new GradcheckError('backward not multiplied by grad_output');
    }
    if (g.dtype !== inputs[k].dtype) throw new GradcheckError('grad is incorrect type');
    if (g.shape.join() !== inputs[k].shape.join()) throw new GradcheckError('grad is incorrect size');
  });
}

/**
 * Checks the gradients of `fn` at `inputs` (differentiated: those with requires_grad) against
 * finite differences. Returns true, or throws a GradcheckError (false with raise_exception: false).
 */
export function gradcheck(fn: Fn, inputs: Tensor | readonly Tensor[], opts?: GradcheckOpts): boolean {
  checkArgs('gradcheck', fn, inputs, opts, 3);
  const ins = Array.isArray(inputs) ? [...(inputs as Tensor[])] : [inputs as Tensor];
  try {
    runChecks(fn, ins, opts);
  } catch (e) {
    if (e instanceof GradcheckError && opts?.raise_exception === false) return false;
    throw e;
  }
  return true;
}

/** Deterministic, well-spread grad_outputs in [-1, 1] when none are given (no RNG dependency). */
function defaultGradOutputs(outs: Tensor[]): Tensor[] {
  return outs.map((o) => {
    const g = K.full(o.shape, 0, o.dtype.is_floating_point ? o.dtype : float64);
    for (let i = 0; i < g.numel(); i++) g._data[i] = Math.sin(1.3 * i + 0.7);
    return g.requires_grad_(true);
  });
}

/**
 * Checks second derivatives: gradcheck of (inputs, grad_outputs) -> grad(fn(inputs), inputs,
 * grad_outputs, create_graph).
 */
export function gradgradcheck(
  fn: Fn,
  inputs: Tensor | readonly Tensor[],
  grad_outputs?: Tensor | readonly Tensor[] | null,
  opts?: GradcheckOpts,
): boolean {
  // The options object comes last: gradgradcheck(fn, inputs, { atol }) leaves grad_outputs out.
  if (opts === undefined && isOptionsObject(grad_outputs)) {
    return gradgradcheck(fn, inputs, null, grad_outputs as GradcheckOpts);
  }
  checkArgs('gradgradcheck', fn, inputs, opts, 4);
  if (grad_outputs !== undefined && grad_outputs !== null)
    checkTensors('gradgradcheck', 'grad_outputs', 3, grad_outputs);
  const ins = Array.isArray(inputs) ? [...(inputs as Tensor[])] : [inputs as Tensor];
  const diffOutputs = outputsOf(fn, ins).filter((o) => o.requires_grad);
  const gos =
    grad_outputs === undefined || grad_outputs === null
      ? defaultGradOutputs(diffOutputs)
      : Array.isArray(grad_outputs)
        ? [...(grad_outputs as Tensor[])]
        : [grad_outputs as Tensor];
  const diffIdx = ins.map((t, i) => (t.requires_grad ? i : -1)).filter((i) => i >= 0);
  const firstOrder = (...all: Tensor[]): Tensor[] => {
    const xs = all.slice(0, ins.length);
    const gs = all.slice(ins.length);
    const ys = outputsOf(fn, xs).filter((y) => y.requires_grad);
    const grads = grad(
      ys,
      diffIdx.map((i) => xs[i]),
      { grad_outputs: gs, create_graph: true, allow_unused: true },
    );
    return grads.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(firstOrder, [...ins, ...gos], opts);
}
