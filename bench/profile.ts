// `npm run bench -- --profile W4`: runs one workload on tensorgrad-js under `node --cpu-prof` and
// prints the functions with the most self time, to see where tensorgrad's time goes.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './harness.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = 20;

/** `worker` is the argument list after `node` that starts the tensorgrad worker (see build.ts). */
export function profileWorkload(root: string, worker: string[], workload: string, cfg: Config): void {
  const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-prof-'));
  try {
    const args = ['--cpu-prof', '--cpu-prof-dir', dir, ...worker];
    const r = spawnSync(process.execPath, [...args, '--engine', 'tensorgrad-js', '--config', JSON.stringify(cfg)], {
      cwd: root,
      env: { ...process.env, TENSORGRAD_BACKEND: 'js' },
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    if (r.status !== 0) process.stderr.write(r.stderr);
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) {
      process.stdout.write(`no profile was written for ${workload}\n`);
      return;
    }
    const prof = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as CpuProfile;
    process.stdout.write(topSelfTime(prof, root, workload));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self time per function (summed over call sites), biggest first, as a Markdown table. */
function topSelfTime(prof: CpuProfile, root: string, workload: string): string {
  const byNode = new Map<number, ProfileNode>(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const where = f.url ? place(f, root) : '(native)';
    const key = `${f.functionName || '(anonymous)'} — ${where}`;
    const dt = prof.timeDeltas[i] ?? 0;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  const lines = [
    `## tensorgrad-js CPU profile, ${workload} (whole worker process, ${(total / 1000).toFixed(0)} ms sampled)`,
    '',
    '| self ms | % | function — file:line (through source maps where there are any) |',
    '|---:|---:|---|',
    ...rows.map(([k, us]) => `| ${(us / 1000).toFixed(1)} | ${((100 * us) / total).toFixed(1)} | ${k} |`),
  ];
  return lines.join('\n') + '\n';
}

const maps = new Map<string, SourceMap | null>();

/** Where a frame's code was written: its source-mapped file and line when the file has a map. */
function place(f: ProfileNode['callFrame'], root: string): string {
  if (!maps.has(f.url)) {
    let map: SourceMap | null = null;
    try {
      if (f.url.startsWith('file://'))
        map = new SourceMap(JSON.parse(readFileSync(fileURLToPath(f.url) + '.map', 'utf8')));
    } catch {
      map = null;
    }
    maps.set(f.url, map);
  }
  const e = maps.get(f.url)?.findEntry(f.lineNumber, f.columnNumber);
  if (e && 'originalSource' in e) {
    const src = e.originalSource.startsWith('file://') ? e.originalSource : new URL(e.originalSource, f.url).href;
    return `${shortPath(src, root)}:${e.originalLine + 1}`;
  }
  return `${shortPath(f.url, root)}:${f.lineNumber + 1}`;
}

function shortPath(url: string, root: string): string {
  if (!url.startsWith('file://')) return url;
  const p = fileURLToPath(url);
  return p.startsWith(root) ? relative(root, p) : p;
}
