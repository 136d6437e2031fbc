// Tracing one forward call (PyTorch's torch.jit trace, as torch.onnx.export uses it): the public
// ops report themselves (Note [Op tracing] in src/ops/declare.ts) and each one the graph depends
// on becomes ONNX nodes by its mapping in the symbolic table. JavaScript control flow is not
// seen: a branch taken on a tensor's value is baked in, and reading a value that depends on the
// inputs (item(), tolist(), toTypedArray()) says so with PyTorch's TracerWarning.

import { Tensor } from '../tensor/tensor.js';
import { emitWarning } from '../tensor/warn.js';
import { setOpTracer, type OpTracer } from '../ops/declare.js';
import type { Graph } from './graph.js';
import { SYMBOLICS } from './symbolic.js';

/** The tensors of an argument list or a result, in order (arrays and values/indices pairs). */
export function tensorsIn(v: unknown, out: Tensor[] = []): Tensor[] {
  if (v instanceof Tensor) out.push(v);
  else if (Array.isArray(v)) for (const e of v) tensorsIn(e, out);
  else if (typeof v === 'object' && v !== null && 'values' in v && 'indices' in v) {
    tensorsIn((v as { values: unknown }).values, out);
    tensorsIn((v as { indices: unknown }).indices, out);
  }
  return out;
}

export class Tracer implements OpTracer {
  constructor(
    private readonly graph: Graph,
    private readonly foldConstants: boolean,
  ) {}

  call(name: string, args: readonly unknown[], run: () => unknown): unknown {
    const g = this.graph;
    const inputs = tensorsIn(args);
    const dynamic = inputs.some((t) => g.isDynamic(t));
    // An in-place op changes its self: a constant self is captured as it was before.
    if (dynamic && name.endsWith('_')) g.value(inputs[0]);
    const result = run();
    // A value that is not a tensor (x.type(), torch.equal) is a constant of the trace.
    const results = tensorsIn(result);
    if (results.length === 0) return result;
    // An op that does not depend on the graph inputs is a constant: its result becomes an
    // initializer when something uses it (PyTorch's do_constant_folding). Without folding, ops
    // on parameters stay nodes; ops on nothing but constants are always folded.
    if (!dynamic && (this.foldConstants || !inputs.some((t) => g.names.has(t) || g.named.has(t)))) return result;
    const mapping = SYMBOLICS.get(name);
    if (mapping === undefined) {
      throw new Error(`Exporting the operator 'aten::${name}' to ONNX opset version ${g.opset} is not supported.`);
    }
    const outs = mapping(g, args, result);
    const names = typeof outs === 'string' ? [outs] : outs;
    if (names.length !== results.length) {
      throw new Error(`internal error: the ONNX mapping of ${name} gave ${names.length} values for ${results.length}`);
    }
    results.forEach((t, i) => {
      g.names.set(t, names[i]);
      if (dynamic) g.dynamic.add(names[i]);
    });
    return result;
  }

  /**
   * Runs fn with this tracer installed, and with the Tensor members that are not op declarations
   * (x.index(...), x.T, x.mT, and the value reads) watched for the time of the call.
   */
  run<R>(fn: () => R): R {
    const restore = this.patch();
    const prev = setOpTracer(this);
    try {
      return fn();
    } finally {
      setOpTracer(prev);
      restore();
    }
  }

  private patch(): () => void {
    const proto = Tensor.prototype as unknown as Record<string, unknown>;
    const saved = new Map<string, PropertyDescriptor>();
    const asOp = (name: string, args: unknown[], call: () => unknown): unknown => this.asOp(name, args, call);
    const warnRead = (t: Tensor, what: string): void => this.warnRead(t, what);
    const wrapCall = (key: string, name: string): void => {
      const desc = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
      saved.set(key, desc);
      const orig = desc.value as (...a: unknown[]) => unknown;
      Object.defineProperty(proto, key, {
        ...desc,
        value: function (this: Tensor, ...items: unknown[]): unknown {
          return asOp(name, [this, items], () => orig.apply(this, items));
        },
      });
    };
    const wrapGetter = (key: string, name: string): void => {
      const desc = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
      saved.set(key, desc);
      const get = desc.get as () => unknown;
      Object.defineProperty(proto, key, {
        ...desc,
        get(this: Tensor): unknown {
          return asOp(name, [this], () => get.call(this));
        },
      });
    };
    const wrapRead = (key: string, what: string): void => {
      const desc = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
      saved.set(key, desc);
      const orig = desc.value as (...a: unknown[]) => unknown;
      Object.defineProperty(proto, key, {
        ...desc,
        value: function (this: Tensor, ...a: unknown[]): unknown {
          warnRead(this, what);
          return orig.apply(this, a);
        },
      });
    };
    wrapCall('index', 'index');
    wrapGetter('T', 'numpy_T');
    wrapGetter('mT', 'mT');
    wrapRead('item', 'a Python number');
    wrapRead('tolist', 'a Python list');
    wrapRead('toTypedArray', 'a Python list');
    return () => {
      for (const [key, desc] of saved) Object.defineProperty(proto, key, desc);
    };
  }

  /** A call that is not an op declaration, traced as one (only when made outside any op). */
  private asOp(name: string, args: unknown[], run: () => unknown): unknown {
    const active = setOpTracer(null);
    try {
      return active === null ? run() : active.call(name, args, run);
    } finally {
      setOpTracer(active);
    }
  }

  private warnRead(t: Tensor, what: string): void {
    // Reads made inside an op (or by the exporter) are not the model's control flow.
    const active = setOpTracer(null);
    setOpTracer(active);
    if (active === null || !this.graph.isDynamic(t)) return;
    emitWarning(
      `Converting a tensor to ${what} might cause the trace to be incorrect. We can't record the data flow of Python values, so this value will be treated as a constant in the future. This means that the trace might not generalize to other inputs!`,
      'TracerWarning',
    );
  }
}
