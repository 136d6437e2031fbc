// Scalar special functions of torch.special that have no backend kernel kind (src/ops/special2.ts
// maps them over a tensor's elements in JavaScript on both backends). Double precision throughout;
// float32 results are these rounded. The Chebyshev and rational coefficients are Cephes' (as
// ATen's aten/src/ATen/native/Math.h uses them).

import { erfc, hurwitzZeta, lgamma } from './math.js';

/** Clenshaw's recurrence for a Chebyshev series with coefficients highest order first (Cephes' chbevl). */
function chbevl(x: number, c: readonly number[]): number {
  let b0 = c[0];
  let b1 = 0;
  let b2 = 0;
  for (let i = 1; i < c.length; i++) {
    b2 = b1;
    b1 = b0;
    b0 = x * b1 - b2 + c[i];
  }
  return 0.5 * (b0 - b2);
}

// exp(-x) I0(x) on [0, 8]; exp(-x) sqrt(x) I0(x) on [8, inf) (in 32/x - 2).
const I0_A = [
  -4.4153416464793393795e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16, 1.71539128555513303061e-15,
  -1.16853328779934516808e-14, 7.67618549860493561688e-14, -4.8564467831119294609e-13, 2.95505266312963983461e-12,
  -1.72682629144155570723e-11, 9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-9,
  -1.30002500998624804212e-8, 6.04699502254191894932e-8, -2.67079385394061173391e-7, 1.11738753912010371815e-6,
  -4.41673835845875056359e-6, 1.64484480707288970893e-5, -5.75419501008210370398e-5, 1.88502885095841655729e-4,
  -5.76375574538582365885e-4, 1.63947561694133579842e-3, -4.3243099950505759443e-3, 1.05464603945949983183e-2,
  -2.37374148058994688156e-2, 4.93052842396707084878e-2, -9.4901097048047644421e-2, 1.71620901522208775349e-1,
  -3.04682672343198398683e-1, 6.76795274409476084995e-1,
];
const I0_B = [
  -7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17, 3.4612228676974610931e-17,
  -2.82762398051658348494e-16, -3.42548561967721913462e-16, 1.7725601330565263836e-15, 3.81168066935262242075e-15,
  -9.5548466988283076487e-15, -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
  7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11, -3.14991652796324136454e-11,
  1.18891471078464383424e-11, 4.9406023882249695891e-10, 3.39623202570838634515e-9, 2.26666899049817806459e-8,
  2.04891858946906374183e-7, 2.89137052083475648297e-6, 6.88975834691682398426e-5, 3.3691164782556940899e-3,
  8.04490411014108831608e-1,
];
// exp(-x) I1(x) / x on [0, 8]; exp(-x) sqrt(x) I1(x) on [8, inf).
const I1_A = [
  2.77791411276104639959e-18, -2.11142121435816608115e-17, 1.55363195773620046921e-16, -1.10559694773538630805e-15,
  7.6006842947354069341e-15, -5.04218550472791168711e-14, 3.22379336594557470981e-13, -1.9839743977649437152e-12,
  1.17361862988909016308e-11, -6.66348972350202774223e-11, 3.62559028155211703701e-10, -1.8872497517228292879e-9,
  9.38153738649577178388e-9, -4.44505912879632808065e-8, 2.00329475355213526229e-7, -8.56872026469545474066e-7,
  3.47025130813767847674e-6, -1.32731636560394358279e-5, 4.78156510755005422638e-5, -1.61760815825896745588e-4,
  5.12285956168575772895e-4, -1.51357245063125314899e-3, 4.15642294431288815669e-3, -1.05640848946261981558e-2,
  2.47264490306265168283e-2, -5.29459812080949914269e-2, 1.02643658689847095384e-1, -1.76416518357834055153e-1,
  2.52587186443633654823e-1,
];
const I1_B = [
  7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17, -3.2095259219934239598e-17,
  2.96262899764595013876e-16, 3.30820231092092828324e-16, -1.88035477551078244854e-15, -3.81440307243700780478e-15,
  1.04202769841288027642e-14, 4.27244001671195135429e-14, -2.10154184277266431302e-14, -4.08355111109219731823e-13,
  -7.19855177624590851209e-13, 2.03562854414708950722e-12, 1.41258074366137813316e-11, 3.25260358301548823856e-11,
  -1.8974958123505412345e-11, -5.58974346219658380687e-10, -3.83538038596423702205e-9, -2.63146884688951950684e-8,
  -2.51223623787020892529e-7, -3.88256480887769039346e-6, -1.10588938762623716291e-4, -9.76109749136146840777e-3,
  7.78576235018280120474e-1,
];

