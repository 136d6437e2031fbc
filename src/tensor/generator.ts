// torch.Generator: PyTorch's CPU generator, a 32-bit Mersenne Twister (mt19937) plus the cached
// second Box-Muller sample, with PyTorch's seeding, state layout and default seed, so seeded
// streams reproduce PyTorch's values (the distributions that consume it are in random.ts).

import { sin } from './libm.js';
import { argTypeError } from './argcheck.js';
import { checkDevice, type Device } from './device.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const TWO32 = 4294967296;

/** The seed of a new Generator (c10's default_rng_seed_val). */
export const DEFAULT_SEED = 67280421310721;

// Layout of get_state()'s bytes (little-endian), as CPUGeneratorImplState in CPUGeneratorImpl.cpp:
// seed u64 | left i32 | seeded i32 | next u64 | 624 x u64 state | normal_x, normal_y, normal_rho
// f64 | normal_is_valid i32 (+4 pad) | next_float_normal_sample f32 | its valid flag u8 (+3 pad).
const STATE_BYTES = 5056;
const LEGACY_STATE_BYTES = 5048;
const OFF_STATE = 24;
const OFF_NORMAL_X = OFF_STATE + 8 * N;
const OFF_NORMAL_Y = OFF_NORMAL_X + 8;
const OFF_NORMAL_RHO = OFF_NORMAL_Y + 8;
const OFF_NORMAL_VALID = OFF_NORMAL_RHO + 8;
const OFF_FLOAT_SAMPLE = LEGACY_STATE_BYTES;
const OFF_FLOAT_VALID = OFF_FLOAT_SAMPLE + 4;

/** A seed as PyTorch stores it: an unsigned 64-bit integer, as two 32-bit halves. */
function seedHalves(seed: number | bigint): [number, number] {
  if (typeof seed === 'bigint') {
    if (seed >= 1n << 64n || seed < -(1n << 63n)) throw new RangeError('Overflow when unpacking long');
    const u = BigInt.asUintN(64, seed);
    return [Number(u >> 32n), Number(u & 0xffffffffn)];
  }
  if (!Number.isInteger(seed)) throw new TypeError(`manual_seed expected an integer seed, got ${seed}`);
  if (seed >= 2 ** 64 || seed < -(2 ** 63)) throw new RangeError('Overflow when unpacking long');
  const lo = ((seed % TWO32) + TWO32) % TWO32;
  const hi = ((Math.floor(seed / TWO32) % TWO32) + TWO32) % TWO32;
  return [hi, lo];
}

/** 64 random bits from the platform, cut to 53 so the seed is exact as a JavaScript number. */
function nondeterministicSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0] & 0x1fffff) * TWO32 + words[1];
}

export class Generator {
  /** @internal mt19937 state words */
  _mt = new Uint32Array(N);
  /** @internal draws left before the next twist, as PyTorch counts them (1 right after seeding) */
  _left = 1;
  /** @internal index of the next state word */
  _next = 0;
  /** @internal the second sample of the last scalar Box-Muller pair, awaiting use */
  _nextDoubleNormal: number | null = null;
  /** @internal kept only so get_state/set_state round-trip PyTorch's states exactly */
  _nextFloatNormal: number | null = null;
  private seedHi = 0;
  private seedLo = 0;

  constructor(opts?: { device?: string | Device }) {
    checkDevice(opts?.device);
    this.manual_seed(DEFAULT_SEED);
  }

  get device(): string {
    return 'cpu';
  }

