// torch.onnx: export a module to ONNX by tracing one forward call.

export { export_ as export, TrainingMode, type ExportOptions } from './export.js';
