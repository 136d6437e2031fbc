// torch.utils.checkpoint: activation checkpointing.
//
//   const y = torch.utils.checkpoint.checkpoint(fn, x, { use_reentrant: false });
//
// Note [Checkpoint by saved-tensor hooks]: this is PyTorch 2's non-reentrant checkpoint. fn runs
// normally, recording its graph, but under saved_tensors_hooks whose pack keeps only the position
// of each saved tensor. The first unpack in backward runs fn again (grad enabled, with the RNG
// state it had at the first run, so dropout draws the same mask) under a pack hook that collects
// the saved tensors, detached; each unpack then returns the recomputed tensor at its position,
// which SavedTensor gives back the original's autograd metadata (Note [Saved tensor hooks]).
// Gradients are those of the uncheckpointed fn. use_reentrant: true runs the same mechanism
// (tensorgrad has no reentrant variant; gradients are the same).

import { Tensor } from '../tensor/tensor.js';
import { checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';
import { emitWarning } from '../tensor/warn.js';
import { get_rng_state, set_rng_state } from '../tensor/generator.js';
import { enable_grad } from '../autograd/grad_mode.js';
import { saved_tensors_hooks } from '../autograd/graph.js';

export interface CheckpointOpts {
  use_reentrant?: boolean;
  preserve_rng_state?: boolean;
  determinism_check?: string;
  debug?: boolean;
}

const OPTION_KEYS = ['use_reentrant', 'preserve_rng_state', 'determinism_check', 'debug'];

function isOptions(v: unknown): v is CheckpointOpts {
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.keys(v).every((k) => OPTION_KEYS.includes(k));
}

const USE_REENTRANT_WARNING =
  'torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. In version 2.5 we will ' +
  'raise an exception if use_reentrant is not passed. use_reentrant=False is recommended, but if you need to ' +
  'preserve the current default behavior, you can pass use_reentrant=True. Refer to docs for more details on ' +
  'the differences between the two variants.';

function splitArgs(name: string, args: unknown[]): [unknown[], CheckpointOpts] {
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last)) return [args.slice(0, -1), last];
  if (
    args.length > 0 &&
    last !== null &&
    typeof last === 'object' &&
    Object.getPrototypeOf(last) === Object.prototype
  ) {
    const bad = Object.keys(last).find((k) => !OPTION_KEYS.includes(k));
    if (bad !== undefined) throw new TypeError(`${name}() got an unexpected keyword argument '${bad}'`);
  }
  return [args, {}];
}

let warned = false;

interface Frame {
  /** Shape and dtype of each tensor saved by the first run, in order (PyTorch's determinism check). */
  metadata: { shape: number[]; dtype: string }[];
  recomputed: Tensor[] | null;
}

/** PyTorch's torch.utils.checkpoint.CheckpointError. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const meta = (t: Tensor): { shape: number[]; dtype: string } => ({ shape: [...t.shape], dtype: String(t.dtype) });

/** PyTorch 2's check_recomputed_tensors_match (determinism_check='default': shape, dtype, device). */
function checkRecomputed(frame: Frame, saved: Tensor[]): void {
  if (saved.length !== frame.metadata.length) {
    throw new CheckpointError(
      'torch.utils.checkpoint: A different number of tensors was saved during the original forward and ' +
        `recomputation.\nNumber of tensors saved during forward: ${frame.metadata.length}\nNumber of tensors ` +
        `saved during recomputation: ${saved.length}`,
    );
  }
  const bad: string[] = [];
  saved.forEach((t, i) => {
    const was = frame.metadata[i];
    const now = meta(t);
    if (was.shape.join() !== now.shape.join() || was.dtype !== now.dtype) {
      const fmt = (m: { shape: number[]; dtype: string }): string =>
        `{'shape': torch.Size([${m.shape.join(', ')}]), 'dtype': ${m.dtype}, 'device': device(type='cpu')}`;
      bad.push(`tensor at position ${i}:\nsaved metadata: ${fmt(was)}\nrecomputed metadata: ${fmt(now)}\n`);
    }
  });
  if (bad.length > 0) {
    throw new CheckpointError(
      'torch.utils.checkpoint: Recomputed values for the following tensors have different metadata than during ' +
        `the forward pass.\n${bad.join('')}`,
    );
  }
}

