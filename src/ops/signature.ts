// PyTorch signatures, parsed once, and the argument binder that checks every public call against
// them (PyTorch's PythonArgParser, torch/csrc/utils/python_arg_parser.cpp, in TypeScript).
//
// A signature is written in PyTorch's own notation, self first:
//
//   'sum(Tensor self, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)'
//
// A call binds in PyTorch's way: positional arguments in order, then the trailing options object
// (Python's keyword arguments) by name; parameters after `*` are keyword-only. `undefined` is an
// absent argument (JavaScript's way of skipping one), `null` is None. The bound call handed to the
// implementation is normalised to the library's calling convention: every parameter before `*` in
// position (an absent one as its default, trailing absent ones dropped), the keyword-only ones
// given in one options object last. So the implementation never sees a mistyped argument, and
// `x.sum({ dim: 1 })`, `x.sum(1)` and `x.sum(1, false)` all reach it as `sum(x, 1)`.
//
// Errors are PyTorch's texts with JavaScript type names (`must be Tensor, not number`).
//
// Cost: parsing happens once per declaration. A call costs one check per argument; the common
// positional call allocates only the argument array it hands on.

import { DType, toDType, UnsupportedDType, unsupportedDType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/generator.js';
import { jsTypeName } from '../tensor/argcheck.js';
import { Device } from '../tensor/device.js';

/** A parameter's type: how to check a value and how PyTorch names the type in messages. */
interface ParamType {
  /** PyTorch's name of the type in messages ('Tensor', 'int', 'tuple of ints'). */
  readonly name: string;
  /** True if v is acceptable (after `normalize`, if any). */
  check(v: unknown): boolean;
  /** Converts an accepted value to what implementations expect (bigint to number, ...). */
  normalize?(v: unknown): unknown;
  /** For lists: the first element that does not fit, or -1. */
  badElement?(v: unknown): number;
  /** True if v is accepted as it is (no conversion): the binder's fast path uses only this. */
  exact?(v: unknown): boolean;
}

export interface Param {
  readonly name: string;
  readonly type: ParamType;
  /** The type as written in the signature ('int[1]?'). */
  readonly typeText: string;
  /** May be left out (has a default or is optional). */
  readonly optional: boolean;
  /** Accepts null (None). */
  readonly allowNone: boolean;
  readonly kwOnly: boolean;
  /** The default's value, when the signature gives one that has a JavaScript value. */
  readonly defaultValue: unknown;
  readonly defaultText: string | undefined;
  /** int[N]: a single int is accepted for the list. */
  readonly singleForList: boolean;
}

export interface Signature {
  readonly name: string;
  /** The PyTorch notation it was parsed from. */
  readonly text: string;
  /** Parameters as seen by a caller (self omitted for methods, renamed `input` for functions). */
  readonly params: readonly Param[];
  readonly maxPos: number;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** A lone `int[]` positional parameter takes varargs: view(2, 3) for view([2, 3]). */
  readonly varargsIntList: boolean;
  /** Hidden overloads are tried but never listed in messages. */
  readonly hidden: boolean;
}

// ---------------------------------------------------------------- types

export { jsTypeName };

const isInt = (v: unknown): boolean => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'bigint';
const isScalar = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
const toNumber = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);
/** A 0-d integer tensor, accepted where an int is (PyTorch's THPUtils_checkIndex). */
const isIntTensor = (v: unknown): boolean =>
  v instanceof Tensor && v._shape.length === 0 && !v._dtype.is_floating_point && v._dtype.name !== 'bool';

function listType(name: string, element: (v: unknown) => boolean, normalize?: (v: unknown) => unknown): ParamType {
  return {
    name,
    check: (v) => Array.isArray(v) && v.every(element),
    badElement: (v) => (Array.isArray(v) ? v.findIndex((e) => !element(e)) : -1),
    normalize: normalize === undefined ? undefined : (v) => (v as unknown[]).map(normalize),
  };
}

