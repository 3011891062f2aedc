#include "scheduler/scheduler_util.h"

#include <vector>

#include "util/strings.h"

namespace corral {

std::string ShellScriptCommand(const std::string& script) {
  return "/bin/sh -c " + ShellQuote(script);
}

Result<std::string> RunStep(Remote& remote, const RemoteHost& host, const std::string& command,
                            const std::string& what, Duration timeout,
                            const std::string& stdin_data) {
  RunOptions options;
  options.timeout = timeout;
  options.stdin_data = stdin_data;
  Result<RemoteResult> r = remote.Run(host, command, options);
  if (!r.ok()) return r.status().WithContext(what);
  if (r->exit_code != 0) {
    std::string err = Trim(r->err);
    if (err.size() > 400) err = "..." + err.substr(err.size() - 400);
    return Internal(what + " failed (exit " + std::to_string(r->exit_code) + ")" +
                    (err.empty() ? "" : ": " + err));
  }
  return r->out;
}

Status PollUntil(Clock& clock, Duration timeout, Duration interval, const std::string& what,
                 const std::function<Result<bool>()>& check) {
  TimePoint deadline = clock.Now() + timeout;
  while (true) {
    Result<bool> done = check();
    if (!done.ok()) return done.status();
    if (*done) return Status::Ok();
    if (clock.Now() >= deadline) {
      return DeadlineExceeded("timed out after " + std::to_string(WholeSeconds(timeout)) +
                              " s waiting for " + what);
    }
    clock.SleepFor(interval);
  }
}

Result<int> ParseLastNumber(const std::string& out, const std::string& what) {
  std::vector<std::string> lines = SplitList(out, '\n');
  std::optional<long long> n = lines.empty() ? std::nullopt : ParseInt(lines.back());
  if (!n || *n < 1 || *n > 100000000) {
    return Internal("unexpected " + what + " output: '" + Trim(out) + "'");
  }
  return static_cast<int>(*n);
}

Result<std::vector<std::string_view>> SplitSnapshot(std::string_view out,
                                                    const std::string& separator, size_t parts) {
  std::string sep = "\n" + separator + "\n";
  std::vector<std::string_view> result;
  size_t start = 0;
  for (size_t at = out.find(sep); at != std::string_view::npos; at = out.find(sep, start)) {
    result.push_back(out.substr(start, at - start));
    start = at + sep.size();
  }
  result.push_back(out.substr(start));
  if (result.size() != parts) return Internal("reading the queue: unexpected output");
  return result;
}

long long WholeSeconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

std::string ProcessCheckCommand(const std::string& name, bool terminate) {
  std::string q = ShellQuote(name);
  return ShellScriptCommand("# corral check " + name + "\n" + "if pgrep -x " + q + " >/dev/null; then " +
                            (terminate ? "pkill -TERM -x " + q + " || true; " : "") +
                            "echo running; else echo stopped; fi\n");
}

Status WaitForProcessExit(Clock& clock, Remote& remote, const RemoteHost& host,
                          const std::string& name) {
  constexpr Duration kExitTimeout(60000);
  constexpr Duration kTerminateAfter(15000);
  constexpr Duration kExitPoll(250);
  TimePoint start = clock.Now();
  bool terminated = false;
  return PollUntil(clock, kExitTimeout, kExitPoll, name + " to exit", [&]() -> Result<bool> {
    bool terminate = !terminated && clock.Now() - start >= kTerminateAfter;
    terminated = terminated || terminate;
    Result<RemoteResult> r = remote.Run(host, ProcessCheckCommand(name, terminate));
    if (!r.ok()) return true;
    if (r->exit_code != 0) {
      return Internal("checking for " + name + " failed (exit " + std::to_string(r->exit_code) +
                      ")");
    }
    return EndsWith(Trim(r->out), "stopped");
  });
}

}  // namespace corral