/** exp(-|x|) I0(x). */
export function i0e(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 8) return chbevl(ax / 2 - 2, I0_A);
  return chbevl(32 / ax - 2, I0_B) / Math.sqrt(ax);
}

/** The modified Bessel function I0. */
export function i0(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 8) return Math.exp(ax) * chbevl(ax / 2 - 2, I0_A);
  return (Math.exp(ax) * chbevl(32 / ax - 2, I0_B)) / Math.sqrt(ax);
}

/** exp(-|x|) I1(x). */
export function i1e(x: number): number {
  const ax = Math.abs(x);
  const out = ax <= 8 ? chbevl(ax / 2 - 2, I1_A) * ax : chbevl(32 / ax - 2, I1_B) / Math.sqrt(ax);
  return x < 0 ? -out : out;
}

/** The modified Bessel function I1. */
export function i1(x: number): number {
  const ax = Math.abs(x);
  const out =
    ax <= 8 ? Math.exp(ax) * ax * chbevl(ax / 2 - 2, I1_A) : (Math.exp(ax) * chbevl(32 / ax - 2, I1_B)) / Math.sqrt(ax);
  return x < 0 ? -out : out;
}

// ATen's single-precision I1 uses the last 17 and 7 terms of these series.
const I1_A_F = I1_A.slice(-17);
const I1_B_F = I1_B.slice(-7);

/** exp(-|x|) I1(x) by ATen's float series. */
export function i1ef(x: number): number {
  const ax = Math.abs(x);
  const out = ax <= 8 ? chbevl(ax / 2 - 2, I1_A_F) * ax : chbevl(32 / ax - 2, I1_B_F) / Math.sqrt(ax);
  return x < 0 ? -out : out;
}

/** I1 by ATen's float series. */
export function i1f(x: number): number {
  const ax = Math.abs(x);
  const out =
    ax <= 8
      ? Math.exp(ax) * ax * chbevl(ax / 2 - 2, I1_A_F)
      : (Math.exp(ax) * chbevl(32 / ax - 2, I1_B_F)) / Math.sqrt(ax);
  return x < 0 ? -out : out;
}

/** Horner's rule, coefficients highest order first (Cephes' polevl). */
function polevl(x: number, c: readonly number[]): number {
  let r = 0;
  for (const v of c) r = r * x + v;
  return r;
}

const NDTRI_P0 = [
  -5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1,
  -1.23916583867381258016,
];
const NDTRI_Q0 = [
  1, 1.95448858338141759834, 4.67627912898881538453, 8.63602421390890590575e1, -2.25462687854119370527e2,
  2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142,
];
const NDTRI_P1 = [
  4.05544892305962419923, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1,
  1.46849561928858024014e1, 2.18663306850790267539, -1.40256079171354495875e-1, -3.50424626827848203418e-2,
  -8.57456785154685413611e-4,
];
const NDTRI_Q1 = [
  1, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1,
  2.50464946208309415979, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4,
];
const NDTRI_P2 = [
  3.2377489177694603597, 6.91522889068984211695, 3.93881025292474443415, 1.33303460815807542389,
  2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6,
  6.2397453918498329373e-9,
];
const NDTRI_Q2 = [
  1, 6.02427039364742014255, 3.67983563856160859403, 1.37702099489081330271, 2.1623699359449663589e-1,
  1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9,
];
const EXP_M2 = 0.1353352832366127;
const S2PI = 2.5066282746310002;

/** The inverse of the standard normal CDF (Cephes' ndtri). */
export function ndtri(y0: number): number {
  if (y0 === 0) return -Infinity;
  if (y0 === 1) return Infinity;
  if (!(y0 >= 0 && y0 <= 1)) return NaN;
  let code = true;
  let y = y0;
  if (y > 1 - EXP_M2) {
    y = 1 - y;
    code = false;
  }
  if (y > EXP_M2) {
    y -= 0.5;
    const y2 = y * y;
    return (y + y * ((y2 * polevl(y2, NDTRI_P0)) / polevl(y2, NDTRI_Q0))) * S2PI;
  }
  const x = Math.sqrt(-2 * Math.log(y));
  const x0 = x - Math.log(x) / x;
  const z = 1 / x;
  const x1 = x < 8 ? (z * polevl(z, NDTRI_P1)) / polevl(z, NDTRI_Q1) : (z * polevl(z, NDTRI_P2)) / polevl(z, NDTRI_Q2);
  const r = x0 - x1;
  return code ? -r : r;
}