const TENSOR: ParamType = { name: 'Tensor', check: (v) => v instanceof Tensor, exact: (v) => v instanceof Tensor };
/** A Tensor operand that also takes a JavaScript number (DESIGN.md: numbers wherever a tensor operand is). */
const TENSOR_OR_NUMBER: ParamType = {
  name: 'Tensor',
  check: (v) => v instanceof Tensor || isScalar(v),
  normalize: toNumber,
  exact: (v) => v instanceof Tensor || typeof v === 'number' || typeof v === 'boolean',
};
const SCALAR: ParamType = {
  name: 'Number',
  check: isScalar,
  normalize: toNumber,
  exact: (v) => typeof v === 'number' || typeof v === 'boolean',
};
const INT: ParamType = {
  name: 'int',
  check: (v) => isInt(v) || isIntTensor(v),
  normalize: (v) => (v instanceof Tensor ? v.item() : toNumber(v)),
  exact: (v) => typeof v === 'number' && Number.isInteger(v),
};
const FLOAT: ParamType = {
  name: 'float',
  check: (v) => isNumber(v) || typeof v === 'boolean',
  normalize: toNumber,
  exact: (v) => typeof v === 'number',
};
const BOOL: ParamType = { name: 'bool', check: (v) => typeof v === 'boolean', exact: (v) => typeof v === 'boolean' };
const STR: ParamType = { name: 'str', check: (v) => typeof v === 'string' };
function isDTypeName(v: string): boolean {
  try {
    toDType(v);
    return true;
  } catch {
    return false;
  }
}
/** A dtype; its name ('float64', 'torch.float64') is accepted too. */
const DTYPE: ParamType = {
  name: 'torch.dtype',
  // A dtype tensorgrad has not (torch.int16) fails here with toDType's message, not as a wrong type.
  check: (v) => {
    if (v instanceof UnsupportedDType) toDType(v as never);
    if (typeof v === 'string' && unsupportedDType(v)) toDType(v);
    return v instanceof DType || (typeof v === 'string' && isDTypeName(v));
  },
};
const GENERATOR: ParamType = { name: 'torch.Generator', check: (v) => v instanceof Generator };
const INT_LIST: ParamType = listType('tuple of ints', isInt, toNumber);
const SYMINT_LIST: ParamType = listType('tuple of SymInts', isInt, toNumber);
const FLOAT_LIST: ParamType = listType('tuple of floats', isNumber, toNumber);
const TENSOR_LIST: ParamType = listType('tuple of Tensors', (e) => e instanceof Tensor);
const OPTIONAL_TENSOR_LIST: ParamType = listType('tuple of Tensors', (e) => e === null || e instanceof Tensor);
const ANY: ParamType = { name: 'object', check: () => true };
/** Named dimensions: listed in messages as PyTorch lists them, never matched (tensorgrad has no named tensors). */
const DIMNAME: ParamType = { name: 'name', check: () => false };
const DIMNAME_LIST: ParamType = { name: 'tuple of names', check: () => false };
const ANY_LIST: ParamType = { name: 'tuple', check: (v) => Array.isArray(v) };
const DEVICE: ParamType = { name: 'torch.device', check: (v) => typeof v === 'string' || v instanceof Device };
const LAYOUT: ParamType = { name: 'torch.layout', check: (v) => typeof v === 'string' };
const MEMORY_FORMAT: ParamType = { name: 'torch.memory_format', check: (v) => typeof v === 'string' };

const TYPES: Record<string, ParamType> = {
  Tensor: TENSOR,
  'Tensor|Number': TENSOR_OR_NUMBER,
  Scalar: SCALAR,
  int: INT,
  SymInt: INT,
  float: FLOAT,
  bool: BOOL,
  str: STR,
  ScalarType: DTYPE,
  Generator: GENERATOR,
  'int[]': INT_LIST,
  'SymInt[]': SYMINT_LIST,
  'float[]': FLOAT_LIST,
  'Tensor[]': TENSOR_LIST,
  'Tensor?[]': OPTIONAL_TENSOR_LIST,
  Any: ANY,
  Dimname: DIMNAME,
  'Dimname[]': DIMNAME_LIST,
  'Any[]': ANY_LIST,
  Device: DEVICE,
  Layout: LAYOUT,
  MemoryFormat: MEMORY_FORMAT,
};

