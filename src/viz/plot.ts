// torch.viz.curves: training curves (loss, and accuracy when given) per epoch, side by side, as a
// plain SVG document. The main job writes it to loss.svg; in a Deno Jupyter notebook the returned
// Figure displays inline (src/viz/display.ts).

import { argTypeError, checkOptionsArg } from '../tensor/argcheck.js';

interface Series {
  title: string;
  values: number[];
  color: string;
  /** Formats a y-axis tick. */
  format: (v: number) => string;
}

const W = 360;
const H = 240;
const PAD = { left: 52, right: 16, top: 32, bottom: 40 };

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Round tick steps (1, 2, 5 × 10^k) covering [lo, hi] in about five steps. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) as number;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function panel(s: Series, x0: number): string {
  const n = s.values.length;
  const lo0 = Math.min(...s.values);
  const hi0 = Math.max(...s.values);
  const ys = ticks(lo0, hi0);
  const lo = Math.min(lo0, ys[0]);
  const hi = Math.max(hi0, ys[ys.length - 1]);
  const px = (i: number): number => x0 + PAD.left + (n === 1 ? 0.5 : i / (n - 1)) * (W - PAD.left - PAD.right);
  const py = (v: number): number => PAD.top + (1 - (v - lo) / (hi - lo || 1)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  parts.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-size="13">${escape(s.title)}</text>`);
  for (const v of ys) {
    const y = py(v).toFixed(1);
    parts.push(`<line x1="${x0 + PAD.left}" x2="${x0 + W - PAD.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${x0 + PAD.left - 6}" y="${y}" dy="4" text-anchor="end" font-size="10">${s.format(v)}</text>`);
  }
  // Every epoch labelled while they fit (up to 20), else round steps.
  const epochs = n <= 20 ? s.values.map((_, i) => i + 1) : ticks(1, n).filter((e) => e >= 1 && e <= n);
  for (const e of epochs) {
    const x = px(e - 1).toFixed(1);
    parts.push(`<text x="${x}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${e}</text>`);
  }
  parts.push(`<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">epoch</text>`);
  const points = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
  parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  // A dot per epoch while they stay apart.
  if (n <= 50) {
    for (const [i, v] of s.values.entries()) {
      parts.push(`<circle cx="${px(i).toFixed(1)}" cy="${py(v).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
  }
  return parts.join('\n  ');
}

/** An SVG with the loss curve on the left and, when given, the accuracy curve on the right. */
export function curvesSvg(
  loss: readonly number[],
  accuracy: readonly number[] | null,
  title: string,
  accuracyTitle = 'test accuracy',
  validation: readonly number[] | null = null,
): string {
  if (loss.length === 0) throw new RangeError('curves(): the loss series is empty');
  const panels = [
    panel(
      {
        title: title === '' ? 'training loss' : `${title}: training loss`,
        values: [...loss],
        color: '#d62728',
        format: (v) => v.toFixed(2),
      },
      0,
    ),
  ];
  if (validation !== null && validation.length > 0) {
    panels.push(
      panel({ title: 'validation loss', values: [...validation], color: '#1f77b4', format: (v) => v.toFixed(2) }, W),
    );
  } else if (accuracy !== null && accuracy.length > 0) {
    panels.push(
      panel(
        {
          title: accuracyTitle,
          values: accuracy.map((a) => a * 100),
          color: '#1f77b4',
          format: (v) => `${v.toFixed(1)}%`,
        },
        W,
      ),
    );
  }
  const width = panels.length * W;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="white"/>
  ${panels.join('\n  ')}
</svg>
`;
}

/** A drawn picture: its SVG text. Displays inline in a Deno Jupyter notebook. */
export class Figure {
  constructor(readonly svg: string) {
    if (typeof svg !== 'string') throw argTypeError('Figure', 'svg', 1, 'str', svg);
  }

  toString(): string {
    return `<Figure ${/width="(\d+)" height="(\d+)"/.exec(this.svg)?.slice(1, 3).join('x') ?? ''}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export interface CurvesOpts {
  /** Test accuracy per epoch, as fractions in [0, 1]: drawn in a second panel. */
  accuracy?: readonly number[] | null;
  /** Prefix of the loss panel's title. */
  title?: string;
  /** The accuracy panel's title ('test accuracy' by default). */
  accuracyTitle?: string;
  /** Validation loss per epoch: drawn in the second panel instead of an accuracy. */
  validation?: readonly number[] | null;
}

/** Training loss (and accuracy) per epoch as a Figure: `torch.viz.curves(history.loss, { accuracy })`. */
export function curves(loss: readonly number[], opts: CurvesOpts = {}): Figure {
  if (!Array.isArray(loss) || loss.some((v) => typeof v !== 'number')) {
    throw new TypeError('curves(): loss must be an array of numbers');
  }
  checkOptionsArg('curves', 2, opts);
  for (const [key, v] of Object.entries(opts)) {
    if (key === 'accuracy' || key === 'validation') {
      if (v !== null && v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
        throw argTypeError('curves', key, 2, 'Array of numbers', v);
      }
    } else if (key === 'title' || key === 'accuracyTitle') {
      if (v !== undefined && typeof v !== 'string') throw argTypeError('curves', key, 2, 'str', v);
    } else throw new TypeError(`curves() got an unexpected keyword argument '${key}'`);
  }
  return new Figure(
    curvesSvg(loss, opts.accuracy ?? null, opts.title ?? '', opts.accuracyTitle, opts.validation ?? null),
  );
}
