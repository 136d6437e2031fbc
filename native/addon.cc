// N-API bindings. Arguments arrive validated by src/backend/native.ts: typed arrays of the right
// types, and a Float64Array `meta` describing shapes, offsets and strides (see metaView there).
// This layer only unpacks them; typed arrays are used in place (zero copy).
#include <napi.h>

#include <cstring>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "backend.h"
#include "nn.h"
#include "pool.h"
#include "random.h"
#include "storage.h"

namespace {

using tg::Operand;

struct Array {
  char* data = nullptr;
  int dtype = -1;
  int64_t length = 0;
};

bool typed_array(napi_env env, napi_value v, Array& out) {
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok) return false;
  switch (type) {
    case napi_float32_array: out.dtype = tg::F32; break;
    case napi_float64_array: out.dtype = tg::F64; break;
    case napi_int32_array: out.dtype = tg::I32; break;
    case napi_uint8_array: out.dtype = tg::U8; break;
    default: return false;
  }
  out.data = static_cast<char*>(data);
  out.length = static_cast<int64_t>(length);
  return true;
}

/** Parsed meta: nd, a shared shape and per-operand offset + strides, all as int64. */
struct Meta {
  int nd = 0;
  int64_t shape[tg::MAX_DIMS];
  int64_t offset[4];
  int64_t strides[4][tg::MAX_DIMS];
};

/**
 * Reads meta = [nd, shape[nd], (offset, strides[nd]) x nops]. With `shapes_each`, every operand
 * carries its own shape: [nd, (shape[nd], offset, strides[nd]) x nops] (shape of op k in shapes[k]).
 */
bool read_meta(napi_env env, napi_value v, int nops, Meta& m, int64_t (*shapes)[tg::MAX_DIMS] = nullptr) {
  Array a;
  if (!typed_array(env, v, a) || a.dtype != tg::F64 || a.length < 1) return false;
  const double* d = reinterpret_cast<const double*>(a.data);
  int nd = static_cast<int>(d[0]);
  if (nd < 0 || nd > tg::MAX_DIMS) return false;
  int64_t need = shapes ? 1 + nops * (2 * nd + 1) : 1 + nd + nops * (nd + 1);
  if (a.length < need) return false;
  m.nd = nd;
  int64_t p = 1;
  if (!shapes)
    for (int i = 0; i < nd; i++) m.shape[i] = static_cast<int64_t>(d[p++]);
  for (int k = 0; k < nops; k++) {
    if (shapes)
      for (int i = 0; i < nd; i++) shapes[k][i] = static_cast<int64_t>(d[p++]);
    m.offset[k] = static_cast<int64_t>(d[p++]);
    for (int i = 0; i < nd; i++) m.strides[k][i] = static_cast<int64_t>(d[p++]);
  }
  return true;
}

Operand operand(const Array& a, const Meta& m, int k) { return Operand{a.data, a.dtype, m.offset[k], m.strides[k]}; }

napi_value fail(const Napi::CallbackInfo& info, const char* what) {
  Napi::TypeError::New(info.Env(), std::string("tensorgrad native: bad arguments to ") + what)
      .ThrowAsJavaScriptException();
  return nullptr;
}

// Argument helpers over raw napi_values (cheaper than converting each through Napi::Value).
struct Args {
  napi_env env;
  napi_value v[10];
  size_t n;
  explicit Args(const Napi::CallbackInfo& info) : env(info.Env()), n(info.Length() < 10 ? info.Length() : 10) {
    for (size_t i = 0; i < n; i++) v[i] = info[i];
  }
  bool arr(size_t i, Array& a) const { return i < n && typed_array(env, v[i], a); }
  int integer(size_t i) const {
    int32_t r = 0;
    if (i < n) napi_get_value_int32(env, v[i], &r);
    return r;
  }
  double number(size_t i) const {
    double r = 0;
    if (i < n) napi_get_value_double(env, v[i], &r);
    return r;
  }
  bool boolean(size_t i) const {
    bool r = false;
    if (i < n) napi_get_value_bool(env, v[i], &r);
    return r;
  }
};