// ---------------------------------------------------------------- parsing signatures

/** 'Scalar|str': either type (messages name them 'Number or str'). */
function unionType(text: string): ParamType | undefined {
  const parts = text.split('|').map((t) => TYPES[t]);
  if (parts.length < 2 || parts.some((t) => t === undefined)) return undefined;
  const types = parts as ParamType[];
  return {
    name: types.map((t) => t.name).join(' or '),
    check: (v) => types.some((t) => t.check(v)),
    normalize: (v) => types.find((t) => t.check(v))?.normalize?.(v) ?? v,
  };
}

function parseDefault(text: string): unknown {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (/^-?\d+(\.\d*)?(e-?\d+)?$/.test(text)) return Number(text);
  if (/^'.*'$|^".*"$/.test(text)) return text.slice(1, -1);
  if (text === '[]') return [];
  if (/^\[[-\d, ]+\]$/.test(text)) return JSON.parse(text) as number[];
  return undefined;
}

function parseParam(text: string, kwOnly: boolean): Param {
  const m = /^(\S+)\s+(\w+)(?:=(.+))?$/.exec(text.trim());
  if (m === null) throw new Error(`internal error: bad parameter '${text}'`);
  const [, typeText, name, defaultText] = m;
  // Alias annotations (Tensor(a!) self) say what a method writes; the parser ignores them.
  let base = typeText.replace(/\([a-z!]+\)/, '');
  const nullable = base.endsWith('?');
  if (nullable) base = base.slice(0, -1);
  // int[2] and int[1]: a fixed-size list, which also takes a single int.
  const sized = /^(\w+)\[(\d+)\]$/.exec(base);
  if (sized !== null) base = `${sized[1]}[]`;
  const type = TYPES[base] ?? unionType(base);
  if (type === undefined) throw new Error(`internal error: unknown parameter type '${typeText}'`);
  return {
    name,
    type,
    typeText,
    optional: defaultText !== undefined,
    allowNone: nullable || defaultText === 'None',
    kwOnly,
    defaultValue: defaultText === undefined ? undefined : parseDefault(defaultText),
    defaultText,
    singleForList: sized !== null && Number(sized[2]) > 0,
  };
}

/** Splits on commas outside brackets. */
function splitParams(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.slice(start).trim() !== '') out.push(text.slice(start));
  return out.map((s) => s.trim());
}

export interface ParsedSignature {
  readonly name: string;
  readonly text: string;
  /** All parameters including self (when the first is `Tensor self`). */
  readonly params: readonly Param[];
  readonly hidden: boolean;
}

/** Parses 'name(params) -> ret'; a leading '@hidden ' hides the overload from messages. */
export function parseSignature(text: string): ParsedSignature {
  const hidden = text.startsWith('@hidden ');
  const body = hidden ? text.slice(8) : text;
  const m = /^([\w.]+)\((.*)\)(?:\s*->.*)?$/.exec(body.trim());
  if (m === null) throw new Error(`internal error: bad signature '${text}'`);
  const params: Param[] = [];
  let kwOnly = false;
  for (const p of splitParams(m[2])) {
    if (p === '*') kwOnly = true;
    else params.push(parseParam(p, kwOnly));
  }
  return { name: m[1], text: body.trim(), params, hidden };
}

