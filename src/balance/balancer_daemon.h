// Running the balancer detached, and finding the one that runs. The balancer's lock
// (BalancerLock) is the single source of truth: the process holding it is the cluster's
// balancer, whether it runs in a terminal or detached, and the kernel's lock table (/proc/locks)
// names its PID, so a recycled PID is never mistaken for it and a crashed balancer leaves nothing
// to clean up.
#ifndef CORRAL_BALANCE_BALANCER_DAEMON_H_
#define CORRAL_BALANCE_BALANCER_DAEMON_H_

#include <string>
#include <string_view>

#include "util/status.h"

namespace corral {

// The PID holding a flock(2) on the file with this device and inode, from the text of
// /proc/locks ("1: FLOCK  ADVISORY  WRITE 4242 08:01:131 0 EOF"; device numbers in hex); 0 when
// no FLOCK entry matches. Pure.
long long ParseFlockHolder(std::string_view proc_locks, unsigned major, unsigned minor,
                           unsigned long long inode);

// The PID of the process holding the balancer lock at `lock_path`; 0 when the file does not exist
// or nobody holds it.
Result<long long> BalancerLockHolder(const std::string& lock_path);

struct Detached {
  bool in_daemon = false;  // true in the detached process, false in the original one
  long long pid = 0;       // original process: the daemon's PID
  int report_fd = -1;      // daemon: where ReportStarted writes
};

// Detaches a copy of the calling process as a daemon: forks twice (setsid in between, so no
// terminal or process group ties it to the caller), points its stdin at /dev/null and its
// stdout/stderr at `output_path` (appended, mode 0600). The daemon gets in_daemon and must call
// ReportStarted once its lock is held or its start failed. The original process waits for that
// report and gets the daemon's PID, or the daemon's error (or a pointer to `output_path` when the
// daemon died first). Call before any thread is started.
Result<Detached> DetachBalancer(const std::string& output_path);

// In the daemon: tells the waiting original process how start went (Ok: running) and closes
// `report_fd` (set to -1; later calls do nothing).
void ReportStarted(int& report_fd, const Status& status);

}  // namespace corral

#endif  // CORRAL_BALANCE_BALANCER_DAEMON_H_
