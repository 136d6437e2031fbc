// The profiler against PyTorch where the clock does not enter (fixtures from
// tests/oracle/profiler.py): event keys and counts, nesting under record_function, and the CPU
// table's lines with times blanked; then its API (start/stop, record_shapes, sort keys, row
// limit, chrome trace) and errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';

interface ProfilerCase {
  name: string;
  keys?: [string, number][];
  table?: string[];
  top?: string[];
  children?: string[];
}
const cases = loadFixture<ProfilerCase>('profiler');
const byName = (n: string): ProfilerCase => cases.find((c) => c.name === n) as ProfilerCase;
const TIME = /\d+\.\d+(us|ms|s)|\d+\.\d+%/g;

test('profiler: the autograd tutorial loop, keys, counts and table as PyTorch', () => {
  const want = byName('autograd tutorial loop');
  const x = torch.randn([2, 3], { requires_grad: true });
  const y = torch.rand([2, 3], { requires_grad: true });
  let z = torch.ones([2, 3], { requires_grad: true });
  const prf = torch.autograd.profiler.profile({ use_cuda: false }, () => {
    for (let i = 0; i < 1000; i++) z = z.div(x).mul(y);
  });
  const avg = prf.key_averages();
  assert.deepEqual(
    avg.map((e) => [e.key, e.count]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    want.keys,
  );
  // Both rows have 1000 calls, so sort by name for a stable order, as the fixture's ties came out.
  const table = avg
    .table({ sort_by: 'count' })
    .split('\n')
    .map((l) => l.replace(TIME, '#'));
  assert.deepEqual(table.slice(0, 3), want.table?.slice(0, 3));
  assert.deepEqual(table.slice(5), want.table?.slice(5));
  // The rows' padding depends on the times' lengths: compare them with the spaces collapsed.
  const squash = (rows: string[] | undefined): string[] => (rows ?? []).map((r) => r.replace(/ +/g, ' ')).sort();
  assert.deepEqual(squash(table.slice(3, 5)), squash(want.table?.slice(3, 5)));
  const total = avg.reduce((s, e) => s + e.self_cpu_time_total, 0);
  assert.ok(Math.abs(prf.self_cpu_time_total - total) < 1e-6 * Math.max(1, total));
  for (const e of avg) assert.ok(e.cpu_time_total >= 0 && Math.abs(e.cpu_time * e.count - e.cpu_time_total) < 1e-6);
});

test('profiler: record_function nests the calls made in its block', () => {
  const want = byName('record_function block');
  const a = torch.ones(4, 5);
  let b: torch.Tensor | undefined;
  const p = torch.profiler.profile({}, () => {
    b = torch.profiler.record_function('my_block', () => a.mul(2).add(1));
    (b as torch.Tensor).matmul(a.t());
  });
  const events = p.events();
  assert.deepEqual(
    events
      .filter((e) => e.cpu_parent === null)
      .map((e) => e.name)
      .sort(),
    want.top,
  );
  const block = events.find((e) => e.name === 'my_block');
  assert.deepEqual(block?.cpu_children.map((e) => e.name).sort(), want.children);
  assert.ok(block !== undefined && block.self_cpu_time_total <= block.cpu_time_total);
  // Outside a profile, record_function only runs its block.
  assert.equal(
    torch.profiler.record_function('x', () => 7),
    7,
  );
});

test('profiler: start/stop, record_shapes, row_limit, sort keys, chrome trace and errors', () => {
  const p = torch.profiler.profile({ record_shapes: true });
  const x = torch.ones(2, 3);
  x.exp(); // not recorded: not started
  p.start();
  x.exp();
  torch.add(x, x);
  p.stop();
  x.exp(); // not recorded: stopped
  const avg = p.key_averages(true);
  assert.deepEqual(avg.map((e) => [e.key, e.count, e.input_shapes]).sort(), [
    [
      'aten::add',
      1,
      [
        [2, 3],
        [2, 3],
      ],
    ],
    ['aten::exp', 1, [[2, 3]]],
  ]);
  const lines = avg.table({ sort_by: 'cpu_time_total', row_limit: 1 }).split('\n');
  assert.match(lines[1], /Input Shapes {2}$/);
  assert.equal(lines.length, 7); // sep, header, sep, one row, sep, total, ''
  assert.throws(() => avg.table({ sort_by: 'bogus' }), /has no attribute 'bogus'/);
  assert.throws(() => torch.profiler.profile({ use_cuda: true }), /CPU only/);
  assert.throws(() => torch.profiler.profile({ bogus: 1 } as never), /unexpected keyword argument 'bogus'/);
  assert.throws(() => torch.profiler.record_function(3 as never, () => 0), TypeError);
  const dir = mkdtempSync(join(tmpdir(), 'tg-prof-'));
  p.export_chrome_trace(join(dir, 'trace.json'));
  const trace = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8')) as { traceEvents: { name: string }[] };
  assert.deepEqual(trace.traceEvents.map((e) => e.name).sort(), ['aten::add', 'aten::exp']);
  // A disabled profile records nothing; the tracer is restored after an exception.
  const off = torch.profiler.profile({ enabled: false }, () => x.exp());
  assert.equal(off.events().length, 0);
  assert.throws(() =>
    torch.profiler.profile({}, () => {
      throw new Error('boom');
    }),
  );
  const after = torch.profiler.profile({}, () => x.exp());
  assert.deepEqual(
    after.events().map((e) => e.name),
    ['aten::exp'],
  );
  assert.equal(torch.profiler.ProfilerActivity.CPU, 'ProfilerActivity.CPU');
  assert.ok(String(after.events()[0]).startsWith('<FunctionEvent id=0 name=aten::exp'));
  assert.ok(String(after.key_averages()[0]).startsWith('<FunctionEventAvg key=aten::exp'));
  assert.equal(after.events().total_average().count, 1);
});
