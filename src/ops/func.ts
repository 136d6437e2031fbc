// torch.func's function transforms (functorch 1.13, PyTorch 2's names): grad, grad_and_value, vjp,
// jvp, jacrev, jacfwd, hessian. Arguments and results may be tensors, arrays and plain objects of
// tensors (pytrees). grad and vjp run the reverse-mode engine on fresh leaves; jvp runs forward-mode
// AD at a level of its own (autograd/forward.ts), so the transforms nest and compose with vmap.

import { Tensor } from '../tensor/tensor.js';
import { enable_grad } from '../autograd/grad_mode.js';
import { grad as autogradGrad } from '../autograd/api.js';
import {
  belowLevel,
  enterLevel,
  exitLevel,
  fwState,
  setTangent,
  tangentAt,
  type DualLevel,
} from '../autograd/forward.js';
import { BatchingError, levelsOf, makeBatched, unwrapLevels, vmapState, wrapLevels } from '../autograd/batching.js';
import { jsTypeName } from '../tensor/argcheck.js';
import { formatShape } from '../tensor/shape.js';
import * as K from '../tensor/kernels.js';
import { stackImpl } from './join.js';
import { movedimImpl } from './view.js';

// ---------------------------------------------------------------- pytrees

type Tree = unknown;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/** The tensors of a pytree, in order. */
export function treeLeaves(tree: Tree): Tensor[] {
  const out: Tensor[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Tensor) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isPlainObject(v)) Object.values(v).forEach(walk);
  };
  walk(tree);
  return out;
}

/** The pytree with each tensor replaced by f(tensor, index). */
export function treeMap(tree: Tree, f: (t: Tensor, i: number) => unknown): unknown {
  let i = 0;
  const walk = (v: unknown): unknown => {
    if (v instanceof Tensor) return f(v, i++);
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x);
      return o;
    }
    return v;
  };
  return walk(tree);
}

function structure(tree: Tree): string {
  if (tree instanceof Tensor) return '*';
  if (Array.isArray(tree)) return `(${tree.map(structure).join(', ')})`;
  if (isPlainObject(tree))
    return `{${Object.entries(tree)
      .map(([k, v]) => `${k}: ${structure(v)}`)
      .join(', ')}}`;
  return jsTypeName(tree);
}

// ---------------------------------------------------------------- argnums

type Argnums = number | readonly number[];

function checkArgnums(api: string, argnums: Argnums, n: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  if (!Array.isArray(argnums) && typeof argnums !== 'number') {
    throw new Error(`${api}: argnums must be int or Tuple[int, ...], got: ${jsTypeName(argnums)}`);
  }
  if (list.length === 0) throw new Error(`${api}: argnums must be non-empty`);
  return list.map((a) => {
    if (typeof a !== 'number' || !Number.isInteger(a)) {
      throw new Error(`${api}: argnums must be int or Tuple[int, ...], got: ${jsTypeName(a)}`);
    }
    if (a < -n || a >= n) {
      throw new Error(`Got argnums=${a}, but only ${n} positional inputs`);
    }
    return a < 0 ? a + n : a;
  });
}

// ---------------------------------------------------------------- nesting

/** How many transforms (torch.func's and vmap) are running. */
export const transforms = { depth: 0 };

/**
 * Runs one transform. The outermost returns plain tensors (no grad_fn), as functorch does,
 * unless the caller's own arguments take part in a graph (torch.autograd over the transform).
 */
export function runTransform<T>(args: readonly unknown[], body: () => T): T {
  transforms.depth++;
  let result: T;
  try {
    result = body();
  } finally {
    transforms.depth--;
  }
  if (transforms.depth === 0 && fwState.alive === 0 && !treeLeaves(args).some((t) => t.requires_grad)) {
    return treeMap(result, (t) => (t.requires_grad ? t.detach() : t)) as T;
  }
  return result;
}

// ---------------------------------------------------------------- leaves for reverse mode

let gradDepth = 0;

/**
 * A fresh tensor to differentiate with respect to. Outside vmap: an alias of x that requires grad
 * (a view when x is already part of a graph, so outer transforms still see through it; tangents
 * are kept). Inside vmap: the physical batch over every live vmap level as the leaf (x expanded
 * along the levels it is not batched at, which makes every example's gradient its own), wrapped
 * back as a batched tensor.
 */
