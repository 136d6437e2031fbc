// torch.einsum, as ATen's einsum (Linear.cpp) computes it: each operand is brought to one label
// order (output labels first, then the contracted ones; repeated labels become diagonals, missing
// ones size-1 dims), then the operands are contracted left to right, each pair with one bmm
// (sumproduct_pair). Everything is composed of differentiable ops (diagonal, permute, sum, mul,
// bmm, view), so autograd, forward AD and vmap need nothing of their own, and the result's grad_fn
// is the one PyTorch shows (ViewBackward0, PermuteBackward0, SumBackward1, MulBackward0).

import { Tensor } from '../tensor/tensor.js';
import { fn, type OpSample } from './declare.js';

const ELLIPSIS = -1;
/** A label's index: A-Z are 0..25, a-z 26..51 (PyTorch's order: upper case sorts first). */
function labelOf(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 97 + 26;
  return -2;
}
const subscript = (l: number): string => String.fromCharCode(l < 26 ? 65 + l : 97 + l - 26);

function fail(msg: string): never {
  throw new RangeError(`einsum(): ${msg}`);
}

/** Parses one side's term into labels (ELLIPSIS for '...'); `what` is 'operand i' or 'output'. */
function parseTerm(eq: string, start: number, end: number, what: string): number[] {
  const labels: number[] = [];
  let ell = false;
  for (let i = start; i < end; i++) {
    const c = eq[i];
    if (c === ' ') continue;
    if (c === '.') {
      if (ell) fail(`found '.' for ${what} for which an ellipsis was already found`);
      if (!(i + 2 < end && eq[i + 1] === '.' && eq[i + 2] === '.')) {
        fail(`found '.' for ${what} that is not part of any ellipsis`);
      }
      labels.push(ELLIPSIS);
      ell = true;
      i += 2;
      continue;
    }
    const l = labelOf(c);
    if (l < 0) fail(`invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
    labels.push(l);
  }
  return labels;
}

/**
 * ATen's sumproduct_pair: the product of `left` and `right` (same number of dims, broadcasting
 * size-1 dims) summed over `sumDims`, computed with one bmm; the summed dims are dropped.
 */
function sumproductPair(left: Tensor, right: Tensor, sumDims: readonly number[]): Tensor {
  const ndim = left.dim();
  const isSum = new Array<boolean>(ndim).fill(false);
  for (const d of sumDims) isSum[d] = true;
  const lro: number[] = [];
  const lo: number[] = [];
  const ro: number[] = [];
  const sum: number[] = [];
  let lroSize = 1;
  let loSize = 1;
  let roSize = 1;
  let sumSize = 1;
  for (let i = 0; i < ndim; i++) {
    const sl = left._shape[i] !== 1;
    const sr = right._shape[i] !== 1;
    if (isSum[i]) {
      if (sl && sr) {
        sumSize *= left._shape[i];
      } else if (sl) {
        left = left.sum(i, true);
      } else if (sr) {
        right = right.sum(i, true);
      }
      sum.push(i);
    } else if (sl && sr) {
      lro.push(i);
      lroSize *= left._shape[i];
    } else if (sl) {
      lo.push(i);
      loSize *= left._shape[i];
    } else {
      ro.push(i);
      roSize *= right._shape[i];
    }
  }
  const outSize: number[] = [];
  for (const d of lro) outSize.push(left._shape[d]);
  for (const d of lo) outSize.push(left._shape[d]);
  for (let i = 0; i < sum.length; i++) outSize.push(1);
  for (const d of ro) outSize.push(right._shape[d]);
  const lperm = [...lro, ...lo, ...sum, ...ro];
  const rperm = [...lro, ...sum, ...ro, ...lo];
  const operm = [...lro, ...lo, ...sum, ...ro];
  const inverse = new Array<number>(ndim);
  operm.forEach((d, i) => (inverse[d] = i));
  const l = left.permute(lperm).reshape([lroSize, loSize, sumSize]);
  const r = right.permute(rperm).reshape([lroSize, sumSize, roSize]);
  let result = l.bmm(r).view(outSize).permute(inverse);
  const sizes = result._shape.filter((_s, i) => !isSum[i]);
  result = result.view(sizes);
  return result;
}

export function einsumImpl(equation: string, operands: readonly Tensor[]): Tensor {
  if (operands.length === 0) fail('must provide at least one operand');
  const arrow = equation.indexOf('->');
  const lhsEnd = arrow < 0 ? equation.length : arrow;
  // The operands' terms.
  const opLabels: number[][] = [];
  let start = 0;
  for (let i = 0; i <= lhsEnd; i++) {
    if (i === lhsEnd || equation[i] === ',') {
      if (opLabels.length >= operands.length) fail('fewer operands were provided than specified in the equation');
      opLabels.push(parseTerm(equation, start, i, `operand ${opLabels.length}`));
      start = i + 1;
    }
  }
  if (opLabels.length < operands.length) fail('more operands were provided than specified in the equation');
  // Label counts, ellipsis size and the sizes each label stands for (checked as they broadcast).
  const count = new Array<number>(52).fill(0);
  const size = new Array<number>(52).fill(-1);
  let ellNumDim = 0;
  operands.forEach((op, i) => {
    const labels = opLabels[i];
    const ndim = op.dim();
    const hasEll = labels.includes(ELLIPSIS);
    const nlabels = labels.length - (hasEll ? 1 : 0);
    if (hasEll) {
      if (nlabels > ndim) {
        fail(
          `the number of subscripts in the equation (${nlabels}) is more than the number of dimensions (${ndim}) for operand ${i}`,
        );
      }
      ellNumDim = Math.max(ellNumDim, ndim - nlabels);
    } else if (nlabels !== ndim) {
      fail(
        `the number of subscripts in the equation (${nlabels}) does not match the number of dimensions (${ndim}) for operand ${i} and no ellipsis was given`,
      );
    }
    let d = 0;
    const seen = new Map<number, number>();
    for (const l of labels) {
      if (l === ELLIPSIS) {
        d += ndim - nlabels;
        continue;
      }
      count[l]++;
      const s = op._shape[d++];
      const first = seen.get(l);
      if (first !== undefined) {
        if (first !== s)
          fail(`subscript ${subscript(l)} is repeated for operand ${i} but the sizes don't match, ${s} != ${first}`);
        continue;
      }
      seen.set(l, s);
      if (size[l] === -1 || size[l] === 1) size[l] = s;
      else if (s !== 1 && s !== size[l]) {
        fail(
          `subscript ${subscript(l)} has size ${s} for operand ${i} which does not broadcast with previously seen size ${size[l]}`,
        );
      }
    }
  });
  // Where each label goes: output labels first, then the contracted ones.
  const permIndex = new Array<number>(52).fill(-1);
  let perm = 0;
  let ellIndex = 0;
  let ellInOutput = false;
  if (arrow < 0) {
    ellInOutput = true;
    perm = ellNumDim;
    for (let l = 0; l < 52; l++) if (count[l] === 1) permIndex[l] = perm++;
  } else {
    const out = parseTerm(equation, arrow + 2, equation.length, 'output');
    for (const l of out) {
      if (l === ELLIPSIS) {
        ellIndex = perm;
        perm += ellNumDim;
        ellInOutput = true;
        continue;
      }
      if (count[l] === 0)
        fail(`output subscript ${subscript(l)} does not appear in the equation for any input operand`);
      if (permIndex[l] !== -1) fail(`output subscript ${subscript(l)} appears more than once in the output`);
      permIndex[l] = perm++;
    }
  }
  const outSize = perm;
  if (!ellInOutput) {
    ellIndex = perm;
    perm += ellNumDim;
  }
  for (let l = 0; l < 52; l++) if (count[l] > 0 && permIndex[l] === -1) permIndex[l] = perm++;
  // Each operand in that order: diagonals for repeated labels, size-1 dims for missing ones.
  const ops = operands.map((operand, i) => {
    const labels = opLabels[i];
    const labelDim = new Map<number, number>();
    const permutation = new Array<number>(perm).fill(-1);
    const nlabels = labels.length - (labels.includes(ELLIPSIS) ? 1 : 0);
    let op = operand;
    let j = 0;
    for (const l of labels) {
      if (l === ELLIPSIS) {
        const missing = ellNumDim - (operand.dim() - nlabels);
        for (let k = 0; k < missing; k++) op = op.unsqueeze(j);
        for (let k = 0; k < ellNumDim; k++) permutation[ellIndex + k] = j++;
      } else if (labelDim.has(l)) {
        const dim = labelDim.get(l) as number;
        if (op._shape[j] !== op._shape[dim]) {
          fail(
            `subscript ${subscript(l)} is repeated for operand ${i} but the sizes don't match, ${op._shape[j]} != ${op._shape[dim]}`,
          );
        }
        op = op.diagonal(0, dim, j).movedim(-1, dim);
      } else {
        labelDim.set(l, j);
        permutation[permIndex[l]] = j++;
      }
    }
    for (let k = 0; k < perm; k++) {
      if (permutation[k] === -1) {
        op = op.unsqueeze(-1);
        permutation[k] = j++;
      }
    }
    return op.permute(permutation);
  });
  // The last operand each dim has a size other than 1 in.
  const dimLastOp = new Array<number>(perm).fill(0);
  for (let d = 0; d < perm; d++) {
    for (let i = 1; i < ops.length; i++) if (ops[i]._shape[d] !== 1) dimLastOp[d] = i;
  }
  let result = ops[0];
  // Dims only the first operand has: summed (or squeezed) now.
  let dim = outSize;
  for (let d = outSize; d < perm; d++, dim++) {
    if (dimLastOp[d] === 0) {
      result = result._shape[dim] === 1 ? result.squeeze(dim) : result.sum(dim);
      dim--;
    }
  }
  for (let i = 1; i < ops.length; i++) {
    let operand = ops[i];
    const sumDims: number[] = [];
    dim = outSize;
    for (let d = outSize; d < perm; d++, dim++) {
      if (dimLastOp[d] < i) {
        operand = operand.squeeze(dim);
        dim--;
      } else if (dimLastOp[d] === i) {
        sumDims.push(dim);
      }
    }
    result = sumDims.length === 0 ? result.mul(operand) : sumproductPair(result, operand, sumDims);
  }
  return result;
}

