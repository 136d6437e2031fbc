// Worker threads for the TypeScript backend's WebAssembly kernels: each worker instantiates the
// same module over the same shared WebAssembly.Memory, so a kernel's work can be split between the
// calling thread and the workers with no copying (worker_threads in Node; Web Workers in a
// cross-origin-isolated page, the only pages with SharedArrayBuffer).
//
// Protocol, over a small shared Int32Array `ctrl` (separate from the module's memory):
// - ctrl[READY + w] becomes 1 once worker w has instantiated the module; only ready workers get work
//   (workers start asynchronously, and the caller never waits for one to start).
// - The caller writes the job's ints into ctrl[ARGS ..] and the number of workers it wakes into
//   ctrl[WORKERS], starts the part counter ctrl[NEXT] at the job's epoch (a 12-bit job number in
//   its high bits, the next part in its low 20), publishes the epoch in ctrl[EPOCH], then bumps
//   ctrl[GEN + w] of each worker it wakes and notifies it.
// - A worker, blocked in Atomics.wait on its GEN word, adds 1 to ctrl[BUSY], reads the epoch and,
//   if it is one of the job's workers, runs the job as thread w + 1; then it subtracts 1 from
//   ctrl[BUSY] (ctrl[FAILED] = 1 first if the job threw, and the caller then redoes the whole job
//   alone).
// - Parts are claimed with a compare-exchange on ctrl[NEXT] that succeeds only while NEXT still
//   carries the epoch the thread read: a worker that wakes late, when its job is over or the next
//   one is being written, claims nothing and touches nothing.
// - The caller runs the job as thread 0 meanwhile; once no part is left to claim it waits only for
//   ctrl[BUSY] to fall to 0, that is for workers in the middle of a part (Atomics.wait where the
//   thread may block, spinning on a browser's main thread). A woken worker the OS has not yet
//   scheduled holds up nothing: the caller does its share (before, the caller waited for every
//   woken worker to check in, so one descheduled worker cost a whole time slice on a loaded
//   machine, several times the product).
// - A job is split into parts that the threads claim until none are left, so a worker the OS does
//   not schedule only means the others do more parts; which thread runs a part never changes its
//   result.
//
// A job is a function (the `job` given to createPool): its source text is what the workers run
// too, so it must stay self-contained (no closures over module scope, no nested named functions
// that a bundler might wrap).

/**
 * A job: the module's exports, the ints array (ctrl), the job's first index in it, the thread
 * number (0 for the caller) and `claim`, which returns the next unclaimed part's index (0, 1, ...;
 * the job stops at the first index past its parts) or -1 once the job is over.
 */
export type Job = (
  exports: WebAssembly.Exports,
  ints: Int32Array,
  at: number,
  thread: number,
  claim: () => number,
) => void;

const GEN = 0;
const READY = 16;
const FAILED = 32;
const BUSY = 33;
const NEXT = 34;
const EPOCH = 35;
const WORKERS = 36;
const ARGS = 64;
/** Loads of the busy count the caller spins through before it sleeps until the workers are done. */
const SPIN = 4096;
export const JOB_INTS = 64;
/** Workers at most (threads = workers + the caller). */
export const MAX_WORKERS = 15;
const CTRL_INTS = ARGS + JOB_INTS;

type WorkerHandle = object;

export interface Pool {
  /** Worker threads ready to take a job now (0 when none have started yet). */
  readyWorkers(): number;
  /**
   * Runs the job with `args` (at most JOB_INTS ints) here and in `workers` ready workers at once
   * (at most readyWorkers()); returns when every part is done.
   */
  run(args: number[], workers: number): void;
  /**
   * Starts workers until there are at least `n` (idle workers are kept: they only cost memory, and
   * a later call may want them again; the caller hands out fewer jobs instead).
   */
  grow(n: number): void;
}

type Global = {
  process?: { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } };
  Worker?: new (url: string) => { postMessage(m: unknown): void; terminate(): void };
  Blob?: new (parts: string[], o: { type: string }) => unknown;
  URL?: { createObjectURL(b: unknown): string };
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
  document?: unknown;
};

interface NodeWorkerThreads {
  Worker: new (
    src: string,
    o: { eval: boolean; workerData: unknown },
  ) => { unref(): void; terminate(): unknown; on(e: string, f: () => void): void };
}

/** The worker's program: instantiate, mark ready, then loop waiting for jobs. */
function workerSource(job: Job): string {
  return `
const job = (${job.toString()});
function start(d) {
  const ctrl = new Int32Array(d.ctrl);
  const exports = new WebAssembly.Instance(new WebAssembly.Module(d.bytes), { env: { memory: d.memory } }).exports;
  const w = d.index;
  let seen = Atomics.load(ctrl, ${GEN} + w);
  Atomics.store(ctrl, ${READY} + w, 1);
  for (;;) {
    Atomics.wait(ctrl, ${GEN} + w, seen);
    const now = Atomics.load(ctrl, ${GEN} + w);
    if (now === seen) continue;
    seen = now;
    Atomics.add(ctrl, ${BUSY}, 1);
    const epoch = Atomics.load(ctrl, ${EPOCH});
    if (w < Atomics.load(ctrl, ${WORKERS})) {
      const claim = () => {
        for (;;) {
          const v = Atomics.load(ctrl, ${NEXT});
          if (v >>> 20 !== epoch) return -1;
          if (Atomics.compareExchange(ctrl, ${NEXT}, v, v + 1) === v) return v & 0xfffff;
        }
      };
      try {
        job(exports, ctrl, ${ARGS}, w + 1, claim);
      } catch (e) {
        Atomics.store(ctrl, ${FAILED}, 1);
      }
    }
    if (Atomics.sub(ctrl, ${BUSY}, 1) === 1) Atomics.notify(ctrl, ${BUSY});
  }
}
if (typeof process === 'object' && typeof process.getBuiltinModule === 'function' && typeof self === 'undefined') {
  start(process.getBuiltinModule('node:worker_threads').workerData);
} else {
  self.onmessage = (e) => start(e.data);
}
`;
}

