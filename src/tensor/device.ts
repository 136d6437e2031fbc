// torch.device: a device name ('cpu', 'cuda:0') as an object. Only 'cpu' runs; a device object is
// accepted wherever a device string is (creation options, Tensor.to, Module.to).

import { jsTypeName } from './argcheck.js';

export class Device {
  readonly type: string;
  readonly index: number | null;
  constructor(type: string, index: number | null = null) {
    if (typeof type !== 'string') {
      throw new TypeError(`device(): argument 'type' (position 1) must be str, not ${jsTypeName(type)}`);
    }
    if (index !== null && index !== undefined && !Number.isInteger(index)) {
      throw new TypeError(`device(): argument 'index' (position 2) must be int, not ${jsTypeName(index)}`);
    }
    const m = /^([a-z_]+)(?::(\d+))?$/.exec(type);
    if (!m) throw new Error(`Invalid device string: '${type}'`);
    if (m[2] !== undefined && index !== null) {
      throw new Error(`type (string) must not include an index because index was passed explicitly: ${type}`);
    }
    this.type = m[1];
    this.index = m[2] !== undefined ? Number(m[2]) : index;
  }
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

/** torch.device('cpu'), torch.device('cuda', 0). */
export function device(type: string | Device, index?: number): Device {
  if (type instanceof Device) return type;
  return new Device(type, index ?? null);
}

/** Checks a device argument: only the CPU exists here. */
export function checkDevice(d: unknown): void {
  if (d === undefined || d === null) return;
  if (typeof d !== 'string' && !(d instanceof Device)) {
    throw new TypeError(`expected a device (torch.device or a string), got ${jsTypeName(d)}`);
  }
  if (String(d) !== 'cpu') throw new Error(`tensorgrad only supports device 'cpu', got '${String(d)}'`);
}

/** torch.cuda: no GPU here. */
export const cuda = {
  is_available: (): boolean => false,
  device_count: (): number => 0,
};

/** torch.accelerator (PyTorch 2.6+): no accelerator here. */
export const accelerator = {
  is_available: (): boolean => false,
  current_accelerator: (): Device | null => null,
  device_count: (): number => 0,
};

/** torch.set_default_device: only 'cpu' (or null, the default) is possible here. */
export function set_default_device(d: string | Device | null): void {
  checkDevice(d);
}
