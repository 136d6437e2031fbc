// The public surface of an op, declared once: its PyTorch signature(s) and the implementation.
// `op()` installs the Tensor method (and the in-place `name_` method) and returns the torch.*
// function, both checking their arguments against the signatures first (signature.ts).
//
// Layout: each op is declared in the src/ops/ file that implements it, right after its
// implementation, so that one section of one file holds the op's signature and gradcheck samples
// beside its forward and its autograd node (defineOp: backward formula, saved tensors, JVP and
// batching rule); ops built from other ops are declared beside that composite; the elementwise
// unary ops are one unaryOp() line each at the end of pointwise/unary.ts. torch.nn.functional,
// torch.special and torch.linalg functions are declared as functional_<name>, special_<name> and
// linalg_<name>. These declarations are the only list of public ops: Tensor methods, their
// TypeScript types (MethodOf, below; src/api/surface.ts merges them into `interface Tensor`),
// docs/ops.md (with the declaring file, found by declarationFile()), the op database and the tests
// that call every op with bad arguments all come from them. src/api/ gathers them into the torch.*
// namespaces (torch.ts, functional.ts, special.ts, linalg.ts) and the Tensor surface (surface.ts):
// files generated from the declarations by scripts/surface-gen.ts, which tests/ops_doc.test.ts
// checks are current, as PyTorch generates its .pyi files.

import { Tensor } from '../tensor/tensor.js';
import { can_cast } from '../tensor/dtype.js';
import { vmapState } from '../autograd/batching.js';
import { bind, callerSignature, isExact, parseSignature, type ParsedSignature, type Signature } from './signature.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Impl = (...args: any[]) => any;

/** The trailing options object (Python's keyword arguments). */
export type Kwargs = Record<string, unknown>;
type Prefixes<T extends unknown[]> = T extends [infer H, ...infer Rest] ? [] | [H, ...Prefixes<Rest>] : [];
/** A call: positional arguments as the implementation types them, or a prefix of them and the options object. */
export type CallArgs<R extends unknown[]> = R | [...Prefixes<Required<R>>, Kwargs];

/** The name in a signature string: 'sum' of 'sum(Tensor self, ...)'. */
export type NameOf<S> = S extends `@hidden ${infer N}(${string}` ? N : S extends `${infer N}(${string}` ? N : never;

/** A phantom key (no value at run time) under which a declaration carries its methods' types. */
export declare const METHODS: unique symbol;
/**
 * What op() returns: the torch.* function, carrying (in its type only) the Tensor methods it
 * installs, so that src/api/surface.ts can extend `interface Tensor` from the declarations alone.
 */
export type Declared<F extends Impl, M> = FunctionOf<F> & {
  readonly [METHODS]: M;
};
/** The methods a declaration installs: `name`, and `name_` when it has an in-place form. */
export type MethodMap<N extends string, F extends Impl, I, T> = { [K in N]: [T] extends [never] ? MethodOf<F> : T } & {
  [K in `${N}_` as I extends Impl ? K : never]: [T] extends [never] ? MethodOf<I & Impl> : T;
};
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer X) => void ? X : never;
/** The Tensor methods declared by the exports of a module of declarations. */
export type MethodsOf<Mod> = UnionToIntersection<
  { [K in keyof Mod]: Mod[K] extends { readonly [METHODS]: infer X } ? X : never }[keyof Mod]
>;
/** A phantom value carrying a method type with overloads, for `op(..., { types: overloads<T>() })`. */
export function overloads<T>(): T {
  return undefined as T;
}

type Tail<R extends unknown[]> = R extends [unknown, ...infer Rest]
  ? Rest
  : R extends [unknown?, ...infer Rest]
    ? Rest
    : R;
/**
 * The torch.* function a declaration makes from its implementation `F`: the implementation's
 * parameters, or a prefix of them and the options object. Function types here are interfaces so
 * that their parameter unions are built only when a call is checked: built eagerly, they compare
 * Tensor with Kwargs, which needs Tensor's members while those are being derived from these very
 * types (TypeScript then reports a circular base type, depending on the order it checks files in).
 */
