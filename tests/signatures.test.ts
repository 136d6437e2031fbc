// Every declared op, called the wrong way: wrong types, missing and extra arguments, unknown
// options. Generated from the declarations themselves (src/ops/declare.ts DECLARATIONS), so a new
// op is covered the day it is declared. Each call must throw a TypeError worded as PyTorch's
// argument parser words it, naming the op (and, for a single signature, the argument).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { DECLARATIONS } from '../src/ops/declare.js';
import type { Param, Signature } from '../src/ops/signature.js';
import { internalError } from './fuzz_values.js';

/** A value of the parameter's type (the call is then well-typed up to the argument under test). */
function valueFor(p: Param): unknown {
  switch (p.typeText.replace(/\(a!?\)/, '').replace(/\?$/, '')) {
    case 'Tensor':
    case 'Tensor|Number':
      return torch.ones(2, 2);
    case 'Scalar':
    case 'float':
      return 1;
    case 'int':
    case 'SymInt':
      return 0;
    case 'bool':
      return false;
    case 'str':
      return 'none';
    case 'ScalarType':
      return torch.float32;
    case 'Tensor[]':
      return [torch.ones(2, 2)];
    case 'Generator':
      return new torch.Generator();
    case 'Any[]':
      return [];
    case 'Any':
      return 1;
    default:
      if (/^(int|SymInt)\[\d*\]$/.test(p.typeText.replace(/\?$/, ''))) return [0];
      return null;
  }
}

/** A value no parameter type accepts. */
const WRONG = Symbol('wrong');

interface Form {
  readonly label: string;
  readonly sigs: readonly Signature[];
  call(...args: unknown[]): unknown;
}

function forms(): Form[] {
  const out: Form[] = [];
  for (const d of DECLARATIONS) {
    const f = d.function;
    if (d.isFunction && f !== undefined) {
      out.push({ label: `torch.${d.name}`, sigs: d.functionSigs, call: (...a) => f(...a) });
    }
    if (d.methodSigs !== null) {
      const x = torch.ones(2, 2);
      const m = (x as unknown as Record<string, (...a: unknown[]) => unknown>)[d.name];
      out.push({ label: `Tensor.${d.name}`, sigs: d.methodSigs, call: (...a) => m.apply(x, a) });
    }
  }
  return out;
}

const FORMS = forms();

function expectTypeError(form: Form, args: unknown[], check: (msg: string) => boolean, what: string): void {
  let error: unknown;
  try {
    form.call(...args);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof TypeError, `${form.label} ${what}: expected a TypeError, got ${String(error)}`);
  const msg = error.message;
  assert.ok(!internalError(error), `${form.label} ${what}: internal error ${msg}`);
  assert.ok(check(msg), `${form.label} ${what}: unexpected message ${msg}`);
}

const named = (form: Form) => (msg: string) => msg.includes(`${form.sigs[0].name}()`);

test('the declarations cover the public surface', () => {
  assert.ok(DECLARATIONS.length > 150, `${DECLARATIONS.length} declarations`);
  for (const name of ['add', 'sum', 'matmul', 'cat', 'ones', 'narrow', 'backward', 'to']) {
    assert.ok(
      DECLARATIONS.some((d) => d.name === name),
      name,
    );
  }
});

test('a wrong type for any argument is a TypeError naming the op (and the argument)', () => {
  let calls = 0;
  for (const form of FORMS) {
    for (const sig of form.sigs) {
      if (sig.hidden) continue;
      const positional = sig.params.filter((p) => !p.kwOnly);
      for (let i = 0; i < positional.length; i++) {
        const args = positional.slice(0, i).map(valueFor);
        args.push(WRONG);
        const param = positional[i];
        // `Any` takes every value by design (tensor data, dtype names): the op checks it itself.
        if (param.typeText.startsWith('Any') && !param.typeText.startsWith('Any[]')) continue;
        expectTypeError(
          form,
          args,
          (msg) =>
            named(form)(msg) &&
            (form.sigs.length > 1 || msg.includes(`'${param.name}'`) || msg.includes('positional argument')),
          `(${sig.name} argument ${param.name})`,
        );
        calls++;
      }
      for (const param of sig.params.filter((p) => p.kwOnly)) {
        const args = positional.filter((p) => !p.optional).map(valueFor);
        args.push({ [param.name]: WRONG });
        expectTypeError(form, args, named(form), `(keyword ${param.name})`);
        calls++;
      }
    }
  }
  assert.ok(calls > 500, `${calls} calls`);
});

test('unknown options are refused with PyTorch\'s "unexpected keyword argument"', () => {
  for (const form of FORMS) {
    const sig = form.sigs[0];
    const args = sig.params.filter((p) => !p.kwOnly && !p.optional).map(valueFor);
    // A required keyword-only argument (solve_triangular's `upper`) is given, or its absence is the error.
    const required = sig.params.filter((p) => p.kwOnly && !p.optional).map((p) => [p.name, valueFor(p)]);
    args.push({ ...Object.fromEntries(required), requires_gard: true });
    expectTypeError(
      form,
      args,
      (msg) =>
        named(form)(msg) &&
        (msg.includes("unexpected keyword argument 'requires_gard'") ||
          msg.includes('received an invalid combination of arguments')),
      'with an unknown option',
    );
  }
});