// unary(kind, x, out, meta, int64)
napi_value Unary(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out;
  Meta m;
  int kind = a.integer(0);
  if (kind < 0 || kind >= tg::NUM_UNARY || !a.arr(1, x) || !a.arr(2, out) || !read_meta(a.env, a.v[3], 2, m))
    return fail(info, "unary");
  tg::elementwise_unary(kind, m.nd, m.shape, operand(x, m, 0), operand(out, m, 1), a.boolean(4));
  return nullptr;
}

// binary(kind, a, b, out, meta, int64)
napi_value Binary(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, y, out;
  Meta m;
  int kind = a.integer(0);
  if (kind < 0 || kind >= tg::NUM_BINARY || !a.arr(1, x) || !a.arr(2, y) || !a.arr(3, out) ||
      !read_meta(a.env, a.v[4], 3, m))
    return fail(info, "binary");
  tg::elementwise_binary(kind, m.nd, m.shape, operand(x, m, 0), operand(y, m, 1), operand(out, m, 2), a.boolean(5));
  return nullptr;
}

// where(cond, a, b, out, meta)
napi_value Where(const Napi::CallbackInfo& info) {
  Args a(info);
  Array c, x, y, out;
  Meta m;
  if (!a.arr(0, c) || !a.arr(1, x) || !a.arr(2, y) || !a.arr(3, out) || !read_meta(a.env, a.v[4], 4, m))
    return fail(info, "where");
  tg::elementwise_where(m.nd, m.shape, operand(c, m, 0), operand(x, m, 1), operand(y, m, 2), operand(out, m, 3));
  return nullptr;
}

// copy(src, out, truncate, meta)
napi_value Copy(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out;
  Meta m;
  if (!a.arr(0, x) || !a.arr(1, out) || !read_meta(a.env, a.v[3], 2, m)) return fail(info, "copy");
  tg::elementwise_copy(m.nd, m.shape, operand(x, m, 0), operand(out, m, 1), a.boolean(2));
  return nullptr;
}

// fill(out, value, meta)
napi_value Fill(const Napi::CallbackInfo& info) {
  Args a(info);
  Array out;
  Meta m;
  if (!a.arr(0, out) || !read_meta(a.env, a.v[2], 1, m)) return fail(info, "fill");
  tg::elementwise_fill(m.nd, m.shape, operand(out, m, 0), a.number(1));
  return nullptr;
}

// ramp(out, start, step): out[i] = start + step * i for every element of a Float64Array (int64
// storage) or an Int32Array, computed in double as torch.arange's integer path does in TypeScript
// (src/tensor/range.ts), whose caller guarantees exact values within the element type's range.
// On the thread pool, which also shares out a fresh output's first-touch page faults.
napi_value Ramp(const Napi::CallbackInfo& info) {
  Args a(info);
  Array out;
  if (!a.arr(0, out) || (out.dtype != tg::F64 && out.dtype != tg::I32)) return fail(info, "ramp");
  const double start = a.number(1), step = a.number(2);
  char* data = out.data;
  const int dt = out.dtype;
  tg::parallel_for(out.length, 1 << 15, [&](int64_t b, int64_t e) {
    if (dt == tg::F64) {
      double* o = reinterpret_cast<double*>(data);
      for (int64_t i = b; i < e; i++) o[i] = start + step * static_cast<double>(i) + 0.0;
    } else {
      int32_t* o = reinterpret_cast<int32_t*>(data);
      for (int64_t i = b; i < e; i++) o[i] = static_cast<int32_t>(start + step * static_cast<double>(i));
    }
  });
  return nullptr;
}

// clamp(x, lo, hi, out, meta)
napi_value Clamp(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out;
  Meta m;
  if (!a.arr(0, x) || !a.arr(3, out) || !read_meta(a.env, a.v[4], 2, m)) return fail(info, "clamp");
  tg::elementwise_clamp(m.nd, m.shape, operand(x, m, 0), operand(out, m, 1), a.number(1), a.number(2));
  return nullptr;
}

// reduce(kind, x, reduced, out, meta)
napi_value Reduce(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out;
  Meta m;
  int kind = a.integer(0), reduced = a.integer(2);
  if (kind < 0 || kind >= tg::NUM_REDUCE || !a.arr(1, x) || !a.arr(3, out) || !read_meta(a.env, a.v[4], 1, m) ||
      reduced < 0 || reduced > m.nd)
    return fail(info, "reduce");
  tg::reduce(kind, m.nd, m.shape, operand(x, m, 0), reduced, out.data, out.dtype);
  return nullptr;
}

