// Tensor storage from a caching allocator (Note [Caching tensor storage]).
#include "storage.h"

#include <napi.h>
#include <v8.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#include <sys/mman.h>
#define TG_HAVE_MMAP 1
#endif

namespace tg {

/*
 * Note [Caching tensor storage]: large tensor storage comes from here on the native backend, as
 * PyTorch's caching allocators do for their devices. A typed array's memory is otherwise malloc'd
 * by Node, and glibc maps every block above 32 MiB (its largest mmap threshold) afresh and unmaps
 * it when V8 frees it, so each such output costs a page fault per 4 KiB on first write: bench W7's
 * 51 MB per-sample gradient took 12,600 faults per call, ~14 us each on this VM, ten times the
 * kernels. Here an ArrayBuffer is made over a block of ours (v8::ArrayBuffer::NewBackingStore)
 * whose deleter, run when V8 frees the buffer (on any thread: V8 sweeps array buffers
 * concurrently), puts the block back on a free list of its size class instead of freeing it;
 * the next request of that class takes it back, already faulted in (and often still in cache).
 *
 * - Size classes: blocks from 4 MiB are whole 2 MiB units, mapped 2 MiB-aligned and advised
 *   MADV_HUGEPAGE, so that a fresh one faults in 2 MiB at a time (51 MB: 25 faults, ~12 ms instead
 *   of ~250 on a loaded 2-core VM, where transparent huge pages are 'madvise'); from 1 MiB they are
 *   1/8 steps of a power of two (at most 12.5% slack), from malloc. A request takes a block of its
 *   own class only. Below 1 MiB a block is malloc's, and free()d when V8 frees its buffer.
 * - Cap: the free blocks kept total at most `cap` bytes (TENSORGRAD_STORAGE_CACHE_MIB, default 256;
 *   0 disables the cache). Past it the least recently freed blocks go back to the system; a block
 *   larger than the cap is never kept. When a fresh block cannot be had, every free block is
 *   released and the request retried before it fails.
 * - V8 still sees the memory: an ArrayBuffer over a backing store of ours is counted in its
 *   external memory (process.memoryUsage().external, v8.getHeapStatistics().external_memory) like
 *   any other (not in process.memoryUsage().arrayBuffers, which counts Node's allocator only).
 *   V8 does not scavenge before taking memory it did not allocate, so the scavenges that find dead
 *   buffers are asked for in TypeScript (Note [Pacing cached storage], src/tensor/alloc.ts). Free
 *   blocks in the cache are not V8's: they are this file's, bounded by the cap.
 * - Only the deleter returns a block, when V8 has found the buffer dead: a tensor keeps its
 *   ordinary lifetime, and no view of a reused block can be alive.
 *
 * The ArrayBuffer is made with V8's API: N-API's external array buffers run their finalizer from
 * the event loop (SetImmediate), so a synchronous training loop would never give a block back.
 * The state is never destroyed (deleters may run while the process exits).
 */

namespace {

constexpr size_t kUnit = size_t(2) << 20;  // mapped blocks: whole 2 MiB units
constexpr size_t kMapMin = size_t(4) << 20;
// Below this, blocks are plain malloc'd ones, freed when V8 frees them: malloc keeps them in its
// heap (Note [Reusing freed tensor memory], addon.cc) and reuses them across sizes, where size
// classes here would each keep their own.
constexpr size_t kCacheMin = size_t(1) << 20;

struct Cache {
  std::mutex mu;
  size_t cap = size_t(256) << 20;
  size_t free_bytes = 0;
  // All free blocks in the order freed (class, block); and per class, its entries there, most
  // recently freed last.
  using Entry = std::list<std::pair<size_t, void*>>::iterator;
  std::list<std::pair<size_t, void*>> order;
  std::unordered_map<size_t, std::vector<Entry>> free;
  // Counters for tests and benchmarks.
  double hits = 0, misses = 0, released = 0;
};

Cache& cache() {
  static Cache* c = [] {
    Cache* c = new Cache();
    if (const char* env = std::getenv("TENSORGRAD_STORAGE_CACHE_MIB")) {
      char* end = nullptr;
      double mib = std::strtod(env, &end);
      if (end != env && mib >= 0 && mib < 1e9) c->cap = static_cast<size_t>(mib * 1048576.0);
    }
    return c;
  }();
  return *c;
}

size_t class_of(size_t bytes) {
  if (bytes >= kMapMin) return (bytes + kUnit - 1) / kUnit * kUnit;
  if (bytes <= 4096) return 4096;
  size_t p = 4096;
  while (p * 2 < bytes) p *= 2;  // p < bytes <= 2p
  size_t step = p / 8;
  return (bytes + step - 1) / step * step;
}

bool mapped(size_t cls) {
#if TG_HAVE_MMAP
  return cls >= kMapMin;
#else
  (void)cls;
  return false;
#endif
}

void* fresh(size_t cls) {
#if TG_HAVE_MMAP
  if (mapped(cls)) {
    // Map one unit more and cut it down to a 2 MiB-aligned range (huge pages need the alignment).
    void* p = mmap(nullptr, cls + kUnit, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    uintptr_t start = reinterpret_cast<uintptr_t>(p);
    uintptr_t aligned = (start + kUnit - 1) & ~(uintptr_t(kUnit) - 1);
    if (aligned > start) munmap(p, aligned - start);
    uintptr_t end = start + cls + kUnit;
    if (end > aligned + cls) munmap(reinterpret_cast<void*>(aligned + cls), end - (aligned + cls));
#if defined(MADV_HUGEPAGE)
    madvise(reinterpret_cast<void*>(aligned), cls, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(aligned);
  }
#endif
  return std::malloc(cls);
}

void release(void* p, size_t cls) {
#if TG_HAVE_MMAP
  if (mapped(cls)) {
    munmap(p, cls);
    return;
  }
#endif
  std::free(p);
}

/** Releases free blocks, least recently freed first, until at most `keep` bytes remain. Holds mu. */
void trim_locked(Cache& c, size_t keep, std::vector<std::pair<size_t, void*>>& out) {
  while (c.free_bytes > keep && !c.order.empty()) {
    auto [cls, p] = c.order.front();
    // The oldest entry of its class is the first of its vector.
    auto& v = c.free[cls];
    v.erase(v.begin());
    c.order.pop_front();
    c.free_bytes -= cls;
    c.released += 1;
    out.push_back({cls, p});
  }
}

void free_small(void* data, size_t /*length*/, void* /*deleter_data*/) { std::free(data); }

void give_back(void* data, size_t /*length*/, void* deleter_data) {
  size_t cls = reinterpret_cast<size_t>(deleter_data);
  Cache& c = cache();
  std::vector<std::pair<size_t, void*>> drop;
  {
    std::lock_guard<std::mutex> lock(c.mu);
    if (cls > c.cap) {
      drop.push_back({cls, data});
      c.released += 1;
    } else {
      c.order.push_back({cls, data});
      c.free[cls].push_back(std::prev(c.order.end()));
      c.free_bytes += cls;
      trim_locked(c, c.cap, drop);
    }
  }
  for (auto& [k, p] : drop) release(p, k);
}

/**
 * A block of class cls: a free one when there is one (reused = true), else a fresh one, or null
 * (with reused = false) when `only_free`.
 */
void* take(size_t cls, bool only_free, bool& reused) {
  Cache& c = cache();
  {
    std::lock_guard<std::mutex> lock(c.mu);
    auto it = c.free.find(cls);
    if (it != c.free.end() && !it->second.empty()) {
      Cache::Entry e = it->second.back();
      it->second.pop_back();
      void* p = e->second;
      c.order.erase(e);
      c.free_bytes -= cls;
      c.hits += 1;
      reused = true;
      return p;
    }
    if (only_free) {
      reused = false;
      return nullptr;
    }
    c.misses += 1;
  }
  reused = false;
  void* p = fresh(cls);
  if (p != nullptr) return p;
  // Out of memory: give every free block back and try once more.
  std::vector<std::pair<size_t, void*>> drop;
  {
    std::lock_guard<std::mutex> lock(c.mu);
    trim_locked(c, 0, drop);
  }
  for (auto& [k, q] : drop) release(q, k);
  return fresh(cls);
}

/**
 * storage(bytes, zero, onlyFree): an ArrayBuffer of `bytes`, zero-filled when asked, from a free
 * block of its class or else a fresh one; null if it cannot be had, undefined when `onlyFree` and
 * no free block is there.
 */
/** null as a Napi::Value, by a raw call that cannot fail while the environment is terminating. */
Napi::Value null_of(napi_env env) {
  napi_value v = nullptr;
  if (napi_get_null(env, &v) != napi_ok) return Napi::Value();
  return Napi::Value(env, v);
}

/**
 * Arguments are read with raw N-API calls that work while a worker is being terminated (a
 * process.exit() elsewhere): node-addon-api's conversions (ToBoolean) call into JavaScript, fail
 * then, and a failed call in an addon built without C++ exceptions ends the process
 * (Error::ThrowAsJavaScriptException). An empty Napi::Value returns undefined.
 */
Napi::Value Storage(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  double want = 0;
  bool zero = false, only_free = false;
  if (info.Length() < 3 || napi_get_value_double(env, info[0], &want) != napi_ok ||
      napi_get_value_bool(env, info[1], &zero) != napi_ok || napi_get_value_bool(env, info[2], &only_free) != napi_ok) {
    napi_throw_type_error(env, nullptr, "storage: expected (bytes: number, zero: boolean, onlyFree: boolean)");
    return Napi::Value();
  }
  // Past 2^53 bytes no block exists; the caller reports PyTorch's error.
  if (!(want >= 1 && want <= 9007199254740992.0)) return null_of(env);
  size_t bytes = static_cast<size_t>(want);
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  if (bytes < kCacheMin) {
    void* p = zero ? std::calloc(bytes, 1) : std::malloc(bytes);
    if (p == nullptr) return null_of(env);
    std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(p, bytes, free_small, nullptr);
    v8::Local<v8::Value> value = v8::ArrayBuffer::New(isolate, std::move(store));
    return Napi::Value(env, reinterpret_cast<napi_value>(*value));
  }
  size_t cls = class_of(bytes);
  if (cls < bytes) return null_of(env);  // overflowed
  bool reused = false;
  void* p = take(cls, only_free, reused);
  if (p == nullptr) return only_free ? Napi::Value() : null_of(env);
  // A fresh mapping is zero already; malloc'd and reused blocks are not.
  if (zero && (reused || !mapped(cls))) std::memset(p, 0, bytes);
  std::unique_ptr<v8::BackingStore> store =
      v8::ArrayBuffer::NewBackingStore(p, bytes, give_back, reinterpret_cast<void*>(cls));
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  // N-API's napi_value is the V8 handle (node's v8impl::JsValueFromV8LocalValue does the same cast).
  v8::Local<v8::Value> value = buffer;
  return Napi::Value(env, reinterpret_cast<napi_value>(*value));
}

/** storageStats(): [free bytes, hits, misses, released] of the cache. */
Napi::Value StorageStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Cache& c = cache();
  Napi::Array r = Napi::Array::New(env, 5);
  std::lock_guard<std::mutex> lock(c.mu);
  r.Set(uint32_t(0), Napi::Number::New(env, static_cast<double>(c.free_bytes)));
  r.Set(uint32_t(1), Napi::Number::New(env, c.hits));
  r.Set(uint32_t(2), Napi::Number::New(env, c.misses));
  r.Set(uint32_t(3), Napi::Number::New(env, c.released));
  r.Set(uint32_t(4), Napi::Number::New(env, static_cast<double>(c.cap)));
  return r;
}

/** releaseStorage(): gives every free block back to the system. */
Napi::Value ReleaseStorage(const Napi::CallbackInfo& info) {
  Cache& c = cache();
  std::vector<std::pair<size_t, void*>> drop;
  {
    std::lock_guard<std::mutex> lock(c.mu);
    trim_locked(c, 0, drop);
  }
  for (auto& [k, p] : drop) release(p, k);
  return info.Env().Undefined();
}

}  // namespace

/**
 * Whether the host process exports the V8 functions Storage calls. Node does; Deno runs N-API
 * addons without V8's C++ API, and a call through a missing symbol would end the process (lazy
 * binding resolves it at the first call), so there the cache is left out and tensor storage is
 * the runtime's own, as without the cache.
 */
bool host_has_v8_api() {
#if defined(__unix__) || defined(__APPLE__)
  static const char* const kSymbols[] = {
      "_ZN2v87Isolate10GetCurrentEv",
      "_ZN2v811ArrayBuffer15NewBackingStoreEPvmPFvS1_mS1_ES1_",
      "_ZN2v811ArrayBuffer3NewEPNS_7IsolateESt10shared_ptrINS_12BackingStoreEE",
      "_ZN2v812BackingStoreD1Ev",
  };
  for (const char* name : kSymbols) {
    if (dlsym(RTLD_DEFAULT, name) == nullptr) return false;
  }
#endif
  return true;
}

void register_storage(Napi::Env env, Napi::Object exports) {
  if (!host_has_v8_api()) return;
  exports.Set("storage", Napi::Function::New(env, Storage, "storage"));
  exports.Set("storageStats", Napi::Function::New(env, StorageStats, "storageStats"));
  exports.Set("releaseStorage", Napi::Function::New(env, ReleaseStorage, "releaseStorage"));
}

}  // namespace tg
