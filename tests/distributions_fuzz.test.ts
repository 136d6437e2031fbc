// Random calls over torch.distributions (every class constructed with junk and with valid
// parameters, then its public methods and getters called with random arguments; constraints,
// kl_divergence, register_kl): what is thrown must be a library message, never an internal
// JavaScript error (tests/fuzz_values.ts internalError).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { internalError, rng, valuePool } from './fuzz_values.js';

test('random calls over torch.distributions throw no internal error', () => {
  const D = torch.distributions as unknown as Record<string, unknown>;
  const pool = valuePool();
  const rand = rng(7);
  const pick = () => pool[Math.floor(rand() * pool.length)]();
  const bad: string[] = [];
  const classes = Object.entries(D).filter(
    ([, v]) => typeof v === 'function' && /^[A-Z]/.test((v as { name: string }).name),
  );
  const objs: unknown[] = [];
  function tryIt(label: string, f: () => unknown): unknown {
    try {
      return f();
    } catch (e) {
      if (internalError(e)) bad.push(`${label}: ${(e as Error).message}`);
      return undefined;
    }
  }
  const goodParams = () => [torch.rand(3).add(0.1), torch.rand(3).add(0.1)];
  for (let i = 0; i < 1500; i++) {
    const [name, C] = classes[Math.floor(rand() * classes.length)] as [string, new (...a: unknown[]) => unknown];
    const n = Math.floor(rand() * 4);
    const args =
      rand() < 0.5 ? Array.from({ length: n }, pick) : [...goodParams().slice(0, n), ...(rand() < 0.5 ? [pick()] : [])];
    const o = tryIt(`new ${name}(${args.map((a) => typeof a).join(',')})`, () => new C(...args));
    if (o) objs.push(o);
  }
  assert.ok(objs.length > 100, `only ${objs.length} distributions constructed`);
  for (const o of objs) {
    const proto = Object.getPrototypeOf(o);
    const names = new Set<string>();
    for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
      for (const k of Object.getOwnPropertyNames(p)) names.add(k);
    for (const k of names) {
      if (k === 'constructor' || k.startsWith('_')) continue;
      const label = `${(o as object).constructor.name}.${k}`;
      const v = tryIt(label, () => (o as Record<string, unknown>)[k]);
      if (typeof v === 'function') {
        for (let j = 0; j < 3; j++) {
          const args = Array.from({ length: Math.floor(rand() * 3) }, pick);
          tryIt(`${label}(${args.map((a) => (a as object)?.constructor?.name ?? typeof a).join(',')})`, () =>
            (v as (...a: unknown[]) => unknown).apply(o, args),
          );
        }
      }
    }
    for (const o2 of objs.slice(0, 20))
      tryIt('kl', () => (D.kl_divergence as (a: unknown, b: unknown) => unknown)(o, o2));
  }
  const C = D.constraints as Record<string, unknown>;
  for (const [k, v] of Object.entries(C)) {
    for (let j = 0; j < 20; j++) {
      const args = Array.from({ length: Math.floor(rand() * 3) }, pick);
      if (typeof v === 'function') tryIt(`constraints.${k}`, () => (v as (...a: unknown[]) => unknown)(...args));
      else tryIt(`constraints.${k}.check`, () => (v as { check: (x: unknown) => unknown }).check(args[0]));
    }
  }
  for (let j = 0; j < 50; j++) {
    const a = [pick(), pick()];
    tryIt('register_kl', () => (D.register_kl as (...x: unknown[]) => unknown)(...a));
    tryIt('kl_divergence', () => (D.kl_divergence as (...x: unknown[]) => unknown)(...a));
    tryIt('Distribution.set_default_validate_args', () =>
      (D.Distribution as { set_default_validate_args: (v: unknown) => void }).set_default_validate_args(a[0]),
    );
  }
  (D.Distribution as { set_default_validate_args: (v: unknown) => void }).set_default_validate_args(true);
  assert.deepEqual([...new Set(bad)].slice(0, 20), []);
});
