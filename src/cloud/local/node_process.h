// The processes of a local-provider node, seen from the host: finding the node's PID 1 after
// launch, checking that a recorded PID still is that init (PIDs are reused), stopping a node,
// measuring its memory, and bind-mounting a host directory into a running node's mount
// namespace. Direct system calls and /proc reads; every function is thread-safe.
#ifndef CORRAL_CLOUD_LOCAL_NODE_PROCESS_H_
#define CORRAL_CLOUD_LOCAL_NODE_PROCESS_H_

#include <string>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace corral {

struct ProcStat {
  char state = '?';          // R, S, D, Z, ...
  long long ppid = 0;
  long long start_ticks = 0;  // clock ticks after boot
};
// Parses the text of /proc/PID/stat (the command name may hold spaces and parentheses).
Result<ProcStat> ParseProcStat(const std::string& text);
// /proc/PID/stat of a live process; NotFound when it does not exist.
Result<ProcStat> ReadProcStat(long long pid);
// The kernel's boot id, so that PIDs recorded before a reboot are never trusted.
std::string CurrentBootId();

// True when `pid` is alive (not a zombie) and started at `start_ticks`.
bool ProcessIsAlive(long long pid, long long start_ticks);

// Waits (up to `timeout`) for the launcher `launcher_pid` (the `unshare --fork` process) to have
// its only child, the node's PID 1, and returns that child's host PID. Fails early when the
// launcher exits.
Result<long long> WaitForNodeInit(long long launcher_pid, Clock& clock, Duration timeout);

struct NodeInit {
  long long pid = 0;
  long long start_ticks = 0;
};
// SIGTERM to each node's PID 1 (if it still is the recorded process), waits up to `grace` for
// them all to go, then SIGKILL to the rest and waits for the kernel to end their PID namespaces.
// Only ever signals the recorded processes; their descendants go with the namespaces.
Status StopNodeInits(const std::vector<NodeInit>& inits, Clock& clock, Duration grace);

// Proportional set size in KiB of every process in the PID namespace of `pid1`.
Result<long long> NodePssKiB(long long pid1);

// Bind-mounts host directory `source` at `target` inside the mount namespace of `pid1`,
// creating `target` there first. Works even when the node cannot see `source` (new mount API:
// open_tree + setns + move_mount, in a forked child).
Status BindIntoNode(long long pid1, const std::string& source, const std::string& target);

// CAP_SYS_ADMIN and CAP_NET_ADMIN in the effective set of `status_text` (/proc/self/status).
bool HasLocalProviderCaps(const std::string& status_text);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_NODE_PROCESS_H_
