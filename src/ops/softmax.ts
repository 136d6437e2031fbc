// softmax and log_softmax along one dim (Tensor methods, torch.* and torch.nn.functional forms).
// Backward formulas are _softmax_backward_data / _log_softmax_backward_data written in tensor ops.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods and
// torch.nn.functional functions (as functional_<name>, given their public names in
// src/api/functional.ts); op(), fn(), method(), src/ops/declare.ts), each right after its
// implementation: its PyTorch signature and gradcheck samples beside the forward, the autograd node
// (backward formula, saved tensors, JVP and batching rule) and any composite it is built from.

import { toDType, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { singleDim, splitOptions } from './reduce.js';
import { emitWarning } from '../tensor/warn.js';
import { backend } from '../backend/index.js';
import { fusedBackward } from './pointwise/unary.js';
import { op, type OpSample, fn } from './declare.js';

interface SoftmaxArgs {
  dim: number;
}

/** (log_)softmax's batching rule: the dim after the batch dim; a 0-d example gets a dim of its own. */
function softmaxBatched(def: OpDef<SoftmaxArgs>, x: Tensor, dim: number): Tensor {
  if (x.dim() === 1) return apply(def, [x.unsqueeze(1)], { dim: 1 }).squeeze(1);
  return apply(def, [x], { dim: dim + 1 });
}

const SOFTMAX = defineOp<SoftmaxArgs>({
  node: 'SoftmaxBackward0',
  batch: ([x], _b, { dim }): Tensor => softmaxBatched(SOFTMAX, x, dim),
  saves: ['result'],
  forward: ([x], { dim }) => K.softmax(x, dim, false, x.dtype),
  // y * (g - sum(g * y))
  backward: (g, s, { args }) => {
    const y = s.result;
    if (args.dim === y.dim() - 1 && y.numel() > 0 && fusedBackward(g, y)) {
      // First order only (nothing records): one backend pass over the rows.
      const n = y.shape[args.dim];
      const out = K.output(y.shape, y.dtype);
      backend().softmaxBackward(K.contiguous(g)._data, K.contiguous(y)._data, y.numel() / n, n, out._data);
      return [out];
    }
    return [y.mul(g.sub(g.mul(y).sum(args.dim, true)))];
  },
  // The Jacobian diag(y) - y yᵀ is symmetric: the same formula on the tangent.
  jvp: ([t], s, { args }) => s.result.mul((t as Tensor).sub((t as Tensor).mul(s.result).sum(args.dim, true))),
});

const LOG_SOFTMAX = defineOp<SoftmaxArgs>({
  node: 'LogSoftmaxBackward0',
  batch: ([x], _b, { dim }): Tensor => softmaxBatched(LOG_SOFTMAX, x, dim),
  saves: ['result'],
  forward: ([x], { dim }) => K.softmax(x, dim, true, x.dtype),
  // g - exp(y) * sum(g)
  backward: (g, s, { args }) => [g.sub(s.result.exp().mul(g.sum(args.dim, true)))],
  // t - sum(softmax(x) * t)
  jvp: ([t], s, { args }) =>
    (t as Tensor).sub(
      s.result
        .exp()
        .mul(t as Tensor)
        .sum(args.dim, true),
    ),
});

function run(log: boolean, x: Tensor, dimArg: unknown, dtype: DType | string | undefined): Tensor {
  const name = log ? 'log_softmax' : 'softmax';
  if (dimArg === undefined || dimArg === null) {
    throw new TypeError(`${name}() received an invalid combination of arguments - got (), but expected one of:`);
  }
  const dim = singleDim(name, x, dimArg);
  // With a dtype, the input is converted first (a recorded ToCopyBackward0, as in PyTorch).
  const input = dtype === undefined ? x : x.to(toDType(dtype));
  if (!input.dtype.is_floating_point) {
    // An empty input never reaches ATen's kernel and its dtype check: an empty result of its dtype.
    if (input.numel() === 0) return K.empty(input.shape, input.dtype);
    const kernel = dim === Math.max(input.dim(), 1) - 1 ? `${name}_lastdim_kernel_impl` : 'softmax_kernel_impl';
    throw new Error(`"${kernel}" not implemented for '${input.dtype.scalarType}'`);
  }
  return apply(log ? LOG_SOFTMAX : SOFTMAX, [input], { dim });
}

interface SoftmaxOpts {
  dim?: number | null;
  dtype?: DType | string;
}

/** (dim, dtype?), (dim, { dtype }) or ({ dim, dtype }). */
function parse(args: readonly unknown[]): { dim: unknown; dtype: DType | string | undefined } {
  const [pos, opts] = splitOptions<SoftmaxOpts>(args);
  return { dim: pos[0] ?? opts.dim, dtype: (pos[1] as DType | string | undefined) ?? opts.dtype };
}

export function softmaxImpl(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, dtype } = parse(args);
  return run(false, x, dim, dtype);
}

