// Shared test helpers: status assertions, a CLI harness with captured output, and a recording
// ProcessRunner. Linked only into corral_tests.
#ifndef CORRAL_TESTING_TEST_UTIL_H_
#define CORRAL_TESTING_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/context.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/process.h"
#include "util/status.h"

#define ASSERT_OK(expr)                                                   \
  do {                                                                    \
    ::corral::Status _s = ::corral::internal::AsStatus((expr));           \
    ASSERT_TRUE(_s.ok()) << #expr << ": " << _s.message();                \
  } while (0)
#define EXPECT_OK(expr)                                                   \
  do {                                                                    \
    ::corral::Status _s = ::corral::internal::AsStatus((expr));           \
    EXPECT_TRUE(_s.ok()) << #expr << ": " << _s.message();                \
  } while (0)

namespace corral {

// Where the checked-out ../shared folder is (reference samples, traces, test vectors).
std::string SharedDir();
std::string SourceDir();

// Fails the test unless `script` parses as POSIX sh (`sh -n -c`: read, never run).
void ExpectParsesAsShell(const std::string& script);

// Records every command and answers from a script: the first matching handler wins, otherwise
// the command "succeeds" with empty output.
class FakeProcessRunner : public ProcessRunner {
 public:
  using Handler = std::function<ProcessOutput(const ProcessSpec&)>;
  // Commands whose argv joined by spaces contains `needle` are answered by `handler`.
  void On(const std::string& needle, Handler handler);
  Result<ProcessOutput> Run(const ProcessSpec& spec) override;
  std::vector<std::vector<std::string>> commands() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, Handler>> handlers_;
  std::vector<std::vector<std::string>> commands_;
};

// Runs `corral ARGS` in-process with captured streams, a FakeClock and the given environment.
struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};
struct CliHarness {
  FakeClock clock;
  SystemProcessRunner runner;
  std::map<std::string, std::string> env;
  std::string stdin_data;
  bool terminal = false;
  CliRun Run(const std::vector<std::string>& args);
};

}  // namespace corral

#endif  // CORRAL_TESTING_TEST_UTIL_H_