// scan(kind, x, out, meta)
napi_value Scan(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out;
  Meta m;
  int kind = a.integer(0);
  if (kind < 0 || kind >= tg::NUM_SCAN || !a.arr(1, x) || !a.arr(2, out) || !read_meta(a.env, a.v[3], 1, m) ||
      m.nd < 1)
    return fail(info, "scan");
  tg::scan(kind, m.nd, m.shape, operand(x, m, 0), out.data);
  return nullptr;
}

// softmax(x, log, out, meta)
napi_value Softmax(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out;
  Meta m;
  if (!a.arr(0, x) || !a.arr(2, out) || !read_meta(a.env, a.v[3], 1, m) || m.nd < 1) return fail(info, "softmax");
  tg::softmax(m.nd, m.shape, operand(x, m, 0), a.boolean(1), out.data);
  return nullptr;
}

// matmul(a, b, out, meta) with meta = [nd, (shape, offset, strides) x 2]
napi_value Matmul(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, y, out;
  Meta m;
  int64_t shapes[2][tg::MAX_DIMS];
  if (!a.arr(0, x) || !a.arr(1, y) || !a.arr(2, out) || !read_meta(a.env, a.v[3], 2, m, shapes) || m.nd < 2 ||
      (x.dtype != tg::F32 && x.dtype != tg::F64))
    return fail(info, "matmul");
  tg::matmul(m.nd, shapes[0], operand(x, m, 0), shapes[1], operand(y, m, 1), out.data);
  return nullptr;
}

napi_value offset_error(const Napi::CallbackInfo& info, int64_t i) {
  Napi::RangeError::New(info.Env(), "tensorgrad native: offset " + std::to_string(i) + " is out of bounds")
      .ThrowAsJavaScriptException();
  return nullptr;
}

// take(src, offsets, out)
napi_value Take(const Napi::CallbackInfo& info) {
  Args a(info);
  Array src, off, out;
  if (!a.arr(0, src) || !a.arr(1, off) || !a.arr(2, out) || (off.dtype != tg::I32 && off.dtype != tg::F64) ||
      out.length < off.length)
    return fail(info, "take");
  int64_t bad = tg::take(src.data, src.dtype, src.length, off.data, off.dtype, off.length, out.data);
  return bad >= 0 ? offset_error(info, bad) : nullptr;
}

// put(dst, offsets, values, accumulate)
napi_value Put(const Napi::CallbackInfo& info) {
  Args a(info);
  Array dst, off, values;
  if (!a.arr(0, dst) || !a.arr(1, off) || !a.arr(2, values) || (off.dtype != tg::I32 && off.dtype != tg::F64) ||
      values.length < off.length)
    return fail(info, "put");
  int64_t bad =
      tg::put(dst.data, dst.dtype, dst.length, off.data, off.dtype, off.length, values.data, a.boolean(3));
  return bad >= 0 ? offset_error(info, bad) : nullptr;
}

// adam(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq | null, scalars)
napi_value Adam(const Napi::CallbackInfo& info) {
  Args a(info);
  Array param, grad, m, v, vmax, sc;
  const bool amsgrad = a.n > 4 && a.arr(4, vmax);
  if (!a.arr(0, param) || !a.arr(1, grad) || !a.arr(2, m) || !a.arr(3, v) || !a.arr(5, sc) || sc.dtype != tg::F64 ||
      sc.length < 10 || (param.dtype != tg::F32 && param.dtype != tg::F64))
    return fail(info, "adam");
  for (const Array* x : {&grad, &m, &v})
    if (x->dtype != param.dtype || x->length != param.length) return fail(info, "adam");
  if (amsgrad && (vmax.dtype != param.dtype || vmax.length != param.length)) return fail(info, "adam");
  const double* d = reinterpret_cast<const double*>(sc.data);
  const tg::AdamArgs s{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]};
  tg::adam(param.dtype, s, param.data, grad.data, m.data, v.data, amsgrad ? vmax.data : nullptr, param.length);
  return nullptr;
}

