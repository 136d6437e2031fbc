// The one list of kernel kinds. Everything else comes from it: the enums (common.h), the kernel
// tables (kernels_impl.h fills one row per entry, so a kind without a functor in ops.h does not
// compile), the cost class the thread pool splits work by (ops.cc), and the names the addon exports
// as `kinds()` (addon.cc). src/backend/native.ts maps names to ids from that export at load and
// checks that every kind the Backend interface declares (src/backend/backend.ts) is present, so the
// order here is free and a stale addon is reported instead of running the wrong kernel.
//
// X(ENUM, name, Functor, flags[, expr]): U_ENUM / B_ENUM is the enum constant, `name` the kind as
// TypeScript spells it, Functor its scalar definition in ops.h, flags one of
//   TG_COSTLY  a libm call or a loop per element (smaller work grains);
//   TG_CHEAP   a few instructions per element;
//   TG_PRED    the output is bool whatever the input dtype (and cheap).
#pragma once

#define TG_COSTLY 0
#define TG_CHEAP 1
#define TG_PRED 3

// Unary kinds with a functor of their own in ops.h (integer paths, fast float paths, predicates).
#define TG_OWN_UNARY_KINDS(X)                       \
  X(NEG, neg, Neg, TG_CHEAP)                        \
  X(ABS, abs, Abs, TG_CHEAP)                        \
  X(SIGN, sign, Sign, TG_CHEAP)                     \
  X(SQRT, sqrt, Sqrt, TG_CHEAP)                     \
  X(RECIPROCAL, reciprocal, Reciprocal, TG_CHEAP)   \
  X(SQUARE, square, Square, TG_CHEAP)               \
  X(RELU, relu, Relu, TG_CHEAP)                     \
  X(FLOOR, floor, Floor, TG_CHEAP)                  \
  X(CEIL, ceil, Ceil, TG_CHEAP)                     \
  X(ROUND, round, Round, TG_CHEAP)                  \
  X(TRUNC, trunc, Trunc, TG_CHEAP)                  \
  X(FRAC, frac, Frac, TG_CHEAP)                     \
  X(LOGICAL_NOT, logical_not, LogicalNot, TG_PRED)  \
  X(BITWISE_NOT, bitwise_not, BitwiseNot, TG_CHEAP) \
  X(ISNAN, isnan, IsNan, TG_PRED)                   \
  X(ISINF, isinf, IsInf, TG_PRED)                   \
  X(ISFINITE, isfinite, IsFinite, TG_PRED)          \
  X(ISPOSINF, isposinf, IsPosInf, TG_PRED)          \
  X(ISNEGINF, isneginf, IsNegInf, TG_PRED)          \
  X(SIGNBIT, signbit, SignBit, TG_PRED)

// Unary kinds defined by one scalar expression over `a`, computed in double (libm or special.h):
// ops.h makes each functor from its line here, so such a kind is this one line. logit is ATen's
// logit without eps (the op clamps to [eps, 1 - eps] first when given one).
#define TG_LIBM_UNARY_KINDS(X)                                                                             \
  X(EXP, exp, Exp, TG_COSTLY, std::exp(a))                                                                 \
  X(EXP2, exp2, Exp2, TG_COSTLY, std::pow(2.0, a))                                                         \
  X(LOG, log, Log, TG_COSTLY, std::log(a))                                                                 \
  X(LOG2, log2, Log2, TG_COSTLY, std::log2(a))                                                             \
  X(LOG10, log10, Log10, TG_COSTLY, std::log10(a))                                                         \
  X(LOG1P, log1p, Log1p, TG_COSTLY, std::log1p(a))                                                         \
  X(EXPM1, expm1, Expm1, TG_COSTLY, std::expm1(a))                                                         \
  X(RSQRT, rsqrt, Rsqrt, TG_COSTLY, 1.0 / std::sqrt(a))                                                    \
  X(SIN, sin, Sin, TG_COSTLY, std::sin(a))                                                                 \
  X(COS, cos, Cos, TG_COSTLY, std::cos(a))                                                                 \
  X(TAN, tan, Tan, TG_COSTLY, std::tan(a))                                                                 \
  X(ASIN, asin, Asin, TG_COSTLY, std::asin(a))                                                             \
  X(ACOS, acos, Acos, TG_COSTLY, std::acos(a))                                                             \
  X(ATAN, atan, Atan, TG_COSTLY, std::atan(a))                                                             \
  X(SINH, sinh, Sinh, TG_COSTLY, std::sinh(a))                                                             \
  X(COSH, cosh, Cosh, TG_COSTLY, std::cosh(a))                                                             \
  X(TANH, tanh, Tanh, TG_COSTLY, std::tanh(a))                                                             \
  X(ASINH, asinh, Asinh, TG_COSTLY, std::asinh(a))                                                         \
  X(ACOSH, acosh, Acosh, TG_COSTLY, std::acosh(a))                                                         \
  X(ATANH, atanh, Atanh, TG_COSTLY, std::atanh(a))                                                         \
  X(SIGMOID, sigmoid, Sigmoid, TG_COSTLY, 1.0 / (1.0 + std::exp(-a)))                                      \
  X(SILU, silu, Silu, TG_COSTLY, a / (1.0 + std::exp(-a)))                                                 \
  X(GELU, gelu, Gelu, TG_COSTLY, 0.5 * a * (1.0 + std::erf(a * 0.7071067811865476)))                       \
  X(ERF, erf, Erf, TG_COSTLY, std::erf(a))                                                                 \
  X(ERFC, erfc, Erfc, TG_COSTLY, std::erfc(a))                                                             \
  X(ERFINV, erfinv, Erfinv, TG_COSTLY, calc_erfinv(a))                                                     \
  X(LGAMMA, lgamma, Lgamma, TG_COSTLY, calc_lgamma(a))                                                     \
  X(DIGAMMA, digamma, Digamma, TG_COSTLY, calc_digamma(a))                                                 \
  X(LOGIT, logit, Logit, TG_COSTLY, std::log(a / (1.0 - a)))                                               \
  X(SINC, sinc, Sinc, TG_COSTLY, a == 0 ? 1.0 : std::sin(3.141592653589793 * a) / (3.141592653589793 * a))

