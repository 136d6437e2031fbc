// The one list of kernel kinds. Everything else comes from it: the enums (common.h), the kernel
// tables (kernels_impl.h fills one row per entry, so a kind without a functor in ops.h does not
// compile), the cost class the thread pool splits work by (ops.cc), and the names the addon exports
// as `kinds()` (addon.cc). src/backend/native.ts maps names to ids from that export at load and
// checks that every kind the Backend interface declares (src/backend/backend.ts) is present, so the
// order here is free and a stale addon is reported instead of running the wrong kernel.
//
// X(ENUM, name, Functor, flags): U_ENUM / B_ENUM is the enum constant, `name` the kind as
// TypeScript spells it, Functor its scalar definition in ops.h, flags one of
//   TG_COSTLY  a libm call or a loop per element (smaller work grains);
//   TG_CHEAP   a few instructions per element;
//   TG_PRED    the output is bool whatever the input dtype (and cheap).
#pragma once

#define TG_COSTLY 0
#define TG_CHEAP 1
#define TG_PRED 3

#define TG_UNARY_KINDS(X)                      \
  X(NEG, neg, Neg, TG_CHEAP)                   \
  X(ABS, abs, Abs, TG_CHEAP)                   \
  X(SIGN, sign, Sign, TG_CHEAP)                \
  X(EXP, exp, Exp, TG_COSTLY)                  \
  X(EXP2, exp2, Exp2, TG_COSTLY)               \
  X(LOG, log, Log, TG_COSTLY)                  \
  X(LOG2, log2, Log2, TG_COSTLY)               \
  X(LOG10, log10, Log10, TG_COSTLY)            \
  X(LOG1P, log1p, Log1p, TG_COSTLY)            \
  X(EXPM1, expm1, Expm1, TG_COSTLY)            \
  X(SQRT, sqrt, Sqrt, TG_CHEAP)                \
  X(RSQRT, rsqrt, Rsqrt, TG_COSTLY)            \
  X(RECIPROCAL, reciprocal, Reciprocal, TG_CHEAP) \
  X(SQUARE, square, Square, TG_CHEAP)          \
  X(SIN, sin, Sin, TG_COSTLY)                  \
  X(COS, cos, Cos, TG_COSTLY)                  \
  X(TAN, tan, Tan, TG_COSTLY)                  \
  X(ASIN, asin, Asin, TG_COSTLY)               \
  X(ACOS, acos, Acos, TG_COSTLY)               \
  X(ATAN, atan, Atan, TG_COSTLY)               \
  X(SINH, sinh, Sinh, TG_COSTLY)               \
  X(COSH, cosh, Cosh, TG_COSTLY)               \
  X(TANH, tanh, Tanh, TG_COSTLY)               \
  X(ASINH, asinh, Asinh, TG_COSTLY)            \
  X(ACOSH, acosh, Acosh, TG_COSTLY)            \
  X(ATANH, atanh, Atanh, TG_COSTLY)            \
  X(SIGMOID, sigmoid, Sigmoid, TG_COSTLY)      \
  X(RELU, relu, Relu, TG_CHEAP)                \
  X(SILU, silu, Silu, TG_COSTLY)               \
  X(GELU, gelu, Gelu, TG_COSTLY)               \
  X(ERF, erf, Erf, TG_COSTLY)                  \
  X(ERFC, erfc, Erfc, TG_COSTLY)               \
  X(ERFINV, erfinv, Erfinv, TG_COSTLY)         \
  X(LGAMMA, lgamma, Lgamma, TG_COSTLY)         \
  X(DIGAMMA, digamma, Digamma, TG_COSTLY)      \
  X(LOGIT, logit, Logit, TG_COSTLY)            \
  X(FLOOR, floor, Floor, TG_CHEAP)             \
  X(CEIL, ceil, Ceil, TG_CHEAP)                \
  X(ROUND, round, Round, TG_CHEAP)             \
  X(TRUNC, trunc, Trunc, TG_CHEAP)             \
  X(FRAC, frac, Frac, TG_CHEAP)                \
  X(LOGICAL_NOT, logical_not, LogicalNot, TG_PRED) \
  X(BITWISE_NOT, bitwise_not, BitwiseNot, TG_CHEAP) \
  X(ISNAN, isnan, IsNan, TG_PRED)              \
  X(ISINF, isinf, IsInf, TG_PRED)              \
  X(ISFINITE, isfinite, IsFinite, TG_PRED)     \
  X(ISPOSINF, isposinf, IsPosInf, TG_PRED)     \
  X(ISNEGINF, isneginf, IsNegInf, TG_PRED)     \
  X(SIGNBIT, signbit, SignBit, TG_PRED)

#define TG_BINARY_KINDS(X)                            \
  X(ADD, add, Add, TG_CHEAP)                          \
  X(SUB, sub, Sub, TG_CHEAP)                          \
  X(MUL, mul, Mul, TG_CHEAP)                          \
  X(DIV, div, Div, TG_CHEAP)                          \
  X(POW, pow, Pow, TG_COSTLY)                         \
  X(ATAN2, atan2, Atan2, TG_COSTLY)                   \
  X(MAXIMUM, maximum, Maximum, TG_CHEAP)              \
  X(MINIMUM, minimum, Minimum, TG_CHEAP)              \
  X(FMAX, fmax, Fmax, TG_CHEAP)                       \
  X(FMIN, fmin, Fmin, TG_CHEAP)                       \
  X(FMOD, fmod, Fmod, TG_COSTLY)                      \
  X(REMAINDER, remainder, Remainder, TG_COSTLY)       \
  X(FLOOR_DIVIDE, floor_divide, FloorDivide, TG_CHEAP) \
  X(TRUNC_DIVIDE, trunc_divide, TruncDivide, TG_CHEAP) \
  X(EQ, eq, Eq, TG_PRED)                              \
  X(NE, ne, Ne, TG_PRED)                              \
  X(LT, lt, Lt, TG_PRED)                              \
  X(LE, le, Le, TG_PRED)                              \
  X(GT, gt, Gt, TG_PRED)                              \
  X(GE, ge, Ge, TG_PRED)                              \
  X(LOGICAL_AND, logical_and, LogicalAnd, TG_PRED)    \
  X(LOGICAL_OR, logical_or, LogicalOr, TG_PRED)       \
  X(LOGICAL_XOR, logical_xor, LogicalXor, TG_PRED)    \
  X(BITWISE_AND, bitwise_and, BitwiseAnd, TG_CHEAP)   \
  X(BITWISE_OR, bitwise_or, BitwiseOr, TG_CHEAP)      \
  X(BITWISE_XOR, bitwise_xor, BitwiseXor, TG_CHEAP)   \
  X(HYPOT, hypot, Hypot, TG_COSTLY)                   \
  X(COPYSIGN, copysign, Copysign, TG_CHEAP)           \
  X(XLOGY, xlogy, Xlogy, TG_COSTLY)                   \
  X(POLYGAMMA, polygamma, Polygamma, TG_COSTLY)       \
  X(GELU_BACKWARD, gelu_backward, GeluBackward, TG_COSTLY) \
  X(GELU_TANH_BACKWARD, gelu_tanh_backward, GeluTanhBackward, TG_COSTLY)

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