export interface FunctionOf<F extends Impl> {
  (...args: CallArgs<Parameters<F>>): ReturnType<F>;
}
/** The Tensor method: the implementation without its first (self) parameter. */
export interface MethodOf<F extends Impl> {
  (...args: CallArgs<Tail<Parameters<F>>>): ReturnType<F>;
}

/**
 * One gradcheck sample of an op: the op database (tests/opdb) runs every declared op's samples
 * through gradcheck and gradgradcheck, and the forward-mode and vmap sweeps through theirs.
 */
export interface OpSample {
  /** 'exp [3, 4]', 'sum dim=1 keepdim' ... (unique among all samples). */
  readonly name: string;
  /** Makes fresh float64 inputs; those to differentiate have requires_grad set. */
  readonly inputs: () => Tensor[];
  /** The computation under test. */
  readonly fn: (...xs: Tensor[]) => Tensor | Tensor[];
  /** false (with the reason in `why`) skips the second-order check. */
  readonly gradgrad?: boolean;
  readonly why?: string;
}
type NestedNumbers = number | readonly NestedNumbers[];
type NestedBooleans = boolean | readonly NestedBooleans[];
/** A domain of sample values, [lo, hi]. */
export type Domain = readonly [number, number];
/**
 * What a declaration's samples are made with. The op database implements it (tests/opdb/inputs.ts),
 * so the declarations say which inputs an op takes and the library ships no test data.
 */
export interface SampleKit {
  /** Deterministic float64 values spread over [lo, hi] (default [-2, 2]), requiring grad unless `grad: false`. */
  make(shape: number[], opts?: { lo?: number; hi?: number; salt?: number; grad?: boolean }): Tensor;
  /** A non-contiguous 2-D input of `shape`: made transposed and transposed back. */
  transposed(shape: [number, number], opts?: { lo?: number; hi?: number; salt?: number }): Tensor;
  /** Fixed float64 values (for domains a range cannot express), requiring grad. */
  values(data: NestedNumbers, shape?: number[]): Tensor;
  /** An int64 index tensor (no grad). */
  long(data: NestedNumbers): Tensor;
  /** A bool mask (no grad). */
  mask(data: NestedBooleans): Tensor;
  /** float64 zeros of `shape` (no grad), for ops that read only a shape. */
  zeros(...shape: number[]): Tensor;
  /** One row on `make(shape)`. */
  shaped(name: string, shape: number[], fn: (x: Tensor) => Tensor | Tensor[]): OpSample;
  /** [3, 4], transposed [3, 4] and (unless `scalar: false`) 0-d rows of a one-input computation. */
  layouts(
    name: string,
    fn: (x: Tensor) => Tensor | Tensor[],
    opts?: { lo?: number; hi?: number; scalar?: boolean },
  ): OpSample[];
  /** [3, 4], 0-d, transposed and strided-slice rows of a one-tensor computation on `domain`. */
  unary(name: string, fn: (x: Tensor) => Tensor, domain?: Domain): OpSample[];
  /** Same-shape, broadcast, 0-d and non-contiguous rows of a two-tensor computation. */
  binary(name: string, fn: (a: Tensor, b: Tensor) => Tensor, a?: Domain, b?: Domain): OpSample[];
  /** Rows of an in-place two-tensor computation: self keeps its shape, only other broadcasts. */
  inplace(name: string, fn: (a: Tensor, b: Tensor) => Tensor, a?: Domain, b?: Domain): OpSample[];
}
/** A declaration's samples: made from the kit and the declared torch.* function (or the method, called on its first argument). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Samples = (kit: SampleKit, op: (...args: any[]) => any) => OpSample[];

export interface OpOptions<I = unknown, T = unknown> {
  /** Gradcheck samples (the op database). */
  samples?: Samples;
  /** Install `Tensor.prototype[name]` (default: when the first parameter is `Tensor self`). */
  method?: boolean;
  /** The in-place method `name_`, with the same signature. */
  inplace?: I;
  /** Implementation of the method when it differs from the function's (rare: Tensor.where). */
  methodImpl?: Impl;
  /** Signatures of the method when they differ from the function's. */
  methodSig?: string | readonly string[];
  /** The method's TypeScript type, when the implementation's does not say it (overloads). */
  types?: T;
}

