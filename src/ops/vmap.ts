// vmap (torch.func.vmap): runs a function written for one example over a batch at once, through
// the batching rules of the op declarations (see Note [Batching] in autograd/batching.ts).

import { Tensor } from '../tensor/tensor.js';
import { apply, applyInplace, applyMulti, type OpDef } from '../autograd/op.js';
import { BatchingError, batchHooks, batchLevelOf, batchedAt, makeBatched, vmapState } from '../autograd/batching.js';
import { emitWarning } from '../tensor/warn.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';
import { normalizeDim } from '../tensor/shape.js';
import { stackImpl } from './join.js';
import { movedimImpl, expandImpl, padBatched } from './view.js';
import { selectImpl } from './slicing.js';
import { declHooks } from './declare.js';
import { runTransform, treeMap } from './func.js';

// ---------------------------------------------------------------- physical helpers

const sizeAt = (level: number): number => vmapState.sizes[level - 1];

/** The physical tensor of t at `level` (batch dim first), or t itself when it is not batched there. */
function physical(t: Tensor, level: number): Tensor {
  return t._bt !== null && t._bt.level === level ? t._bt.value : t;
}

/** Replaces the tensors batched at `level` in a value (arrays and plain objects searched). */
function mapBatched(v: unknown, level: number, f: (t: Tensor) => Tensor): unknown {
  return treeMap(v, (t) => (batchedAt(t, level) ? f(t) : t));
}

/** @internal The ops that ran once per example (no batching rule), by name, since load. */
export const fallbacks = new Set<string>();
const warned = fallbacks;

function warnFallback(name: string): void {
  if (warned.has(name)) return;
  warned.add(name);
  emitWarning(
    `There is a performance drop because we have not yet implemented the batching rule for ${name}. ` +
      'Please file us an issue on GitHub so that we can prioritize its implementation.',
    'UserWarning',
  );
}

function stackResults(results: unknown[], level: number): unknown {
  const first = results[0];
  if (first instanceof Tensor) return makeBatched(stackImpl(results as Tensor[], 0), level);
  if (Array.isArray(first)) {
    return Array.from({ length: first.length }, (_x, i) =>
      stackResults(
        results.map((r) => (r as unknown[])[i]),
        level,
      ),
    );
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    throw new Error(
      "vmap: It looks like you're either (1) calling .item() on a Tensor or (2) attempting to use a Tensor in " +
        'some data-dependent control flow or (3) encountering this error in PyTorch internals. For (1): we ' +
        "don't support vmap over calling .item() on a Tensor, please try to rewrite what you're doing with other " +
        "operations. For (2): If you're doing some control flow instead, we don't support that yet, please shout " +
        'over at https://github.com/pytorch/functorch/issues/257 .',
    );
  }
  if (first !== null && typeof first === 'object') {
    // A result object (ValuesIndices of sort, max, ...): its tensor fields stacked, the same kind.
    const out = Object.create(Object.getPrototypeOf(first) as object) as Record<string, unknown>;
    const done = new Map<unknown, unknown>();
    for (const k of Object.keys(first)) {
      const v = (first as Record<string, unknown>)[k];
      if (!(v instanceof Tensor)) {
        out[k] = v;
        continue;
      }
      if (!done.has(v))
        done.set(
          v,
          stackResults(
            results.map((r) => (r as Record<string, unknown>)[k]),
            level,
          ),
        );
      out[k] = done.get(v);
    }
    return out;
  }
  return first;
}

// ---------------------------------------------------------------- op-level rules (apply)

function viaRule(
  rule: (
    inputs: readonly Tensor[],
    batched: readonly boolean[],
    args: unknown,
    size: number,
  ) => Tensor | Tensor[] | null,
  inputs: readonly Tensor[],
  batched: readonly boolean[],
  args: unknown,
  size: number,
  level: number,
): Tensor[] | null {
  const r = rule(
    inputs.map((t) => physical(t, level)),
    batched,
    args,
    size,
  );
  return r === null ? null : Array.isArray(r) ? r : [r];
}

