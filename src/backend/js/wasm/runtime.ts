// The one instance of the elementwise WebAssembly kernels the TypeScript backend uses, or null:
// without WebAssembly SIMD, and under TENSORGRAD_WASM=0 (the plain JavaScript kernels then run).

import { createWasmElementwise, type WasmElementwise } from './elementwise.js';
import { createWasmRandom, type RandomFill } from './random.js';
import { createWasmWindows, type WasmWindows } from './window.js';

const requested =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TENSORGRAD_WASM !== '0';

let instance: WasmElementwise | null = requested ? createWasmElementwise() : null;

export function wasmElementwise(): WasmElementwise | null {
  return instance;
}

/**
 * @internal Turns the elementwise WebAssembly kernels on (when the engine supports them) or off;
 * returns whether they are now in use. Tests run the conformance checks both ways.
 */
export function setWasmElementwise(enabled: boolean): boolean {
  instance = enabled ? (instance ?? createWasmElementwise()) : null;
  return instance !== null;
}

let windows: WasmWindows | null = requested ? createWasmWindows() : null;

/** The window kernels (im2col, col2im, max pooling) in WebAssembly, or null (as wasmElementwise). */
export function wasmWindows(): WasmWindows | null {
  return windows;
}

/** @internal Turns the WebAssembly window kernels on or off; returns whether they are now in use. */
export function setWasmWindows(enabled: boolean): boolean {
  windows = enabled ? (windows ?? createWasmWindows()) : null;
  return windows !== null;
}

let random: RandomFill | null = requested ? createWasmRandom() : null;

/** The float32 random fills in WebAssembly (mt19937, uniform_, normal_), or null (as wasmElementwise). */
export function wasmRandom(): RandomFill | null {
  return random;
}

/** @internal Turns the WebAssembly random fills on or off; returns whether they are now in use. */
export function setWasmRandom(enabled: boolean): boolean {
  random = enabled ? (random ?? createWasmRandom()) : null;
  return random !== null;
}

/** Below this many elements the plain JavaScript loop is cheaper than staging through wasm. */
export const WASM_MIN_ELEMENTS = 64;
