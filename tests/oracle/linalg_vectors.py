"""Oracle for the decompositions whose vectors are unique only up to sign (src/ops/linalg_solve.ts):
torch.linalg.eigh and torch.linalg.svd. LAPACK picks the signs, and PyTorch's documentation says
they are not unique, so the fixtures record what is: the eigenvalues / singular values, the vectors'
absolute values (each column's sign flipped freely), sign-invariant reconstructions (V diag(L) Vᵀ,
U diag(S) Vh), and the gradients of sign-invariant losses, which PyTorch's backward formulas give.

    /usr/bin/python3 tests/oracle/linalg_vectors.py   ->  tests/fixtures/linalg_vectors.json
"""
import math

import torch

from common import dump, enc, vals

F32, F64 = torch.float32, torch.float64


def weights(shape, dtype):
    """A fixed, asymmetric weighting for the losses (so every gradient entry matters)."""
    n = math.prod(shape)
    return (torch.arange(n, dtype=F64).remainder(7).sub(3).div(2)).reshape(shape).to(dtype)


cases = []
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    for shape, salt, uplo in (([3, 3], 1, 'L'), ([4, 4], 2, 'U'), ([2, 3, 3], 3, 'L')):
        A = vals(shape, salt, dt)
        A = (A + A.transpose(-2, -1)) / 2
        x = A.clone().requires_grad_()
        L, V = torch.linalg.eigh(x, UPLO=uplo)
        R = V @ torch.diag_embed(L.pow(2)) @ V.transpose(-2, -1)
        W = weights(R.shape, dt)
        (R * W).sum().backward()
        cases.append({'name': f'eigh {d} {shape} UPLO={uplo}', 'op': 'eigh', 'uplo': uplo, 'A': enc(A),
                      'values': enc(L), 'abs_vectors': enc(V.abs()), 'product': enc(R), 'weights': enc(W),
                      'grad': enc(x.grad)})
    for shape, salt, full in (([3, 2], 4, False), ([2, 4], 5, False), ([4, 3], 6, True), ([2, 3, 2], 7, False)):
        A = vals(shape, salt, dt)
        x = A.clone().requires_grad_()
        U, S, Vh = torch.linalg.svd(x, full_matrices=full)
        k = S.shape[-1]
        R = U[..., :k] @ torch.diag_embed(S.pow(2)) @ Vh[..., :k, :]
        W = weights(R.shape, dt)
        (R * W).sum().backward()
        cases.append({'name': f'svd {d} {shape} full_matrices={full}', 'op': 'svd', 'full': full, 'A': enc(A),
                      'values': enc(S), 'abs_U': enc(U.abs()), 'abs_Vh': enc(Vh.abs()), 'product': enc(R),
                      'weights': enc(W), 'grad': enc(x.grad)})

    for some in (True, False):
        A = vals([3, 2], 8, dt)
        x = A.clone().requires_grad_()
        U, S, V = torch.svd(x, some=some)
        R = U[..., :2] @ torch.diag_embed(S.pow(2)) @ V[..., :2].transpose(-2, -1)
        W = weights(R.shape, dt)
        (R * W).sum().backward()
        cases.append({'name': f'torch.svd {d} some={some}', 'op': 'svd_old', 'some': some, 'A': enc(A),
                      'values': enc(S), 'abs_U': enc(U.abs()), 'abs_V': enc(V.abs()), 'product': enc(R),
                      'weights': enc(W), 'grad': enc(x.grad)})

dump('linalg_vectors', cases)
