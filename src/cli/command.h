// The command table: every `corral` command is one Command entry. `corral help`, `corral help
// COMMAND`, `corral COMMAND --help` and `corral COMMAND help` are all generated from it.
//
// A command group (cluster_commands.cc, config_commands.cc, ...) exposes a function returning its
// Commands; command_table.cc concatenates the groups in the order `corral help` lists them.
#ifndef CORRAL_CLI_COMMAND_H_
#define CORRAL_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/context.h"
#include "util/status.h"

namespace corral {

// Runs a parsed command; returns the process exit code (0 on success; a remote command's exit
// status for sshmaster and friends) or an error Status, which the dispatcher prints as one line.
using CommandRun = std::function<Result<int>(CliContext& ctx)>;

struct Command {
  std::string name;
  std::vector<std::string> aliases;
  std::string args;         // positional synopsis for help, e.g. "<cluster_tag>"
  std::string summary;      // one line, for `corral help`
  std::string description;  // more text for `corral help COMMAND`; may be empty
  // Declares the command's options and positionals on `app` and returns the function to call
  // once parsing succeeded. Captured option storage lives in the returned closure.
  std::function<CommandRun(CLI::App& app)> define;
};

// Every command, in help order.
std::vector<Command> AllCommands();

// Command groups. Each lives in its own file.
std::vector<Command> GeneralCommands();  // help (version is a global flag)
std::vector<Command> ConfigCommands();   // config
std::vector<Command> ClusterCommands();  // start, stop, terminate, listclusters, ssh*, put, get, ...
std::vector<Command> NodeCommands();     // sshmaster, sshnode, sshinstance, put, get, listinstances, runplugin
std::vector<Command> DesktopCommands();  // desktop
std::vector<Command> ResourceCommands(); // key pairs, volumes, images, regions (every provider)
std::vector<Command> BalanceCommands();  // loadbalance, simulate

// The entry point used by main(): parses argv, dispatches, prints errors, returns the exit code.
int RunCli(int argc, const char* const* argv, CliContext& ctx);

}  // namespace corral

#endif  // CORRAL_CLI_COMMAND_H_