function leafOf(x: Tensor): Leaf {
  const level = vmapState.depth;
  if (level === 0) {
    if (x.requires_grad) {
      const v = x.view_as(x);
      return { logical: v, leaf: v, level };
    }
    const v = x.detach().requires_grad_();
    v._fw = x._fw;
    return { logical: v, leaf: v, level };
  }
  const levels = levelsUpTo(level);
  const phys = unwrapLevels(x, levels);
  const leaf = phys.requires_grad ? phys.view_as(phys) : phys.detach().requires_grad_();
  if (!phys.requires_grad) leaf._fw = phys._fw;
  // Tangents of jvp levels inside the vmaps sit on the logical tensor x; the reverse pass runs on
  // physical tensors, so the leaf carries them as physical batches (forward over reverse under
  // vmap: vmap(hessian(f)), vmap(jvp(grad(f)))). The logical leaf has none of its own: ops on it
  // run on the physical leaf, which computes the tangents (tangentOf reads them back).
  for (let e = x._fw; e !== null; e = e.next) {
    if (e.level.alive) setTangent(leaf, e.level, unwrapLevels(e.tangent, levels));
  }
  return { logical: wrapLevels(leaf, levels), leaf, level };
}

/** A leaf, its logical tensor, and the vmap depth it was made at (0 outside vmap). */
type Leaf = { logical: Tensor; leaf: Tensor; level: number };

/** The vmap levels 1..level. */
function levelsUpTo(level: number): number[] {
  return Array.from({ length: level }, (_, i) => i + 1);
}

/**
 * A leaf's gradient as its logical tensor sees it: batched again at the levels the leaf batches.
 * The gradient of a leaf made at an outer vmap level whose vjp_fn runs in an inner one
 * (NTK-vector products) is batched at the inner levels too: the leaf's levels go under them.
 */
function wrapGrad(g: Tensor, l: Leaf): Tensor {
  if (l.level === 0) return g;
  const inner = levelsOf(g);
  if (inner.some((k) => k <= l.level)) throw new Error("internal error: a gradient batched at its leaf's levels");
  const levels = levelsUpTo(l.level);
  if (inner.length === 0) return wrapLevels(g, levels);
  // unwrapLevels gives [inner sizes..., leaf levels' sizes..., ...]: the inner ones go after.
  const k = inner.length;
  const p = movedimImpl(
    unwrapLevels(g, inner),
    Array.from({ length: k }, (_, i) => i),
    Array.from({ length: k }, (_, i) => l.level + i),
  );
  return wrapLevels(p, [...levels, ...inner]);
}

/** Differentiates outputs (with their cotangents) with respect to leaves; zeros where unused. */
function reverse(outs: readonly Tensor[], cots: readonly Tensor[], leaves: readonly Leaf[], retain: boolean): Tensor[] {
  // The graph runs on physical tensors batched over the leaves' vmap levels 1..level.
  const level = leaves.length === 0 ? 0 : leaves[0].level;
  const levels = levelsUpTo(level);
  const phys = outs.map((o) => unwrapLevels(o, levels));
  const create = gradDepth > 1 || fwState.alive > 0 || leaves.some((l) => l.leaf._base?.requires_grad ?? false);
  const live = phys.flatMap((p, i) => (p.requires_grad ? [i] : []));
  const zerosOf = (l: Leaf): Tensor => K.full(l.leaf._shape, 0, l.leaf._dtype);
  if (live.length === 0) return leaves.map((l) => wrapGrad(zerosOf(l), l));
  const run = (seeds: readonly Tensor[]): (Tensor | null)[] =>
    autogradGrad(
      live.map((i) => phys[i]),
      leaves.map((l) => l.leaf),
      {
        grad_outputs: live.map((i) => seeds[i]),
        create_graph: create,
        retain_graph: retain || create || vmapState.depth !== level,
        allow_unused: true,
      },
    );
  const finish = (gs: readonly (Tensor | null)[]): Tensor[] =>
    gs.map((g, k) => wrapGrad(g ?? zerosOf(leaves[k]), leaves[k]));
  // An output's cotangent spreads over the batches it is not batched at, or is the batch's own.
  if (vmapState.depth === level) return finish(run(cots.map((c) => unwrapLevels(c, levels))));

  // A vjp_fn called in an inner vmap: the cotangents stay batched at the inner levels, and the
  // backward formulas run on batched gradients.
  if (cots.some((c) => levelsOf(c).some((k) => k <= level))) {
    throw new Error(
      "tensorgrad: vjp_fn: a cotangent batched at the vjp's own vmap levels inside an inner vmap is not supported yet",
    );
  }
  const spread = (c: Tensor, i: number): Tensor =>
    c.reshape([...levels.map(() => 1), ...c._shape]).expand([...phys[i]._shape]);
  try {
    return finish(run(cots.map(spread)));
  } catch (e) {
    if (!(e instanceof BatchingError)) throw e;
  }
  // A backward formula that reads its gradient directly (conv's kernels): one pass per example of
  // the inner levels, stacked and batched back.
  const inner = [...new Set(cots.flatMap((c) => levelsOf(c)))].sort((a, b) => a - b);
  const sizes = inner.map((l) => vmapState.sizes[l - 1]);
  const n = sizes.reduce((a, b) => a * b, 1);
  const flat = cots.map((c) => unwrapLevels(c, inner).reshape([n, ...c._shape]));
  const per = Array.from({ length: n }, (_, b) => run(flat.map((f, i) => spread(f.select(0, b), i))));
  return leaves.map((l, k) => {
    const stacked = stackImpl(
      per.map((r) => r[k] ?? zerosOf(l)),
      0,
    ).reshape([...sizes, ...l.leaf._shape]);
    return wrapGrad(wrapLevels(stacked, inner), l);
  });
}