/** The signature a caller sees: a method drops self; a function names it `input` (wherever it stands), as PyTorch does. */
export function callerSignature(parsed: ParsedSignature, method: boolean, name = parsed.name): Signature {
  let params = parsed.params;
  if (method) {
    if (params.length > 0 && params[0].name === 'self') params = params.slice(1);
  } else if (params.some((p) => p.name === 'self')) {
    params = params.map((p) => (p.name === 'self' ? { ...p, name: 'input' } : p));
  }
  const positional = params.filter((p) => !p.kwOnly);
  const maxPos = positional.length;
  return {
    name,
    text: parsed.text,
    params,
    maxPos,
    minArgs: params.filter((p) => !p.optional).length,
    maxArgs: params.length,
    varargsIntList: maxPos === 1 && (positional[0].type === INT_LIST || positional[0].type === SYMINT_LIST),
    hidden: parsed.hidden,
  };
}

// ---------------------------------------------------------------- binding calls

/** True for a `{ ... }` literal: the options object that ends a call (Python's keyword arguments). */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sentinel: the binder found no match (when not raising). */
const NO_MATCH = null;

/** How a call's arguments look: positional count (trailing undefined dropped) and its options. */
interface CallShape {
  readonly args: ArrayLike<unknown>;
  readonly nargs: number;
  readonly kwargs: Record<string, unknown> | null;
}

function callShape(args: ArrayLike<unknown>): CallShape {
  let n = args.length;
  let kwargs: Record<string, unknown> | null = null;
  // Trailing undefined are absent arguments, also after the options object (a constructor that
  // forwards its parameters passes `(opts, undefined)`).
  while (n > 0 && args[n - 1] === undefined) n--;
  if (n > 0 && isOptions(args[n - 1])) {
    kwargs = args[n - 1] as Record<string, unknown>;
    n--;
  }
  while (n > 0 && args[n - 1] === undefined) n--;
  return { args, nargs: n, kwargs };
}

function kwargValue(kwargs: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(kwargs, name) ? kwargs[name] : undefined;
}

function countKwargs(kwargs: Record<string, unknown> | null): number {
  if (kwargs === null) return 0;
  let n = 0;
  for (const k in kwargs) if (kwargs[k] !== undefined) n++;
  return n;
}

/**
 * Binds a call to one signature (PyTorch's FunctionSignature::parse). Returns the normalised
 * argument list (see the header), or null when it does not match and `raise` is false.
 */
function bindOne(sig: Signature, call: CallShape, raise: boolean, self: unknown): unknown[] | null {
  const { args, nargs, kwargs } = call;
  if (nargs > sig.maxPos && !sig.varargsIntList) {
    if (raise) throw extraArgs(sig, nargs);
    return NO_MATCH;
  }
  let remainingKwargs = countKwargs(kwargs);
  const positional: unknown[] = self === undefined ? [] : [self];
  const first = positional.length;
  let kwOut: Record<string, unknown> | null = null;
  let argPos = 0;
  const params = sig.params;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    let v: unknown;
    let isKw = false;
    if (argPos < nargs) {
      if (param.kwOnly) {
        if (raise) throw extraArgs(sig, nargs);
        return NO_MATCH;
      }
      v = args[argPos];
    } else if (kwargs !== null) {
      v = kwargValue(kwargs, param.name);
      isKw = true;
    }
    if (v === undefined && param.optional) {
      // Absent: the implementation applies its own default (the same one the signature states).
      if (!param.kwOnly) positional.push(undefined);
      if (!isKw) argPos++;
      continue;
    }
    if (v === null && param.allowNone) {
      // null stays null (None), in position or as a keyword.
    } else if (v === undefined) {
      if (raise) throw missingArgs(sig, i);
      return NO_MATCH;
    } else if (param.type.check(v)) {
      if (param.type.normalize !== undefined) v = param.type.normalize(v);
    } else if (param.singleForList && isInt(v)) {
      v = [toNumber(v)];
    } else if (sig.varargsIntList && argPos === 0 && !isKw && isInt(v)) {
      // permute(1, 2, 0) for permute([1, 2, 0]): every positional argument is this list.
      const list: unknown[] = [];
      for (let j = 0; j < nargs; j++) {
        const e = args[j];
        if (!isInt(e)) {
          if (raise)
            throw wrongType(
              sig,
              param,
              Array.from({ length: nargs }, (_, k) => args[k]),
              true,
              0,
            );
          return NO_MATCH;
        }
        list.push(toNumber(e));
      }
      v = list;
      argPos = nargs - 1;
    } else {
      if (raise) throw wrongType(sig, param, v, isKw, argPos);
      return NO_MATCH;
    }
    if (param.kwOnly) {
      // A keyword-only None whose default is None is the default (`dtype: null`): left out.
      if (v !== null || param.defaultText !== 'None') {
        if (kwOut === null) kwOut = {};
        kwOut[param.name] = v;
      }
    } else {
      positional.push(v);
    }
    if (!isKw) argPos++;
    else remainingKwargs--;
  }
  if (remainingKwargs > 0) {
    if (raise) throw extraKwargs(sig, kwargs as Record<string, unknown>, nargs);
    return NO_MATCH;
  }
  // Trailing parameters left at an undefined default are dropped, so implementations that look at
  // how many arguments they got (max() vs max(dim)) see the call as written.
  let end = positional.length;
  while (end > first && positional[end - 1] === undefined) end--;
  if (end < positional.length) positional.length = end;
  if (kwOut !== null) positional.push(kwOut);
  return positional;
}

