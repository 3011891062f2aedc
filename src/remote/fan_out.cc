#include "remote/fan_out.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace corral {

std::vector<Status> FanOut(size_t count, size_t max_parallel,
                           const std::function<Status(size_t)>& fn,
                           const std::function<void(size_t, const Status&)>& on_done) {
  std::vector<Status> results(count);
  std::atomic<size_t> next{0};
  std::mutex done_mu;
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) {
      results[i] = fn(i);
      if (on_done) {
        std::lock_guard<std::mutex> lock(done_mu);
        on_done(i, results[i]);
      }
    }
  };
  size_t threads = std::min(count, std::max<size_t>(1, max_parallel));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // the calling thread works too
  for (std::thread& t : pool) t.join();
  return results;
}

Status FirstFailure(const std::vector<Status>& results, const std::vector<std::string>& names) {
  size_t failed = 0;
  const Status* first = nullptr;
  size_t first_index = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) continue;
    if (!first) {
      first = &results[i];
      first_index = i;
    }
    ++failed;
  }
  if (!first) return Status::Ok();
  std::string name = first_index < names.size() ? names[first_index] : std::to_string(first_index);
  std::string more = failed > 1 ? " (and " + std::to_string(failed - 1) + " more failed)" : "";
  return Status(first->code(), name + ": " + first->message() + more);
}

}  // namespace corral
