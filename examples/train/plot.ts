// loss.svg: training loss and test accuracy per epoch, side by side, as a plain SVG document.

export interface Series {
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
  s.values.forEach((_, i) => {
    const x = px(i).toFixed(1);
    parts.push(`<text x="${x}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${i + 1}</text>`);
  });
  parts.push(`<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">epoch</text>`);
  const points = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
  parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  for (const [i, v] of s.values.entries()) {
    parts.push(`<circle cx="${px(i).toFixed(1)}" cy="${py(v).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  return parts.join('\n  ');
}

/** An SVG with one panel per series, side by side. */
export function panelsSvg(series: Series[]): string {
  const width = series.length * W;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H}" viewBox="0 0 ${width} ${H}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="white"/>
  ${series.map((s, i) => panel(s, i * W)).join('\n  ')}
</svg>
`;
}

/** An SVG with the loss curve on the left and the accuracy curve on the right. */
export function curvesSvg(loss: number[], accuracy: number[], title: string): string {
  return panelsSvg([
    { title: `${title}: training loss`, values: loss, color: '#d62728', format: (v) => v.toFixed(2) },
    {
      title: 'test accuracy',
      values: accuracy.map((a) => a * 100),
      color: '#1f77b4',
      format: (v) => `${v.toFixed(1)}%`,
    },
  ]);
}
