// torch.utils.data against PyTorch 1.13 (fixtures from tests/oracle/data.py): DataLoader batches
// over three passes (shuffled with a seeded generator or the global seed, drop_last), the random
// draws it leaves behind, default_collate, and error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, errorOf, loadFixture, type EncTensor } from './helpers.js';

const { DataLoader, Dataset, TensorDataset, default_collate } = torch.utils.data;

interface LoaderCase {
  n: number;
  batch_size: number;
  shuffle: boolean;
  drop_last: boolean;
  generator_seed: number | null;
  len: number;
  passes: [number[], EncTensor][][];
  global_after: EncTensor;
  generator_after: EncTensor | null;
}

interface Fixture {
  loaders: LoaderCase[];
  collate: { x: EncTensor; label: EncTensor; w: EncTensor; pair: [EncTensor, EncTensor] }[];
  errors: Record<string, string>;
  splits: {
    n: number;
    lengths: number[];
    generator_seed: number | null;
    indices: number[][];
    global_after: EncTensor;
  }[];
}

const [fx] = loadFixture<Fixture>('data');

for (const c of fx.loaders) {
  const name = `DataLoader n=${c.n} batch_size=${c.batch_size} shuffle=${c.shuffle} drop_last=${c.drop_last} generator=${c.generator_seed}`;
  test(name, () => {
    torch.manual_seed(0);
    const ds = new TensorDataset(torch.arange(c.n), torch.arange(c.n, { dtype: torch.float32 }).mul(0.5));
    const generator = c.generator_seed === null ? null : new torch.Generator().manual_seed(c.generator_seed);
    const loader = new DataLoader(ds, {
      batch_size: c.batch_size,
      shuffle: c.shuffle,
      drop_last: c.drop_last,
      generator,
    });
    assert.equal(loader.length, c.len);
    for (const want of c.passes) {
      const got: Tensor[][] = [...loader];
      assert.equal(got.length, want.length, 'batches per pass');
      got.forEach(([idx, half], i) => {
        assert.deepEqual(idx.tolist(), want[i][0], `batch ${i} indices`);
        assert.equal(idx.dtype, torch.int64);
        assertTensor(half, want[i][1], { label: `batch ${i} values` });
      });
    }
    assertTensor(torch.rand(3), c.global_after, { label: 'global stream after' });
    if (generator !== null) assertTensor(torch.rand(3, { generator }), c.generator_after as EncTensor);
  });
}

class Pairs extends Dataset<Record<string, unknown>> {
  get length(): number {
    return 5;
  }

  get(i: number): Record<string, unknown> {
    return { x: torch.tensor([i, i * 2.0]), label: i % 3, w: i * 0.25, pair: [i, torch.tensor(i * 1.5)] };
  }
}

test('default_collate batches dicts, numbers and tuples as PyTorch does', () => {
  const ds = new Pairs();
  const loader = new DataLoader(ds, { batch_size: 3 });
  const batches = [...loader] as unknown as Record<string, unknown>[];
  assert.equal(batches.length, fx.collate.length);
  batches.forEach((b, i) => {
    const want = fx.collate[i];
    assertTensor(b.x as Tensor, want.x);
    assertTensor(b.label as Tensor, want.label);
    assertTensor(b.w as Tensor, want.w);
    const [p0, p1] = b.pair as Tensor[];
    assertTensor(p0, want.pair[0]);
    assertTensor(p1, want.pair[1]);
  });
  assert.deepEqual((default_collate([1, 2]) as Tensor).tolist(), [1, 2]);
});

test('collate_fn and custom datasets', () => {
  const ds = new Pairs();
  const loader = new DataLoader(ds, { batch_size: 2, collate_fn: (s) => s.length });
  assert.deepEqual([...loader], [2, 2, 1]);
});

test('data error texts', () => {
  assert.equal(
    errorOf(() => new DataLoader(new TensorDataset(torch.zeros(0)), { shuffle: true })),
    fx.errors['empty shuffled'],
  );
  assert.equal(
    errorOf(() => new DataLoader(new TensorDataset(torch.zeros(3)), { batch_size: 0 })),
    fx.errors['batch_size 0'],
  );
  assert.equal(
    errorOf(() => new TensorDataset(torch.zeros(3), torch.zeros(4))),
    fx.errors['size mismatch'],
  );
});

for (const c of fx.splits) {
  test(`random_split n=${c.n} lengths=[${c.lengths.join(', ')}] generator=${c.generator_seed}`, () => {
    torch.manual_seed(0);
    const ds = new TensorDataset(torch.arange(c.n));
    const parts =
      c.generator_seed === null
        ? torch.utils.data.random_split(ds, c.lengths)
        : torch.utils.data.random_split(ds, c.lengths, new torch.Generator().manual_seed(c.generator_seed));
    assert.deepEqual(
      parts.map((p) => p.indices),
      c.indices,
    );
    parts.forEach((p, i) => {
      assert.equal(p.length, c.indices[i].length);
      if (p.length > 0) assert.equal(p.get(0)[0].item(), c.indices[i][0]);
    });
    assertTensor(torch.rand(2), c.global_after, { label: 'global stream after' });
  });
}

test('random_split error texts', () => {
  const ds = new TensorDataset(torch.zeros(10));
  assert.equal(
    errorOf(() => torch.utils.data.random_split(ds, [5, 3])),
    fx.errors['random_split sum'],
  );
  assert.equal(
    errorOf(() => torch.utils.data.random_split(ds, [1.5, -0.5])),
    fx.errors['random_split fraction'],
  );
  assert.throws(
    () => torch.utils.data.random_split(3 as never, [1]),
    /random_split\(\): argument 'dataset' \(position 1\) must be Dataset or Array, not number/,
  );
});

test('DataLoader over an array of samples batches as over the same rows in a TensorDataset (a Python list serves as a dataset)', () => {
  const rows = torch.randn(5, 3);
  const list = Array.from({ length: 5 }, (_, i) => rows.select(0, i));
  const fromList = [...new DataLoader(list, { batch_size: 2 })];
  const fromTensors = [...new DataLoader(new torch.utils.data.TensorDataset(rows), { batch_size: 2 })];
  assert.equal(new DataLoader(list, { batch_size: 2 }).length, fromTensors.length);
  assert.equal(fromList.length, fromTensors.length);
  fromList.forEach((b, i) => assert.ok(torch.equal(b as unknown as torch.Tensor, fromTensors[i][0])));
});

test('DataLoader without a dataset is a TypeError naming the argument', () => {
  for (const bad of [undefined, null, 3, 'abc', {}]) {
    assert.throws(
      () => new DataLoader(bad as never),
      (e: Error) =>
        e instanceof TypeError && e.message.startsWith("DataLoader(): argument 'dataset' (position 1) must be Dataset"),
    );
  }
});
