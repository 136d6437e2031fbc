// dtypes and type promotion against PyTorch (fixtures from tests/oracle/dtype.py): promote_types,
// result_type and can_cast over every pair, each op kind's result dtype over tensor / 0-d tensor /
// scalar operands, and the default dtype's effect.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('dtype');

replayCases('dtype', cases);

test('dtype attributes', () => {
  assert.equal(String(torch.float32), 'torch.float32');
  assert.equal(torch.float, torch.float32);
  assert.equal(torch.double, torch.float64);
  assert.equal(torch.long, torch.int64);
  assert.equal(torch.int, torch.int32);
  assert.equal(torch.float32.is_floating_point, true);
  assert.equal(torch.int64.is_floating_point, false);
  assert.equal(torch.bool.is_signed, false);
  assert.equal(torch.int32.is_signed, true);
  assert.equal(torch.float64.is_complex, false);
});

test('dtypes PyTorch has and tensorgrad has not are named, print, and refuse every use with one message', () => {
  const named: [unknown, string][] = [
    [torch.int8, 'int8'],
    [torch.uint8, 'uint8'],
    [torch.int16, 'int16'],
    [torch.short, 'int16'],
    [torch.uint16, 'uint16'],
    [torch.uint32, 'uint32'],
    [torch.uint64, 'uint64'],
    [torch.float16, 'float16'],
    [torch.half, 'float16'],
    [torch.bfloat16, 'bfloat16'],
    [torch.complex32, 'complex32'],
    [torch.chalf, 'complex32'],
    [torch.complex64, 'complex64'],
    [torch.cfloat, 'complex64'],
    [torch.complex128, 'complex128'],
    [torch.cdouble, 'complex128'],
  ];
  const x = torch.ones(2);
  for (const [d, name] of named) {
    assert.ok(d instanceof torch.UnsupportedDType);
    assert.equal(String(d), `torch.${name}`);
    const message = new RegExp(
      `^torch\\.${name} is not supported: tensorgrad's dtypes are torch\\.float32, torch\\.float64, torch\\.int32, torch\\.int64 and torch\\.bool$`,
    );
    const uses: (() => unknown)[] = [
      () => torch.ones([2], { dtype: d } as never),
      () => torch.tensor([1, 2], { dtype: d } as never),
      () => torch.arange(3, { dtype: d } as never),
      () => torch.zeros_like(x, { dtype: d } as never),
      () => x.to(d as never),
      () => x.to({ dtype: d } as never),
      () => x.type(d as never),
      () => x.sum({ dtype: d } as never),
      () => x.new_zeros([2], { dtype: d } as never),
      () => new torch.nn.Linear(2, 2).to(d as never),
      () => torch.promote_types(d as never, torch.float32),
      () => torch.can_cast(d as never, torch.float32),
      () => torch.set_default_dtype(d as never),
      () => torch.ones([2], { dtype: name } as never),
    ];
    for (const use of uses) assert.throws(use, (e: Error) => e instanceof TypeError && message.test(e.message));
  }
});

test('casts to dtypes tensorgrad has not refuse, on tensors and modules', () => {
  const x = torch.ones(2);
  const casts: [() => unknown, string][] = [
    [() => x.half(), 'float16'],
    [() => x.bfloat16(), 'bfloat16'],
    [() => x.byte(), 'uint8'],
    [() => x.char(), 'int8'],
    [() => x.short(), 'int16'],
    [() => x.cfloat(), 'complex64'],
    [() => x.cdouble(), 'complex128'],
    [() => new torch.nn.Linear(2, 2).half(), 'float16'],
    [() => new torch.nn.Linear(2, 2).bfloat16(), 'bfloat16'],
  ];
  for (const [cast, name] of casts) {
    assert.throws(
      cast,
      (e: Error) => e instanceof TypeError && e.message.startsWith(`torch.${name} is not supported: `),
    );
  }
});