/**
 * The common call, checked in a few comparisons: positional arguments only, each of a type the
 * first overload takes as it is. Anything else (options, conversions, other overloads, errors)
 * goes through bindOne, which gives the same result for these calls.
 */
export function isExact(sig: Signature, args: ArrayLike<unknown>): boolean {
  const n = args.length;
  if (n > sig.maxPos) return false;
  const params = sig.params;
  for (let i = 0; i < n; i++) {
    const exact = params[i].type.exact;
    if (exact === undefined || !exact(args[i])) return false;
  }
  for (let i = n; i < params.length; i++) if (!params[i].optional) return false;
  return true;
}

function bindExact(sig: Signature, args: ArrayLike<unknown>, self: unknown): unknown[] | null {
  if (!isExact(sig, args)) return null;
  const n = args.length;
  const out: unknown[] = self === undefined ? [] : [self];
  for (let i = 0; i < n; i++) out.push(args[i]);
  return out;
}

/** Binds a call against a list of overloads (PythonArgParser::raw_parse). */
export function bind(sigs: readonly Signature[], args: ArrayLike<unknown>, self?: unknown): unknown[] {
  const fast = bindExact(sigs[0], args, self);
  if (fast !== null) return fast;
  const call = callShape(args);
  if (sigs.length === 1) return bindOne(sigs[0], call, true, self) as unknown[];
  for (const sig of sigs) {
    const out = bindOne(sig, call, false, self);
    if (out !== null) return out;
  }
  throw invalidCombination(sigs, call);
}

// ---------------------------------------------------------------- PyTorch's messages

function extraArgs(sig: Signature, nargs: number): TypeError {
  const max = sig.maxPos;
  const min = sig.params.filter((p) => !p.kwOnly && !p.optional).length;
  if (min !== max) {
    return new TypeError(`${sig.name}() takes from ${min} to ${max} positional arguments but ${nargs} were given`);
  }
  return new TypeError(
    `${sig.name}() takes ${max} positional argument${max === 1 ? '' : 's'} but ${nargs} ${nargs === 1 ? 'was' : 'were'} given`,
  );
}

function missingArgs(sig: Signature, from: number): TypeError {
  const names = sig.params
    .slice(from)
    .filter((p) => !p.optional)
    .map((p) => `"${p.name}"`);
  // PyTorch's text has "arguments" for one missing argument and "argument" for several (sic).
  return new TypeError(
    `${sig.name}() missing ${names.length} required positional argument${names.length === 1 ? 's' : ''}: ${names.join(', ')}`,
  );
}