const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** exp(x^2) without the rounding error of x^2 (x split into a float32 head and a tail). */
function expSquare(x: number): number {
  const hi = Math.fround(x);
  return Math.exp(hi * hi) * Math.exp((x - hi) * (x + hi));
}

/** The scaled complementary error function exp(x^2) erfc(x). */
export function erfcx(x: number): number {
  if (x !== x) return x;
  if (x < 0) {
    if (x < -26.7) return Infinity;
    return 2 * expSquare(x) - erfcx(-x);
  }
  if (x < 0.75) return expSquare(x) * erfc(x);
  if (x > 1e8) return ONE_OVER_SQRT_PI / x;
  // Laplace's continued fraction erfc(x) exp(x^2) = 1/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
  // evaluated backwards from a depth that converges at x.
  const depth = Math.ceil(20 + 220 / (x * x));
  let f = x;
  for (let n = depth; n >= 1; n--) f = x + n / 2 / f;
  return ONE_OVER_SQRT_PI / f;
}

/** log of the standard normal CDF, as ATen computes it (through erfcx below -1). */
export function logNdtr(x: number): number {
  const t = x * Math.SQRT1_2;
  if (x < -1) return Math.log(erfcx(-t) / 2) - t * t;
  return Math.log1p(-erfc(t) / 2);
}

/** -x log(x): 0 at 0, -inf below. */
export function entr(x: number): number {
  if (x !== x) return x;
  if (x > 0) return -x * Math.log(x);
  if (x === 0) return 0;
  return -Infinity;
}

/** x log1p(y): 0 where x is 0, unless y is NaN. */
export function xlog1py(x: number, y: number): number {
  if (y !== y) return NaN;
  if (x === 0) return 0;
  return x * Math.log1p(y);
}

/** The Hurwitz zeta function (ATen's zeta: inf at x = 1, NaN below). */
export function zeta(x: number, q: number): number {
  if (x === 1) return Infinity;
  if (x < 1) return NaN;
  return hurwitzZeta(x, q);
}

// Lanczos' approximation (Boost's, g = 6.0246800407767296) of gamma(x) e^(x+g-0.5) / (x+g-0.5)^(x-0.5).
const LANCZOS_NUM = [
  0.006061842346248906525783753964555936883222, 0.5098416655656676188125178644804694509993,
  19.51992788247617482847860966235652136208, 449.9445569063168119446858607650988409623,
  6955.999602515376140356310115515198987526, 75999.29304014542649875303443598909137092,
  601859.6171681098786670226533699352302507, 3481712.15498064590882071018964774556468,
  14605578.08768506808414169982791359218571, 43338889.32467613834773723740590533316085,
  86363131.28813859145546927288977868422342, 103794043.1163445451906271053616070238554,
  56906521.91347156388090791033559122686859,
];
const LANCZOS_DEN = [
  1, 66, 1925, 32670, 357423, 2637558, 13339535, 45995730, 105258076, 150917976, 120543840, 39916800, 0,
];
const LANCZOS_G = 6.024680040776729583740234375;

/** The ratio of the two polynomials (coefficients highest order first), in 1/x above 1 (Cephes' ratevl). */
function ratevl(x: number, num: readonly number[], den: readonly number[]): number {
  const M = num.length - 1;
  const N = den.length - 1;
  if (Math.abs(x) > 1) {
    const y = 1 / x;
    let n = 0;
    for (let i = M; i >= 0; i--) n = n * y + num[i];
    let d = 0;
    for (let i = N; i >= 0; i--) d = d * y + den[i];
    return Math.pow(x, N - M) * (n / d);
  }
  let n = 0;
  for (let i = 0; i <= M; i++) n = n * x + num[i];
  let d = 0;
  for (let i = 0; i <= N; i++) d = d * x + den[i];
  return n / d;
}

