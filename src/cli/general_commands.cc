// `corral help [COMMAND]`.
#include <ostream>

#include "cli/command.h"
#include "cli/help.h"

namespace corral {

std::vector<Command> GeneralCommands() {
  Command help;
  help.name = "help";
  help.args = "[<command>]";
  help.summary = "Show the list of commands, or one command's usage";
  help.define = [](CLI::App& app) -> CommandRun {
    auto topic = std::make_shared<std::string>();
    app.add_option("command", *topic, "the command to describe");
    return [topic](CliContext& ctx) -> Result<int> {
      if (topic->empty()) {
        *ctx.out << GlobalUsage();
        return 0;
      }
      ASSIGN_OR_RETURN(std::string text, CommandUsage(*topic));
      *ctx.out << text;
      return 0;
    };
  };
  return {help};
}

}  // namespace corral