/** Whether this engine can run a pool: shared memory, and worker_threads or cross-origin-isolated Web Workers. */
export function poolSupported(): boolean {
  const g = globalThis as Global;
  if (typeof g.SharedArrayBuffer !== 'function') return false;
  if (typeof g.process?.getBuiltinModule === 'function' && g.process.versions?.node !== undefined) return true;
  return typeof g.Worker === 'function' && g.crossOriginIsolated === true && g.Blob !== undefined;
}

/**
 * A pool of `workers` workers for `job` over `memory` (shared), each instantiating the module
 * `bytes` (the caller's own instance has `exports`); null when the engine cannot run one.
 */
export function createPool(
  bytes: Uint8Array,
  memory: WebAssembly.Memory,
  exports: WebAssembly.Exports,
  job: Job,
  workers: number,
): Pool | null {
  if (!poolSupported()) return null;
  const g = globalThis as Global;
  const ctrlBuffer = new SharedArrayBuffer(CTRL_INTS * 4);
  const ctrl = new Int32Array(ctrlBuffer);
  const src = workerSource(job);
  const handles: (WorkerHandle | null)[] = [];
  // Atomics.wait throws on a browser's main thread: spin there instead.
  const canBlock = g.document === undefined;
  let blobUrl: string | null = null;

  function spawn(index: number): WorkerHandle | null {
    const data = { bytes, memory, ctrl: ctrlBuffer, index };
    try {
      const wt = g.process?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
      if (wt !== undefined && g.process?.versions?.node !== undefined) {
        const w = new wt.Worker(src, { eval: true, workerData: data });
        // An idle worker must not keep the process alive; it is stopped when the process exits.
        w.unref();
        w.on('error', () => Atomics.store(ctrl, READY + index, 0));
        return w;
      }
      blobUrl ??= g.URL!.createObjectURL(new g.Blob!([src], { type: 'text/javascript' }));
      const w = new g.Worker!(blobUrl);
      w.postMessage(data);
      return w;
    } catch {
      return null;
    }
  }

  function grow(n: number): void {
    n = Math.min(MAX_WORKERS, n);
    while (handles.length < n) handles.push(spawn(handles.length));
  }
  grow(workers);

  let epoch = 0;
  /**
   * Opens the next job to `n` workers with `args` (null: the same as the last): its epoch goes to
   * NEXT's high bits first, so that a late worker's claim for an earlier job fails before any
   * argument changes under it, and to EPOCH last, after everything a worker reads.
   */
  function start(n: number, args: number[] | null): number {
    epoch = (epoch + 1) & 0xfff;
    Atomics.store(ctrl, NEXT, epoch << 20);
    if (args !== null) ctrl.set(args, ARGS);
    Atomics.store(ctrl, FAILED, 0);
    Atomics.store(ctrl, WORKERS, n);
    Atomics.store(ctrl, EPOCH, epoch);
    return epoch;
  }
  /** The calling thread's claim for the job of epoch `e` (as the workers', see workerSource). */
  function claimer(e: number): () => number {
    return () => {
      for (;;) {
        const v = Atomics.load(ctrl, NEXT);
        if (v >>> 20 !== e) return -1;
        if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) === v) return v & 0xfffff;
      }
    };
  }

  function readyWorkers(): number {
    let n = 0;
    while (n < handles.length && Atomics.load(ctrl, READY + n) === 1) n++;
    return n;
  }

  return {
    readyWorkers,
    grow,
    run(args, workers) {
      const n = Math.min(workers, readyWorkers());
      const e = start(n, args);
      for (let w = 0; w < n; w++) {
        Atomics.add(ctrl, GEN + w, 1);
        Atomics.notify(ctrl, GEN + w);
      }
      job(exports, ctrl, ARGS, 0, claimer(e));
      // A worker still in a part is usually about to finish it: spin briefly before sleeping
      // (being woken again costs tens of microseconds, a good share of a small product).
      for (let spin = 0; ; spin++) {
        const busy = Atomics.load(ctrl, BUSY);
        if (busy === 0) break;
        if (canBlock && spin >= SPIN) Atomics.wait(ctrl, BUSY, busy);
      }
      if (Atomics.load(ctrl, FAILED) !== 0) {
        // A worker's part threw: do the whole job again here (same results, one thread), under a
        // new epoch that no worker joins.
        job(exports, ctrl, ARGS, 0, claimer(start(0, null)));
      }
    },
  };
}
