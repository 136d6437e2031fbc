"""Reference values of erf, sin and cos from mpmath at 50 digits, rounded to float64, for the float64
WebAssembly kernels of the TypeScript backend (tests/wasm_kernels.test.ts holds them to stated ulp
bounds): erf over [-7, 7] with its kernel's interval edges (1, 2.5, 6) and tiny inputs; sin and cos
over [-10, 10], large arguments up to and past the kernel's 2^20 limit, and the doubles nearest
multiples of pi/2 (where argument reduction cancels most).

    /usr/bin/python3 tests/oracle/wasm_accuracy.py  ->  tests/fixtures/wasm_f64_accuracy.json
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


def around(v):
    """v and its neighbouring doubles."""
    return [math.nextafter(v, -math.inf), v, math.nextafter(v, math.inf)]


def case(name, fn, xs):
    refs = [float(fn(mpmath.mpf(x))) for x in xs]
    return {'name': name, 'x': xs, 'ref': refs}


edges = [e * s for e in (1.0, 2.5, 6.0, 0.5, 1e-300, 1e-20, 2.0 ** -1074) for s in (1, -1)]
erf_x = spread(-7, 7, 1500, 1) + spread(-1.2, 1.2, 500, 2) + spread(0.9, 3, 500, 3)
erf_x += [v for e in edges for v in around(e)]

trig_x = spread(-10, 10, 1500, 4) + spread(-1e6, 1e6, 300, 5) + spread(-1e-5, 1e-5, 100, 6)
trig_x += [float(n * mpmath.pi / 2) for n in list(range(-40, 41)) + [101, 1003, 10007, 100003, 600001]]
trig_x += [v for n in (1, 2, 3, 7, 355, 103993) for v in around(float(n * mpmath.pi / 2))]
trig_x += [2.0 ** 20, -(2.0 ** 20), 2.0 ** 20 + 0.5, 1e7 + 0.3, 1e15, -1e300, 1e-300, 2.0 ** -1074]

dump('wasm_f64_accuracy', [case('erf', mpmath.erf, erf_x), case('sin', mpmath.sin, trig_x),
                           case('cos', mpmath.cos, trig_x)])