function wrongType(sig: Signature, param: Param, v: unknown, isKw: boolean, argPos: number): TypeError {
  const bad = param.type.badElement?.(v) ?? -1;
  if (bad >= 0 && param.type === TENSOR_LIST) {
    const index = sig.params.indexOf(param);
    return new TypeError(
      `expected Tensor as element ${bad} in argument ${index}, but got ${jsTypeName((v as unknown[])[bad])}`,
    );
  }
  const where = isKw ? `argument '${param.name}'` : `argument '${param.name}' (position ${argPos + 1})`;
  if (bad >= 0) {
    return new TypeError(
      `${sig.name}(): ${where} must be ${param.type.name}, but found element of type ${jsTypeName((v as unknown[])[bad])} at pos ${bad + 1}`,
    );
  }
  return new TypeError(`${sig.name}(): ${where} must be ${param.type.name}, not ${jsTypeName(v)}`);
}

function extraKwargs(sig: Signature, kwargs: Record<string, unknown>, nargs: number): TypeError {
  for (const key of Object.keys(kwargs)) {
    if (kwargs[key] === undefined) continue;
    const idx = sig.params.findIndex((p) => p.name === key);
    if (idx < 0) return new TypeError(`${sig.name}() got an unexpected keyword argument '${key}'`);
    if (idx < nargs) return new TypeError(`${sig.name}() got multiple values for argument '${key}'`);
  }
  return new TypeError('invalid keyword arguments');
}

/** '(Tensor input, int dim, bool keepdim)': an overload as PyTorch lists it (no defaults). */
export function formatSignature(sig: Signature): string {
  const parts: string[] = [];
  let star = false;
  for (const p of sig.params) {
    if (p.kwOnly && !star) {
      parts.push('*');
      star = true;
    }
    parts.push(`${p.type.name} ${p.name}`);
  }
  return `(${parts.join(', ')})`;
}

/** PyTorch's _argDesc: '(number, keepdim=boolean)'; the trailing ', ' stays when only keywords were given. */
function argDesc(call: CallShape): string {
  let s = '(';
  for (let i = 0; i < call.nargs; i++) s += `${jsTypeName(call.args[i])}, `;
  if (call.kwargs !== null) {
    for (const k of Object.keys(call.kwargs)) {
      if (call.kwargs[k] !== undefined) s += `${k}=${jsTypeName(call.kwargs[k])}, `;
    }
  }
  if (call.nargs > 0) s = s.slice(0, -2);
  return `${s})`;
}

function invalidCombination(sigs: readonly Signature[], call: CallShape): TypeError {
  const numArgs = call.nargs + countKwargs(call.kwargs);
  const shown = sigs.filter((s) => !s.hidden);
  const plausible = shown.filter((s) => numArgs >= s.minArgs && numArgs <= s.maxArgs);
  // With one plausible overload, its own error says exactly what is wrong.
  if (plausible.length === 1) bindOne(plausible[0], call, true, undefined);
  const name = sigs[0].name;
  let msg = `${name}() received an invalid combination of arguments - got ${argDesc(call)}, but expected one of:\n`;
  for (const s of shown) msg += ` * ${formatSignature(s)}\n`;
  return new TypeError(msg.trimEnd());
}

const CHECKERS = new Map<string, Signature[]>();

/**
 * Checks a call against signatures given as text (parsed once per text), for entry points that are
 * not declared ops (module constructors): throws PyTorch's TypeError, or returns the bound call.
 */
export function checkCall(sig: string | readonly string[], args: ArrayLike<unknown>): unknown[] {
  const key = typeof sig === 'string' ? sig : sig.join('\n');
  let sigs = CHECKERS.get(key);
  if (sigs === undefined) {
    sigs = (typeof sig === 'string' ? [sig] : sig).map((t) => callerSignature(parseSignature(t), false));
    CHECKERS.set(key, sigs);
  }
  return bind(sigs, args);
}