const einsumDecl = fn('einsum(str equation, Tensor[] tensors, *, int[]? path=None)', einsumImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'einsum ij,jk->ik',
      inputs: () => [k.make([2, 3]), k.make([3, 4], { salt: 1 })],
      fn: (a, b) => f('ij,jk->ik', [a, b]),
    },
    {
      name: 'einsum bij,bjk',
      inputs: () => [k.make([2, 2, 3]), k.make([2, 3, 2], { salt: 1 })],
      fn: (a, b) => f('bij,bjk', [a, b]),
    },
    { name: 'einsum trace ii', inputs: () => [k.make([3, 3])], fn: (a) => f('ii', [a]) },
    { name: 'einsum diagonal ii->i', inputs: () => [k.make([3, 3])], fn: (a) => f('ii->i', [a]) },
    { name: 'einsum ...ij->...ji', inputs: () => [k.make([2, 3, 4])], fn: (a) => f('...ij->...ji', [a]) },
    {
      name: 'einsum outer i,j->ij',
      inputs: () => [k.make([3]), k.make([4], { salt: 1 })],
      fn: (a, b) => f('i,j->ij', [a, b]),
    },
    {
      name: 'einsum three operands i,ij,j->',
      inputs: () => [k.make([3]), k.make([3, 4], { salt: 1 }), k.make([4], { salt: 2 })],
      fn: (a, b, c) => f('i,ij,j->', [a, b, c]),
    },
    {
      name: 'einsum broadcast ellipsis',
      inputs: () => [k.make([2, 1, 3]), k.make([4, 3], { salt: 1 })],
      fn: (a, b) => f('...j,kj->...k', [a, b]),
    },
  ],
});
interface Einsum {
  (equation: string, ...operands: Tensor[]): Tensor;
  (equation: string, operands: readonly Tensor[], opts?: { path?: number[] | null }): Tensor;
}
/** torch.einsum(equation, a, b, ...) or torch.einsum(equation, [a, b, ...]). */
export const einsum = ((...args: unknown[]): Tensor =>
  (einsumDecl as unknown as (...a: unknown[]) => Tensor)(...einsumArgs(args))) as Einsum;

/** torch.einsum(equation, a, b, ...) or torch.einsum(equation, [a, b, ...]). */
export function einsumArgs(args: readonly unknown[]): unknown[] {
  if (args.length > 1 && args[1] instanceof Tensor) {
    let n = 1;
    while (n < args.length && args[n] instanceof Tensor) n++;
    return [args[0], args.slice(1, n), ...args.slice(n)];
  }
  return [...args];
}
