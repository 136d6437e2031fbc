"""Reference values of the special functions (erfc, erfinv, lgamma, digamma, polygamma) from mpmath
at 50 digits, rounded to float64, over their whole domains, tails included (where ATen's own erfinv
and trigamma lose accuracy, so pointwise.py cannot be the reference there). tests/pointwise.test.ts
checks both backends against them in ulps.

    /usr/bin/python3 tests/oracle/special_accuracy.py  ->  tests/fixtures/pointwise_special_accuracy.json
"""
import math

import mpmath

from common import dump

mpmath.mp.dps = 50


def spread(lo, hi, n, salt):
    """n deterministic float64 points in [lo, hi] (irregular, so no point is a round number)."""
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(lo + (hi - lo) * u)
    return out


def lgamma_ref(x):
    return mpmath.log(abs(mpmath.gamma(x)))


def case(name, fn, xs, n=None):
    xs = [x for x in xs if not (x <= 0 and x == int(x))]  # poles: covered by pointwise.py
    refs = []
    for x in xs:
        r = fn(mpmath.mpf(x))
        refs.append(float(r))
    keep = [(x, r) for x, r in zip(xs, refs) if math.isfinite(r) and (r == 0 or abs(r) > 1e-300)]
    c = {'name': name, 'fn': name.split(' ')[0], 'x': [x for x, _ in keep], 'ref': [r for _, r in keep]}
    if n is not None:
        c['n'] = n
    return c


cases = [
    case('erfc', mpmath.erfc, spread(-6, 6, 300, 1) + spread(6, 27, 100, 2) + [0.75, -0.75, 0.7499999, 1e-300]),
    case('erfinv', mpmath.erfinv, spread(-1, 1, 300, 3) + [1 - 10.0 ** -k for k in range(1, 16)]
         + [-1 + 2.0 ** -k for k in range(20, 54)] + [1e-300, 1e-10, 0.5, -0.5, 0.5000001]),
    case('lgamma', lgamma_ref, spread(-20, 0, 200, 4) + spread(0, 3, 200, 5) + spread(3, 200, 100, 6)
         + [1e-300, 1e-10, 1 - 1e-9, 1 + 1e-9, 2 - 1e-9, 2 + 1e-9, 12, 1e5 + 0.3, 1e15, 1e300]),
    case('digamma', mpmath.digamma, spread(-20, 0, 200, 7) + spread(0, 10, 200, 8) + spread(10, 1e4, 50, 9)
         + [1e-300, 1e-10, 1, 2, 10, 1e15, 1e300]),
]
for n in (1, 2, 3, 4):
    cases.append(case(f'polygamma {n}', lambda x, n=n: mpmath.polygamma(n, x),
                      spread(-10, 0, 100, 10 + n) + spread(0, 50, 200, 20 + n) + [1e-3, 1e5 + 0.5, 1e10], n))

dump('pointwise_special_accuracy', cases)