const SOFTMAX_SIGS = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, ScalarType? dtype=None)`,
    `${name}(Tensor self, Dimname dim, *, ScalarType? dtype=None)`,
  ] as const;

type T = Tensor;
type Softmax = (self: T, dim: number, dtype?: DType | string | null) => T;
export const softmax = op(SOFTMAX_SIGS('softmax'), softmaxImpl as Softmax, {
  samples: (k): OpSample[] => [
    ...k.layouts('softmax dim=-1', (x) => x.softmax(-1)),
    ...k.layouts('softmax dim=0', (x) => x.softmax(0), { scalar: false }),
  ],
});

export function log_softmaxImpl(x: Tensor, ...args: unknown[]): Tensor {
  const { dim, dtype } = parse(args);
  return run(true, x, dim, dtype);
}

export const log_softmax = op(SOFTMAX_SIGS('log_softmax'), log_softmaxImpl as Softmax, {
  samples: (k): OpSample[] => [
    ...k.layouts('log_softmax dim=-1', (x) => x.log_softmax(-1)),
    ...k.layouts('log_softmax dim=0', (x) => x.log_softmax(0), { scalar: false }),
  ],
});

// ---------------------------------------------------------------- torch.nn.functional

const warnedImplicit = new Set<string>();

// torch.nn.functional._get_softmax_dim: the legacy choice of dim when none is given.
function implicitDim(name: string, ndim: number): number {
  if (!warnedImplicit.has(name)) {
    warnedImplicit.add(name);
    emitWarning(
      `Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`,
      'UserWarning',
    );
  }
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function functional(log: boolean, input: Tensor, args: readonly unknown[]): Tensor {
  const { dim, dtype } = parse(args);
  const d = dim ?? implicitDim(log ? 'log_softmax' : 'softmax', input.dim());
  return run(log, input, d, dtype);
}

/** F.softmax(input, dim?, { dtype }) or F.softmax(input, { dim, dtype }). */
export const functional_softmaxImpl = (input: Tensor, ...args: unknown[]): Tensor => functional(false, input, args);

// _stacklevel: Python's warning depth, accepted (and unused) so that dtype can be given in position 3.
const FUNCTIONAL_SOFTMAX_SIGS = (name: string): string =>
  `${name}(Tensor input, int? dim=None, int _stacklevel=3, ScalarType? dtype=None)`;
type SoftmaxFn = (input: Tensor, dim?: number | null, _stacklevel?: number, dtype?: DType | string | null) => Tensor;
export const functional_softmax = fn(FUNCTIONAL_SOFTMAX_SIGS('softmax'), ((input, dim, _stacklevel, dtype) =>
  functional_softmaxImpl(input, dim ?? undefined, dtype ?? undefined)) as SoftmaxFn);

let warnedSoftmin = false;
/** torch.nn.functional._get_softmax_dim for softmin. */
function softminDim(input: Tensor): number {
  if (!warnedSoftmin) {
    warnedSoftmin = true;
    emitWarning(
      'Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.',
      'UserWarning',
    );
  }
  const ndim = input.dim();
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
export const functional_softmin = fn(FUNCTIONAL_SOFTMAX_SIGS('softmin'), ((input, dim, _stacklevel, dtype) =>
  functional_softmaxImpl(input.neg(), dim ?? softminDim(input), dtype ?? undefined)) as SoftmaxFn);

/** F.log_softmax(input, dim?, { dtype }) or F.log_softmax(input, { dim, dtype }). */
export const functional_log_softmaxImpl = (input: Tensor, ...args: unknown[]): Tensor => functional(true, input, args);

export const functional_log_softmax = fn(FUNCTIONAL_SOFTMAX_SIGS('log_softmax'), ((input, dim, _stacklevel, dtype) =>
  functional_log_softmaxImpl(input, dim ?? undefined, dtype ?? undefined)) as SoftmaxFn);
