// PyTorch's NotImplementedError, as an Error whose name says so.

export function notImplemented(message: string): Error {
  const e = new Error(message);
  e.name = 'NotImplementedError';
  return e;
}
