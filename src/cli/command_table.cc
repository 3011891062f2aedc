#include "cli/command.h"

namespace corral {

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto group : {GeneralCommands, ConfigCommands, ClusterCommands, NodeCommands, DesktopCommands,
                     ResourceCommands,
                     BalanceCommands}) {
    for (Command& c : group()) all.push_back(std::move(c));
  }
  return all;
}

}  // namespace corral