function batchApply(defRaw: unknown, inputs: readonly Tensor[], args: unknown, multi: boolean): Tensor[] {
  const def = defRaw as OpDef<unknown>;
  const level = Math.max(batchLevelOf(inputs), batchLevelOf([args]));
  const size = sizeAt(level);
  const batched = inputs.map((t) => batchedAt(t, level));
  const rule = def.batch ?? (def.jvp === 'elementwise' ? 'elementwise' : undefined);
  let outs: Tensor[] | null;
  if (rule === 'elementwise') {
    let rank = 0;
    for (const t of inputs) rank = Math.max(rank, t._shape.length);
    const pad = (t: Tensor): Tensor => padBatched(t._bt!.value, rank);
    const ins = inputs.map((t, i) => (batched[i] ? pad(t) : t));
    const a = mapBatched(args, level, pad);
    outs = multi ? applyMulti(def, ins, a) : [apply(def, ins, a)];
  } else if (
    typeof rule === 'function' &&
    batchLevelOf([args]) < level &&
    (outs = viaRule(rule, inputs, batched, args, size, level)) !== null
  ) {
    // outs set by the rule
  } else {
    warnFallback(def.node.replace(/Backward\d*$/, ''));
    const per: Tensor[][] = [];
    for (let b = 0; b < size; b++) {
      const ins = inputs.map((t, i) => (batched[i] ? selectImpl(t._bt!.value, 0, b) : t));
      const a = mapBatched(args, level, (t) => selectImpl(t._bt!.value, 0, b));
      per.push(multi ? applyMulti(def, ins, a) : [apply(def, ins, a)]);
    }
    outs = per[0].map((_o, k) =>
      stackImpl(
        per.map((p) => p[k]),
        0,
      ),
    );
  }
  return (outs as Tensor[]).map((o) => makeBatched(o, level));
}

function batchInplace(defRaw: unknown, self: Tensor, others: readonly Tensor[], args: unknown): void {
  const def = defRaw as OpDef<unknown>;
  const level = Math.max(batchLevelOf([self, ...others]), batchLevelOf([args]));
  if (!batchedAt(self, level)) {
    throw new Error(
      'vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor `other` in ' +
        'extra_args that has more elements than `self`. This happened due to `other` being vmapped over but ' +
        '`self` not being vmapped over in a vmap. Please try to use out-of-place operators instead of inplace ' +
        'arithmetic. If said operator is being called inside the PyTorch framework, please file a bug report ' +
        'instead.',
    );
  }
  const value = self._bt!.value;
  const rule = def.batch ?? (def.jvp === 'elementwise' ? 'elementwise' : undefined);
  if (rule === 'elementwise') {
    const rank = self._shape.length;
    const pad = (t: Tensor): Tensor => padBatched(t._bt!.value, rank);
    applyInplace(
      def,
      value,
      others.map((t) => (batchedAt(t, level) ? pad(t) : t)),
      mapBatched(args, level, pad),
    );
    return;
  }
  if (typeof rule === 'function' && batchLevelOf([args]) < level) {
    // The rule out of place, written back into the batch. Computed from a copy when autograd
    // records, so that what the result's graph saved is not the tensor written to.
    const ins = [self, ...others];
    const recording = is_grad_enabled() && ins.some((t) => physical(t, level).requires_grad);
    const from = recording ? makeBatched(value.clone(), level) : self;
    const outs = viaRule(
      rule,
      [from, ...others],
      ins.map((t) => batchedAt(t, level)),
      args,
      sizeAt(level),
      level,
    );
    if (outs !== null) {
      value.copy_(outs[0]);
      return;
    }
  }
  warnFallback(def.node.replace(/Backward\d*$/, ''));
  for (let b = 0; b < sizeAt(level); b++) {
    applyInplace(
      def,
      selectImpl(value, 0, b),
      others.map((t) => (batchedAt(t, level) ? selectImpl(t._bt!.value, 0, b) : t)),
      mapBatched(args, level, (t) => selectImpl(t._bt!.value, 0, b)),
    );
  }
}

batchHooks.apply = batchApply;
batchHooks.inplace = batchInplace;

// ---------------------------------------------------------------- declaration-level fallback

/**
 * A declared op called with batched arguments that read their values directly (BatchingError):
 * run it once per example and stack the results (functorch's fallback).
 */