// ---------------------------------------------------------------- grad, grad_and_value

export interface GradOpts {
  argnums?: Argnums;
  has_aux?: boolean;
}

type AnyFn = (...args: never[]) => unknown;

/** functorch's check that what a transform differentiates is a pytree of tensors. */
function checkDiffTree(v: unknown): void {
  if (v instanceof Tensor) return;
  if (Array.isArray(v)) return v.forEach(checkDiffTree);
  if (isPlainObject(v)) return Object.values(v).forEach(checkDiffTree);
  throw new Error(`Thing passed to transform API must be Tensor, got ${jsTypeName(v)}`);
}

function gradAndValueImpl(api: string, func: AnyFn, opts: GradOpts, args: unknown[]): [unknown, unknown, unknown] {
  const argnums = opts.argnums ?? 0;
  const nums = checkArgnums(api, argnums, args.length);
  for (const a of nums) checkDiffTree(args[a]);
  gradDepth++;
  try {
    return enable_grad(() => {
      const leaves: Leaf[] = [];
      const newArgs = [...args];
      const trees = nums.map((a) => {
        const mapped = treeMap(args[a], (t) => {
          const l = leafOf(t);
          leaves.push(l);
          return l.logical;
        });
        newArgs[a] = mapped;
        return mapped;
      });
      let out = func(...(newArgs as never[]));
      let aux: unknown = undefined;
      if (opts.has_aux) {
        if (!Array.isArray(out) || out.length !== 2) {
          throw new Error(`${api}(f)(*args): output of function f should be a tuple: (output, aux) if has_aux is True`);
        }
        [out, aux] = out as unknown[];
      }
      if (!(out instanceof Tensor)) {
        throw new Error(`${api}(f)(*args): Expected f(*args) to return a Tensor, got ${jsTypeName(out)}`);
      }
      if (out.dim() !== 0) {
        throw new Error(
          `${api}(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with ${out.dim()} dims. ` +
            'Maybe you wanted to use the vjp or jacrev APIs instead?',
        );
      }
      const grads = reverse([out], [K.full([], 1, out._dtype)], leaves, false);
      let k = 0;
      const gradTrees = trees.map((tree) => treeMap(tree, () => grads[k++]));
      const g = typeof argnums === 'number' ? gradTrees[0] : gradTrees;
      const value = out.requires_grad && gradDepth === 1 && fwState.alive === 0 ? detachTree(out) : out;
      return [g, value, aux] as [unknown, unknown, unknown];
    });
  } finally {
    gradDepth--;
  }
}

function detachTree(t: Tensor): Tensor {
  if (t._bt !== null) return makeBatched(t._bt.value.detach(), t._bt.level);
  return t.detach();
}

function checkFunc(api: string, func: unknown): void {
  if (typeof func !== 'function')
    throw new TypeError(`${api}(f): Expected f to be a function, got ${jsTypeName(func)}`);
}

/** grad(f, { argnums, has_aux }): the function computing f's gradient with respect to argnums. */
export function grad(func: AnyFn, opts: GradOpts = {}): (...args: unknown[]) => unknown {
  checkFunc('grad', func);
  return (...args: unknown[]) =>
    runTransform(args, () => {
      const [g, , aux] = gradAndValueImpl('grad_and_value', func, opts, args);
      return opts.has_aux ? [g, aux] : g;
    });
}