/** What the registry keeps of each declaration, for docs/ops.md and the generated tests. */
export interface Declaration {
  readonly name: string;
  readonly signatures: readonly ParsedSignature[];
  /** Caller-side signatures of the function (self named `input`). */
  readonly functionSigs: readonly Signature[];
  /** Caller-side signatures of the method, or null when there is no method. */
  readonly methodSigs: readonly Signature[] | null;
  readonly inplace: boolean;
  /** Whether there is a torch.* function (false for method-only declarations). */
  readonly isFunction: boolean;
  /** The function itself (for tests that call every declared function). */
  function?: (...args: unknown[]) => unknown;
  /** The op's gradcheck samples, when it declares them. */
  readonly samples?: Samples;
  /** For an alias (torch.absolute of torch.abs), the name of the op it runs. */
  aliasOf?: string;
  /** @internal Where the declaration was made (its stack, read only by declarationFile()). */
  readonly site: Error;
}

/**
 * The source file holding a declaration ('src/ops/reduce.ts'): the first caller outside this file
 * when it was registered (docs/ops.md names it). Undefined when the stack does not say (a bundle).
 */
export function declarationFile(d: Declaration): string | undefined {
  for (const line of (d.site.stack ?? '').split('\n').slice(1)) {
    const m = /(?:\(|at )(?:file:\/\/)?([^()]*?\/(src\/[^():]+\.ts)):\d+:\d+\)?\s*$/.exec(line);
    if (m === null || m[2] === 'src/ops/declare.ts') continue;
    return m[2];
  }
  return undefined;
}

/** Every declared op, in declaration order. */
export const DECLARATIONS: Declaration[] = [];

/** What alias() needs of a declared function. */
interface Record_ {
  readonly sig: string | readonly string[];
  readonly impl: Impl;
  readonly opts: OpOptions<Impl | undefined>;
}
const RECORDS = new WeakMap<object, Record_>();

// Note [Op tracing]: torch.onnx.export runs one forward call with `tracer` set; every public call
// then goes through its `call` with the op's name, its bound arguments (self first, as the
// implementation takes them) and a thunk that runs the implementation. Calls made while an op runs
// are its own business: tracer is null meanwhile, so only the outermost public ops are seen. When
// no export runs, the cost is one null check per call.
/** Sees the public calls of a traced run (src/onnx/trace.ts). */
export interface OpTracer {
  call(name: string, args: readonly unknown[], run: () => unknown): unknown;
}
let tracer: OpTracer | null = null;
/** Installs (or, with null, removes) the tracer; returns the one it replaces. */
export function setOpTracer(next: OpTracer | null): OpTracer | null {
  const prev = tracer;
  tracer = next;
  return prev;
}
function traced(active: OpTracer, name: string, impl: Impl, args: unknown[]): unknown {
  tracer = null;
  try {
    return active.call(name, args, () => impl(...args));
  } finally {
    tracer = active;
  }
}
/**
 * Set by ops/vmap.ts: runs a declared call whose arguments include vmap's batched tensors, falling
 * back to one call per example when the op reads their values directly (Note [Batching]).
 */
export const declHooks = {
  batched: (
    _name: string,
    call: (self: unknown, args: unknown[]) => unknown,
    self: unknown,
    args: unknown[],
  ): unknown => call(self, args),
};

function defineMethod(name: string, fn: Impl): void {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}