/** Reads a window geometry: a Float64Array [N, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW]. */
bool read_windows(napi_env env, napi_value v, tg::Windows2d& g) {
  Array a;
  if (!typed_array(env, v, a) || a.dtype != tg::F64 || a.length < 14) return false;
  const double* d = reinterpret_cast<const double*>(a.data);
  int64_t* f[] = {&g.N, &g.C, &g.H, &g.W, &g.kh, &g.kw, &g.sh, &g.sw, &g.ph, &g.pw, &g.dh, &g.dw, &g.OH, &g.OW};
  for (int i = 0; i < 14; i++) *f[i] = static_cast<int64_t>(d[i]);
  return true;
}

bool floating(const Array& a) { return a.dtype == tg::F32 || a.dtype == tg::F64; }

// im2col(x, cols, windows)
napi_value Im2col(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, cols;
  tg::Windows2d g;
  if (!a.arr(0, x) || !a.arr(1, cols) || !floating(x) || cols.dtype != x.dtype || !read_windows(a.env, a.v[2], g))
    return fail(info, "im2col");
  tg::im2col(x.data, x.dtype, g, cols.data);
  return nullptr;
}

// col2im(cols, x, windows)
napi_value Col2im(const Napi::CallbackInfo& info) {
  Args a(info);
  Array cols, x;
  tg::Windows2d g;
  if (!a.arr(0, cols) || !a.arr(1, x) || !floating(x) || cols.dtype != x.dtype || !read_windows(a.env, a.v[2], g))
    return fail(info, "col2im");
  tg::col2im(cols.data, cols.dtype, g, x.data);
  return nullptr;
}

// maxPool2d(x, out, indices, windows)
napi_value MaxPool2d(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, out, idx;
  tg::Windows2d g;
  if (!a.arr(0, x) || !a.arr(1, out) || !a.arr(2, idx) || !floating(x) || out.dtype != x.dtype ||
      idx.dtype != tg::I32 || !read_windows(a.env, a.v[3], g))
    return fail(info, "maxPool2d");
  tg::max_pool2d(x.data, x.dtype, g, out.data, reinterpret_cast<int32_t*>(idx.data));
  return nullptr;
}

// maxPool2dBackward(grad, indices, gx, windows)
napi_value MaxPool2dBackward(const Napi::CallbackInfo& info) {
  Args a(info);
  Array grad, idx, gx;
  tg::Windows2d g;
  if (!a.arr(0, grad) || !a.arr(1, idx) || !a.arr(2, gx) || !floating(grad) || gx.dtype != grad.dtype ||
      idx.dtype != tg::I32 || !read_windows(a.env, a.v[3], g))
    return fail(info, "maxPool2dBackward");
  int64_t bad = tg::max_pool2d_backward(grad.data, grad.dtype, reinterpret_cast<const int32_t*>(idx.data), g, gx.data);
  if (bad < 0) return nullptr;
  Napi::RangeError::New(info.Env(), "tensorgrad native: pooling index " + std::to_string(bad) + " is outside its plane")
      .ThrowAsJavaScriptException();
  return nullptr;
}

// thresholdBackward(grad, x, threshold, out)
napi_value ThresholdBackward(const Napi::CallbackInfo& info) {
  Args a(info);
  Array grad, x, out;
  if (!a.arr(0, grad) || !a.arr(1, x) || !a.arr(3, out) || !floating(out) || grad.dtype != out.dtype ||
      x.dtype != out.dtype || grad.length < out.length || x.length < out.length)
    return fail(info, "thresholdBackward");
  tg::threshold_backward(grad.data, x.data, out.dtype, a.number(2), out.length, out.data);
  return nullptr;
}

// layerNorm(x, w, b, rows, n, eps, out): w and b empty when absent; all of out's dtype.
napi_value LayerNorm(const Napi::CallbackInfo& info) {
  Args a(info);
  Array x, w, b, out;
  if (!a.arr(0, x) || !a.arr(1, w) || !a.arr(2, b) || !a.arr(6, out) || !floating(out)) return fail(info, "layerNorm");
  const int64_t rows = a.integer(3), n = a.integer(4);
  const int64_t numel = rows * n;
  if (rows < 0 || n <= 0 || x.dtype != out.dtype || x.length < numel || out.length < numel ||
      (w.length != 0 && (w.dtype != out.dtype || w.length < n)) || (b.length != 0 && (b.dtype != out.dtype || b.length < n)))
    return fail(info, "layerNorm");
  tg::layer_norm(x.data, w.length ? w.data : nullptr, b.length ? b.data : nullptr, out.dtype, rows, n, a.number(5),
                 out.data);
  return nullptr;
}

