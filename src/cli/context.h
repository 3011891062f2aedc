// CliContext: the seams and global options one `corral` invocation works with, passed explicitly
// to every command (no globals). main() fills it with real implementations; tests with fakes.
#ifndef CORRAL_CLI_CONTEXT_H_
#define CORRAL_CLI_CONTEXT_H_

#include <iosfwd>
#include <map>
#include <string>

#include "util/clock.h"
#include "util/log.h"
#include "util/process.h"

namespace corral {

struct GlobalOptions {
  std::string config_path;  // -c/--config; empty: the default search (see docs/config.md)
  std::string region;       // -r/--region
  bool debug = false;       // -d/--debug
};

struct CliContext {
  GlobalOptions global;
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool stdin_is_terminal = false;
  Logger* log = nullptr;
  Clock* clock = nullptr;
  ProcessRunner* runner = nullptr;
  // The environment as corral sees it (a copy of environ in main; set freely in tests).
  std::map<std::string, std::string> env;

  // The value of environment variable `name`, or "" when unset.
  std::string Env(const std::string& name) const;
};

}  // namespace corral

#endif  // CORRAL_CLI_CONTEXT_H_