declHooks.batched = (
  name: string,
  call: (self: unknown, args: unknown[]) => unknown,
  self: unknown,
  args: unknown[],
) => {
  try {
    return call(self, args);
  } catch (e) {
    if (!(e instanceof BatchingError)) throw e;
    const level = batchLevelOf([self, ...args]);
    if (level === 0) throw e;
    warnFallback(name);
    const results: unknown[] = [];
    let inplace = true;
    for (let b = 0; b < sizeAt(level); b++) {
      const pick = (t: Tensor): Tensor => selectImpl(t._bt!.value, 0, b);
      const selfB = mapBatched(self, level, pick);
      const r = call(selfB, mapBatched(args, level, pick) as unknown[]);
      // An in-place method returns its (per-example) self: the batched self was written through.
      if (r !== selfB || !(selfB instanceof Tensor) || selfB === self) inplace = false;
      results.push(r);
    }
    if (inplace) return self;
    return stackResults(results, level);
  }
};

// ---------------------------------------------------------------- vmap

export type InDims = number | null | readonly InDims[] | { readonly [k: string]: InDims };

export interface VmapOpts {
  in_dims?: InDims;
  out_dims?: InDims;
  randomness?: 'error' | 'different' | 'same';
  chunk_size?: number | null;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return v.length === 1 ? `(${describe(v[0])},)` : `(${v.map(describe).join(', ')})`;
  return v === null ? 'None' : String(v);
}

/** Pairs each tensor of `args` with its in_dim (in_dims is a prefix tree of args). */
function walkIn(
  args: unknown,
  dims: InDims,
  visit: (t: Tensor, dim: number | null) => unknown,
  where: () => string,
): unknown {
  if (args instanceof Tensor) {
    if (dims !== null && typeof dims !== 'number') throw new Error(where());
    return visit(args, dims as number | null);
  }
  if (typeof dims === 'number' && (args === null || typeof args !== 'object')) {
    throw new Error(
      `${where().split(':')[0]}: Got in_dim=${dims} for an input but the input is of type ${jsTypeName(args)}. ` +
        'We cannot vmap over non-Tensor arguments, please use None as the respective in_dim',
    );
  }
  if (Array.isArray(args)) {
    if (Array.isArray(dims)) {
      if (dims.length !== args.length) throw new Error(where());
      return args.map((a, i) => walkIn(a, (dims as InDims[])[i], visit, where));
    }
    return args.map((a) => walkIn(a, dims, visit, where));
  }
  if (args !== null && typeof args === 'object' && Object.getPrototypeOf(args) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, a] of Object.entries(args)) {
      const d =
        dims !== null && typeof dims === 'object' && !Array.isArray(dims)
          ? ((dims as Record<string, InDims>)[k] ?? null)
          : dims;
      out[k] = walkIn(a, d, visit, where);
    }
    return out;
  }
  return args;
}

