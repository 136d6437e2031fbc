// torch.autograd.forward_ad: dual levels, make_dual / unpack_dual. The machinery (levels, tangents,
// each op's JVP) is in src/autograd/forward.ts; this module is the user API and installs what that
// machinery needs from the ops layer.

import { Tensor } from '../tensor/tensor.js';
import { apply, applyMulti, defineOp, INPUT_NAMES, type OpDef } from '../autograd/op.js';
import {
  belowLevel,
  currentLevels,
  enterLevel,
  exitLevel,
  fwState,
  installDualHooks,
  setTangent,
  tangentAt,
  type DualLevel,
} from '../autograd/forward.js';
import { grad as autogradGrad } from '../autograd/api.js';
import { argTypeError, checkFunction, checkOptionsArg, pyStr } from '../tensor/argcheck.js';
import { formatShape } from '../tensor/shape.js';
import { makeView } from './view.js';
import * as K from '../tensor/kernels.js';

installDualHooks({
  apply,
  applyMulti,
  grad(outputs, inputs, gradOutputs, create) {
    const gs = autogradGrad(outputs, inputs, {
      grad_outputs: gradOutputs.length > 0 ? gradOutputs : null,
      create_graph: create,
      allow_unused: true,
    });
    return gs.map((g, i) => g ?? K.full(inputs[i]._shape, 0, inputs[i]._dtype));
  },
  zerosLike: (t) => K.full(t._shape, 0, t._dtype),
  sumTo: (g, shape) =>
    g._shape.length === shape.length && g._shape.every((s, i) => s === shape[i]) ? g : g.sum_to_size([...shape]),
  expand: (t, shape) => t.expand([...shape]),
  inputNames: (def: OpDef<unknown>) => def.inputs ?? INPUT_NAMES,
});

/** The user's level (PyTorch allows one at a time); torch.func's levels are separate. */
let userLevel: DualLevel | null = null;

const NO_LEVEL =
  'Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.';

/** enter_dual_level(): starts the (single) forward AD level and returns its index. */
export function enter_dual_level(): number {
  if (userLevel !== null) throw new Error('Nested forward mode AD is not supported at the moment');
  userLevel = enterLevel();
  return userLevel.id;
}

/** exit_dual_level({ level }): ends the level; every tangent made at it is gone. */
export function exit_dual_level(opts?: { level?: number | null }): void {
  checkOptionsArg('exit_dual_level', 1, opts);
  const level = userLevel;
  if (level === null || (opts?.level != null && opts.level !== level.id)) {
    throw new Error(
      'Trying to exit a forward AD level that was not the last one that was created. This is not supported.',
    );
  }
  userLevel = null;
  exitLevel(level);
}

/**
 * dual_level(fn): PyTorch's `with fwAD.dual_level():` block as a callback. Tangents exist only
 * inside it; the callback's result is returned.
 */
export function dual_level<T>(fn: () => T): T {
  checkFunction('dual_level', 'fn', 1, fn);
  enter_dual_level();
  try {
    return fn();
  } finally {
    if (userLevel !== null) exit_dual_level();
  }
}

function levelOf(fnName: string, level: number | null | undefined): DualLevel | null {
  if (level === null || level === undefined) return userLevel;
  if (typeof level !== 'number') throw argTypeError(fnName, 'level', 3, 'int', level);
  return currentLevels().find((l) => l.id === level) ?? null;
}

const IDENTITY = defineOp({
  node: 'Identity',
  forward: ([x]) => makeView(x, [...x._shape], [...x._strides], x._offset),
  backward: (g) => [g],
});

const MAKE_DUAL = defineOp({
  node: 'ViewBackward0',
  forward: ([x]) => makeView(x, [...x._shape], [...x._strides], x._offset),
  backward: (g) => [g],
});

/**
 * Whether a tangent can be used as-is for `t` (PyTorch's has_same_meta): the same strides, storage
 * offset and storage size, so each element of the tangent sits where t's does.
 */