/** grad_and_value(f, { argnums, has_aux }): [gradient, value] (value: [output, aux] with has_aux). */
export function grad_and_value(func: AnyFn, opts: GradOpts = {}): (...args: unknown[]) => unknown {
  checkFunc('grad_and_value', func);
  return (...args: unknown[]) =>
    runTransform(args, () => {
      const [g, value, aux] = gradAndValueImpl('grad_and_value', func, opts, args);
      return opts.has_aux ? [g, [value, aux]] : [g, value];
    });
}

// ---------------------------------------------------------------- vjp

function isHasAuxOpts(v: unknown): v is { has_aux?: boolean } {
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k === 'has_aux');
}

/**
 * vjp(f, ...primals): [output, vjp_fn] (and aux with a trailing { has_aux: true }); vjp_fn(cotangents)
 * returns one gradient per primal, as an array.
 */
export function vjp(func: AnyFn, ...rest: unknown[]): unknown[] {
  checkFunc('vjp', func);
  const hasAux =
    rest.length > 0 && isHasAuxOpts(rest[rest.length - 1])
      ? Boolean((rest.pop() as { has_aux?: boolean }).has_aux)
      : false;
  const primals = rest;
  gradDepth++;
  try {
    return enable_grad(() => {
      const leaves: Leaf[] = [];
      const newPrimals = primals.map((p) =>
        treeMap(p, (t) => {
          const l = leafOf(t);
          leaves.push(l);
          return l.logical;
        }),
      );
      let out = func(...(newPrimals as never[]));
      let aux: unknown = undefined;
      if (hasAux) {
        if (!Array.isArray(out) || out.length !== 2) {
          throw new Error('vjp(f, *primals): output of function f should be a tuple: (output, aux) if has_aux is True');
        }
        [out, aux] = out as unknown[];
      }
      const outLeaves = treeLeaves(out);
      if (outLeaves.length === 0 || (out instanceof Tensor === false && !Array.isArray(out) && !isPlainObject(out))) {
        throw new Error(
          `vjp(f, *primals): Expected f to be a function that has non-empty output (got output = ${String(out)})`,
        );
      }
      const outStructure = structure(out);
      const vjpFn = (cotTree: unknown): unknown[] => runTransform([cotTree, primals], () => vjpApply(cotTree));
      const vjpApply = (cotTree: unknown): unknown[] => {
        if (structure(cotTree) !== outStructure) {
          throw new Error(
            'Expected pytree structure of cotangents to be the same as pytree structure of outputs to the ' +
              `function. cotangents: ${structure(cotTree)}, primal output: ${outStructure}`,
          );
        }
        const cots = treeLeaves(cotTree);
        cots.forEach((c, i) => {
          const o = outLeaves[i];
          if (c._shape.length !== o._shape.length || c._shape.some((s, d) => s !== o._shape[d])) {
            throw new Error(
              `Mismatch in shape: grad_output[${i}] has a shape of torch.Size(${formatShape(c._shape)}) and ` +
                `output[${i}] has a shape of torch.Size(${formatShape(o._shape)}).`,
            );
          }
        });
        const grads = enable_grad(() => {
          gradDepth++;
          try {
            return reverse(outLeaves, cots, leaves, true);
          } finally {
            gradDepth--;
          }
        });
        let k = 0;
        return primals.map((p) => treeMap(p, () => grads[k++]));
      };
      const value = treeMap(out, (t) =>
        gradDepth === 1 && fwState.alive === 0 && t.requires_grad ? detachTree(t) : t,
      );
      return hasAux ? [value, vjpFn, aux] : [value, vjpFn];
    });
  } finally {
    gradDepth--;
  }
}

// ---------------------------------------------------------------- jvp

export interface JvpOpts {
  has_aux?: boolean;
}

/** jvp(f, primals, tangents): [output, output tangent] by forward-mode AD. */
export function jvp(func: AnyFn, primals: unknown, tangents: unknown, opts: JvpOpts = {}): unknown[] {
  checkFunc('jvp', func);
  return runTransform([primals, tangents], () => jvpImpl(func, primals, tangents, opts));
}