  /** Seeds the generator (negative seeds wrap to unsigned 64 bits, as in PyTorch); returns it. */
  manual_seed(seed: number | bigint): this {
    if (typeof seed !== 'bigint' && typeof seed !== 'number') throw argTypeError('manual_seed', 'seed', 1, 'int', seed);
    const [hi, lo] = seedHalves(seed);
    this.seedHi = hi;
    this.seedLo = lo;
    // mt19937 uses only the low 32 bits of the seed.
    const mt = this._mt;
    mt[0] = lo;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = Math.imul(1812433253, prev) + i;
    }
    this._left = 1;
    this._next = 0;
    this._nextDoubleNormal = null;
    this._nextFloatNormal = null;
    return this;
  }

  /** Seeds from a non-deterministic source and returns the seed. */
  seed(): number {
    const s = nondeterministicSeed();
    this.manual_seed(s);
    return s;
  }

  /** The seed last set (exact up to 2^53; larger seeds read back rounded, as numbers do). */
  initial_seed(): number {
    return this.seedHi * TWO32 + this.seedLo;
  }

  /** The state as PyTorch's 5056 bytes (what torch.get_rng_state().numpy().tobytes() gives). */
  get_state(): Uint8Array {
    const bytes = new Uint8Array(STATE_BYTES);
    const v = new DataView(bytes.buffer);
    v.setUint32(0, this.seedLo, true);
    v.setUint32(4, this.seedHi, true);
    v.setInt32(8, this._left, true);
    v.setInt32(12, 1, true);
    v.setUint32(16, this._next, true);
    for (let i = 0; i < N; i++) v.setUint32(OFF_STATE + 8 * i, this._mt[i], true);
    if (this._nextDoubleNormal !== null) {
      v.setFloat64(OFF_NORMAL_Y, this._nextDoubleNormal, true);
      v.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this._nextFloatNormal !== null) {
      v.setFloat32(OFF_FLOAT_SAMPLE, this._nextFloatNormal, true);
      bytes[OFF_FLOAT_VALID] = 1;
    }
    return bytes;
  }

  /** Restores a state from get_state() (PyTorch's 5056-byte layout, or its legacy 5048 bytes). */
  set_state(state: Uint8Array | ArrayLike<number>): this {
    if (typeof state !== 'object' || state === null || typeof state.length !== 'number') {
      throw new TypeError('RNG state must be a torch.ByteTensor');
    }
    const n = state.length;
    if (n !== STATE_BYTES && n !== LEGACY_STATE_BYTES) {
      throw new Error(
        `Expected either a CPUGeneratorImplStateLegacy of size ${LEGACY_STATE_BYTES} or a CPUGeneratorImplState ` +
          `of size ${STATE_BYTES} but found the input RNG state size to be ${n}`,
      );
    }
    const bytes = state instanceof Uint8Array ? state : Uint8Array.from(state);
    const v = new DataView(bytes.buffer, bytes.byteOffset, n);
    const left = v.getInt32(8, true);
    const seeded = v.getInt32(12, true);
    const nextHi = v.getUint32(20, true);
    const next = v.getUint32(16, true);
    if (seeded === 0 || left <= 0 || left > N || nextHi !== 0 || next > N) throw new Error('Invalid mt19937 state');
    let double: number | null = null;
    if (v.getInt32(OFF_NORMAL_VALID, true) !== 0) {
      // The legacy layout kept (x, rho) of the pending pair; the current one keeps the sample.
      double =
        n === LEGACY_STATE_BYTES
          ? v.getFloat64(OFF_NORMAL_RHO, true) * sin(2 * Math.PI * v.getFloat64(OFF_NORMAL_X, true))
          : v.getFloat64(OFF_NORMAL_Y, true);
    }
    const float = n === STATE_BYTES && bytes[OFF_FLOAT_VALID] !== 0 ? v.getFloat32(OFF_FLOAT_SAMPLE, true) : null;
    this.seedLo = v.getUint32(0, true);
    this.seedHi = v.getUint32(4, true);
    this._left = left;
    this._next = next;
    for (let i = 0; i < N; i++) this._mt[i] = v.getUint32(OFF_STATE + 8 * i, true);
    this._nextDoubleNormal = double;
    this._nextFloatNormal = float;
    return this;
  }

  /** @internal The next 32 random bits, as an unsigned integer. */
  _random(): number {
    if (--this._left === 0) this.twist();
    let y = this._mt[this._next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * @internal The next n draws into bits[0, n), as n calls of _random() would give them (the
   * bulk form: state counters in locals, no call per draw).
   */
  _draws(bits: Uint32Array, n: number): void {
    const mt = this._mt;
    let left = this._left;
    let next = this._next;
    for (let i = 0; i < n; i++) {
      if (--left === 0) {
        this.twist();
        left = N;
        next = 0;
      }
      let y = mt[next++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      bits[i] = y;
    }
    this._left = left;
    this._next = next;
  }

  /** @internal A uniform double in [0, 1) from 53 bits of a 64-bit draw (PyTorch's random64()). */
  _uniform53(): number {
    const hi = this._random();
    const lo = this._random();
    return ((hi & 0x1fffff) * TWO32 + lo) / 9007199254740992;
  }

  /** @internal A uniform float in [0, 1) from 24 bits of a 32-bit draw. */
  _uniform24(): number {
    return (this._random() & 0xffffff) / 16777216;
  }

  private twist(): void {
    const mt = this._mt;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      const y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
      mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this._left = N;
    this._next = 0;
  }
}

/**
 * The generator every random function uses unless given `{ generator }`. It starts from
 * DEFAULT_SEED, like a new torch.Generator(), so an unseeded program draws the same values on
 * every run. (PyTorch 1.13 seeds its default CPU generator from /dev/urandom at start-up instead;
 * programs that need PyTorch's values call manual_seed either way.)
 */
export const default_generator = new Generator();

/** torch.manual_seed: seeds the default generator and returns it. */
export function manual_seed(seed: number | bigint): Generator {
  return default_generator.manual_seed(seed);
}

/** torch.seed: seeds the default generator non-deterministically and returns the seed. */
export function seed(): number {
  return default_generator.seed();
}

export function initial_seed(): number {
  return default_generator.initial_seed();
}

export function get_rng_state(): Uint8Array {
  return default_generator.get_state();
}

export function set_rng_state(state: Uint8Array | ArrayLike<number>): void {
  default_generator.set_state(state);
}
