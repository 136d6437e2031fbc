// The pure-TypeScript backend: the reference implementation, always available (Node and browsers).

import type { Backend } from '../backend.js';
import { binary, clamp, copy, fill, unary, where } from './elementwise.js';
import { matmul } from './matmul.js';
import { adam } from './optim.js';
import { put, reduce, scan, softmax, take } from './reduce.js';
import { col2im, im2col, maxPool2d, maxPool2dBackward, thresholdBackward } from './nn.js';

export const jsBackend: Backend = {
  name: 'js',
  copy,
  fill,
  unary,
  binary,
  where,
  clamp,
  reduce,
  scan,
  matmul,
  softmax,
  take,
  put,
  adam,
  im2col,
  col2im,
  maxPool2d,
  maxPool2dBackward,
  thresholdBackward,
  // The reference fills are the TypeScript samplers themselves (src/tensor/random_fill.ts).
  randomFill: () => false,
};
