#include "testing/test_util.h"

#include "cli/command.h"
#include "util/strings.h"

namespace corral {

std::string SharedDir() { return CORRAL_SHARED_DIR; }
std::string SourceDir() { return CORRAL_SOURCE_DIR; }

void FakeProcessRunner::On(const std::string& needle, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_.emplace_back(needle, std::move(handler));
}

Result<ProcessOutput> FakeProcessRunner::Run(const ProcessSpec& spec) {
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    commands_.push_back(spec.argv);
    std::string joined = Join(spec.argv, " ");
    for (const auto& [needle, h] : handlers_) {
      if (joined.find(needle) != std::string::npos) {
        handler = h;
        break;
      }
    }
  }
  if (handler) return handler(spec);
  ProcessOutput ok;
  ok.exit_code = 0;
  return ok;
}

std::vector<std::vector<std::string>> FakeProcessRunner::commands() const {
  std::lock_guard<std::mutex> lock(mu_);
  return commands_;
}

CliRun CliHarness::Run(const std::vector<std::string>& args) {
  std::istringstream in(stdin_data);
  std::ostringstream out, err;
  Logger log(&err);
  CliContext ctx;
  ctx.in = &in;
  ctx.out = &out;
  ctx.err = &err;
  ctx.stdin_is_terminal = terminal;
  ctx.log = &log;
  ctx.clock = &clock;
  ctx.runner = &runner;
  ctx.env = env;
  std::vector<const char*> argv = {"corral"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  CliRun r;
  r.exit_code = RunCli(static_cast<int>(argv.size()), argv.data(), ctx);
  r.out = out.str();
  r.err = err.str();
  return r;
}

void ExpectParsesAsShell(const std::string& script) {
  SystemProcessRunner runner;
  Result<ProcessOutput> out = runner.Run({.argv = {"/bin/sh", "-n", "-c", script}});
  ASSERT_OK(out);
  EXPECT_EQ(out->exit_code, 0) << out->err << "\n" << script;
}

}  // namespace corral