function makeMethod(sigs: readonly Signature[], impl: Impl, name: string): Impl {
  const first = sigs[0];
  const call = (self: unknown, args: unknown[]): unknown =>
    isExact(first, args) ? impl(self, ...args) : impl(...bind(sigs, args, self as Tensor));
  return function method(this: Tensor, ...args: unknown[]): unknown {
    if (tracer !== null) return traced(tracer, name, impl, bind(sigs, args, this));
    if (vmapState.depth !== 0) return declHooks.batched(first.name, call, this, args);
    // The common call goes straight through: its arguments are already what impl takes.
    if (isExact(first, args)) return impl(this, ...args);
    return impl(...bind(sigs, args, this));
  };
}

function parseAll(sig: string | readonly string[]): ParsedSignature[] {
  return (typeof sig === 'string' ? [sig] : sig).map(parseSignature);
}

function register(
  sig: string | readonly string[],
  impl: Impl,
  opts: OpOptions<Impl | undefined>,
  isFunction: boolean,
): { functionSigs: Signature[]; name: string } {
  const parsed = parseAll(sig);
  const name = parsed[0].name;
  const hasSelf = parsed[0].params[0]?.name === 'self';
  const method = opts.method ?? hasSelf;
  const methodParsed = opts.methodSig === undefined ? parsed : parseAll(opts.methodSig);
  let methodSigs: Signature[] | null = null;
  if (method) {
    methodSigs = methodParsed.map((p) => callerSignature(p, true, name));
    defineMethod(name, makeMethod(methodSigs, opts.methodImpl ?? impl, opts.methodImpl ? `Tensor.${name}` : name));
    if (opts.inplace !== undefined) {
      const inSigs = methodParsed.map((p) => callerSignature(p, true, `${name}_`));
      defineMethod(`${name}_`, makeMethod(inSigs, opts.inplace, `${name}_`));
    }
  }
  const functionSigs = parsed.map((p) => callerSignature(p, false, name));
  DECLARATIONS.push({
    name,
    signatures: parsed,
    functionSigs,
    methodSigs,
    inplace: opts.inplace !== undefined,
    isFunction,
    samples: opts.samples,
    site: new Error(),
  });
  return { functionSigs, name };
}

/**
 * Declares a public op: `sig` is its PyTorch signature (or its overloads, tried in order), `impl`
 * receives the bound call (see signature.ts). Returns the torch.* function.
 */
export function op<S extends string, F extends Impl, I = undefined, T = never>(
  sig: S | readonly [S, ...string[]],
  impl: F,
  opts: OpOptions<I, T> = {},
): Declared<F, MethodMap<NameOf<S>, F, I, T>> {
  const { functionSigs, name } = register(sig, impl, opts as OpOptions<Impl | undefined>, true);
  const first = functionSigs[0];
  const call = (_self: unknown, args: unknown[]): unknown =>
    isExact(first, args) ? impl(...args) : impl(...bind(functionSigs, args));
  const fn = function (...args: unknown[]): unknown {
    if (tracer !== null) return traced(tracer, name, impl, bind(functionSigs, args));
    if (vmapState.depth !== 0) return declHooks.batched(first.name, call, undefined, args);
    if (isExact(first, args)) return impl(...args);
    const out = outArg(args);
    if (out !== undefined) return writeOut(name, out, fn(...args.slice(0, -1), withoutOut(args)));
    return impl(...bind(functionSigs, args));
  };
  DECLARATIONS[DECLARATIONS.length - 1].function = fn;
  RECORDS.set(fn, { sig, impl, opts: opts as OpOptions<Impl | undefined> });
  return fn as unknown as Declared<F, MethodMap<NameOf<S>, F, I, T>>;
}

/** What alias() returns: the op's function type, carrying the alias's methods. */
export type AliasDecl<D, N extends string> = D & { readonly [METHODS]: AliasOf<D, N> };
type MethodsIn<D> = D extends { readonly [METHODS]: infer M } ? M : never;
/** The alias's methods: `name` (and `name_` when the op has an in-place form), typed as the op's. */
type AliasOf<D, N extends string> =
  MethodsIn<D> extends infer M ? { [K in keyof M as K extends `${string}_` ? `${N}_` : N]: M[K] } : never;
