// torch.nn.modules: the path of the global module hooks (torch.nn.modules.module.register_module_*).

export * as module from './modules_module.js';
