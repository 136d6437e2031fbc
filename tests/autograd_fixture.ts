// Replays tests/fixtures/autograd.json (written by tests/oracle/autograd.py): each case is a
// small program run in PyTorch; the test files implement the same program per case name and
// compare every value it returns.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { Tensor } from '../src/index.js';
import { assertTensor, loadFixture, type EncTensor } from './helpers.js';

interface Case {
  name: string;
  result: unknown;
}

/** float32 tensor (Python's T). */
export const T = (data: torch.NestedData, rg = false): Tensor => torch.tensor(data, { requires_grad: rg });
/** float64 tensor (Python's D). */
export const D = (data: torch.NestedData, rg = false): Tensor =>
  torch.tensor(data, { dtype: torch.float64, requires_grad: rg });

/** A grad_fn's name, null for none. */
export const name = (fn: torch.autograd.Node | null): string | null => (fn === null ? null : fn.name());

/** next_functions as [name, input_nr] pairs. */
export const nexts = (fn: torch.autograd.Node | null): [string | null, number][] =>
  (fn as torch.autograd.Node).next_functions.map(([f, nr]) => [name(f), nr]);

/** The first line of the error fn throws, or null when it does not throw. */
export function err(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
  return null;
}

/** The messages of the warnings fn emits (process.emitWarning), captured synchronously. */
export function warningOf(fn: () => unknown): string[] {
  const seen: string[] = [];
  const original = process.emitWarning;
  process.emitWarning = ((w: string | Error) => {
    seen.push(typeof w === 'string' ? w : w.message);
  }) as typeof process.emitWarning;
  try {
    fn();
  } finally {
    process.emitWarning = original;
  }
  return seen;
}

function isEnc(v: unknown): v is EncTensor {
  return typeof v === 'object' && v !== null && 'shape' in v && 'dtype' in v && 'data' in v;
}

/** Compares a result with PyTorch's: tensors by value, lists and objects member by member. */
export function expectResult(actual: unknown, expected: unknown, path: string): void {
  if (expected === null) {
    assert.ok(actual === null || actual === undefined, `${path}: expected None, got ${String(actual)}`);
  } else if (isEnc(expected)) {
    assert.ok(actual instanceof Tensor, `${path}: expected a tensor, got ${String(actual)}`);
    assertTensor(actual, expected, { label: path });
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list, got ${String(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => expectResult(actual[i], e, `${path}[${i}]`));
  } else if (typeof expected === 'object') {
    assert.ok(typeof actual === 'object' && actual !== null, `${path}: expected an object`);
    for (const [k, e] of Object.entries(expected))
      expectResult((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

/**
 * Registers one test per case of tests/fixtures/<fixture>.json; every case must have an
 * implementation (so a case added to the oracle cannot be silently skipped), and every
 * implementation a case.
 */
export function runCases(fixture: string, impls: Record<string, () => unknown>): void {
  const cases = loadFixture<Case>(fixture);
  test(`${fixture}: every oracle case is implemented`, (t) => {
    const missing = cases.filter((c) => !(c.name in impls)).length;
    t.diagnostic(
      `${fixture}.json: ${cases.length} oracle cases: ${cases.length - missing} replayed, ${missing} missing`,
    );
    assert.deepEqual(
      cases.map((c) => c.name).filter((n) => !(n in impls)),
      [],
    );
    assert.deepEqual(
      Object.keys(impls).filter((n) => !cases.some((c) => c.name === n)),
      [],
      'implemented cases missing from the fixture',
    );
  });
  for (const c of cases) {
    const impl = impls[c.name];
    if (impl === undefined) continue;
    test(c.name, () => expectResult(impl(), c.result, c.name));
  }
}
