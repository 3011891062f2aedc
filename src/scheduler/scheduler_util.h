// Helpers shared by the scheduler implementations (sge/, slurm/): running a setup step over
// Remote with a readable error, waiting for a daemon through the Clock, and the shell fragments
// every scheduler's scripts start with.
#ifndef CORRAL_SCHEDULER_SCHEDULER_UTIL_H_
#define CORRAL_SCHEDULER_SCHEDULER_UTIL_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "remote/remote.h"
#include "util/clock.h"
#include "util/status.h"

namespace corral {

// Wraps a script for Remote::Run: "/bin/sh -c '<script>'", independent of the login shell.
std::string ShellScriptCommand(const std::string& script);

// Runs `command` on `host` (timeout `timeout`); a non-zero exit becomes an error
// "<what> failed (exit N): <end of stderr>". Returns stdout.
Result<std::string> RunStep(Remote& remote, const RemoteHost& host, const std::string& command,
                            const std::string& what, Duration timeout,
                            const std::string& stdin_data = "");

// Calls `check` until it returns true, sleeping `interval` between calls, for at most
// `timeout`; then DeadlineExceeded "timed out after N s waiting for <what>". An error from
// `check` ends the wait.
Status PollUntil(Clock& clock, Duration timeout, Duration interval, const std::string& what,
                 const std::function<Result<bool>()>& check);

// The last line of `out` as a number in [1, 100000] (core counts, memory sizes); `what` names it
// in the error.
Result<int> ParseLastNumber(const std::string& out, const std::string& what);

long long WholeSeconds(Duration d);

// Splits the output of a snapshot command that printed its parts separated by lines holding
// `separator`; fails unless there are exactly `parts` parts.
Result<std::vector<std::string_view>> SplitSnapshot(std::string_view out,
                                                    const std::string& separator, size_t parts);

// Prints "running" when a process named `name` runs on the host, "stopped" otherwise; with
// `terminate`, first sends it SIGTERM.
std::string ProcessCheckCommand(const std::string& name, bool terminate);

// Polls `host` until no process `name` runs there (at most 60 s); sends it SIGTERM after 15 s
// (when the daemon's own shutdown request did not reach it). An unreachable host counts as
// stopped: a dead node runs nothing.
Status WaitForProcessExit(Clock& clock, Remote& remote, const RemoteHost& host,
                          const std::string& name);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SCHEDULER_UTIL_H_
