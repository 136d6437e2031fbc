// torch.profiler and torch.autograd.profiler: a CPU profiler of the public op calls.
//
// A profile sees each outermost public op call (through the op tracer of src/ops/declare.ts, as
// the ONNX exporter does; calls an op makes internally are its own business, as PyTorch's
// profiler shows `aten::mul` and not the kernels under it), named `aten::<name>` as PyTorch names
// them, and each record_function block under its own name. Events nest: an op called inside a
// record_function block is that block's child, so the block's self time excludes it.
//
// Python's `with profile() as prof:` becomes a callback, `profile(opts, (prof) => ...)`, which
// returns the profiler (the `as` target); `profile(opts)` without a callback returns it for
// start() / stop(), as torch.profiler.profile's are. key_averages().table() prints PyTorch's CPU
// table (its columns, widths and time formats); the times are this machine's.

import { nodeFs } from '../tensor/node_fs.js';
import { setOpTracer, type OpTracer } from '../ops/declare.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';

const now = (): number => performance.now() * 1000; // microseconds

/** One recorded call: an op (`aten::mul`) or a record_function block. */
export class FunctionEvent {
  cpu_children: FunctionEvent[] = [];
  cpu_parent: FunctionEvent | null = null;
  /** @internal */
  constructor(
    readonly id: number,
    readonly name: string,
    readonly time_range_start: number,
    public time_range_end: number,
    readonly input_shapes: number[][],
  ) {}

  get key(): string {
    return this.name;
  }

  get count(): number {
    return 1;
  }

  get cpu_time_total(): number {
    return this.time_range_end - this.time_range_start;
  }

  get self_cpu_time_total(): number {
    return this.cpu_time_total - this.cpu_children.reduce((s, c) => s + c.cpu_time_total, 0);
  }

  get cpu_time(): number {
    return this.cpu_time_total;
  }

  get device_type(): string {
    return 'DeviceType.CPU';
  }

  toString(): string {
    return `<FunctionEvent id=${this.id} name=${this.name} cpu_time=${formatTime(this.cpu_time_total)} input_shapes=${JSON.stringify(this.input_shapes)}>`;
  }
}

/** The events of one key (and input shapes, when grouped by them), summed. */
export class FunctionEventAvg {
  count = 0;
  cpu_time_total = 0;
  self_cpu_time_total = 0;
  /** @internal */
  constructor(
    readonly key: string,
    readonly input_shapes: number[][] | null,
  ) {}

  /** Adds an event (or another average) of the same key. */
  add(other: FunctionEvent | FunctionEventAvg): this {
    this.count += other.count;
    this.cpu_time_total += other.cpu_time_total;
    this.self_cpu_time_total += other.self_cpu_time_total;
    return this;
  }

  /** The average CPU time per call. */
  get cpu_time(): number {
    return this.count === 0 ? 0 : this.cpu_time_total / this.count;
  }

  get cpu_time_str(): string {
    return formatTime(this.cpu_time);
  }

  get cpu_time_total_str(): string {
    return formatTime(this.cpu_time_total);
  }

  get self_cpu_time_total_str(): string {
    return formatTime(this.self_cpu_time_total);
  }

  toString(): string {
    return `<FunctionEventAvg key=${this.key} self_cpu_time=${this.self_cpu_time_total_str} cpu_time=${this.cpu_time_str} input_shapes=${JSON.stringify(this.input_shapes ?? [])}>`;
  }
}

/** PyTorch's time format in the profiler's tables: s, ms or us, three decimals. */
function formatTime(us: number): string {
  if (us >= 1e6) return `${(us / 1e6).toFixed(3)}s`;
  if (us >= 1e3) return `${(us / 1e3).toFixed(3)}ms`;
  return `${us.toFixed(3)}us`;
}

function formatShare(us: number, total: number): string {
  return total === 0 ? 'NaN' : `${((us * 100) / total).toFixed(2)}%`;
}

export interface TableOpts {
  sort_by?: string | null;
  row_limit?: number;
  max_name_column_width?: number;
  header?: string | null;
  top_level_events_only?: boolean;
}

const SORT_KEYS = new Set(['cpu_time', 'cpu_time_total', 'self_cpu_time_total', 'count']);

/** A list of events or averages, with PyTorch's EventList methods. */
export class EventList<E extends FunctionEvent | FunctionEventAvg> extends Array<E> {
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Sums the events per key (and per input shapes when asked). */
  key_averages(this: EventList<FunctionEvent>, group_by_input_shape = false): EventList<FunctionEventAvg> {
    const groups = new Map<string, FunctionEventAvg>();
    for (const e of this) {
      const k = group_by_input_shape ? `${e.key}\u0000${JSON.stringify(e.input_shapes)}` : e.key;
      let avg = groups.get(k);
      if (avg === undefined) {
        avg = new FunctionEventAvg(e.key, group_by_input_shape ? e.input_shapes : null);
        groups.set(k, avg);
      }
      avg.add(e);
    }
    const out = new EventList<FunctionEventAvg>();
    out.push(...groups.values());
    return out;
  }

