// The public products: signatures and the implementations in src/ops/linalg.ts.

import { op } from '../ops/declare.js';
import * as L from '../ops/linalg.js';

export const matmul = op('matmul(Tensor self, Tensor other)', L.matmul);
export const mm = op('mm(Tensor self, Tensor mat2)', L.mm);
export const bmm = op('bmm(Tensor self, Tensor mat2)', L.bmm);
export const dot = op('dot(Tensor self, Tensor tensor)', L.dot);
export const mv = op('mv(Tensor self, Tensor vec)', L.mv);
export const outer = op('outer(Tensor self, Tensor vec2)', L.outer);
export const addmm = op('addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)', L.addmm);
