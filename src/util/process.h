// Running child processes: the seam through which corral calls ip(8), ssh(1), ssh-keygen(1) and
// other system programs. ProcessRunner is the interface; SystemProcessRunner runs real programs
// (fork + execvp, no shell); tests use a recording fake.
#ifndef CORRAL_UTIL_PROCESS_H_
#define CORRAL_UTIL_PROCESS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace corral {

struct ProcessSpec {
  std::vector<std::string> argv;          // argv[0] is looked up in PATH
  std::string stdin_data;                 // written to the child's stdin, then closed
  std::map<std::string, std::string> env;  // added to (or replacing in) the inherited environment
  bool inherit_stdio = false;  // child uses our terminal (interactive ssh); out/err not captured
  std::optional<Duration> timeout;  // SIGKILL after this long; the result says so
  bool new_session = false;         // setsid() in the child, so it outlives our process group
};

struct ProcessOutput {
  int exit_code = -1;   // exit status, or 128 + signal number when killed
  bool timed_out = false;
  std::string out;
  std::string err;
  bool success() const { return exit_code == 0 && !timed_out; }
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Runs the program to completion. A non-zero exit is not an error Status: only failing to start
  // the program (e.g. not installed) is.
  virtual Result<ProcessOutput> Run(const ProcessSpec& spec) = 0;
};

// Runs real processes. Thread-safe: each call is independent.
class SystemProcessRunner : public ProcessRunner {
 public:
  Result<ProcessOutput> Run(const ProcessSpec& spec) override;
};

// "cmd arg 'two words'": a readable, shell-quoted rendering of argv for logs and errors.
std::string DescribeCommand(const std::vector<std::string>& argv);

// Runs `spec` and turns a non-zero exit into an error naming the command and its stderr.
Result<ProcessOutput> RunChecked(ProcessRunner& runner, const ProcessSpec& spec);

}  // namespace corral

#endif  // CORRAL_UTIL_PROCESS_H_
