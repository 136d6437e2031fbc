// Dimension collapsing shared by the JavaScript kernels: merging dims that are contiguous with
// their neighbour in every operand turns most strided loops into one flat loop.

import type { View } from '../backend.js';

export interface Collapsed {
  shape: number[];
  /** strides[k] are operand k's strides over `shape`. */
  strides: number[][];
}

/**
 * Drops size-1 dims and merges dim d into d+1 when, for every operand, stride[d] ===
 * stride[d+1] * shape[d+1]. The result has at least one dim.
 */
export function collapse(shape: readonly number[], stridesList: readonly (readonly number[])[]): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = stridesList.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    let mergeable = last >= 0;
    if (mergeable) {
      for (let k = 0; k < stridesList.length; k++) {
        if (outStrides[k][last] !== stridesList[k][d] * shape[d]) {
          mergeable = false;
          break;
        }
      }
    }
    if (mergeable) {
      outShape[last] *= shape[d];
      for (let k = 0; k < stridesList.length; k++) outStrides[k][last] = stridesList[k][d];
    } else {
      outShape.push(shape[d]);
      for (let k = 0; k < stridesList.length; k++) outStrides[k].push(stridesList[k][d]);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(1);
  }
  return { shape: outShape, strides: outStrides };
}

export function collapseViews(views: readonly View[]): Collapsed {
  return collapse(
    views[0].shape,
    views.map((v) => v.strides),
  );
}

/** Total element count of a shape. */
export function count(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}
