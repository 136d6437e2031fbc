# Fits g(t) = erfc(t) exp(t^2) on [1, 6] by a Chebyshev interpolant of degree 24 (mpmath reference,
# 40 digits), printed as power-series coefficients in u = (2t - 7) / 5, lowest first: the constants
# of erfcScaledF64 in src/backend/js/wasm/elementwise.ts. Relative error about 2.6e-14.
import mpmath as mp
import numpy as np

mp.mp.dps = 40
a, b, deg, n = 1.0, 6.0, 24, 400
xs = np.cos(np.pi * (np.arange(n) + 0.5) / n)
gs = np.array([float(mp.erfc(t) * mp.exp(t * t)) for t in (a + b) / 2 + (b - a) / 2 * xs])
p = np.polynomial.chebyshev.cheb2poly(np.polynomial.chebyshev.chebfit(xs, gs, deg))
print(',\n'.join(repr(float(c)) for c in p))
