// `npm run bench [-- --only W1,W3] [--quick] [--json out.json] [--md out.md] [--torch-threads 2] [--profile W4] [--browser]`
// `npm run bench -- --from out.json [--md out.md]` prints a saved run's table again.
//
// Runs every engine's worker in its own process, one after another (never two at once, so they do
// not compete for the cores), collects their reports and prints one Markdown table to stdout.
// Progress goes to stderr. A missing or failing engine becomes a note; the run itself never fails.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOAD_IDS, makeConfig, type Config, type FigureReport, type WorkloadId } from './harness.js';
import { prepareNodeWorkers } from './build.js';
import { profileWorkload } from './profile.js';
import { BASELINE, figureSpecs, markdown, summaryOf, type EngineResult, type Header } from './report.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PYTHON = '/usr/bin/python3';

interface Options {
  only: WorkloadId[];
  quick: boolean;
  torchThreads: number;
  json: string | null;
  md: string | null;
  from: string | null;
  profile: WorkloadId | null;
  /** Engine names to run (null: all). */
  engines: string[] | null;
  /** Another checkout whose TypeScript backend runs as an extra column, "tensorgrad-js (baseline)". */
  jsBaseline: string | null;
  /** Also run W1-W5 of the TypeScript backend, tfjs-wasm and jax-js in headless Chromium (bench/browser.ts). */
  browser: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    only: [...WORKLOAD_IDS],
    quick: false,
    torchThreads: 2,
    json: null,
    md: null,
    from: null,
    profile: null,
    engines: null,
    jsBaseline: null,
    browser: false,
  };
  const workloads = (s: string): WorkloadId[] => {
    const ids = s.split(',').map((w) => w.trim().toUpperCase());
    const badId = ids.find((w) => !WORKLOAD_IDS.includes(w as WorkloadId));
    if (badId !== undefined) throw new Error(`unknown workload ${badId}; expected some of ${WORKLOAD_IDS.join(',')}`);
    return ids as WorkloadId[];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only') o.only = workloads(value());
    else if (a === '--quick') o.quick = true;
    else if (a === '--torch-threads') {
      o.torchThreads = Number(value());
      if (!Number.isInteger(o.torchThreads) || o.torchThreads < 1) throw new Error('--torch-threads needs a count');
    } else if (a === '--json') o.json = value();
    else if (a === '--md') o.md = value();
    else if (a === '--from') o.from = value();
    else if (a === '--profile') o.profile = workloads(value())[0];
    else if (a === '--engines') o.engines = value().split(',');
    else if (a === '--js-baseline') o.jsBaseline = value();
    else if (a === '--browser') o.browser = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** OpenBLAS's library directory: PyTorch is measured as its users get it, with an optimized BLAS. */
function openblasDir(): string | null {
  const r = spawnSync('dpkg', ['-L', 'libopenblas0-pthread'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const lib = r.stdout.split('\n').find((l) => /\/libopenblas\.so\.0$/.test(l));
  return lib ? dirname(lib) : null;
}

interface Launch {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

interface Engine {
  name: string;
  /** Null when the engine cannot run at all (then `unavailable` says why). */
  launch: ((cfg: Config) => Launch) | null;
  unavailable?: string;
  /** Notes every run of this engine carries (how it was started). */
  notes: string[];
}

function nodeLaunch(args: string[], env: NodeJS.ProcessEnv) {
  return (cfg: Config): Launch => ({ cmd: process.execPath, args: [...args, '--config', JSON.stringify(cfg)], env });
}

async function engines(scratch: string, jsBaseline: string | null, browser: boolean): Promise<Engine[]> {
  const { TENSORGRAD_BACKEND: _forced, ...plainEnv } = process.env;
  const blasDir = openblasDir();
  const torchEnv: NodeJS.ProcessEnv = {
    ...plainEnv,
    OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS ?? '2',
    ...(blasDir ? { LD_LIBRARY_PATH: [blasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {}),
  };
  log('building dist/ and bundling the Node workers …');
  const w = await prepareNodeWorkers(ROOT, scratch);
  const tg = w.tensorgrad;
  const extra: Engine[] = [];
  if (jsBaseline !== null) {
    log(`building ${jsBaseline}/dist/ for the baseline column …`);
    const b = await prepareNodeWorkers(jsBaseline, join(scratch, 'baseline'));
    extra.push({
      name: 'tensorgrad-js (baseline)',
      launch: nodeLaunch([...b.tensorgrad.args, '--engine', 'tensorgrad-js'], {
        ...plainEnv,
        TENSORGRAD_BACKEND: 'js',
      }),
      notes: [`the TypeScript backend of ${jsBaseline}`, ...(b.tensorgrad.note ? [b.tensorgrad.note] : [])],
    });
  }
  if (browser) {
    // One driver per engine; each runs its engine alone in a fresh headless page (bench/browser.ts).
    const page = (name: string, engine: string, note: string): Engine => ({
      name,
      // The driver runs through tsx; only the page, which times itself, is measured.
      launch: nodeLaunch(['--import', 'tsx', join('bench', 'browser.ts'), '--page-engine', engine], plainEnv),
      notes: [
        `${note} in headless ${process.env.CHROMIUM ?? '/usr/bin/chromium'} (bench/browser.ts), cross-origin-isolated page; W1-W5 only`,
      ],
    });
    extra.push(
      page('tensorgrad-js (Chromium)', 'tensorgrad', 'the TypeScript backend'),
      page('tfjs-wasm (Chromium)', 'tfjs-wasm', "TensorFlow.js's wasm backend"),
      page('jax-js (Chromium)', 'jax-js', 'jax-js on its wasm device (W2/W3 under jit)'),
    );
  }
  const tfjs = (backend: string): Engine => {
    const name = `tfjs-${backend}`;
    if ('unavailable' in w.tfjs) return { name, launch: null, unavailable: w.tfjs.unavailable, notes: [] };
    return { name, launch: nodeLaunch([...w.tfjs.args, '--backend', backend], plainEnv), notes: [] };
  };
  return [
    {
      name: BASELINE,
      launch: (cfg) => ({
        cmd: PYTHON,
        args: [join('bench', 'torch_bench.py'), '--config', JSON.stringify(cfg)],
        env: torchEnv,
      }),
      notes: blasDir
        ? []
        : [
            'libopenblas0-pthread is not installed (apt-get install -y libopenblas0-pthread): BLAS is the loader default',
          ],
    },
    {
      name: 'tensorgrad-js',
      launch: nodeLaunch([...tg.args, '--engine', 'tensorgrad-js'], { ...plainEnv, TENSORGRAD_BACKEND: 'js' }),
      notes: tg.note ? [tg.note] : [],
    },
    ...extra,
    {
      name: 'tensorgrad-js (no wasm)',
      launch: nodeLaunch([...tg.args, '--engine', 'tensorgrad-js'], {
        ...plainEnv,
        TENSORGRAD_BACKEND: 'js',
        TENSORGRAD_WASM: '0',
      }),
      notes: ['the TypeScript backend with TENSORGRAD_WASM=0: plain JavaScript kernels, the fallback'],
    },
    {
      name: 'tensorgrad-native',
      launch: nodeLaunch([...tg.args, '--engine', 'tensorgrad-native'], plainEnv),
      notes: tg.note ? [tg.note] : [],
    },
    tfjs('wasm'),
    tfjs('cpu'),
    'unavailable' in w.jaxjs
      ? { name: 'jax-js', launch: null, unavailable: w.jaxjs.unavailable, notes: [] }
      : {
          name: 'jax-js',
          launch: nodeLaunch(w.jaxjs.args, plainEnv),
          notes: ['wasm device; W2 and W3 under jit, W4/W5 eager'],
        },
  ];
}

interface WorkerOutcome {
  info: Record<string, unknown>[];
  figures: FigureReport[];
  errors: { id: string; message: string }[];
  unavailable: string | null;
  failure: string | null;
}

/** Runs one worker process to completion (or timeout), parsing its `@@kind json` lines as they come. */
function runWorker(l: Launch, timeoutMs: number, onFigure: (f: FigureReport) => void): Promise<WorkerOutcome> {
  const out: WorkerOutcome = { info: [], figures: [], errors: [], unavailable: null, failure: null };
  return new Promise((resolve) => {
    const child = spawn(l.cmd, l.args, { cwd: ROOT, env: l.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderrTail = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /^@@(\w+) (.*)$/.exec(line);
        if (!m) {
          if (line.trim()) process.stderr.write(`  | ${line}\n`);
          continue;
        }
        const payload = JSON.parse(m[2]);
        if (m[1] === 'info') out.info.push(payload);
        else if (m[1] === 'fig') {
          out.figures.push(payload);
          onFigure(payload);
        } else if (m[1] === 'error') out.errors.push(payload);
        else if (m[1] === 'unavailable') out.unavailable = payload.reason;
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    const finish = (failure: string | null): void => {
      clearTimeout(timer);
      out.failure = failure;
      resolve(out);
    };
    child.on('error', (e) => finish(`could not start ${l.cmd}: ${e.message}`));
    child.on('close', (code, signal) => {
      if (timedOut) finish(`stopped after the ${timeoutMs / 60000}-minute time limit`);
      else if (code !== 0) {
        const tail = stderrTail.trim().split('\n').slice(-3).join(' / ');
        finish(`worker exited with ${signal ?? `code ${code}`}: ${tail}`);
      } else finish(null);
    });
  });
}

async function runEngine(e: Engine, opts: Options): Promise<EngineResult> {
  const result: EngineResult = { name: e.name, info: [], unavailable: null, notes: [...e.notes], figures: new Map() };
  if (e.launch === null) {
    result.unavailable = e.unavailable ?? 'cannot be started';
    log(`${e.name}: skipped — ${result.unavailable}`);
    return result;
  }
  const timeOnly = opts.only.filter((w) => w !== 'W6');
  const passes: { cfg: Config; repeat: number }[] = [];
  if (timeOnly.length > 0) passes.push({ cfg: makeConfig(timeOnly, opts.quick, false, opts.torchThreads), repeat: 1 });
  if (opts.only.includes('W6'))
    passes.push({ cfg: makeConfig(['W6'], opts.quick, true, opts.torchThreads), repeat: opts.quick ? 1 : 3 });
  const specs = figureSpecs(makeConfig(opts.only, opts.quick, false));
  const timeoutMs = (opts.quick ? 10 : 30) * 60_000;
  for (const { cfg, repeat } of passes) {
    for (let r = 0; r < repeat; r++) {
      log(`${e.name}: ${cfg.rss ? `W6 (process ${r + 1}/${repeat})` : cfg.only.join(',')} …`);
      const w = await runWorker(e.launch(cfg), timeoutMs, (f) => {
        const spec = specs.find((s) => s.id === f.id);
        const s = spec ? summaryOf(spec, f) : null;
        if (spec && s) log(`  ${e.name} ${spec.label}: ${s.median.toPrecision(3)} ${spec.unit}`);
      });
      const neverStarted = w.failure !== null && w.info.length === 0 && w.figures.length === 0;
      if (w.unavailable !== null || neverStarted) {
        result.unavailable = w.unavailable ?? w.failure;
        log(`${e.name}: skipped — ${result.unavailable}`);
        return result;
      }
      for (const i of w.info) {
        const line = [i.version, i.blas ? `BLAS: ${i.blas}` : null].filter(Boolean).join('; ');
        if (!result.info.includes(line)) result.info.push(line);
      }
      for (const f of w.figures) {
        const prev = result.figures.get(f.id);
        if (prev?.mib && f.mib) prev.mib.push(...f.mib);
        else result.figures.set(f.id, f);
      }
      for (const err of w.errors) result.notes.push(`${err.id} failed: ${err.message}`);
      if (w.failure !== null) {
        result.notes.push(`${cfg.rss ? 'W6' : cfg.only.join(',')}: ${w.failure}`);
        log(`${e.name}: ${w.failure}`);
      }
    }
  }
  return result;
}

function machine(): string {
  const cs = cpus();
  return `${cs[0]?.model.trim() ?? 'unknown CPU'}, ${cs.length} cores, Node ${process.version}`;
}

/** `--from out.json`: prints the table of a saved run again (after a change to report.ts, say). */
function rerender(file: string, mdFile: string | null): void {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Header & {
    config: Config;
    engines: (Omit<EngineResult, 'figures'> & { figures: Record<string, FigureReport> })[];
  };
  const results = saved.engines.map((e) => ({ ...e, figures: new Map(Object.entries(e.figures)) }));
  const md = markdown(saved.config, results, saved);
  process.stdout.write(md);
  if (mdFile) writeFileSync(mdFile, md);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'tensorgrad-bench-'));
  try {
    if (opts.profile) {
      const w = await prepareNodeWorkers(ROOT, scratch);
      if (w.tensorgrad.note) log(w.tensorgrad.note);
      const cfg = makeConfig([opts.profile], opts.quick, opts.profile === 'W6');
      profileWorkload(ROOT, w.tensorgrad.args, opts.profile, cfg);
      return;
    }
    if (opts.from) {
      rerender(opts.from, opts.md);
      return;
    }
    const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    const loadStart = loadavg();
    const results: EngineResult[] = [];
    for (const e of await engines(scratch, opts.jsBaseline, opts.browser)) {
      if (opts.engines === null || opts.engines.includes(e.name)) results.push(await runEngine(e, opts));
    }
    const header: Header = {
      date,
      machine: machine(),
      mode: opts.quick ? 'quick (fewer repetitions)' : 'full',
      cores: cpus().length,
      loadStart,
      loadEnd: loadavg(),
    };
    const cfg = makeConfig(opts.only, opts.quick, false, opts.torchThreads);
    const md = markdown(cfg, results, header);
    process.stdout.write(md);
    if (opts.md) writeFileSync(opts.md, md);
    if (opts.json) {
      const engines = results.map((r) => ({ ...r, figures: Object.fromEntries(r.figures) }));
      writeFileSync(opts.json, JSON.stringify({ ...header, config: cfg, engines }, null, 2));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  // Only a bad command line gets here: every engine failure is already a note in the table.
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
});
