// A module constructor's call bound to its PyTorch signature, by parameter name: positional
// arguments and the options object both reach their parameter, as in Python.

import { checkCall, parseSignature } from '../ops/signature.js';

const NAMES = new Map<string, { positional: string[]; keyword: string[]; sized: Set<string> }>();

/** The bound call as {parameter name: value}; an absent argument is undefined. */
export function bindNamed(sig: string, args: readonly unknown[]): Record<string, unknown> {
  let names = NAMES.get(sig);
  if (names === undefined) {
    const params = parseSignature(sig).params;
    names = {
      positional: params.filter((p) => !p.kwOnly).map((p) => p.name),
      keyword: params.filter((p) => p.kwOnly).map((p) => p.name),
      sized: new Set(params.filter((p) => p.singleForList).map((p) => p.name)),
    };
    NAMES.set(sig, names);
  }
  const bound = checkCall(sig, args);
  const out: Record<string, unknown> = {};
  names.positional.forEach((n, i) => {
    out[n] = bound[i];
  });
  const kw = (bound.length > names.positional.length ? bound[bound.length - 1] : undefined) as
    Record<string, unknown> | undefined;
  for (const n of names.keyword) out[n] = kw?.[n];
  // The binder hands an int given for an int[2] as [int]; modules keep the int (their reprs print it).
  for (const n of names.sized) {
    const v = out[n];
    if (Array.isArray(v) && v.length === 1) out[n] = v[0];
  }
  return out;
}