/** x^a e^-x / gamma(a), through Lanczos' sum where x is near a (no cancellation in a log x - x). */
function igamFac(a: number, x: number): number {
  if (Math.abs(a - x) > 0.4 * Math.abs(a)) {
    const ax = a * Math.log(x) - x - lgamma(a);
    if (ax < -709.782712893384) return 0;
    return Math.exp(ax);
  }
  const fac = a + LANCZOS_G - 0.5;
  let res = Math.sqrt(fac / Math.E) / ratevl(a, LANCZOS_NUM, LANCZOS_DEN);
  if (a < 200 && x < 200) {
    res *= Math.exp(a - x) * Math.pow(x / fac, a);
  } else {
    const num = x - a - LANCZOS_G + 0.5;
    const numfac = num / fac;
    res *= Math.exp(a * (Math.log1p(numfac) - numfac) + (x * (0.5 - LANCZOS_G)) / fac);
  }
  return res;
}

const MACHEP = 1.1102230246251565e-16;
const MAXITER = 100000;

/** The lower regularized series (DLMF 8.11.4). */
function igamSeries(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0) return 0;
  let r = a;
  let c = 1;
  let ans = 1;
  for (let i = 0; i < MAXITER; i++) {
    r += 1;
    c *= x / r;
    ans += c;
    if (c <= MACHEP * ans) break;
  }
  return (ans * ax) / a;
}

/** The upper regularized function for small x (DLMF 8.7.3), without cancellation. */
function igamcSeries(a: number, x: number): number {
  let fac = 1;
  let sum = 0;
  for (let n = 1; n < 2000; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    if (Math.abs(term) <= MACHEP * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  return -Math.expm1(a * logx - lgamma(1 + a)) - Math.exp(a * logx - lgamma(a)) * sum;
}

/** The upper regularized function by its continued fraction (DLMF 8.9.2). */
function igamcFraction(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0) return 0;
  const BIG = 4.503599627370496e15;
  const BIGINV = 2.220446049250313e-16;
  let y = 1 - a;
  let z = x + y + 1;
  let c = 0;
  let pkm2 = 1;
  let qkm2 = x;
  let pkm1 = x + 1;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  for (let i = 0; i < MAXITER; i++) {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t = 1;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 *= BIGINV;
      pkm1 *= BIGINV;
      qkm2 *= BIGINV;
      qkm1 *= BIGINV;
    }
    if (t <= MACHEP) break;
  }
  return ans * ax;
}

/** Boundary values of the regularized incomplete gammas (ATen's, after SciPy's); undefined inside. */
function igamEdge(a: number, x: number, lower: boolean): number | undefined {
  if (x < 0 || a < 0 || a !== a || x !== x) return NaN;
  if (a === 0) return x > 0 ? (lower ? 1 : 0) : NaN;
  if (x === 0) return lower ? 0 : 1;
  if (a === Infinity) return x === Infinity ? NaN : lower ? 0 : 1;
  if (x === Infinity) return lower ? 1 : 0;
  return undefined;
}

function igammacInner(a: number, x: number): number {
  if (x > 1.1) return x < a ? 1 - igamSeries(a, x) : igamcFraction(a, x);
  if (x <= 0.5) return -0.4 / Math.log(x) < a ? 1 - igamSeries(a, x) : igamcSeries(a, x);
  return x * 1.1 < a ? 1 - igamSeries(a, x) : igamcSeries(a, x);
}

function igammaInner(a: number, x: number): number {
  return x > 1 && x > a ? 1 - igammacInner(a, x) : igamSeries(a, x);
}

/** Where ATen takes the uniform asymptotic expansion (DLMF 8.12.3/8.12.4): a large and x near a. */
function asymptoticRegime(a: number, x: number): boolean {
  const r = Math.abs(x - a) / a;
  return (a > 20 && a < 200 && r < 0.3) || (a > 200 && r < 4.5 / Math.sqrt(a));
}

const SQRT_PI_OVER_PI_F = Math.sqrt(Math.PI / Math.fround(Math.PI));

/**
 * ATen's value in its asymptotic regime: its expansion is 0.5 erfc(+-eta sqrt(a/2)) plus a series
 * term divided by sqrt(2 pi a), with pi rounded to float (c10::pi<float>), which scales that term
 * by sqrt(pi / pi_f) (1 - 1.4e-8). The term is recovered from the exact value `v` and rescaled.
 */
