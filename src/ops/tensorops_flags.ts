// torch.use_deterministic_algorithms / are_deterministic_algorithms_enabled /
// is_deterministic_algorithms_warn_only_enabled: the flags only. tensorgrad has no nondeterministic
// kernels (everything runs on the CPU in a fixed order), so no op consults them.

let deterministic = false;
let warnOnly = false;

/** torch.use_deterministic_algorithms(mode, { warn_only }). */
export function use_deterministic_algorithms(mode: boolean, opts?: { warn_only?: boolean }): void {
  if (typeof mode !== 'boolean') {
    throw new TypeError(
      `_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not ${mode === null ? 'null' : Array.isArray(mode) ? 'Array' : typeof mode}`,
    );
  }
  const w = opts?.warn_only ?? false;
  if (typeof w !== 'boolean') {
    throw new TypeError(`_set_deterministic_algorithms(): argument 'warn_only' must be bool, not ${typeof w}`);
  }
  deterministic = mode;
  warnOnly = mode && w;
}

/** torch.are_deterministic_algorithms_enabled(). */
export function are_deterministic_algorithms_enabled(): boolean {
  return deterministic;
}

/** torch.is_deterministic_algorithms_warn_only_enabled(). */
export function is_deterministic_algorithms_warn_only_enabled(): boolean {
  return warnOnly;
}