function sameMeta(tangent: Tensor, t: Tensor): boolean {
  // vmap's batched tensors have no storage of their own to compare; the tangent is used as is.
  if (tangent._bt !== null || t._bt !== null) return true;
  return (
    tangent._offset === t._offset &&
    tangent._data.length === t._data.length &&
    tangent._strides.every((s, d) => s === t._strides[d])
  );
}

/**
 * The tangent's values in a fresh tensor with t's layout (PyTorch's new_with_same_meta): a
 * storage as large as t's, read with t's strides and offset. unpack_dual returns this copy.
 */
function laidOutLike(tangent: Tensor, t: Tensor): Tensor {
  const storage = K.full([t._data.length], 0, tangent._dtype);
  return Tensor._make(storage._data, [...t._shape], [...t._strides], t._offset, tangent._dtype).copy_(tangent);
}

/**
 * make_dual(tensor, tangent): a view of `tensor` whose tangent (forward gradient) is `tangent`
 * at the current level. A tangent laid out differently from `tensor` is copied into its layout.
 */
export function make_dual(tensor: Tensor, tangent: Tensor, opts?: { level?: number | null }): Tensor {
  if (!(tensor instanceof Tensor)) throw argTypeError('make_dual', 'tensor', 1, 'Tensor', tensor);
  if (!(tangent instanceof Tensor)) throw argTypeError('make_dual', 'tangent', 2, 'Tensor', tangent);
  checkOptionsArg('make_dual', 3, opts);
  const level = levelOf('make_dual', opts?.level);
  if (level === null) throw new Error(NO_LEVEL);
  if (!tensor._dtype.is_floating_point) {
    throw new TypeError(`Expected primal to be floating point or complex, but got: ${tensor._dtype.toString()}`);
  }
  if (!tangent._dtype.is_floating_point) {
    throw new TypeError(`Expected tangent to be floating point or complex, but got: ${tangent._dtype.toString()}`);
  }
  if (tangentAt(tensor, level) !== null) {
    throw new Error(
      `Making a dual Tensor based on a Tensor that already has a forward gradient at the same level ${level.id} is not supported.`,
    );
  }
  if (!tangent._shape.every((s, i) => s === tensor._shape[i]) || tangent._shape.length !== tensor._shape.length) {
    throw new Error(
      'Trying to set a forward gradient that has a different size than that of the original Tensor, this is not ' +
        `supported. Tensor is of size ${formatShape(tensor._shape)} while the given forward gradient is of size ${formatShape(tangent._shape)}.`,
    );
  }
  const dual = belowLevel(level, () => apply(MAKE_DUAL, [tensor], undefined));
  setTangent(dual, level, sameMeta(tangent, tensor) ? tangent : belowLevel(level, () => laidOutLike(tangent, tensor)));
  return dual;
}

/** unpack_dual's result (PyTorch's UnpackedDualTensor namedtuple). */
export class UnpackedDualTensor {
  constructor(
    readonly primal: Tensor,
    readonly tangent: Tensor | null,
  ) {}

  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.primal;
    yield this.tangent;
  }

  toString(): string {
    return `UnpackedDualTensor(primal=${pyStr(this.primal)}, tangent=${pyStr(this.tangent)})`;
  }
}

/** unpack_dual(tensor): its primal (a view without the tangent) and its tangent (null if none). */
export function unpack_dual(tensor: Tensor, opts?: { level?: number | null }): UnpackedDualTensor {
  if (!(tensor instanceof Tensor)) throw argTypeError('unpack_dual', 'tensor', 1, 'Tensor', tensor);
  checkOptionsArg('unpack_dual', 2, opts);
  const explicit = opts?.level !== null && opts?.level !== undefined;
  const level = levelOf('unpack_dual', opts?.level);
  if (level === null) {
    if (!explicit) return new UnpackedDualTensor(tensor, null);
    return new UnpackedDualTensor(apply(IDENTITY, [tensor], undefined), null);
  }
  // A hidden level (inside a custom Function's forward, which runs with forward AD off) shows none.
  const tangent = level.id < fwState.ceiling ? tangentAt(tensor, level) : null;
  const primal = belowLevel(level, () => apply(IDENTITY, [tensor], undefined));
  return new UnpackedDualTensor(primal, tangent);
}
