// torch.utils.hooks: the handle every register_*_hook returns.

export { RemovableHandle } from '../nn/hooks.js';
