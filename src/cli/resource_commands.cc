#include "cli/command.h"

namespace corral {

std::vector<Command> ResourceCommands() { return {}; }

}  // namespace corral
