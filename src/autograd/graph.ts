// torch.autograd.graph: hooks on saved tensors, and the graph Node class.
//
//   torch.autograd.graph.saved_tensors_hooks(pack, unpack, () => { y = a.mul(b); });
//
// Python's `with saved_tensors_hooks(pack, unpack):` becomes a callback (DESIGN.md section 1):
// while fn runs, every tensor an operation saves for backward is passed to pack, and what pack
// returns is kept in the graph instead; backward (or `grad_fn._saved_<name>`) gets the tensor
// back through unpack. See Note [Saved tensor hooks] in node.ts.

import { Tensor } from '../tensor/tensor.js';
import { argTypeError, checkFunction, checkOptionsArg } from '../tensor/argcheck.js';
import { gradAccumulator } from './accumulate.js';
import { no_grad } from './grad_mode.js';
import { Node, savedHooksState, savedTensorDeps, type SavedTensor, type SavedTensorsHooks } from './node.js';

export { Node };
export type { SavedTensor, SavedTensorsHooks };

// A saved tensor rebuilt from unpacked data gets the autograd metadata the original had: its
// grad_fn and output number, or (a leaf) its gradient accumulator, as PyTorch's
// SavedVariable::unpack does, so create_graph still differentiates through saved values.
savedTensorDeps.noGrad = no_grad;
savedTensorDeps.restore = (data, gradFn, outputNr, leaf) => {
  if (gradFn === null && leaf === null) return data.detach();
  const t = Tensor._make(data._data, [...data._shape], [...data._strides], data._offset, data.dtype);
  t._vc = data._vc;
  if (gradFn !== null) {
    t._setGradFn(gradFn, outputNr);
  } else if (leaf !== null) {
    t._requiresGrad = true;
    t._accumulator = gradAccumulator(leaf);
  }
  return t;
};

/**
 * Runs fn with pack_hook/unpack_hook as the hooks of every tensor saved for backward meanwhile
 * (PyTorch's `with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):`). Nested
 * calls: the innermost pair applies. Returns fn's value.
 */
export function saved_tensors_hooks<T>(
  pack_hook: (t: Tensor) => unknown,
  unpack_hook: (packed: unknown) => unknown,
  fn: () => T,
): T {
  checkFunction('saved_tensors_hooks', 'pack_hook', 1, pack_hook);
  checkFunction('saved_tensors_hooks', 'unpack_hook', 2, unpack_hook);
  checkFunction('saved_tensors_hooks', 'fn', 3, fn);
  return withHooks({ pack: pack_hook, unpack: unpack_hook }, fn);
}

function withHooks<T>(hooks: SavedTensorsHooks, fn: () => T): T {
  const msg = savedHooksState.disabledMessage;
  if (msg !== null) throw new Error(msg);
  const stack = savedHooksState.stack;
  stack.push(hooks);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

export interface SaveOnCpuOpts {
  pin_memory?: boolean;
  device_type?: string;
}

/**
 * Runs fn with tensors saved for backward packed as (device, CPU copy) and moved back for
 * backward (PyTorch's `with torch.autograd.graph.save_on_cpu(pin_memory=...):`). Every tensor is
 * on the CPU here, so pin_memory=true only makes the saved value a copy.
 */
export function save_on_cpu<T>(...args: [fn: () => T] | [opts: SaveOnCpuOpts | boolean, fn: () => T]): T {
  const fn = args[args.length - 1] as () => T;
  const opts = args.length > 1 ? (args[0] as SaveOnCpuOpts | boolean) : undefined;
  let pin = false;
  if (typeof opts === 'boolean') pin = opts;
  else if (opts !== undefined) {
    checkOptionsArg('save_on_cpu', 1, opts);
    for (const k of Object.keys(opts)) {
      if (k !== 'pin_memory' && k !== 'device_type') {
        throw new TypeError(`save_on_cpu() got an unexpected keyword argument '${k}'`);
      }
    }
    pin = opts.pin_memory === true;
  }
  checkFunction('save_on_cpu', 'fn', args.length, fn);
  const pack = (t: Tensor): unknown => [t.device, pin ? t.detach().clone() : t.cpu()];
  const unpack = (packed: unknown): unknown => {
    const [device, t] = packed as [unknown, Tensor];
    return t.to(device as string);
  };
  return withHooks({ pack, unpack }, fn);
}

/**
 * Runs fn with saved_tensors_hooks (and save_on_cpu, checkpoint) disabled: using them throws
 * error_message (PyTorch's `with torch.autograd.graph.disable_saved_tensors_hooks(msg):`).
 */
export function disable_saved_tensors_hooks<T>(error_message: string, fn: () => T): T {
  if (typeof error_message !== 'string') {
    throw argTypeError('disable_saved_tensors_hooks', 'error_message', 1, 'string', error_message);
  }
  checkFunction('disable_saved_tensors_hooks', 'fn', 2, fn);
  const prev = savedHooksState.disabledMessage;
  savedHooksState.disabledMessage = error_message;
  try {
    return fn();
  } finally {
    savedHooksState.disabledMessage = prev;
  }
}
