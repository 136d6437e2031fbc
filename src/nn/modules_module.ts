// torch.nn.modules.module: Module and the global hooks common to all modules.

export { Module } from './module.js';
export {
  register_module_forward_pre_hook,
  register_module_forward_hook,
  register_module_full_backward_pre_hook,
  register_module_full_backward_hook,
  register_module_backward_hook,
  RemovableHandle,
} from './hooks.js';