  /** The sum over every event, as one average. */
  total_average(): FunctionEventAvg {
    const total = new FunctionEventAvg('Total', null);
    for (const e of this) total.add(e);
    return total;
  }

  get self_cpu_time_total(): number {
    return this.reduce((s, e) => s + e.self_cpu_time_total, 0);
  }

  /** PyTorch's CPU table: Name, Self CPU %, Self CPU, CPU total %, CPU total, CPU time avg, # of Calls. */
  table(opts: TableOpts = {}): string {
    checkOptionsArg('table', 1, opts);
    const sortBy = opts.sort_by ?? null;
    if (sortBy !== null && !SORT_KEYS.has(sortBy)) {
      throw new Error(`AttributeError: 'FunctionEventAvg' object has no attribute '${sortBy}'`);
    }
    let rows = [...this] as E[];
    if (sortBy !== null) {
      rows.sort(
        (a, b) => (b as unknown as Record<string, number>)[sortBy] - (a as unknown as Record<string, number>)[sortBy],
      );
    }
    const limit = opts.row_limit ?? 100;
    if (limit >= 0) rows = rows.slice(0, limit);
    const withShapes = rows.some((e) => e instanceof FunctionEventAvg && e.input_shapes !== null);
    const maxName = opts.max_name_column_width ?? 55;
    const nameWidth = Math.min(Math.max(0, ...rows.map((e) => e.key.length)) + 4, maxName);
    const W = 12;
    const headers = ['Name', 'Self CPU %', 'Self CPU', 'CPU total %', 'CPU total', 'CPU time avg', '# of Calls'];
    const widths = [nameWidth, W, W, W, W, W, W];
    if (withShapes) {
      headers.push('Input Shapes');
      widths.push(Math.max(W, ...rows.map((e) => JSON.stringify((e as FunctionEventAvg).input_shapes).length)));
    }
    const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ') + '  ';
    const sep = widths.map((w) => '-'.repeat(w)).join('  ') + '  ';
    const selfTotal = this.self_cpu_time_total;
    const clip = (name: string): string =>
      name.length >= nameWidth - 3 && name.length > nameWidth - 4 ? `${name.slice(0, nameWidth - 7)}...` : name;
    const out = [sep, line(headers), sep];
    for (const e of rows) {
      const cells = [
        clip(e.key),
        formatShare(e.self_cpu_time_total, selfTotal),
        formatTime(e.self_cpu_time_total),
        formatShare(e.cpu_time_total, selfTotal),
        formatTime(e.cpu_time_total),
        formatTime(e instanceof FunctionEventAvg ? e.cpu_time : e.cpu_time_total),
        String(e.count),
      ];
      if (withShapes) cells.push(JSON.stringify((e as FunctionEventAvg).input_shapes).replace(/,/g, ', '));
      out.push(line(cells));
    }
    out.push(sep, `Self CPU time total: ${formatTime(selfTotal)}`, '');
    return (opts.header ? [opts.header, ...out] : out).join('\n');
  }
}

export interface ProfileOpts {
  enabled?: boolean;
  use_cuda?: boolean;
  use_device?: string | null;
  record_shapes?: boolean;
  with_flops?: boolean;
  profile_memory?: boolean;
  with_stack?: boolean;
  with_modules?: boolean;
  use_kineto?: boolean;
  use_cpu?: boolean;
  activities?: readonly string[] | null;
  schedule?: unknown;
  on_trace_ready?: ((prof: profile) => void) | null;
  acc_events?: boolean;
}

const PROFILE_KEYS = new Set([
  'enabled',
  'use_cuda',
  'use_device',
  'record_shapes',
  'with_flops',
  'profile_memory',
  'with_stack',
  'with_modules',
  'use_kineto',
  'use_cpu',
  'activities',
  'schedule',
  'on_trace_ready',
  'acc_events',
  'experimental_config',
  'execution_trace_observer',
]);

/** The open (started, not stopped) profilers, innermost last: record_function records in it. */
const open: profile[] = [];

/**
 * A profiling session: profile(opts, (prof) => ...) profiles the callback and returns the
 * profiler; profile(opts) returns it unstarted (start() / stop()).
 */
export class profile implements OpTracer {
  /** @internal */ _events: FunctionEvent[] = [];
  /** @internal */ _stack: FunctionEvent[] = [];
  private nextId = 0;
  private previous: OpTracer | null = null;
  private running = false;
  readonly enabled: boolean;
  readonly record_shapes: boolean;

  constructor(opts: ProfileOpts = {}) {
    checkOptionsArg('profile', 1, opts);
    for (const k of Object.keys(opts)) {
      if (!PROFILE_KEYS.has(k)) throw new TypeError(`profile() got an unexpected keyword argument '${k}'`);
    }
    if (opts.use_cuda) throw new Error('use_cuda: tensorgrad runs on the CPU only');
    this.enabled = opts.enabled ?? true;
    this.record_shapes = opts.record_shapes ?? false;
  }

  /** Starts recording (PyTorch's __enter__ / start()). */
  start(): this {
    if (!this.enabled || this.running) return this;
    this.running = true;
    this.previous = setOpTracer(this);
    open.push(this);
    return this;
  }

