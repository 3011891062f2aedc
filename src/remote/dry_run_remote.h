// DryRunRemote: a Remote for --dry-run. It prints what would run or be copied on each host, one
// line each, and reports success with empty output; nothing is executed or contacted.
#ifndef CORRAL_REMOTE_DRY_RUN_REMOTE_H_
#define CORRAL_REMOTE_DRY_RUN_REMOTE_H_

#include <memory>
#include <ostream>

#include "remote/remote.h"

namespace corral {

// Lines look like "[dry-run] node001: run: hostname node001", "[dry-run] node001: put: a b ->
// /root/"; the later lines of a multi-line command follow, indented by four spaces. `out` must
// outlive the Remote. Thread-safe: lines are never interleaved.
std::unique_ptr<Remote> NewDryRunRemote(std::ostream* out);

}  // namespace corral

#endif  // CORRAL_REMOTE_DRY_RUN_REMOTE_H_
