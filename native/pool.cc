// Thread pool: workers sleep on a condition variable between loops; a loop publishes a task and
// a generation number, each worker runs its chunk, and the caller runs chunk 0 then waits for
// the others. Workers are created lazily, so a process that never runs a large loop has none.
#include "pool.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace tg {
namespace {

int default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

class Pool {
 public:
  ~Pool() { stop(); }

  int threads() const { return threads_.load(); }

  void set_threads(int n) {
    std::lock_guard<std::mutex> busy(busy_);
    stop();
    threads_.store(n < 1 ? 1 : n);
  }

  void run(int64_t n, int64_t grain, TaskFn fn, void* ctx) {
    int64_t chunks = grain > 0 ? (n + grain - 1) / grain : n;
    int64_t threads = threads_.load();
    if (chunks > threads) chunks = threads;
    if (chunks <= 1) {
      if (n > 0) fn(ctx, 0, n);
      return;
    }
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) {
      fn(ctx, 0, n);
      return;
    }
    start(static_cast<int>(chunks) - 1);
    {
      std::lock_guard<std::mutex> lock(mu_);
      fn_ = fn;
      ctx_ = ctx;
      n_ = n;
      chunks_ = chunks;
      pending_.store(static_cast<int>(chunks) - 1);
      generation_++;
    }
    wake_.notify_all();
    fn(ctx, 0, bound(0, chunks, n));
    // The caller spins briefly (chunks finish at about the same time), then sleeps.
    for (int spin = 0; spin < 2000 && pending_.load(std::memory_order_acquire) != 0; spin++) std::this_thread::yield();
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [&] { return pending_.load() == 0; });
  }

 private:
  static int64_t bound(int64_t chunk, int64_t chunks, int64_t n) { return n * (chunk + 1) / chunks; }

  void start(int workers) {
    while (static_cast<int>(workers_.size()) < workers) {
      int id = static_cast<int>(workers_.size()) + 1;
      uint64_t seen = generation_;  // read before the thread exists, so it cannot miss this loop
      workers_.emplace_back([this, id, seen] { loop(id, seen); });
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      quit_ = true;
      generation_++;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    quit_ = false;
  }

  void loop(int id, uint64_t seen) {
    for (;;) {
      TaskFn fn;
      void* ctx;
      int64_t n, chunks;
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (quit_) return;
        fn = fn_;
        ctx = ctx_;
        n = n_;
        chunks = chunks_;
      }
      if (id < chunks) {
        fn(ctx, bound(id - 1, chunks, n), bound(id, chunks, n));
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
          std::lock_guard<std::mutex> lock(mu_);
          done_.notify_one();
        }
      }
    }
  }

  std::atomic<int> threads_{default_threads()};
  std::mutex busy_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int64_t n_ = 0, chunks_ = 0;
  std::atomic<int> pending_{0};
  uint64_t generation_ = 0;
  bool quit_ = false;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers must not be joined during static teardown
  return *p;
}

}  // namespace

int num_threads() { return pool().threads(); }
void set_num_threads(int n) { pool().set_threads(n); }
void parallel_for_raw(int64_t n, int64_t grain, TaskFn fn, void* ctx) { pool().run(n, grain, fn, ctx); }

}  // namespace tg