  /** Stops recording (PyTorch's __exit__ / stop()). */
  stop(): this {
    if (!this.running) return this;
    this.running = false;
    setOpTracer(this.previous);
    open.splice(open.lastIndexOf(this), 1);
    return this;
  }

  /** torch.profiler.profile's step(): marks a step (schedules are not supported: every step is recorded). */
  step(): void {}

  /** @internal The op tracer's hook: times one outermost public op call. */
  call(name: string, args: readonly unknown[], run: () => unknown): unknown {
    const shapes = this.record_shapes
      ? args.filter((a) => a instanceof Tensor).map((t) => [...(t as Tensor).shape])
      : [];
    const prev = this.previous;
    return this._record(`aten::${name}`, shapes, () => (prev === null ? run() : prev.call(name, args, run)));
  }

  /** @internal Runs `body` as one event named `name`, nested under the open one. */
  _record<R>(name: string, shapes: number[][], body: () => R): R {
    const e = new FunctionEvent(this.nextId++, name, now(), 0, shapes);
    const parent = this._stack[this._stack.length - 1];
    if (parent !== undefined) {
      e.cpu_parent = parent;
      parent.cpu_children.push(e);
    }
    this._stack.push(e);
    try {
      return body();
    } finally {
      e.time_range_end = now();
      this._stack.pop();
      this._events.push(e);
    }
  }

  /** Every recorded event, in order of start. */
  events(): EventList<FunctionEvent> {
    const out = new EventList<FunctionEvent>();
    out.push(...[...this._events].sort((a, b) => a.time_range_start - b.time_range_start || a.id - b.id));
    return out;
  }

  get function_events(): EventList<FunctionEvent> {
    return this.events();
  }

  key_averages(group_by_input_shape = false): EventList<FunctionEventAvg> {
    return this.events().key_averages(group_by_input_shape);
  }

  table(opts: TableOpts = {}): string {
    return this.key_averages().table(opts);
  }

  get self_cpu_time_total(): number {
    return this.events().self_cpu_time_total;
  }

  /** Writes the events as a Chrome trace (chrome://tracing, Perfetto) to `path`. */
  export_chrome_trace(path: string): void {
    if (typeof path !== 'string')
      throw new TypeError(`export_chrome_trace(): path must be a string, not ${jsTypeName(path)}`);
    const traceEvents = this.events().map((e) => ({
      ph: 'X',
      cat: 'cpu_op',
      name: e.name,
      pid: 0,
      tid: 0,
      ts: e.time_range_start,
      dur: e.cpu_time_total,
      args: this.record_shapes ? { 'Input Dims': e.input_shapes } : {},
    }));
    nodeFs(() => new Error('export_chrome_trace needs Node.js (>= 20.16)')).writeFileSync(
      path,
      JSON.stringify({ traceEvents }),
    );
  }

  toString(): string {
    return this.table();
  }
}

type ProfileFactory = {
  (opts?: ProfileOpts): profile;
  (opts: ProfileOpts | undefined, fn: (prof: profile) => unknown): profile;
  (fn: (prof: profile) => unknown): profile;
};

/** profile(opts?, fn?): with a callback, profiles it and returns the profiler. */
function makeProfile(): ProfileFactory {
  return ((a?: ProfileOpts | ((p: profile) => unknown), b?: (p: profile) => unknown): profile => {
    const fn = typeof a === 'function' ? a : b;
    const opts = typeof a === 'function' ? undefined : a;
    if (fn !== undefined && typeof fn !== 'function') {
      throw new TypeError(`profile(): the block must be a function, not ${jsTypeName(fn)}`);
    }
    const p = new profile(opts ?? {});
    if (fn === undefined) return p;
    p.start();
    try {
      fn(p);
    } finally {
      p.stop();
    }
    return p;
  }) as ProfileFactory;
}

/**
 * record_function(name, fn): fn's calls, timed as one event named `name` in the open profile (a
 * plain call when none is open); returns fn's value.
 */
export function record_function<R>(name: string, fn: () => R): R {
  if (typeof name !== 'string')
    throw new TypeError(`record_function(): name must be a string, not ${jsTypeName(name)}`);
  if (typeof fn !== 'function')
    throw new TypeError(`record_function(): the block must be a function, not ${jsTypeName(fn)}`);
  const innermost = open[open.length - 1];
  return innermost === undefined ? fn() : innermost._record(name, [], fn);
}

/** torch.profiler.ProfilerActivity. */
export const ProfilerActivity = Object.freeze({ CPU: 'ProfilerActivity.CPU', CUDA: 'ProfilerActivity.CUDA' });

// EventList, FunctionEvent and FunctionEventAvg come out of a profile; they are not made by hand.
/** torch.profiler (its profile is a function here: `profile(opts, fn)` or `profile(opts)`). */
export const profiler = { profile: makeProfile(), record_function, ProfilerActivity };
/** torch.autograd.profiler. */
export const autograd_profiler = { profile: makeProfile(), record_function };