function asPyTorchAsymptotic(a: number, x: number, v: number, lower: boolean): number {
  const sigma = (x - a) / a;
  const e = Math.sqrt(-2 * (Math.log1p(sigma) - sigma));
  const eta = x > a ? e : x < a ? -e : 0;
  const head = 0.5 * erfc((lower ? -1 : 1) * eta * Math.sqrt(a / 2));
  return head + (v - head) * SQRT_PI_OVER_PI_F;
}

/** The regularized upper incomplete gamma function Q(a, x). */
export function igammac(a: number, x: number): number {
  const edge = igamEdge(a, x, false);
  if (edge !== undefined) return edge;
  const v = igammacInner(a, x);
  return asymptoticRegime(a, x) ? asPyTorchAsymptotic(a, x, v, false) : v;
}

/** The regularized lower incomplete gamma function P(a, x). */
export function igamma(a: number, x: number): number {
  const edge = igamEdge(a, x, true);
  if (edge !== undefined) return edge;
  const v = igammaInner(a, x);
  return asymptoticRegime(a, x) ? asPyTorchAsymptotic(a, x, v, true) : v;
}

// Bessel functions of the first and second kind of orders 0 and 1 (Cephes' j0.c and j1.c, as
// ATen's bessel_j0_forward ... bessel_y1_forward): rational approximations up to 5, Hankel's
// asymptotic form beyond.
const J0_PP = [
  7.96936729297347051624e-4, 8.28352392107440799803e-2, 1.23953371646414299388, 5.4472500305876877509,
  8.74716500199817011941, 5.30324038235394892183, 9.99999999999999997821e-1,
];
const J0_PQ = [
  9.24408810558863637013e-4, 8.56288474354474431428e-2, 1.25352743901058953537, 5.47097740330417105182,
  8.76190883237069594232, 5.30605288235394617618, 1.00000000000000000218,
];
const J0_QP = [
  -1.13663838898469149931e-2, -1.28252718670509318512, -1.95539544257735972385e1, -9.32060152123768231369e1,
  -1.77681167980488050595e2, -1.47077505154951170175e2, -5.1410532676659933022e1, -6.05014350600728481186,
];
const J0_QQ = [
  6.43178256118178023184e1, 8.56430025976980587198e2, 3.88240183605401609683e3, 7.24046774195652478189e3,
  5.93072701187316984827e3, 2.06209331660327847417e3, 2.42005740240291393179e2,
];
const J0_RP = [
  -4.79443220978201773821e9, 1.95617491946556577543e12, -2.49248344360967716204e14, 9.70862251047306323952e15,
];
const J0_RQ = [
  4.99563147152651017219e2, 1.73785401676374683123e5, 4.84409658339962045305e7, 1.11855537045356834862e10,
  2.11277520115489217587e12, 3.10518229857422583814e14, 3.18121955943204943306e16, 1.71086294081043136091e18,
];
const Y0_YP = [
  1.55924367855235737965e4, -1.46639295903971606143e7, 5.43526477051876500413e9, -9.82136065717911466409e11,
  8.75906394395366999549e13, -3.46628303384729719441e15, 4.42733268572569800351e16, -1.84950800436986690637e16,
];
const Y0_YQ = [
  1.04128353664259848412e3, 6.26107330137134956842e5, 2.68919633393814121987e8, 8.64002487103935000337e10,
  2.02979612750105546709e13, 3.17157752842975028269e15, 2.50596256172653059228e17,
];
const J1_PP = [
  7.62125616208173112003e-4, 7.31397056940917570436e-2, 1.12719608129684925192, 5.11207951146807644818,
  8.42404590141772420927, 5.21451598682361504063, 1.00000000000000000254,
];
const J1_PQ = [
  5.71323128072548699714e-4, 6.88455908754495404082e-2, 1.10514232634061696926, 5.07386386128601488557,
  8.39985554327604159757, 5.20982848682361821619, 9.99999999999999997461e-1,
];
const J1_QP = [
  5.10862594750176621635e-2, 4.9821387295123344942, 7.58238284132545283818e1, 3.667796093601507778e2,
  7.10856304998926107277e2, 5.97489612400613639965e2, 2.11688757100572135698e2, 2.52070205858023719784e1,
];
const J1_QQ = [
  7.42373277035675149943e1, 1.05644886038262816351e3, 4.98641058337653607651e3, 9.56231892404756170795e3,
  7.9970416044735068365e3, 2.826192785176390966e3, 3.36093607810698293419e2,
];
const J1_RP = [
  -8.99971225705559398224e8, 4.52228297998194034323e11, -7.27494245221818276015e13, 3.68295732863852883286e15,
];
const J1_RQ = [
  6.20836478118054335476e2, 2.56987256757748830383e5, 8.35146791431949253037e7, 2.21511595479792499675e10,
  4.74914122079991414898e12, 7.84369607876235854894e14, 8.95222336184627338078e16, 5.32278620332680085395e18,
];
const Y1_YP = [
  1.2632047479017802644e9, -6.47355876379160291031e11, 1.14509511541823727583e14, -8.12770255501325109621e15,
  2.02439475713594898196e17, -7.78877196265950026825e17,
];
const Y1_YQ = [
  5.94301592346128195359e2, 2.35564092943068577943e5, 7.3481194445972170566e7, 1.87601316108706159478e10,
  3.88231277496238566008e12, 6.20557727146953693363e14, 6.87141087355300489866e16, 3.97270608116560655612e18,
];
const PIO4 = 0.7853981633974483;
const THPIO4 = 2.356194490192345;
const SQ2OPI = 0.7978845608028654;
const TWO_OVER_PI = 0.6366197723675814;