/**
 * Runs fn(...args) without keeping the tensors its operations save for backward; backward runs fn
 * again to get them. Options (last): use_reentrant, preserve_rng_state (default true).
 */
export function checkpoint<T>(fn: (...args: never[]) => T, ...rest: unknown[]): T {
  if (typeof fn !== 'function') {
    throw new TypeError(`'${fn === null || fn === undefined ? 'NoneType' : typeof fn}' object is not callable`);
  }
  const [args, opts] = splitArgs('checkpoint', rest);
  checkOptionsArg('checkpoint', rest.length + 1, opts);
  if (opts.use_reentrant === undefined && !warned) {
    warned = true;
    emitWarning(USE_REENTRANT_WARNING, 'UserWarning');
  }
  const preserve = opts.preserve_rng_state ?? true;
  const rngState = preserve ? get_rng_state() : null;
  const frame: Frame = { metadata: [], recomputed: null };
  const recompute = (): Tensor[] => {
    const saved: Tensor[] = [];
    const current = rngState !== null ? get_rng_state() : null;
    if (rngState !== null) set_rng_state(rngState);
    try {
      enable_grad(() =>
        saved_tensors_hooks(
          (t) => {
            saved.push(t.detach());
            return null;
          },
          () => {
            throw new Error('torch.utils.checkpoint: unpacking a tensor saved during recomputation');
          },
          () => fn(...(args as never[])),
        ),
      );
    } finally {
      if (current !== null) set_rng_state(current);
    }
    checkRecomputed(frame, saved);
    return saved;
  };
  return saved_tensors_hooks(
    (t) => frame.metadata.push(meta(t)) - 1,
    (idx) => {
      frame.recomputed ??= recompute();
      return frame.recomputed[idx as number];
    },
    () => fn(...(args as never[])),
  );
}

type Segment = ((input: unknown) => unknown) | { forward(input: unknown): unknown };

/**
 * Runs a sequence of functions or modules (an array, or an nn.Sequential) in `segments` chunks,
 * checkpointing every chunk but the last (as torch.utils.checkpoint.checkpoint_sequential).
 */
export function checkpoint_sequential(
  functions: Segment[] | { children(): Iterable<unknown> },
  segments: number,
  input: unknown,
  opts?: CheckpointOpts,
): unknown {
  checkOptionsArg('checkpoint_sequential', 4, opts);
  for (const k of Object.keys(opts ?? {})) {
    if (!OPTION_KEYS.includes(k))
      throw new TypeError(`checkpoint_sequential() got an unexpected keyword argument '${k}'`);
  }
  if (!Number.isInteger(segments)) {
    throw new TypeError(`'${typeof segments}' object cannot be interpreted as an integer`);
  }
  const seq = functions as { children?: unknown };
  if (!Array.isArray(functions) && typeof seq?.children !== 'function') {
    throw new TypeError(
      `checkpoint_sequential(): argument 'functions' must be nn.Sequential or Array, not ${jsTypeName(functions)}`,
    );
  }
  const list: Segment[] = Array.isArray(functions) ? functions : ([...functions.children()] as Segment[]);
  for (const f of list) {
    if (typeof f !== 'function' && typeof (f as { forward?: unknown })?.forward !== 'function') {
      throw new TypeError(`'${jsTypeName(f)}' object is not callable`);
    }
  }
  const call = (f: Segment, x: unknown): unknown => (typeof f === 'function' ? f(x) : f.forward(x));
  const run =
    (start: number, end: number) =>
    (x: unknown): unknown => {
      let v = x;
      for (let j = start; j <= end; j++) v = call(list[j], v);
      return v;
    };
  const size = Math.floor(list.length / segments);
  let end = -1;
  for (let start = 0; start < size * (segments - 1); start += size) {
    end = start + size - 1;
    input = checkpoint(run(start, end), input, {
      use_reentrant: opts?.use_reentrant,
      preserve_rng_state: opts?.preserve_rng_state ?? true,
    });
  }
  return run(end + 1, list.length - 1)(input);
}
