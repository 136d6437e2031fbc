// torch.onnx: export a module to ONNX by tracing one forward call.

export { export_ as export, type ExportOptions } from './export.js';