#define TG_UNARY_KINDS(X) TG_OWN_UNARY_KINDS(X) TG_LIBM_UNARY_KINDS(X)

// Binary kinds with a functor of their own in ops.h.
#define TG_OWN_BINARY_KINDS(X)                                           \
  X(ADD, add, Add, TG_CHEAP)                                             \
  X(SUB, sub, Sub, TG_CHEAP)                                             \
  X(MUL, mul, Mul, TG_CHEAP)                                             \
  X(DIV, div, Div, TG_CHEAP)                                             \
  X(POW, pow, Pow, TG_COSTLY)                                            \
  X(MAXIMUM, maximum, Maximum, TG_CHEAP)                                 \
  X(MINIMUM, minimum, Minimum, TG_CHEAP)                                 \
  X(FMAX, fmax, Fmax, TG_CHEAP)                                          \
  X(FMIN, fmin, Fmin, TG_CHEAP)                                          \
  X(FMOD, fmod, Fmod, TG_COSTLY)                                         \
  X(REMAINDER, remainder, Remainder, TG_COSTLY)                          \
  X(FLOOR_DIVIDE, floor_divide, FloorDivide, TG_CHEAP)                   \
  X(TRUNC_DIVIDE, trunc_divide, TruncDivide, TG_CHEAP)                   \
  X(EQ, eq, Eq, TG_PRED)                                                 \
  X(NE, ne, Ne, TG_PRED)                                                 \
  X(LT, lt, Lt, TG_PRED)                                                 \
  X(LE, le, Le, TG_PRED)                                                 \
  X(GT, gt, Gt, TG_PRED)                                                 \
  X(GE, ge, Ge, TG_PRED)                                                 \
  X(LOGICAL_AND, logical_and, LogicalAnd, TG_PRED)                       \
  X(LOGICAL_OR, logical_or, LogicalOr, TG_PRED)                          \
  X(LOGICAL_XOR, logical_xor, LogicalXor, TG_PRED)                       \
  X(BITWISE_AND, bitwise_and, BitwiseAnd, TG_CHEAP)                      \
  X(BITWISE_OR, bitwise_or, BitwiseOr, TG_CHEAP)                         \
  X(BITWISE_XOR, bitwise_xor, BitwiseXor, TG_CHEAP)                      \
  X(COPYSIGN, copysign, Copysign, TG_CHEAP)                              \
  X(XLOGY, xlogy, Xlogy, TG_COSTLY)                                      \
  X(POLYGAMMA, polygamma, Polygamma, TG_COSTLY)                          \
  X(GELU_BACKWARD, gelu_backward, GeluBackward, TG_COSTLY)               \
  X(GELU_TANH_BACKWARD, gelu_tanh_backward, GeluTanhBackward, TG_COSTLY)

// Binary kinds defined by one scalar expression over `a` and `b`, computed in double: ops.h makes each
// functor from its line here.
#define TG_LIBM_BINARY_KINDS(X)                                                                                                                                   \
  X(ATAN2, atan2, Atan2, TG_COSTLY, std::atan2(a, b))                                                                                                             \
  X(HYPOT, hypot, Hypot, TG_COSTLY, std::hypot(a, b))                                                                                                             \
  X(LOGADDEXP, logaddexp, Logaddexp, TG_COSTLY, (std::isinf(a) && a == b) ? a : std::max(a, b) + std::log1p(std::exp(-std::abs(a - b))))                          \
  X(LOGADDEXP2, logaddexp2, Logaddexp2, TG_COSTLY, (std::isinf(a) && a == b) ? a : std::max(a, b) + std::log1p(std::exp2(-std::abs(a - b))) * 1.4426950408889634)

#define TG_BINARY_KINDS(X) TG_OWN_BINARY_KINDS(X) TG_LIBM_BINARY_KINDS(X)

// X(ENUM, name): reductions (reduce.cc's fold) and scans (reduce.cc's scan_typed).
#define TG_REDUCE_KINDS(X) \
  X(SUM, sum)              \
  X(MEAN, mean)            \
  X(PROD, prod)            \
  X(MAX, max)              \
  X(MIN, min)              \
  X(ARGMAX, argmax)        \
  X(ARGMIN, argmin)        \
  X(ALL, all)              \
  X(ANY, any)

#define TG_SCAN_KINDS(X) \
  X(CUMSUM, cumsum)      \
  X(CUMPROD, cumprod)    \
  X(CUMMAX, cummax)      \
  X(CUMMIN, cummin)      \
  X(LOGCUMSUMEXP, logcumsumexp)
