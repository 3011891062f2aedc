#include "cli/command.h"

namespace corral {

std::vector<Command> ClusterCommands() { return {}; }

}  // namespace corral
