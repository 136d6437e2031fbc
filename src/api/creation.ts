// The public factories (torch.tensor, zeros, ones, arange, ...) and random sampling ops:
// signatures and the implementations in src/tensor/creation.ts, random.ts and multinomial.ts.
// Unknown options (`{ requires_gard: true }`) are refused here, as PyTorch refuses unknown keywords.

import type { Tensor } from '../tensor/tensor.js';
import { op, overloads } from '../ops/declare.js';
import * as C from '../tensor/creation.js';
import type { FactoryOpts, NestedData } from '../tensor/creation.js';
import * as RND from '../ops/random.js';
import type { GeneratorOpts, RandomOpts } from '../ops/random.js';
import { multinomialImpl as multinomialImpl } from '../ops/multinomial.js';

type T = Tensor;
type Sizes = readonly number[];

/** The keyword-only options every factory takes (PyTorch's TensorOptions and requires_grad). */
const FACTORY =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';
const LIKE = `${FACTORY}, MemoryFormat? memory_format=None`;

interface SizedFactory<O> {
  (...size: number[]): T;
  (...args: [...number[], O]): T;
  (size: Sizes, opts?: O): T;
}

export const tensor = op(`tensor(Any data, *, ${FACTORY})`, C.tensor as (data: NestedData, opts?: FactoryOpts) => T);
export const zeros = op(`zeros(SymInt[] size=[], *, ${FACTORY})`, C.zeros, {
  types: overloads<SizedFactory<FactoryOpts>>(),
});
export const ones = op(`ones(SymInt[] size=[], *, ${FACTORY})`, C.ones, {
  types: overloads<SizedFactory<FactoryOpts>>(),
});
export const empty = op(`empty(SymInt[] size=[], *, ${FACTORY}, MemoryFormat? memory_format=None)`, C.empty, {
  types: overloads<SizedFactory<FactoryOpts>>(),
});
export const full = op(`full(SymInt[] size, Scalar fill_value, *, ${FACTORY})`, C.full);
export const zeros_like = op(`zeros_like(Tensor self, *, ${LIKE})`, C.zeros_like, { method: false });
export const ones_like = op(`ones_like(Tensor self, *, ${LIKE})`, C.ones_like, { method: false });
export const empty_like = op(`empty_like(Tensor self, *, ${LIKE})`, C.empty_like, { method: false });
export const full_like = op(`full_like(Tensor self, Scalar fill_value, *, ${LIKE})`, C.full_like, { method: false });
interface Arange {
  (end: number, opts?: FactoryOpts): T;
  (start: number, end: number, opts?: FactoryOpts): T;
  (start: number, end: number, step: number, opts?: FactoryOpts): T;
}
export const arange = op(
  [`arange(Scalar end, *, ${FACTORY})`, `arange(Scalar start, Scalar end, Scalar step=1, *, ${FACTORY})`],
  C.arange,
  { types: overloads<Arange>() },
);
export const linspace = op(`linspace(Scalar start, Scalar end, int steps, *, ${FACTORY})`, C.linspace);
export const logspace = op(
  `logspace(Scalar start, Scalar end, int steps, float base=10.0, *, ${FACTORY})`,
  C.logspace as (start: number, end: number, steps: number, base?: number, opts?: FactoryOpts) => T,
);
export const eye = op([`eye(int n, *, ${FACTORY})`, `eye(int n, int m, *, ${FACTORY})`], C.eye);

// ---------------------------------------------------------------- random sampling
const RANDOM_FACTORY = `Generator? generator=None, ${FACTORY}`;
export const rand = op(`rand(SymInt[] size=[], *, ${RANDOM_FACTORY})`, RND.randImpl, {
  types: overloads<SizedFactory<RandomOpts>>(),
});
export const randn = op(`randn(SymInt[] size=[], *, ${RANDOM_FACTORY})`, RND.randnImpl, {
  types: overloads<SizedFactory<RandomOpts>>(),
});
interface Randint {
  (high: number, size: Sizes, opts?: RandomOpts): T;
  (low: number, high: number, size: Sizes, opts?: RandomOpts): T;
}
export const randint = op(
  [
    `randint(int high, SymInt[] size, *, ${RANDOM_FACTORY})`,
    `randint(int low, int high, SymInt[] size, *, ${RANDOM_FACTORY})`,
  ],
  RND.randintImpl,
  { types: overloads<Randint>() },
);
export const randperm = op(`randperm(int n, *, ${RANDOM_FACTORY})`, RND.randpermImpl);
export const rand_like = op(`rand_like(Tensor self, *, ${LIKE}, Generator? generator=None)`, RND.rand_likeImpl, {
  method: false,
});
export const randn_like = op(`randn_like(Tensor self, *, ${LIKE}, Generator? generator=None)`, RND.randn_likeImpl, {
  method: false,
});
interface RandintLike {
  (high: number, opts?: RandomOpts): T;
  (low: number, high: number, opts?: RandomOpts): T;
}
export const randint_like = op(
  [
    `randint_like(Tensor self, int high, *, ${LIKE}, Generator? generator=None)`,
    `randint_like(Tensor self, int low, int high, *, ${LIKE}, Generator? generator=None)`,
  ],
  RND.randint_likeImpl,
  { method: false, types: overloads<(self: T, ...args: Parameters<RandintLike>) => T>() },
);
interface Normal {
  (mean: T, std?: T | number, opts?: GeneratorOpts): T;
  (mean: number, std: T, opts?: GeneratorOpts): T;
  (mean: number, std: number, size: Sizes, opts?: RandomOpts): T;
}
export const normal = op(
  [
    'normal(Tensor mean, Tensor std, *, Generator? generator=None)',
    'normal(Tensor mean, float std=1, *, Generator? generator=None)',
    'normal(float mean, Tensor std, *, Generator? generator=None)',
    `normal(float mean, float std, SymInt[] size, *, ${RANDOM_FACTORY})`,
  ],
  RND.normalImpl,
  { method: false, types: overloads<Normal>() },
);
export const bernoulli = op(
  [
    'bernoulli(Tensor self, *, Generator? generator=None)',
    'bernoulli(Tensor self, float p, *, Generator? generator=None)',
  ],
  RND.bernoulliImpl as (self: T, p?: number, opts?: GeneratorOpts) => T,
);
export const multinomial = op(
  'multinomial(Tensor self, int num_samples, bool replacement=False, *, Generator? generator=None)',
  multinomialImpl as (self: T, num_samples: number, replacement?: boolean, opts?: GeneratorOpts) => T,
);