test('too many arguments, and missing ones, are TypeErrors naming the op', () => {
  for (const form of FORMS) {
    const most = Math.max(...form.sigs.map((s) => s.maxPos));
    const extra = Array.from({ length: most + 1 }, () => WRONG);
    expectTypeError(form, extra, named(form), 'with too many arguments');
    const needs = form.sigs.every((s) => s.minArgs > 0 && s.params.some((p) => !p.optional && !p.kwOnly));
    if (needs) expectTypeError(form, [], named(form), 'with no arguments');
  }
});

test("PyTorch's texts: positions, keywords, overload lists", () => {
  const a = torch.ones(2, 3);
  const msg = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const any = a as unknown as Record<string, (...x: unknown[]) => unknown>;
  assert.equal(
    msg(() => any.matmul(2)),
    "matmul(): argument 'other' (position 1) must be Tensor, not number",
  );
  assert.equal(
    msg(() => (torch.cat as unknown as (...x: unknown[]) => unknown)([a, 1])),
    'expected Tensor as element 1 in argument 0, but got number',
  );
  assert.match(
    msg(() => any.narrow(1, 2)),
    /^narrow\(\) received an invalid combination of arguments - got \(number, number\), but expected one of:\n \* \(int dim, Tensor start, int length\)\n \* \(int dim, int start, int length\)$/,
  );
  assert.equal(
    msg(() => (torch.tensor as unknown as () => unknown)()),
    'tensor() missing 1 required positional arguments: "data"',
  );
  assert.equal(
    msg(() => (torch.ones as unknown as (...x: unknown[]) => unknown)(2, { requires_gard: true })),
    "ones() got an unexpected keyword argument 'requires_gard'",
  );
  assert.equal(
    msg(() => any.softmax(1, true)),
    'softmax() received an invalid combination of arguments - got (number, boolean), but expected one of:\n' +
      ' * (int dim, torch.dtype dtype)\n * (name dim, *, torch.dtype dtype)',
  );
  assert.equal(
    msg(() => any.sum(1, { dim: 0 })),
    'sum() received an invalid combination of arguments - got (number, dim=number), but expected one of:\n' +
      ' * (*, torch.dtype dtype)\n * (tuple of ints dim, bool keepdim, *, torch.dtype dtype)\n' +
      ' * (tuple of names dim, bool keepdim, *, torch.dtype dtype)',
  );
  assert.equal(
    msg(() => any.add(a, a, a)),
    'add() takes 1 positional argument but 3 were given',
  );
  assert.equal(
    msg(() => any.permute(0, 'a')),
    "permute(): argument 'dims' must be tuple of ints, but found element of type string at pos 2",
  );
});

test('keywords may name any parameter PyTorch lets a caller name', () => {
  const x = torch.tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { requires_grad: true },
  );
  assert.deepEqual(x.sum({ dim: 1, keepdim: true }).tolist(), [[3], [7]]);
  assert.deepEqual(x.narrow({ dim: 0, start: 1, length: 1 }).tolist(), [[3, 4]]);
  assert.deepEqual(torch.add(x, x, { alpha: 2 }).tolist(), [
    [3, 6],
    [9, 12],
  ]);
  const y = x.mul(2).sum();
  y.backward({ gradient: torch.tensor(2), retain_graph: true });
  assert.deepEqual(x.grad?.tolist(), [
    [4, 4],
    [4, 4],
  ]);
  assert.deepEqual(x.detach().clone().copy_(0.5).tolist(), [
    [0.5, 0.5],
    [0.5, 0.5],
  ]);
});

test("PyTorch's other names are the same ops (arcsin for asin, ...)", () => {
  const x = torch.tensor([0.25, 0.5], { dtype: torch.float64 });
  const y = torch.tensor([1.5, 2.5], { dtype: torch.float64 });
  const pairs: [torch.Tensor, torch.Tensor][] = [
    [torch.arcsin(x), torch.asin(x)],
    [torch.arccos(x), torch.acos(x)],
    [torch.arctan(x), torch.atan(x)],
    [torch.arcsinh(x), torch.asinh(x)],
    [torch.arccosh(y), torch.acosh(y)],
    [torch.arctanh(x), torch.atanh(x)],
    [x.arcsin(), x.asin()],
    [x.clone().arctan_(), x.atan()],
  ];
  for (const [a, b] of pairs) assert.deepEqual(a.tolist(), b.tolist());
  assert.equal(torch.arcsin(x.clone().requires_grad_()).grad_fn?.name(), 'AsinBackward0');
});