// layerNormBackward(g, x, w, rows, n, eps, gx, gw, gb): w, gx, gw, gb empty when absent.
napi_value LayerNormBackward(const Napi::CallbackInfo& info) {
  Args a(info);
  Array g, x, w, gx, gw, gb;
  if (!a.arr(0, g) || !a.arr(1, x) || !a.arr(2, w) || !a.arr(6, gx) || !a.arr(7, gw) || !a.arr(8, gb) || !floating(x))
    return fail(info, "layerNormBackward");
  const int64_t rows = a.integer(3), n = a.integer(4);
  const int64_t numel = rows * n;
  const int dt = x.dtype;
  auto ok = [&](const Array& v, int64_t len) { return v.length == 0 || (v.dtype == dt && v.length >= len); };
  if (rows < 0 || n <= 0 || g.dtype != dt || g.length < numel || x.length < numel || !ok(w, n) || !ok(gx, numel) ||
      !ok(gw, n) || !ok(gb, n))
    return fail(info, "layerNormBackward");
  tg::layer_norm_backward(g.data, x.data, w.length ? w.data : nullptr, dt, rows, n, a.number(5),
                          gx.length ? gx.data : nullptr, gw.length ? gw.data : nullptr, gb.length ? gb.data : nullptr);
  return nullptr;
}

// softmaxBackward(g, y, rows, n, out): all of one floating type.
napi_value SoftmaxBackward(const Napi::CallbackInfo& info) {
  Args a(info);
  Array g, y, out;
  if (!a.arr(0, g) || !a.arr(1, y) || !a.arr(4, out) || !floating(out)) return fail(info, "softmaxBackward");
  const int64_t rows = a.integer(2), n = a.integer(3);
  const int64_t numel = rows * n;
  if (rows < 0 || n < 0 || g.dtype != out.dtype || y.dtype != out.dtype || g.length < numel || y.length < numel ||
      out.length < numel)
    return fail(info, "softmaxBackward");
  tg::softmax_backward(g.data, y.data, out.dtype, rows, n, out.data);
  return nullptr;
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  tg::set_num_threads(Args(info).integer(0));
  return info.Env().Undefined();
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), tg::num_threads()); }

Napi::Value Isa(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), tg::kernels().name); }

// setIsa(name): selects an instruction set (tests run every one the CPU has); false if unsupported.
Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  std::string name = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  return Napi::Boolean::New(info.Env(), tg::select_isa(name.c_str()));
}

Napi::Array names(Napi::Env env, const char* const* list, uint32_t n, int only_flag = -1,
                  const int* flags = nullptr) {
  Napi::Array a = Napi::Array::New(env);
  for (uint32_t i = 0, j = 0; i < n; i++)
    if (only_flag < 0 || flags[i] == only_flag) a.Set(j++, Napi::String::New(env, list[i]));
  return a;
}

// kinds(): the kind names of native/kinds.h in id order, and which kinds give bool outputs.
Napi::Value Kinds(const Napi::CallbackInfo& info) {
#define TG_NAME4(E, name, F, flags, ...) #name,
#define TG_NAME2(E, name) #name,
  static const char* const unary[] = {TG_UNARY_KINDS(TG_NAME4)};
  static const char* const binary[] = {TG_BINARY_KINDS(TG_NAME4)};
  static const char* const reduce[] = {TG_REDUCE_KINDS(TG_NAME2)};
  static const char* const scan[] = {TG_SCAN_KINDS(TG_NAME2)};
#undef TG_NAME4
#undef TG_NAME2
  Napi::Env env = info.Env();
  Napi::Object r = Napi::Object::New(env);
  r.Set("unary", names(env, unary, tg::NUM_UNARY));
  r.Set("binary", names(env, binary, tg::NUM_BINARY));
  r.Set("reduce", names(env, reduce, tg::NUM_REDUCE));
  r.Set("scan", names(env, scan, tg::NUM_SCAN));
  r.Set("unaryPredicates", names(env, unary, tg::NUM_UNARY, TG_PRED, tg::UNARY_FLAGS));
  r.Set("binaryPredicates", names(env, binary, tg::NUM_BINARY, TG_PRED, tg::BINARY_FLAGS));
  return r;
}

