// torch.save / torch.load for what can be stored without Python's pickle: a tensor, or a dict of
// tensors by name (a state_dict). The file is a safetensors file (src/io/safetensors.ts), not
// PyTorch's zip-of-pickles .pth, so `torch.save(model.state_dict(), 'model.pth')` followed by
// `model.load_state_dict(torch.load('model.pth'))` works as in the tutorials, within tensorgrad.
// Saving a whole module (`torch.save(model, path)`) pickles its class in PyTorch; that is refused.

import { nodeFs } from '../tensor/node_fs.js';
import { Tensor } from '../tensor/tensor.js';
import { OrderedDict } from '../nn/module.js';
import { Module } from '../nn/module.js';
import { jsTypeName } from '../tensor/argcheck.js';
import { checkDevice } from '../tensor/device.js';
import { loadWithMetadata, save as saveBytes, SafetensorsError } from './safetensors.js';

const KIND = 'tensorgrad.torch_save';

/** torch.save(obj, f): a tensor or a Map/object of tensors (a state_dict), written to the path f. */
export function save(obj: unknown, f: string): void {
  if (typeof f !== 'string')
    throw new TypeError(`save(): argument 'f' must be a file path (string), not ${jsTypeName(f)}`);
  let bytes: Uint8Array;
  if (obj instanceof Tensor) bytes = saveBytes({ tensor: obj }, { [KIND]: 'tensor' });
  else if (obj instanceof Module) {
    throw new TypeError(
      "torch.save of a whole Module needs Python's pickle, which tensorgrad does not have: save model.state_dict() " +
        'and load it with load_state_dict() into a new instance of the model',
    );
  } else if (obj instanceof Map || (obj !== null && typeof obj === 'object' && !Array.isArray(obj))) {
    const entries = obj instanceof Map ? [...(obj as Map<unknown, unknown>)] : Object.entries(obj);
    for (const [k, v] of entries) {
      if (typeof k !== 'string' || !(v instanceof Tensor)) {
        throw new TypeError(
          `tensorgrad's torch.save stores a tensor or a dict of tensors by name (a state_dict); entry ${String(k)} is ${jsTypeName(v)}`,
        );
      }
    }
    bytes = saveBytes(new Map(entries as [string, Tensor][]), { [KIND]: 'dict' });
  } else {
    throw new TypeError(
      `tensorgrad's torch.save stores a tensor or a dict of tensors (a state_dict), not ${jsTypeName(obj)}`,
    );
  }
  nodeFs(() => new Error('torch.save/torch.load need Node.js (>= 20.16)')).writeFileSync(f, bytes);
}

/** torch.load(f): what torch.save wrote (a tensor, or an OrderedDict of tensors); any .safetensors file loads as a dict. */
export function load(
  f: string,
  opts?: { map_location?: unknown; weights_only?: boolean },
): Tensor | OrderedDict<string, Tensor> {
  if (typeof f !== 'string')
    throw new TypeError(`load(): argument 'f' must be a file path (string), not ${jsTypeName(f)}`);
  if (opts?.map_location !== undefined) checkDevice(opts.map_location);
  const bytes = new Uint8Array(
    nodeFs(() => new Error('torch.save/torch.load need Node.js (>= 20.16)')).readFileSync(f),
  );
  let loaded: ReturnType<typeof loadWithMetadata>;
  try {
    loaded = loadWithMetadata(bytes);
  } catch (e) {
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      throw new SafetensorsError(
        `${f} is a PyTorch zip/pickle checkpoint; tensorgrad reads safetensors files only ` +
          "(in Python: safetensors.torch.save_file(model.state_dict(), 'model.safetensors'))",
      );
    }
    throw e;
  }
  if (loaded.metadata?.[KIND] === 'tensor') return loaded.tensors.tensor;
  return new OrderedDict(Object.entries(loaded.tensors));
}