/**
 * Hankel's asymptotic form beyond 5: (P cos(x - phase) -+ 5/x Q sin(x - phase)) sqrt(2/(pi x)).
 * `f32`: x - phase rounded to float first, as ATen's single-precision kernel has it (which decides
 * the float32 result for large x).
 */
function besselLarge(x: number, c: readonly (readonly number[])[], phase: number, y: boolean, f32: boolean): number {
  const [pp, pq, qp, qq] = c;
  const w = 25 / (x * x);
  const p = polevl(w, pp) / polevl(w, pq);
  const q = polevl(w, qp) / polevl(w, qq);
  const arg = f32 ? Math.fround(x - Math.fround(phase)) : x - phase;
  const cs = Math.cos(arg);
  const sn = Math.sin(arg);
  return ((y ? p * sn + (5 / x) * q * cs : p * cs - (5 / x) * q * sn) * SQ2OPI) / Math.sqrt(x);
}
const J0_LARGE = [J0_PP, J0_PQ, J0_QP, J0_QQ];
const J1_LARGE = [J1_PP, J1_PQ, J1_QP, J1_QQ];

export function besselJ0(x: number, f32 = false): number {
  if (x < 0) x = -x;
  if (x <= 5) {
    if (x < 1e-5) return 1 - (x * x) / 4;
    const z = x * x;
    return ((z - 5.783185962946784) * (z - 30.471262343662087) * polevl(z, J0_RP)) / polevl(z, J0_RQ);
  }
  return besselLarge(x, J0_LARGE, PIO4, false, f32);
}

export function besselJ1(x: number, f32 = false): number {
  if (x < 0) return -besselJ1(-x, f32);
  if (x <= 5) {
    const z = x * x;
    return (polevl(z, J1_RP) / polevl(z, J1_RQ)) * x * (z - 14.681970642123893) * (z - 49.2184563216946);
  }
  return besselLarge(x, J1_LARGE, THPIO4, false, f32);
}

export function besselY0(x: number, f32 = false): number {
  if (x <= 5) {
    if (x === 0) return -Infinity;
    if (x < 0) return NaN;
    const z = x * x;
    return polevl(z, Y0_YP) / polevl(z, Y0_YQ) + TWO_OVER_PI * Math.log(x) * besselJ0(x);
  }
  return besselLarge(x, J0_LARGE, PIO4, true, f32);
}

export function besselY1(x: number, f32 = false): number {
  if (x <= 5) {
    if (x === 0) return -Infinity;
    if (x <= 0) return NaN;
    const z = x * x;
    return x * (polevl(z, Y1_YP) / polevl(z, Y1_YQ)) + TWO_OVER_PI * (besselJ1(x) * Math.log(x) - 1 / x);
  }
  return besselLarge(x, J1_LARGE, THPIO4, true, f32);
}

/** sin(x) / x, by its Taylor series below 0.5 (ATen's spherical_bessel_j0_forward). */
export function sphericalBesselJ0(x: number): number {
  if (x === Infinity || x === -Infinity) return 0;
  if (Math.abs(x) < 0.5) {
    const z = x * x;
    return (
      1 + z * (-1 / 6 + z * (1 / 120 + z * (-1 / 5040 + z * (1 / 362880 + z * (-1 / 39916800 + z * (1 / 6227020800))))))
    );
  }
  return Math.sin(x) / x;
}

