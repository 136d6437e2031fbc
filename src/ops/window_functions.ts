// The window functions of torch.*: hann_window, hamming_window, blackman_window and
// bartlett_window, computed as ATen's TensorFactories.cpp computes them (arange in the window's
// dtype, then the same in-place ops in the same order), so float32 windows round as PyTorch's do.
// Factories: no autograd node; `requires_grad` makes a leaf.

import type { Tensor } from '../tensor/tensor.js';
import { arange, ones, type FactoryOpts } from '../tensor/creation.js';
import { get_default_dtype, toDType, type DType } from '../tensor/dtype.js';
import { no_grad } from '../autograd/grad_mode.js';
import { op } from './declare.js';

type T = Tensor;
const FACTORY =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';

/** C++'s name of a dtype, as TensorOptions prints it. */
const CPP_NAME: Record<string, string> = { int64: 'long int', int32: 'int', bool: 'bool' };

/** ATen's window_function_checks, then the window's dtype. */
function checks(name: string, length: number, opts?: FactoryOpts): DType {
  const dtype = opts?.dtype === undefined || opts.dtype === null ? get_default_dtype() : toDType(opts.dtype);
  if (!dtype.is_floating_point) {
    throw new Error(
      `${name} expects floating point dtypes, got: TensorOptions(dtype=${CPP_NAME[dtype.name] ?? dtype.name}, device=cpu, ` +
        'layout=Strided (default), requires_grad=false (default), pinned_memory=false, memory_format=(nullopt))',
    );
  }
  if (length < 0) throw new Error(`${name} requires non-negative window_length, got window_length=${length}`);
  return dtype;
}

/** The trailing options object, whatever position it reached (the binder drops absent positionals). */
function split(rest: unknown[]): [unknown[], FactoryOpts | undefined] {
  const last = rest[rest.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last))
    return [rest.slice(0, -1), last as FactoryOpts];
  return [rest, undefined];
}

/**
 * Runs `body` on arange(length') of the window's dtype (length' = length + 1 when periodic) and
 * returns its first `length` elements; lengths 0 and 1 are the empty window and [1].
 */
function window(
  name: string,
  length: number,
  periodic: boolean,
  opts: FactoryOpts | undefined,
  body: (w: T, len: number) => T,
): T {
  const dtype = checks(name, length, opts);
  const made = (t: T): T => (opts?.requires_grad ? t.requires_grad_(true) : t);
  if (length === 0) return made(arange(0, { dtype }));
  if (length === 1) return made(ones([1], { dtype }));
  const len = periodic ? length + 1 : length;
  const w = no_grad(() => {
    const out = body(arange(len, { dtype }), len);
    // A fresh tensor (version 0, as ATen's in-place steps below autograd leave it).
    return (periodic ? out.narrow(0, 0, len - 1) : out).clone();
  });
  return made(w);
}

export function hamming_windowImpl(length: number, ...rest: unknown[]): T {
  const [pos, opts] = split(rest);
  const periodic = (pos[0] as boolean | undefined) ?? true;
  const alpha = (pos[1] as number | undefined) ?? 0.54;
  const beta = (pos[2] as number | undefined) ?? 0.46;
  return hamming('hamming_window', length, periodic, alpha, beta, opts);
}

function hamming(name: string, length: number, periodic: boolean, alpha: number, beta: number, opts?: FactoryOpts): T {
  return window(name, length, periodic, opts, (w, len) =>
    w
      .mul_((2 * Math.PI) / (len - 1))
      .cos_()
      .mul_(-beta)
      .add_(alpha),
  );
}

export const hamming_window = op(
  [
    `hamming_window(int window_length, *, ${FACTORY})`,
    `hamming_window(int window_length, bool periodic, *, ${FACTORY})`,
    `hamming_window(int window_length, bool periodic, float alpha, *, ${FACTORY})`,
    `hamming_window(int window_length, bool periodic, float alpha, float beta, *, ${FACTORY})`,
  ],
  hamming_windowImpl,
);

export function hann_windowImpl(length: number, ...rest: unknown[]): T {
  const [pos, opts] = split(rest);
  return hamming('hann_window', length, (pos[0] as boolean | undefined) ?? true, 0.5, 0.5, opts);
}
export const hann_window = op(
  [`hann_window(int window_length, *, ${FACTORY})`, `hann_window(int window_length, bool periodic, *, ${FACTORY})`],
  hann_windowImpl,
);

export function blackman_windowImpl(length: number, ...rest: unknown[]): T {
  const [pos, opts] = split(rest);
  return window('blackman_window', length, (pos[0] as boolean | undefined) ?? true, opts, (w, len) => {
    const x = w.mul_(Math.PI / (len - 1));
    return x.mul(4).cos_().mul_(0.08).sub(x.mul(2).cos_().mul_(0.5)).add(0.42);
  });
}
export const blackman_window = op(
  [
    `blackman_window(int window_length, *, ${FACTORY})`,
    `blackman_window(int window_length, bool periodic, *, ${FACTORY})`,
  ],
  blackman_windowImpl,
);

export function bartlett_windowImpl(length: number, ...rest: unknown[]): T {
  const [pos, opts] = split(rest);
  return window('bartlett_window', length, (pos[0] as boolean | undefined) ?? true, opts, (w, len) => {
    const x = w.mul_(2 / (len - 1));
    const half = ((len - 1) >> 1) + 1;
    x.narrow(0, half, len - half)
      .mul_(-1)
      .add_(2);
    return x;
  });
}
export const bartlett_window = op(
  [
    `bartlett_window(int window_length, *, ${FACTORY})`,
    `bartlett_window(int window_length, bool periodic, *, ${FACTORY})`,
  ],
  bartlett_windowImpl,
);
