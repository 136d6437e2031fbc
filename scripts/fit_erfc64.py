# Fits g(t) = erfc(t) exp(t^2) for the float64 erf kernel (erfF64Accurate in
# src/backend/js/wasm/elementwise.ts): Chebyshev interpolants computed in mpmath at 50 digits on
# [1, 2.5] (degree 18) and [2.5, 6] (degree 20), printed as power-series coefficients in
# u = (2t - a - b) / (b - a), lowest first, with the worst relative error of their float64 Horner
# evaluation (about 1.8e-16 and 3.7e-16).
import mpmath as mp

mp.mp.dps = 50


def g(t):
    return mp.erfc(t) * mp.exp(t * t)


def fit(a, b, deg):
    n = deg + 1
    half = mp.mpf(1) / 2
    nodes = [mp.cos(mp.pi * (k + half) / n) for k in range(n)]
    vals = [g((a + b) / mp.mpf(2) + (b - a) / mp.mpf(2) * u) for u in nodes]
    cheb = [(2 if j else 1) * mp.fsum(vals[k] * mp.cos(j * mp.pi * (k + half) / n) for k in range(n)) / n
            for j in range(n)]
    # T_j as power series, then the interpolant's power-series coefficients.
    T = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    for _ in range(2, n):
        nxt = [mp.mpf(0)] + [2 * v for v in T[-1]]
        for i, v in enumerate(T[-2]):
            nxt[i] -= v
        T.append(nxt)
    mono = [mp.mpf(0)] * n
    for j in range(n):
        for i, v in enumerate(T[j]):
            mono[i] += cheb[j] * v
    coef = [float(v) for v in mono]
    worst = 0
    for i in range(2001):
        t = a + (b - a) * i / 2000
        u = (2 * t - (a + b)) / (b - a)
        s = coef[-1]
        for v in reversed(coef[:-1]):
            s = s * u + v
        worst = max(worst, abs((s - g(mp.mpf(t))) / g(mp.mpf(t))))
    return coef, float(worst)


for a, b, deg in ((1, 2.5, 18), (2.5, 6, 20)):
    coef, worst = fit(a, b, deg)
    print(f'// [{a}, {b}], degree {deg}: relative error {worst:.2g}')
    print('[' + ', '.join(repr(c) for c in coef) + ']')