/** vmap(func, { in_dims, out_dims, randomness }): func mapped over a batch dim of its inputs. */
export function vmap<F extends (...args: never[]) => unknown>(func: F, opts: VmapOpts = {}): F {
  if (typeof func !== 'function') {
    throw new TypeError(`vmap(func): Expected func to be a function, got ${jsTypeName(func)}`);
  }
  checkOptionsArg('vmap', 2, opts);
  const inDims = opts.in_dims ?? 0;
  const outDims = opts.out_dims ?? 0;
  const randomness = opts.randomness ?? 'error';
  if (!['error', 'different', 'same'].includes(randomness)) {
    throw new Error(
      `Only allowed values for randomness are 'error', 'different', or 'same'. Got ${String(randomness)}`,
    );
  }
  const fname = func.name === '' ? '<lambda>' : func.name;
  const mapped = (...args: unknown[]): unknown => runTransform(args, () => vmapImpl(args));
  const vmapImpl = (args: unknown[]): unknown => {
    const dims: InDims = typeof inDims === 'number' || inDims === null ? inDims : inDims;
    if (Array.isArray(dims) && dims.length !== args.length) {
      throw new Error(
        `vmap(${fname}, in_dims=${describe(dims)}, ...)(<inputs>): in_dims is not compatible with the structure of \`inputs\`. ` +
          `in_dims has structure ${describe(dims)} but inputs has ${args.length} argument(s).`,
      );
    }
    // First pass: the batch size, checked to agree.
    const sizes: number[] = [];
    const where = (): string =>
      `vmap(${fname}, in_dims=${describe(dims)}, ...)(<inputs>): in_dims is not compatible with the structure of \`inputs\`.`;
    walkIn(
      args,
      dims,
      (t, d) => {
        if (d === null) return t;
        if (typeof d !== 'number' || !Number.isInteger(d)) {
          throw new Error(
            `vmap(${fname}, in_dims=${describe(dims)}, ...)(<inputs>): in_dims must be int or None, got ${String(d)}`,
          );
        }
        if (d < -t.dim() || d >= t.dim()) {
          throw new Error(
            `vmap(${fname}, in_dims=${describe(dims)}, ...)(<inputs>): Got in_dim=${d} for some input, but that input is ` +
              `a Tensor of dimensionality ${t.dim()} so expected in_dim to satisfy -${t.dim()} <= in_dim < ${t.dim()}.`,
          );
        }
        sizes.push(t._shape[normalizeDim(d, t.dim())]);
        return t;
      },
      where,
    );
    if (sizes.length === 0) throw new Error('vmap: Expected at least one Tensor to vmap over');
    if (sizes.some((s) => s !== sizes[0])) {
      throw new Error(
        `vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [${sizes.join(', ')}] for the mapped dimension`,
      );
    }
    const size = sizes[0];
    const level = vmapState.depth + 1;
    vmapState.depth = level;
    vmapState.sizes.push(size);
    vmapState.randomness.push(randomness);
    let out: unknown;
    try {
      const wrapped = walkIn(args, dims, (t, d) => (d === null ? t : makeBatched(movedimImpl(t, d, 0), level)), where);
      out = func(...(wrapped as never[]));
    } finally {
      vmapState.depth = level - 1;
      vmapState.sizes.pop();
      vmapState.randomness.pop();
    }
    return unwrapOut(out, outDims, level, size, fname);
  };
  return mapped as unknown as F;
}

function unwrapOut(out: unknown, dims: InDims, level: number, size: number, fname: string): unknown {
  if (out instanceof Tensor) {
    if (dims === null) {
      if (batchedAt(out, level)) {
        throw new Error(
          'vmap: Cannot return a batched tensor with out_dims=None: the function returned a Tensor that depends on ' +
            'the mapped inputs.',
        );
      }
      return out;
    }
    if (typeof dims !== 'number') throw new Error('vmap: out_dims is not compatible with the structure of `outputs`.');
    const n = out._shape.length + 1;
    const d = normalizeDim(dims, n);
    if (batchedAt(out, level)) return d === 0 ? out._bt!.value : movedimImpl(out._bt!.value, 0, d);
    // An output that does not depend on the mapped inputs is the same for every example.
    const shape = [...out._shape];
    shape.splice(d, 0, size);
    return expandImpl(out.unsqueeze(d), shape);
  }
  if (Array.isArray(out)) {
    return out.map((o, i) => unwrapOut(o, Array.isArray(dims) ? (dims as InDims[])[i] : dims, level, size, fname));
  }
  if (out !== null && typeof out === 'object' && Object.getPrototypeOf(out) === Object.prototype) {
    const res: Record<string, unknown> = {};
    for (const [k, o] of Object.entries(out)) {
      const d =
        dims !== null && typeof dims === 'object' && !Array.isArray(dims)
          ? ((dims as Record<string, InDims>)[k] ?? 0)
          : dims;
      res[k] = unwrapOut(o, d, level, size, fname);
    }
    return res;
  }
  if (out !== null && typeof out === 'object' && Object.values(out).some((v) => v instanceof Tensor)) {
    // A result object (ValuesIndices): its tensor fields unwrapped, the same kind.
    const res = Object.create(Object.getPrototypeOf(out) as object) as Record<string, unknown>;
    const done = new Map<unknown, unknown>();
    for (const [k, o] of Object.entries(out)) {
      if (!(o instanceof Tensor)) res[k] = o;
      else {
        if (!done.has(o)) done.set(o, unwrapOut(o, dims, level, size, fname));
        res[k] = done.get(o);
      }
    }
    return res;
  }
  throw new Error(
    `vmap(${fname}, ...): \`${fname}\` must only return Tensors, got type ${jsTypeName(out)} as a return.`,
  );
}
