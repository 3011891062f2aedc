// Bounded parallel fan-out across hosts: run one function per item on at most `max_parallel`
// threads, collecting a Status per item in input order. `on_done` (optional) is called as each
// item finishes, from the worker thread that ran it (serialised: never two at once), so callers
// can show progress or start follow-up work as soon as one host is ready, not after the slowest.
#ifndef CORRAL_REMOTE_FAN_OUT_H_
#define CORRAL_REMOTE_FAN_OUT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "util/status.h"

namespace corral {

// Runs fn(i) for i in [0, count) with at most max_parallel (>= 1) running at once. Returns the
// Status of each call, by index.
std::vector<Status> FanOut(size_t count, size_t max_parallel,
                           const std::function<Status(size_t)>& fn,
                           const std::function<void(size_t, const Status&)>& on_done = nullptr);

// The first error of `results`, prefixed by the name of its item ("node002: ..."), plus how many
// others failed; Ok when all succeeded.
Status FirstFailure(const std::vector<Status>& results, const std::vector<std::string>& names);

}  // namespace corral

#endif  // CORRAL_REMOTE_FAN_OUT_H_
