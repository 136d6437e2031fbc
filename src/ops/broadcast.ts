// Broadcasting made explicit: broadcast_to and broadcast_tensors (expand views, as PyTorch's are, so
// their grad_fn is ExpandBackward0) and the atleast_1d/2d/3d family (reshape and unsqueeze views).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { broadcastShapes, shapeEquals } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { atleast1d, atleast2d, atleast3d } from './join.js';
import { expandImpl } from './view.js';
import { fn, op, overloads, type OpSample } from './declare.js';

type T = Tensor;
type Sizes = readonly number[];

export function broadcast_toImpl(self: T, size: Sizes): T {
  return expandImpl(self, size);
}

interface SizesMethod {
  (...sizes: number[]): T;
  (size: Sizes): T;
}
export const broadcast_to = op('broadcast_to(Tensor self, int[] size)', broadcast_toImpl, {
  types: overloads<SizesMethod>(),
  samples: (k, f): OpSample[] => [
    k.shaped('broadcast_to', [3, 1], (x) => f(x, [2, 3, 4])),
    k.shaped('broadcast_to 0-d', [], (x) => f(x, [2])),
  ],
});

/**
 * Every tensor expanded to the shape they broadcast to (ATen's expand_outplace, with infer_size's
 * message); one that already has that shape is returned itself, not a view.
 */
export function broadcast_tensorsImpl(tensors: readonly T[]): T[] {
  let shape: number[] = [];
  for (const t of tensors) shape = broadcastShapes(shape, t._shape);
  return tensors.map((t) => (shapeEquals(t._shape, shape) ? t : expandImpl(t, shape)));
}

const broadcastTensorsDecl = fn('broadcast_tensors(Tensor[] tensors)', broadcast_tensorsImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'broadcast_tensors',
      inputs: () => [k.make([2, 1]), k.make([3], { salt: 1 }), k.make([], { salt: 2 })],
      fn: (a, b, c) => f([a, b, c]),
    },
  ],
});

/** Python's f(*tensors): the spread tensors are the list (a list itself is refused, as Python refuses it). */
function tensorVarargs(args: readonly unknown[]): T[] {
  args.forEach((a, i) => {
    if (!(a instanceof Tensor)) {
      const type = Array.isArray(a) ? 'Array' : a === null ? 'null' : typeof a;
      throw new TypeError(`expected Tensor as element ${i} in argument 0, but got ${type}`);
    }
  });
  return args as T[];
}

/** torch.broadcast_tensors(*tensors). */
// (Typed explicitly: an inferred type would reach the Tensor surface this module helps declare.)
export const broadcast_tensors: (...tensors: T[]) => T[] = (...tensors: T[]): T[] =>
  (broadcastTensorsDecl as (tensors: readonly T[]) => T[])(tensorVarargs(tensors));

interface Atleast {
  (tensor: T): T;
  (tensors: readonly T[]): T[];
  (...tensors: T[]): T[];
}

/**
 * Python's atleast_Nd(*tensors): one tensor gives a tensor; several, or one list, give a list (no
 * argument, an empty list), as in PyTorch.
 */
function atleast(name: string, one: (t: T) => T): Atleast {
  const decl = fn(
    [`${name}(Tensor self)`, `${name}(Tensor[] tensors)`],
    (x: T | readonly T[]): T | T[] => (x instanceof Tensor ? one(x) : x.map(one)),
    {
      samples: (k, f): OpSample[] => [
        k.shaped(`${name} 0-d`, [], (x) => f(x)),
        k.shaped(`${name} 1-d`, [3], (x) => f(x)),
        k.shaped(`${name} 2-d`, [2, 3], (x) => f(x)),
        {
          name: `${name} list`,
          inputs: () => [k.make([2]), k.make([], { salt: 1 })],
          fn: (a, b) => f([a, b]),
        },
      ],
    },
  );
  return ((...args: unknown[]): T | T[] => (args.length === 1 ? decl(args[0] as T) : decl(args as T[]))) as Atleast;
}

export const atleast_1d = atleast('atleast_1d', atleast1d);
export const atleast_2d = atleast('atleast_2d', atleast2d);
export const atleast_3d = atleast('atleast_3d', atleast3d);
