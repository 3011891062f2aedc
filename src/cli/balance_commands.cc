#include "cli/command.h"

namespace corral {

std::vector<Command> BalanceCommands() { return {}; }

}  // namespace corral
