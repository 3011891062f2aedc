// The dispatcher: global options, command lookup, StarCluster's `corral CMD help`, CLI11 parsing of
// the command's own options, and the mapping of results to exit codes.
#include <ostream>

#include "cli/command.h"
#include "cli/help.h"
#include "util/strings.h"

namespace corral {
namespace {

struct Split {
  std::vector<std::string> command_args;  // the command name first
  bool show_help = false;
  bool show_version = false;
};

// Global options must precede the command, as in StarCluster (optparse without interspersed args).
Result<Split> ParseGlobal(int argc, const char* const* argv, GlobalOptions& global) {
  Split split;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& flag) -> Result<std::string> {
      size_t eq = a.find('=');
      if (StartsWith(a, "--") && eq != std::string::npos) return a.substr(eq + 1);
      if (i + 1 >= argc) return InvalidArgument("option " + flag + " needs a value");
      return std::string(argv[++i]);
    };
    if (a == "-c" || a == "--config" || StartsWith(a, "--config=")) {
      ASSIGN_OR_RETURN(global.config_path, value("-c/--config"));
    } else if (a == "-r" || a == "--region" || StartsWith(a, "--region=")) {
      ASSIGN_OR_RETURN(global.region, value("-r/--region"));
    } else if (a == "-d" || a == "--debug") {
      global.debug = true;
    } else if (a == "--version") {
      split.show_version = true;
    } else if (a == "-h" || a == "--help") {
      split.show_help = true;
    } else if (StartsWith(a, "-") && a != "-") {
      return InvalidArgument("unknown global option '" + a + "'; 'corral help' lists them");
    } else {
      break;
    }
  }
  for (; i < argc; ++i) split.command_args.emplace_back(argv[i]);
  return split;
}

Result<int> Dispatch(int argc, const char* const* argv, CliContext& ctx) {
  ASSIGN_OR_RETURN(Split split, ParseGlobal(argc, argv, ctx.global));
  if (ctx.global.debug) ctx.log->SetConsoleLevel(LogLevel::kDebug);
  if (split.show_version) {
    *ctx.out << "corral " << CORRAL_VERSION << "\n";
    return 0;
  }
  if (split.command_args.empty()) {
    *ctx.out << GlobalUsage();
    if (split.show_help) return 0;
    return InvalidArgument("no command given");
  }
  const std::string& given = split.command_args[0];
  std::string name = ResolveCommandName(given);
  if (name.empty()) return UnknownCommand(given);
  if (split.command_args.size() == 2 && split.command_args[1] == "help") {
    ASSIGN_OR_RETURN(std::string usage, CommandUsage(name));
    *ctx.out << usage;
    return 0;
  }
  for (const Command& cmd : AllCommands()) {
    if (cmd.name != name) continue;
    CLI::App app(cmd.summary, "corral " + cmd.name);
    for (const std::string& a : cmd.aliases) app.alias(a);
    CommandRun run = cmd.define(app);
    std::vector<std::string> rest(split.command_args.rbegin(), split.command_args.rend() - 1);
    try {
      app.parse(rest);  // CLI11 takes the arguments reversed
    } catch (const CLI::CallForHelp&) {
      ASSIGN_OR_RETURN(std::string usage, CommandUsage(name));
      *ctx.out << usage;
      return 0;
    } catch (const CLI::ParseError& e) {
      std::string what = e.what();
      if (!what.empty()) what[0] = ToLower(what.substr(0, 1))[0];
      return InvalidArgument(cmd.name + ": " + what + "; see 'corral help " + cmd.name + "'");
    }
    return run(ctx);
  }
  return UnknownCommand(given);
}

}  // namespace

int RunCli(int argc, const char* const* argv, CliContext& ctx) {
  Result<int> result = Dispatch(argc, argv, ctx);
  if (!result.ok()) {
    ctx.log->Error(result.status().message());
    return result.status().ExitCode();
  }
  return *result;
}

}  // namespace corral