// Modified Bessel functions of the second kind K0 and K1 (Cephes' k0.c, k1.c, as ATen's
// modified_bessel_k0_forward ...): Chebyshev series in x^2 - 2 up to 2 (with the log(x/2) I term),
// in 8/x - 2 beyond (exp(x) sqrt(x) K).
const K0_A = [
  1.37446543561352307156e-16, 4.25981614279661018399e-14, 1.03496952576338420167e-11, 1.90451637722020886025e-9,
  2.53479107902614945675e-7, 2.28621210311945178607e-5, 1.26461541144692592338e-3, 3.59799365153615016266e-2,
  3.44289899924628486886e-1, -5.3532739323390276872e-1,
];
const K0_B = [
  5.30043377268626276149e-18, -1.64758043015242134646e-17, 5.21039150503902756861e-17, -1.67823109680541210385e-16,
  5.51205597852431940784e-16, -1.8485933773437790144e-15, 6.34007647740507060557e-15, -2.22751332699166985548e-14,
  8.032890775363575211e-14, -2.98009692317273043925e-13, 1.14034058820847496303e-12, -4.51459788337394416547e-12,
  1.85594911495471785253e-11, -7.95748924447710747776e-11, 3.57739728140030116597e-10, -1.69753450938905987466e-9,
  8.57403401741422608519e-9, -4.66048989768794782956e-8, 2.76681363944501510342e-7, -1.83175552271911948767e-6,
  1.39498137188764993662e-5, -1.28495495816278026384e-4, 1.56988388573005337491e-3, -3.14481013119645005427e-2,
  2.44030308206595545468,
];
const K1_A = [
  -7.02386347938628759343e-18, -2.42744985051936593393e-15, -6.66690169419932900609e-13, -1.4114883926335277611e-10,
  -2.21338763073472585583e-8, -2.43340614156596823496e-6, -1.73028895751305206302e-4, -6.97572385963986435018e-3,
  -1.22611180822657148235e-1, -3.53155960776544875667e-1, 1.52530022733894777053,
];
const K1_B = [
  -5.75674448366501715755e-18, 1.79405087314755922667e-17, -5.68946255844285935196e-17, 1.8380935443666388007e-16,
  -6.05704724837331885336e-16, 2.03870316562433424052e-15, -7.01983709041831346144e-15, 2.47715442448130437068e-14,
  -8.97670518232499435011e-14, 3.34841966607842919884e-13, -1.2891739609510289068e-12, 5.139639673481730251e-12,
  -2.12996783842756842877e-11, 9.21831518760500529508e-11, -4.1903547593418964875e-10, 2.01504975519703286596e-9,
  -1.0345762465678097026e-8, 5.74108412545004946722e-8, -3.50196060308781257119e-7, 2.40648494783721712015e-6,
  -1.93619797416608296024e-5, 1.95215518471351631108e-4, -2.8578168596227793868e-3, 1.03923736576817238437e-1,
  2.72062619048444266945,
];

/** K0 (scaled: exp(x) K0). */
function k0(x: number, scaled: boolean): number {
  if (x === 0) return Infinity;
  if (x < 0) return NaN;
  if (x <= 2) {
    const v = chbevl(x * x - 2, K0_A) - Math.log(0.5 * x) * i0(x);
    return scaled ? v * Math.exp(x) : v;
  }
  const v = chbevl(8 / x - 2, K0_B) / Math.sqrt(x);
  return scaled ? v : Math.exp(-x) * v;
}

/** K1 (scaled: exp(x) K1). */
function k1(x: number, scaled: boolean): number {
  if (x === 0) return Infinity;
  if (x < 0) return NaN;
  if (x <= 2) {
    const v = Math.log(0.5 * x) * i1(x) + chbevl(x * x - 2, K1_A) / x;
    return scaled ? v * Math.exp(x) : v;
  }
  const v = chbevl(8 / x - 2, K1_B) / Math.sqrt(x);
  return scaled ? v : Math.exp(-x) * v;
}

export const modifiedBesselK0 = (x: number): number => k0(x, false);
export const modifiedBesselK1 = (x: number): number => k1(x, false);
export const scaledModifiedBesselK0 = (x: number): number => k0(x, true);
export const scaledModifiedBesselK1 = (x: number): number => k1(x, true);

