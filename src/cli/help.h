// Usage text generated from the command table.
#ifndef CORRAL_CLI_HELP_H_
#define CORRAL_CLI_HELP_H_

#include <string>

#include "util/status.h"

namespace corral {

// `corral help`: synopsis, global options, and one line per command with its aliases.
std::string GlobalUsage();
// `corral help COMMAND` (name or alias); InvalidArgument with a suggestion when unknown.
Result<std::string> CommandUsage(const std::string& name);
// The command a name or alias refers to, or "" when none does.
std::string ResolveCommandName(const std::string& name_or_alias);
// "invalid command 'x'" plus "(did you mean 'y'?)" when one is close.
Status UnknownCommand(const std::string& name);

}  // namespace corral

#endif  // CORRAL_CLI_HELP_H_