function jvpImpl(func: AnyFn, primals: unknown, tangents: unknown, opts: JvpOpts): unknown[] {
  if (!Array.isArray(primals)) {
    throw new Error(
      'jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to call f(*primals).',
    );
  }
  if (!Array.isArray(tangents)) {
    throw new Error(
      'jvp(f, primals, tangents): Expected tangents to be a tuple. E.g. it should be valid to call f(*tangents).',
    );
  }
  if (structure(primals) !== structure(tangents)) {
    throw new Error(
      'jvp(f, primals, tangents): Expected primals and tangents to have the same python structure. For example, ' +
        'if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure ' +
        `${structure(primals)} and tangents with structure ${structure(tangents)}`,
    );
  }
  const pl = treeLeaves(primals);
  const tl = treeLeaves(tangents);
  pl.forEach((p, i) => {
    const t = tl[i];
    if (!p._dtype.is_floating_point || !t._dtype.is_floating_point) {
      throw new Error('jvp(f, primals, tangents): Expected primals and tangents to be floating point tensors.');
    }
    if (p._shape.length !== t._shape.length || p._shape.some((s, d) => s !== t._shape[d])) {
      void i;
      throw new Error(
        'Trying to set a forward gradient that has a different size than that of the original Tensor, this is not ' +
          `supported. Tensor is of size ${formatShape(p._shape)} while the given forward gradient is of size ${formatShape(t._shape)}.`,
      );
    }
  });
  const level = enterLevel();
  try {
    const duals = treeMap(primals, (p, i) => {
      const d = belowLevel(level, () => p.view_as(p));
      setTangent(d, level, tl[i]);
      return d;
    }) as unknown[];
    let out = func(...(duals as never[]));
    let aux: unknown = undefined;
    if (opts.has_aux) {
      if (!Array.isArray(out) || out.length !== 2) {
        throw new Error(
          'jvp(f, primals, tangents): output of function f should be a tuple: (output, aux) if has_aux is True',
        );
      }
      [out, aux] = out as unknown[];
    }
    if (treeLeaves(out).length === 0) {
      throw new Error(
        `jvp(f, primals, tangents): Expected f(*primals) to return only tensors, got unsupported type ${jsTypeName(out)}`,
      );
    }
    const primalOut = treeMap(out, (t) => belowLevel(level, () => (tangentOf(t, level) === null ? t : t.view_as(t))));
    const tangentOut = treeMap(out, (t) => tangentOf(t, level) ?? belowLevel(level, () => t.detach().mul(0)));
    return opts.has_aux ? [primalOut, tangentOut, aux] : [primalOut, tangentOut];
  } finally {
    exitLevel(level);
  }
}

/**
 * t's tangent at level; for a batched tensor without one, its physical batch's (a gradient under
 * vmap computed on physical tensors that carry the level's tangents, see leafOf).
 */
function tangentOf(t: Tensor, level: DualLevel): Tensor | null {
  const own = tangentAt(t, level);
  if (own !== null || t._bt === null) return own;
  const peeled: number[] = [];
  for (let v = t; v._bt !== null;) {
    peeled.unshift(v._bt.level);
    v = v._bt.value;
    const pt = tangentAt(v, level);
    if (pt !== null) return wrapLevels(pt, peeled);
  }
  return null;
}

// ---------------------------------------------------------------- jacrev, jacfwd, hessian

export interface JacOpts {
  argnums?: Argnums;
  has_aux?: boolean;
}

/** Rows J[i] = d out.flatten()[i] / d input, assembled as out.shape + input.shape. */
function assemble(rows: Tensor[], outShape: readonly number[], inShape: readonly number[], dtype: Tensor): Tensor {
  if (rows.length === 0) return K.full([...outShape, ...inShape], 0, dtype._dtype);
  return stackImpl(rows, 0).reshape([...outShape, ...inShape]);
}

/** jacrev(f, { argnums, has_aux }): the Jacobian by reverse mode, one vjp per output element. */
export function jacrev(func: AnyFn, opts: JacOpts = {}): (...args: unknown[]) => unknown {
  checkFunc('jacrev', func);
  return (...args: unknown[]) => runTransform(args, () => jacrevImpl(func, opts, args));
}