template <napi_value (*F)(const Napi::CallbackInfo&)>
Napi::Value wrap(const Napi::CallbackInfo& info) {
  napi_value r = F(info);
  return r ? Napi::Value(info.Env(), r) : info.Env().Undefined();
}

/**
 * Note [Reusing freed tensor memory]: typed arrays are malloc'd by Node and freed by V8's garbage
 * collector in bursts. With glibc's defaults, a burst of freed multi-megabyte buffers at the top
 * of the heap exceeds the trim threshold (twice the largest buffer freed so far) and is returned
 * to the OS, so the next outputs come back as fresh pages: a page fault per 4 KiB on first write,
 * which cost more than the ops themselves (a 4 MB output: ~1000 faults, ~1-2 ms). Keeping freed
 * memory for reuse (up to 256 MB at the top of the heap; buffers up to 32 MB, glibc's maximum,
 * from the heap instead of fresh mappings) removes those faults, as PyTorch's allocator caching
 * does for it. Only glibc has these knobs; other C libraries keep their behaviour. Tensor storage
 * of 1 MiB or more, including the blocks above 32 MiB that glibc always maps afresh, comes from
 * the addon's own cache instead (Note [Caching tensor storage], storage.cc).
 */
void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tg::kernels();
  keep_freed_memory();
  exports.Set("unary", Napi::Function::New(env, wrap<Unary>, "unary"));
  exports.Set("binary", Napi::Function::New(env, wrap<Binary>, "binary"));
  exports.Set("where", Napi::Function::New(env, wrap<Where>, "where"));
  exports.Set("copy", Napi::Function::New(env, wrap<Copy>, "copy"));
  exports.Set("fill", Napi::Function::New(env, wrap<Fill>, "fill"));
  exports.Set("ramp", Napi::Function::New(env, wrap<Ramp>, "ramp"));
  exports.Set("clamp", Napi::Function::New(env, wrap<Clamp>, "clamp"));
  exports.Set("reduce", Napi::Function::New(env, wrap<Reduce>, "reduce"));
  exports.Set("scan", Napi::Function::New(env, wrap<Scan>, "scan"));
  exports.Set("softmax", Napi::Function::New(env, wrap<Softmax>, "softmax"));
  exports.Set("matmul", Napi::Function::New(env, wrap<Matmul>, "matmul"));
  exports.Set("take", Napi::Function::New(env, wrap<Take>, "take"));
  exports.Set("put", Napi::Function::New(env, wrap<Put>, "put"));
  exports.Set("adam", Napi::Function::New(env, wrap<Adam>, "adam"));
  exports.Set("im2col", Napi::Function::New(env, wrap<Im2col>, "im2col"));
  exports.Set("col2im", Napi::Function::New(env, wrap<Col2im>, "col2im"));
  exports.Set("maxPool2d", Napi::Function::New(env, wrap<MaxPool2d>, "maxPool2d"));
  exports.Set("maxPool2dBackward", Napi::Function::New(env, wrap<MaxPool2dBackward>, "maxPool2dBackward"));
  exports.Set("thresholdBackward", Napi::Function::New(env, wrap<ThresholdBackward>, "thresholdBackward"));
  exports.Set("softmaxBackward", Napi::Function::New(env, wrap<SoftmaxBackward>, "softmaxBackward"));
  exports.Set("layerNorm", Napi::Function::New(env, wrap<LayerNorm>, "layerNorm"));
  exports.Set("layerNormBackward", Napi::Function::New(env, wrap<LayerNormBackward>, "layerNormBackward"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads, "getNumThreads"));
  exports.Set("isa", Napi::Function::New(env, Isa, "isa"));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa, "setIsa"));
  exports.Set("kinds", Napi::Function::New(env, Kinds, "kinds"));
  tg::register_random(env, exports);
  tg::register_storage(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(tensorgrad, Init)
