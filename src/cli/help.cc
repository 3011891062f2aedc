#include "cli/help.h"

#include <algorithm>
#include <sstream>

#include "cli/command.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr const char* kGlobalOptions =
    "global options (before the command):\n"
    "  -c, --config FILE   configuration file (default: $CORRAL_CONFIG, ~/.corral/config,\n"
    "                      then a StarCluster config)\n"
    "  -r, --region NAME   EC2 region\n"
    "  -d, --debug         print debug messages\n"
    "  --version           print the version and exit\n"
    "  -h, --help          this text\n";

void DefineOnApp(const Command& cmd, CLI::App& app) {
  app.description(cmd.summary + (cmd.description.empty() ? "" : "\n\n" + cmd.description));
  for (const std::string& a : cmd.aliases) app.alias(a);
  (void)cmd.define(app);
}

}  // namespace

std::string GlobalUsage() {
  std::ostringstream os;
  os << "usage: corral [global options] <command> [options] [arguments]\n\n"
     << "corral creates, runs and elastically scales batch clusters, on Amazon EC2 or on this\n"
     << "machine (the local provider). It reads StarCluster configuration files unchanged.\n\n"
     << kGlobalOptions << "\ncommands:\n";
  std::vector<Command> all = AllCommands();
  size_t width = 0;
  std::vector<std::string> names;
  for (const Command& c : all) {
    std::string n = c.name;
    if (!c.aliases.empty()) n += " (" + Join(c.aliases, ", ") + ")";
    width = std::max(width, n.size());
    names.push_back(n);
  }
  for (size_t i = 0; i < all.size(); ++i) {
    os << "  " << names[i] << std::string(width - names[i].size() + 2, ' ') << all[i].summary
       << "\n";
  }
  os << "\n'corral help <command>' or 'corral <command> --help' describes one command.\n"
     << "exit codes: 0 success, 1 runtime failure, 2 configuration or usage error.\n";
  return os.str();
}

std::string ResolveCommandName(const std::string& name) {
  for (const Command& c : AllCommands()) {
    if (c.name == name) return c.name;
    for (const std::string& a : c.aliases) {
      if (a == name) return c.name;
    }
  }
  return "";
}

Status UnknownCommand(const std::string& name) {
  std::string best;
  size_t best_d = 3;  // suggest only near misses: at most two edits away
  for (const Command& c : AllCommands()) {
    size_t d = EditDistance(name, c.name);
    if (d < best_d) {
      best_d = d;
      best = c.name;
    }
  }
  std::string msg = "invalid command '" + name + "'";
  if (!best.empty()) msg += " (did you mean '" + best + "'?)";
  return InvalidArgument(msg + "; 'corral help' lists the commands");
}

Result<std::string> CommandUsage(const std::string& name) {
  std::string resolved = ResolveCommandName(name);
  if (resolved.empty()) return UnknownCommand(name);
  for (const Command& c : AllCommands()) {
    if (c.name != resolved) continue;
    CLI::App app(c.summary, "corral " + c.name);
    DefineOnApp(c, app);
    std::string usage = app.help();
    if (!c.aliases.empty()) usage += "aliases: " + Join(c.aliases, ", ") + "\n";
    return usage;
  }
  return UnknownCommand(name);
}

}  // namespace corral
