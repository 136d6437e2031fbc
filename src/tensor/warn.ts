// Warnings go through Node's process.emitWarning (so --no-warnings, --throw-deprecation and
// process.on('warning') behave as Node users expect); where there is no process (browsers,
// workers), console.warn shows the same text instead of a ReferenceError.

interface WarningProcess {
  emitWarning?: (message: string, type: string) => void;
}

/** Emits a warning of the given Python warning category (e.g. 'UserWarning'). */
export function emitWarning(message: string, type: string): void {
  const proc = (globalThis as { process?: WarningProcess }).process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, type);
  else console.warn(`${type}: ${message}`);
}
