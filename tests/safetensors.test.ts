// safetensors against files Python reads and writes (tests/oracle/safetensors.py, which parses
// the format by hand with numpy): what tensorgrad writes loads in Python with the same values and
// follows the format's rules; what Python writes (every dtype, metadata, a model's state_dict)
// loads here; a corpus of malformed files, and random corruptions of a good one, are refused with
// a SafetensorsError.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, loadFixture, type EncTensor } from './helpers.js';
import { tsFiles } from './oracle/safetensors_write.js';

const { SafetensorsError, load, loadWithMetadata, load_file, save, save_file } = torch.safetensors;
const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'safetensors');

interface Fixture {
  ts_files: Record<
    string,
    { keys: string[]; metadata: Record<string, string> | null; tensors: Record<string, EncTensor> }
  >;
  py_all: Record<string, EncTensor>;
  py_model: { state: Record<string, EncTensor>; probe: EncTensor; out: EncTensor };
  bad: { file: string; what: string; mentions: string[] }[];
}

const [fx] = loadFixture<Fixture>('safetensors');

test('the writer still produces the files Python read', () => {
  for (const [name, f] of Object.entries(tsFiles())) {
    const committed = new Uint8Array(readFileSync(join(dir, `${name}.safetensors`)));
    assert.deepEqual(save(f.tensors, f.metadata), committed, name);
  }
});

test('Python reads back what tensorgrad wrote', () => {
  for (const [name, f] of Object.entries(tsFiles())) {
    const seen = fx.ts_files[name];
    assert.deepEqual(seen.keys, [...f.tensors.keys()], `${name} keys`);
    assert.deepEqual(seen.metadata, f.metadata ?? null, `${name} metadata`);
    for (const [k, t] of f.tensors) {
      assertTensor(t, seen.tensors[k], { rtol: 0, atol: 0, label: `${name}.${k}` });
    }
  }
});

test('files Python wrote load with every dtype and the metadata', () => {
  const { tensors, metadata } = loadWithMetadata(new Uint8Array(readFileSync(join(dir, 'py_all.safetensors'))));
  assert.deepEqual(Object.keys(tensors), Object.keys(fx.py_all));
  for (const [k, want] of Object.entries(fx.py_all)) assertTensor(tensors[k], want, { rtol: 0, atol: 0, label: k });
  assert.deepEqual(metadata, { framework: 'pt', note: 'é ✓' });
});

test("a PyTorch model's state_dict saved in Python loads into the same tensorgrad model", () => {
  const model = new torch.nn.Sequential(new torch.nn.Linear(3, 4), new torch.nn.ReLU(), new torch.nn.Linear(4, 2));
  model.load_state_dict(load_file(join(dir, 'py_model.safetensors')));
  for (const [k, v] of model.state_dict()) assertTensor(v, fx.py_model.state[k], { rtol: 0, atol: 0, label: k });
  assertTensor(model.forward(dec(fx.py_model.probe)) as Tensor, fx.py_model.out);
});

test('state_dict round trip through a file', () => {
  torch.manual_seed(1);
  const model = new torch.nn.Sequential(
    new torch.nn.Conv2d(1, 2, 3),
    new torch.nn.BatchNorm2d(2),
    new torch.nn.Flatten(),
  );
  model.forward(torch.randn(2, 1, 4, 4));
  const file = join(mkdtempSync(join(tmpdir(), 'tg-st-')), 'model.safetensors');
  save_file(model.state_dict(), file, { epoch: '3' });
  const copy = new torch.nn.Sequential(
    new torch.nn.Conv2d(1, 2, 3),
    new torch.nn.BatchNorm2d(2),
    new torch.nn.Flatten(),
  );
  copy.load_state_dict(load_file(file));
  for (const [[k, a], [, b]] of [...model.state_dict()].map((e, i) => [e, [...copy.state_dict()][i]])) {
    assert.deepEqual(b.tolist(), a.tolist(), k);
    assert.equal(b.dtype, a.dtype, k);
  }
});

test('a tensor may be named __proto__', () => {
  const t = load(save({ ['__proto__']: torch.ones(2) } as Record<string, Tensor>));
  assert.deepEqual(Object.keys(t), ['__proto__']);
  assert.deepEqual(t['__proto__'].tolist(), [1, 1]);
});

// Each malformed file is refused with a SafetensorsError that names what is wrong: the numbers,
// tensor and header values the oracle put in the bytes (safetensors.py `mentions`).
for (const { file, what, mentions } of fx.bad) {
  test(`malformed: ${what}`, () => {
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    assert.throws(
      () => load(bytes),
      (e: unknown) => {
        assert.ok(e instanceof SafetensorsError, `${what}: ${String(e)}`);
        assert.match(e.message, /^safetensors: /);
        for (const m of mentions) assert.ok(e.message.includes(m), `${what}: "${e.message}" does not name ${m}`);
        return true;
      },
    );
  });
}

test('random corruptions of a good file load or throw SafetensorsError, nothing else', () => {
  const good = new Uint8Array(readFileSync(join(dir, 'py_all.safetensors')));
  // A small linear congruential generator keeps the corruptions the same on every run.
  let state = 12345;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  let refused = 0;
  for (let i = 0; i < 2000; i++) {
    const bytes = good.slice(0, i % 7 === 0 ? next(good.length) : good.length);
    const flips = 1 + next(4);
    for (let k = 0; k < flips && bytes.length > 0; k++) bytes[next(Math.min(bytes.length, 8 + 600))] = next(256);
    try {
      load(bytes);
    } catch (e) {
      assert.ok(e instanceof SafetensorsError, `corruption ${i}: ${(e as Error).message}`);
      refused++;
    }
  }
  assert.ok(refused > 1000);
});
