// x.shape and x.size() are a torch.Size: an array of numbers that prints as PyTorch prints it and,
// like Python's tuple, cannot be changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import * as torch from '../src/index.js';

test('x.shape is a torch.Size that prints torch.Size([2, 3])', () => {
  const x = torch.ones(2, 3);
  assert.deepEqual(x.shape, [2, 3]);
  assert.equal(String(x.shape), 'torch.Size([2, 3])');
  assert.equal(inspect(x.size()), 'torch.Size([2, 3])');
  assert.equal(String(torch.ones([]).shape), 'torch.Size([])');
  assert.ok(x.shape instanceof torch.Size);
  assert.ok(!([2, 3] instanceof torch.Size));
  assert.equal(x.size(-1), 3);
  assert.deepEqual([...x.shape, 4], [2, 3, 4]);
  assert.equal(JSON.stringify(x.shape), '[2,3]');
});

test('torch.Size(...) makes one; it cannot be changed', () => {
  const s = torch.Size([4, 5]);
  assert.equal(String(s), 'torch.Size([4, 5])');
  assert.equal(String(new torch.Size([1])), 'torch.Size([1])');
  assert.deepEqual(torch.ones(s).shape, [4, 5]);
  assert.throws(() => (torch.ones(2).shape as number[]).push(3), TypeError);
  assert.throws(() => torch.Size([1.5]), /torch.Size\(\) takes an iterable of 'int'/);
});

test('a tensor whose .data is replaced reports the new shape', () => {
  const x = torch.ones(2, 3);
  assert.equal(String(x.shape), 'torch.Size([2, 3])');
  x.data = torch.ones(4);
  assert.equal(String(x.shape), 'torch.Size([4])');
});

test('torch.Tensor(...): the legacy constructor, with or without new', () => {
  assert.equal(String(new torch.Tensor([1, 2])), 'tensor([1., 2.])');
  assert.equal(String(torch.Tensor([[1, 2]])), 'tensor([[1., 2.]])');
  assert.equal(String(torch.Tensor(2, 3).shape), 'torch.Size([2, 3])');
  assert.equal(torch.Tensor(2).dtype, torch.float32);
  assert.ok(torch.ones(2) instanceof torch.Tensor);
  assert.throws(() => torch.Tensor(1.5), /data must be a sequence \(got float\)/);
});
