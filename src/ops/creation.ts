// The public factories (torch.tensor, zeros, ones, arange, ...): their declarations (signatures,
// op(), src/ops/declare.ts), whose implementations live below ops, in src/tensor/creation.ts (they
// record no autograd node). The random samplers are declared beside theirs in random.ts and
// multinomial.ts. Unknown options (`{ requires_gard: true }`) are refused by the declarations, as
// PyTorch refuses unknown keywords.

import { op, overloads } from './declare.js';
import {
  tensor as tensor2,
  type NestedData,
  type FactoryOpts,
  zeros as zeros2,
  ones as ones2,
  empty as empty2,
  full as full2,
  zeros_like as zeros_like2,
  ones_like as ones_like2,
  empty_like as empty_like2,
  full_like as full_like2,
  arange as arange2,
  linspace as linspace2,
  logspace as logspace2,
  eye as eye2,
  from_typed_array,
} from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { toDType, type DType } from '../tensor/dtype.js';

/** The keyword-only options every factory takes (PyTorch's TensorOptions and requires_grad). */
const FACTORY =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';

type T = Tensor;

export const tensor = op(`tensor(Any data, *, ${FACTORY})`, tensor2 as (data: NestedData, opts?: FactoryOpts) => T);
type Sizes = readonly number[];

/**
 * torch.as_tensor: a tensor is returned itself (converted, with autograd, only when `dtype` differs);
 * a typed array is shared when it is the dtype's storage (as PyTorch shares a NumPy array's memory);
 * any other data is copied, as torch.tensor copies it.
 */
export function as_tensorImpl(data: NestedData, opts?: { dtype?: DType | string; device?: FactoryOpts['device'] }): T {
  const dtype = opts?.dtype === undefined ? undefined : toDType(opts.dtype);
  if (data instanceof Tensor) return dtype === undefined || dtype === data.dtype ? data : data.to(dtype);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return from_typed_array(data, undefined, dtype);
  return tensor2(data, opts);
}

export const as_tensor = op('as_tensor(Any data, *, ScalarType? dtype=None, Device? device=None)', as_tensorImpl);

interface SizedFactory<O> {
  (...size: number[]): T;
  (...args: [...number[], O]): T;
  (size: Sizes, opts?: O): T;
}
export const zeros = op(`zeros(SymInt[] size=[], *, ${FACTORY})`, zeros2, {
  types: overloads<SizedFactory<FactoryOpts>>(),
});
export const ones = op(`ones(SymInt[] size=[], *, ${FACTORY})`, ones2, {
  types: overloads<SizedFactory<FactoryOpts>>(),
});
export const empty = op(`empty(SymInt[] size=[], *, ${FACTORY}, MemoryFormat? memory_format=None)`, empty2, {
  types: overloads<SizedFactory<FactoryOpts>>(),
});
export const full = op(`full(SymInt[] size, Scalar fill_value, *, ${FACTORY})`, full2);
const LIKE = `${FACTORY}, MemoryFormat? memory_format=None`;
export const zeros_like = op(`zeros_like(Tensor self, *, ${LIKE})`, zeros_like2, { method: false });
export const ones_like = op(`ones_like(Tensor self, *, ${LIKE})`, ones_like2, { method: false });
export const empty_like = op(`empty_like(Tensor self, *, ${LIKE})`, empty_like2, { method: false });
export const full_like = op(`full_like(Tensor self, Scalar fill_value, *, ${LIKE})`, full_like2, { method: false });
interface Arange {
  (end: number, opts?: FactoryOpts): T;
  (start: number, end: number, opts?: FactoryOpts): T;
  (start: number, end: number, step: number, opts?: FactoryOpts): T;
}
export const arange = op(
  [`arange(Scalar end, *, ${FACTORY})`, `arange(Scalar start, Scalar end, Scalar step=1, *, ${FACTORY})`],
  arange2,
  { types: overloads<Arange>() },
);
export const linspace = op(`linspace(Scalar start, Scalar end, int steps, *, ${FACTORY})`, linspace2);
export const logspace = op(
  `logspace(Scalar start, Scalar end, int steps, float base=10.0, *, ${FACTORY})`,
  logspace2 as (start: number, end: number, steps: number, base?: number, opts?: FactoryOpts) => T,
);
export const eye = op([`eye(int n, *, ${FACTORY})`, `eye(int n, int m, *, ${FACTORY})`], eye2);