// The Airy function Ai (Cephes' airy.c, as ATen's airy_ai_forward): asymptotic forms below -2.09
// and from 2.09, the Maclaurin series between.
const AI_AN = [
  3.46538101525629032477e-1, 1.20075952739645805542e1, 7.62796053615234516538e1, 1.68089224934630576269e2,
  1.59756391350164413639e2, 7.05360906840444183113e1, 1.40264691163389668864e1, 9.99999999999999995305e-1,
];
const AI_AD = [
  5.67594532638770212846e-1, 1.47562562584847203173e1, 8.45138970141474626562e1, 1.77318088145400459522e2,
  1.64234692871529701831e2, 7.14778400825575695274e1, 1.40959135607834029598e1, 1.0000000000000000047,
];
const AI_AFN = [
  -1.31696323418331795333e-1, -6.26456544431912369773e-1, -6.93158036036933542233e-1, -2.79779981545119124951e-1,
  -4.9190013260950031802e-2, -4.06265923594885404393e-3, -1.5927649623926209634e-4, -2.77649108155232920844e-6,
  -1.6778769848911463378e-8,
];
const AI_AFD = [
  1.33560420706553243746e1, 3.26825032795224613948e1, 2.67367040941499554804e1, 9.1870740290725962584,
  1.47529146771666414581, 1.15687173795188044134e-1, 4.40291641615211203805e-3, 7.54720348287414296618e-5,
  4.51850092970580378464e-7,
];
const AI_AGN = [
  1.97339932091685679179e-2, 3.91103029615688277255e-1, 1.06579897599595591108, 9.39169229816650230044e-1,
  3.51465656105547619242e-1, 6.33888919628925490927e-2, 5.85804113048388458567e-3, 2.82851600836737019778e-4,
  6.98793669997260967291e-6, 8.11789239554389293311e-8, 3.41551784765923618484e-10,
];
const AI_AGD = [
  9.30892908077441974853, 1.98352928718312140417e1, 1.55646628932864612953e1, 5.47686069422975497931,
  9.54293611618961883998e-1, 8.64580826352392193095e-2, 4.12656523824222607191e-3, 1.0125908511650913551e-4,
  1.17166733214413521882e-6, 4.91834570062930015649e-9,
];

/**
 * Ai(x). `f32`: as ATen's single-precision kernel, whose series stops at float's epsilon and whose
 * phase below -2.09 is rounded to float (which decides the float32 result there).
 */
export function airyAi(x: number, f32 = false): number {
  const eps = f32 ? 1.1920928955078125e-7 : 2.220446049250313e-16;
  if (x === Infinity || x === -Infinity) return NaN;
  if (x > 103.892) return 0;
  if (x < -2.09) {
    const zeta = (-2 * x * Math.sqrt(-x)) / 3;
    const z = 1 / zeta;
    const zz = z * z;
    const afn = polevl(zz, AI_AFN);
    const afd = polevl(zz, AI_AFD);
    const agn = polevl(zz, AI_AGN);
    const agd = polevl(zz, AI_AGD);
    const f = Math.fround;
    const t = f32 ? f(f(f(f(-2 * x) * f(Math.sqrt(-x))) / 3) + f(0.25 * f(Math.PI))) : zeta + 0.25 * Math.PI;
    return (
      (0.5641895835477563 / Math.sqrt(Math.sqrt(-x))) *
      (Math.sin(t) * (1 + (zz * afn) / afd) - Math.cos(t) * ((z * agn) / agd))
    );
  }
  if (x >= 2.09) {
    const zeta = (2 * x * Math.sqrt(x)) / 3;
    const an = polevl(1 / zeta, AI_AN);
    const ad = polevl(1 / zeta, AI_AD);
    return (0.5641895835477563 * (an / ad)) / (2 * Math.sqrt(Math.sqrt(x)) * Math.exp(zeta));
  }
  let f = 1;
  let g = x;
  let k = 1;
  let m = 1;
  let n = x;
  let t = 1;
  const z = x * x * x;
  while (t > eps) {
    m *= z;
    k += 1;
    m /= k;
    n *= z;
    k += 1;
    n /= k;
    m /= k;
    f += m;
    k += 1;
    n /= k;
    g += n;
    t = Math.abs(m / f);
  }
  return 0.35502805388781724 * f - 0.2588194037928068 * g;
}
