// Turns the workers' raw reports into figures, ratios to PyTorch and the Markdown table.

import { LARGE_OPS, type Config, type FigureReport, type LargeOp } from './harness.js';

const LARGE_LABELS: Record<LargeOp, string> = {
  ones: 'torch.ones(n)',
  arange: 'torch.arange(n) (int64)',
  rand: 'torch.rand(n)',
  randn: 'torch.randn(n)',
  print: 'String(x) of a float32 tensor',
  sum: 'x.sum() over float32',
};

/** W8 at n elements, as a label: 1e6 and 1e8 read better than their digits. */
function count(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : n.toLocaleString('en-US');
}

export const BASELINE = 'PyTorch';

/** One engine's run: what its workers said, or why it was skipped. */
export interface EngineResult {
  name: string;
  info: string[];
  unavailable: string | null;
  notes: string[];
  figures: Map<string, FigureReport>;
}

interface FigureSpec {
  id: string;
  label: string;
  unit: string;
  /** Rates (GFLOPS) are better higher; times and memory lower. */
  better: 'higher' | 'lower';
  /** Converts one raw sample (ms per call, or MiB) to the unit shown. */
  convert: (raw: number) => number;
}

export function figureSpecs(cfg: Config): FigureSpec[] {
  const same = (v: number): number => v;
  const inOnly = (id: string): boolean => cfg.only.includes(id.split('.')[0] as Config['only'][number]);
  const all: FigureSpec[] = [
    ...cfg.matmulSizes.map((n): FigureSpec => ({
      id: `W1.${n}`,
      label: `W1 matmul ${n}×${n} float32`,
      unit: 'GFLOPS',
      better: 'higher',
      convert: (ms) => (2 * n ** 3) / (ms * 1e6),
    })),
    {
      id: 'W2',
      label: `W2 MLP train step, batch ${cfg.mlp.batch}, ${cfg.mlp.inF}→${cfg.mlp.hidden}→${cfg.mlp.outF}`,
      unit: 'ms/step',
      better: 'lower',
      convert: same,
    },
    { id: 'W3.fwd', label: 'W3 (x*x+x).exp().sum(), 1M, forward', unit: 'ms', better: 'lower', convert: same },
    {
      id: 'W3.fwdbwd',
      label: 'W3 (x*x+x).exp().sum(), 1M, fwd+bwd',
      unit: 'ms',
      better: 'lower',
      convert: same,
    },
    {
      id: 'W4',
      label: `W4 per-op overhead, ${cfg.overheadOps.toLocaleString('en-US')}-op chain, fwd+bwd`,
      unit: 'µs/op',
      better: 'lower',
      convert: (ms) => (ms * 1000) / cfg.overheadOps,
    },
    {
      id: 'W5',
      label: `W5 ${cfg.chainOps.toLocaleString('en-US')}-op chain, fwd+bwd`,
      unit: 's',
      better: 'lower',
      convert: (ms) => ms / 1000,
    },
    {
      id: 'W7.vmap',
      label: `W7 per-sample grads, vmap(grad), MLP batch ${cfg.mlp.batch}`,
      unit: 'ms',
      better: 'lower',
      convert: same,
    },
    {
      id: 'W7.loop',
      label: `W7 per-sample grads, loop of ${cfg.mlp.batch} backward passes`,
      unit: 'ms',
      better: 'lower',
      convert: same,
    },
    { id: 'W6.peak', label: `W6 peak RSS, ${cfg.rssSteps} MLP steps`, unit: 'MiB', better: 'lower', convert: same },
    {
      id: 'W6.growth',
      label: `W6 RSS growth during the ${cfg.rssSteps} steps`,
      unit: 'MiB',
      better: 'lower',
      convert: same,
    },
    ...cfg.largeSizes.flatMap((n) =>
      LARGE_OPS.map((op): FigureSpec => ({
        id: `W8.${op}.${n}`,
        label: `W8 ${LARGE_LABELS[op]}, n = ${count(n)}`,
        unit: 'ms',
        better: 'lower',
        convert: same,
      })),
    ),
    {
      id: 'W9',
      label: `W9 char-LM train step (examples/charlm: ${cfg.charlm.layers} layers, embed ${cfg.charlm.embed}, context ${cfg.charlm.context}, batch ${cfg.charlm.batch}), AdamW`,
      unit: 'ms/step',
      better: 'lower',
      convert: same,
    },
    {
      id: 'W10',
      label: `W10 MNIST CNN train step (examples/train: two 5×5 conv + max-pool layers, batch ${cfg.cnn.batch}), Adam`,
      unit: 'ms/step',
      better: 'lower',
      convert: same,
    },
  ];
  return all.filter((f) => inOnly(f.id));
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

export function summaryOf(spec: FigureSpec, r: FigureReport | undefined): Summary | null {
  const raw = r?.ms ?? r?.mib;
  if (!raw || raw.length === 0) return null;
  return summarize(raw.map(spec.convert));
}

/** Cost relative to PyTorch: how many times its time (or memory) this engine needs. */
export function costRatio(spec: FigureSpec, v: Summary, base: Summary | null): number | null {
  if (!base || base.median <= 0 || v.median <= 0) return null;
  return spec.better === 'higher' ? base.median / v.median : v.median / base.median;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

function fmtRatio(r: number): string {
  return r >= 10 ? `${r.toFixed(0)}×` : `${r.toPrecision(2)}×`;
}

const CHECK_RTOL = 1e-3;

export interface Header {
  date: string;
  machine: string;
  mode: string;
  cores: number;
  /** 1-, 5- and 15-minute load averages when the run started and ended. */
  loadStart: number[];
  loadEnd: number[];
}

function loadLines(h: Header): string[] {
  const f = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');
  const lines = [`- Load average (1/5/15 min): ${f(h.loadStart)} at start, ${f(h.loadEnd)} at end`];
  if (Math.max(h.loadStart[0], h.loadEnd[0]) > h.cores) {
    lines.push(
      `- **Warning:** the load exceeded the ${h.cores} cores, so other processes took CPU time during the run. ` +
        'The figures are unreliable, those of PyTorch’s multi-threaded kernels most of all (see bench/README.md).',
    );
  }
  return lines;
}

export function markdown(cfg: Config, engines: EngineResult[], h: Header): string {
  const specs = figureSpecs(cfg);
  const shown = engines.filter((e) => e.unavailable === null);
  const base = engines.find((e) => e.name === BASELINE && e.unavailable === null);
  const out: string[] = [];
  out.push('# tensorgrad benchmark', '');
  out.push(`- Date: ${h.date}`, `- Machine: ${h.machine}`, `- Mode: ${h.mode}`, ...loadLines(h));
  for (const e of engines) {
    out.push(`- ${e.name}: ${e.unavailable !== null ? `skipped — ${e.unavailable}` : e.info.join('; ')}`);
  }
  out.push('');
  out.push(
    'Each cell: median, then in parentheses the cost relative to PyTorch — how many times PyTorch’s time ' +
      '(or memory) the engine needs, so 1× is parity, 3× is three times slower, 0.5× twice as fast. ' +
      'For GFLOPS the ratio is PyTorch’s GFLOPS over the engine’s, so it reads the same way. ' +
      'See bench/README.md.',
    '',
  );
  const cols = shown.map((e) => e.name);
  out.push(`| Workload | Unit | ${cols.join(' | ')} |`, `|---|---|${cols.map(() => '---:').join('|')}|`);
  for (const spec of specs) {
    const b = base ? summaryOf(spec, base.figures.get(spec.id)) : null;
    const cells = shown.map((e) => {
      const s = summaryOf(spec, e.figures.get(spec.id));
      if (!s) return '—';
      const r = e === base ? null : costRatio(spec, s, b);
      return r === null ? fmt(s.median) : `${fmt(s.median)} (${fmtRatio(r)})`;
    });
    out.push(`| ${spec.label} | ${spec.unit} | ${cells.join(' | ')} |`);
  }
  out.push('', '### Spread (min – max over n samples)', '');
  out.push(`| Workload | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`);
  for (const spec of specs) {
    const cells = shown.map((e) => {
      const s = summaryOf(spec, e.figures.get(spec.id));
      return s ? `${fmt(s.min)} – ${fmt(s.max)} (n=${s.n})` : '—';
    });
    out.push(`| ${spec.label} | ${cells.join(' | ')} |`);
  }
  out.push('', '### Same work (check values against PyTorch)', '');
  out.push(...checks(specs, shown, base), '');
  const notes = engines.flatMap((e) => e.notes.map((n) => `- ${e.name}: ${n}`));
  if (notes.length > 0) out.push('### Notes', '', ...notes, '');
  return out.join('\n');
}

/** Each worker computes a value from identical inputs; they must agree with PyTorch's. */
function checks(specs: FigureSpec[], shown: EngineResult[], base: EngineResult | undefined): string[] {
  if (!base) return ['PyTorch did not run, so nothing was compared.'];
  const bad: string[] = [];
  let compared = 0;
  for (const spec of specs) {
    const want = base.figures.get(spec.id)?.check;
    if (want === undefined) continue;
    for (const e of shown) {
      if (e === base) continue;
      const got = e.figures.get(spec.id)?.check;
      if (got === undefined) continue;
      compared++;
      if (!(Math.abs(got - want) <= CHECK_RTOL * Math.max(Math.abs(got), Math.abs(want)))) {
        bad.push(`- ${e.name} ${spec.id}: ${got} where PyTorch gives ${want}`);
      }
    }
  }
  if (compared === 0) return ['No engine reported a value PyTorch also reported.'];
  if (bad.length > 0) return [`Mismatches (relative tolerance ${CHECK_RTOL}):`, ...bad];
  return [`All ${compared} compared values agree with PyTorch's within a relative ${CHECK_RTOL}.`];
}