function jacrevImpl(func: AnyFn, opts: JacOpts, args: unknown[]): unknown {
  {
    const argnums = opts.argnums ?? 0;
    const nums = checkArgnums('jacrev', argnums, args.length);
    const wrapped = (...diff: unknown[]): unknown => {
      const all = [...args];
      nums.forEach((a, i) => (all[a] = diff[i]));
      return func(...(all as never[]));
    };
    const res = vjp(wrapped, ...nums.map((a) => args[a]), ...(opts.has_aux ? [{ has_aux: true }] : []));
    const out = res[0];
    const vjpFn = res[1] as (c: unknown) => unknown[];
    const outs = treeLeaves(out);
    const ins = treeLeaves(nums.map((a) => args[a]));
    // perOut[o][k]: Jacobian of output o with respect to input leaf k.
    const perOut = outs.map((o, oi) => {
      const n = o.numel();
      const rows: Tensor[][] = ins.map(() => []);
      for (let j = 0; j < n; j++) {
        const cots = outs.map((q, qi) => {
          const c = K.full(q._shape, 0, q._dtype);
          if (qi === oi) c._data[j] = 1;
          return c;
        });
        const g = treeLeaves(vjpFn(rebuild(out, cots)));
        g.forEach((x, k) => rows[k].push(x));
      }
      return ins.map((x, k) => assemble(rows[k], o._shape, x._shape, o));
    });
    const result = shapeLike(out, nums, argnums, args, perOut);
    return opts.has_aux ? [result, res[2]] : result;
  }
}

/** Builds a pytree shaped like `tree` from its leaves in order. */
function rebuild(tree: Tree, leaves: readonly Tensor[]): unknown {
  return treeMap(tree, (_t, i) => leaves[i]);
}

/** The Jacobian pytree: output structure outside, argnums structure inside (as functorch nests them). */
function shapeLike(out: Tree, nums: number[], argnums: Argnums, args: unknown[], perOut: Tensor[][]): unknown {
  return treeMap(out, (_o, oi) => {
    let k = 0;
    const perArg = nums.map((a) => treeMap(args[a], () => perOut[oi][k++]));
    return typeof argnums === 'number' ? perArg[0] : perArg;
  });
}

/** jacfwd(f, { argnums, has_aux }): the Jacobian by forward mode, one jvp per input element. */
export function jacfwd(func: AnyFn, opts: JacOpts = {}): (...args: unknown[]) => unknown {
  checkFunc('jacfwd', func);
  return (...args: unknown[]) => runTransform(args, () => jacfwdImpl(func, opts, args));
}

function jacfwdImpl(func: AnyFn, opts: JacOpts, args: unknown[]): unknown {
  {
    const argnums = opts.argnums ?? 0;
    const nums = checkArgnums('jacfwd', argnums, args.length);
    const diffTrees = nums.map((a) => args[a]);
    const ins = treeLeaves(diffTrees);
    const wrapped = (...diff: unknown[]): unknown => {
      const all = [...args];
      nums.forEach((a, i) => (all[a] = diff[i]));
      return func(...(all as never[]));
    };
    let out: unknown = null;
    let aux: unknown = undefined;
    // cols[k][o]: for input leaf k, the output-o tangents of each one-hot input tangent.
    const cols: Tensor[][][] = ins.map(() => []);
    ins.forEach((x, k) => {
      for (let j = 0; j < x.numel(); j++) {
        const tangents = ins.map((y, m) => {
          const t = K.full(y._shape, 0, y._dtype);
          if (m === k) t._data[j] = 1;
          return t;
        });
        const r = jvp(wrapped, diffTrees, rebuild(diffTrees, tangents), { has_aux: opts.has_aux });
        out = r[0];
        aux = r[2];
        treeLeaves(r[1]).forEach((t, o) => {
          (cols[k][o] ??= []).push(t);
        });
      }
    });
    if (out === null) out = wrapped(...(diffTrees as never[]));
    const outs = treeLeaves(opts.has_aux && Array.isArray(out) && out.length === 2 && ins.length === 0 ? out[0] : out);
    const perOut = outs.map((o, oi) =>
      ins.map((x, k) => {
        const c = cols[k][oi] ?? [];
        if (c.length === 0) return K.full([...o._shape, ...x._shape], 0, o._dtype);
        // Stacked last: out.shape + input.shape.
        return stackImpl(c, 0)
          .movedim(0, -1)
          .reshape([...o._shape, ...x._shape]);
      }),
    );
    const result = shapeLike(out, nums, argnums, args, perOut);
    return opts.has_aux ? [result, aux] : result;
  }
}

/** hessian(f, { argnums }): jacfwd(jacrev(f)), forward-over-reverse. */
export function hessian(func: AnyFn, opts: { argnums?: Argnums } = {}): (...args: unknown[]) => unknown {
  checkFunc('hessian', func);
  return jacfwd(jacrev(func, { argnums: opts.argnums }) as AnyFn, { argnums: opts.argnums });
}