/**
 * PyTorch's other name for an op (torch.subtract for torch.sub): the same signatures under the
 * alias's name, as a torch.* function and, when the op has them, as methods `name` and `name_`.
 */
export function alias<N extends string, D extends object>(target: D, name: N): AliasDecl<D, N> {
  const rec = RECORDS.get(target);
  if (rec === undefined) throw new Error(`internal error: alias ${name} of an undeclared function`);
  const rename = (sig: string): string => sig.replace(/^(@hidden )?[\w.]+\(/, `$1${name}(`);
  const sigs = typeof rec.sig === 'string' ? rename(rec.sig) : rec.sig.map(rename);
  const methodSig =
    rec.opts.methodSig === undefined
      ? undefined
      : typeof rec.opts.methodSig === 'string'
        ? rename(rec.opts.methodSig)
        : rec.opts.methodSig.map(rename);
  const declared = op(sigs as string | readonly [string, ...string[]], rec.impl, {
    ...rec.opts,
    methodSig,
    // The op's samples are its own: the alias runs the same code.
    samples: undefined,
  });
  const first = typeof rec.sig === 'string' ? rec.sig : rec.sig[0];
  DECLARATIONS[DECLARATIONS.length - 1].aliasOf = /^(?:@hidden )?([\w.]+)\(/.exec(first)?.[1];
  return declared as never;
}

/** What method() returns: nothing at run time; in its type, the methods it installs. */
export interface MethodDecl<M> {
  readonly [METHODS]: M;
}

/** Declares a method that has no torch.* function (Tensor.view_as, Tensor.item, ...). */
export function method<S extends string, F extends Impl, I = undefined, T = never>(
  sig: S | readonly [S, ...string[]],
  impl: F,
  opts: OpOptions<I, T> = {},
): MethodDecl<MethodMap<NameOf<S>, F, I, T>> {
  register(sig, impl, { ...(opts as OpOptions<Impl | undefined>), method: true }, false);
  return {} as MethodDecl<MethodMap<NameOf<S>, F, I, T>>;
}

/** A torch.* function with no Tensor method. */
export function fn<S extends string, F extends Impl>(
  sig: S | readonly [S, ...string[]],
  impl: F,
  opts: { samples?: Samples } = {},
): FunctionOf<F> {
  return op(sig, impl, { method: false, samples: opts.samples }) as FunctionOf<F>;
}

/** The `out` tensor of a call's trailing options object (`torch.mul(a, b, { out })`), if any. */
function outArg(args: unknown[]): Tensor | undefined {
  const last = args[args.length - 1];
  if (last === null || typeof last !== 'object' || Array.isArray(last) || last instanceof Tensor) return undefined;
  const out = (last as { out?: unknown }).out;
  return out instanceof Tensor ? out : undefined;
}
function withoutOut(args: unknown[]): Record<string, unknown> {
  const { out: _out, ...rest } = args[args.length - 1] as Record<string, unknown>;
  return rest;
}
/** PyTorch's out= semantics: the result is written into `out` (same shape, castable dtype), which is returned. */
function writeOut(name: string, out: Tensor, result: unknown): Tensor {
  if (!(result instanceof Tensor)) throw new TypeError(`${name}() got an unexpected keyword argument 'out'`);
  if (result.requires_grad || out.requires_grad) {
    throw new Error(
      `${name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`,
    );
  }
  if (!can_cast(result.dtype, out.dtype)) {
    throw new Error(
      `result type ${result.dtype.scalarType} can't be cast to the desired output type ${out.dtype.scalarType}`,
    );
  }
  if (out.shape.length !== result.shape.length || out.shape.some((n, i) => n !== result.shape[i])) {
    throw new Error(
      `${name}(): out= must have the result's shape ${String(result.shape)} (tensorgrad does not resize out), got ${String(out.shape)}`,
    );
  }
  out.copy_(result);
  return out;
}
