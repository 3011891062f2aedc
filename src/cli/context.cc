#include "cli/context.h"

namespace corral {

std::string CliContext::Env(const std::string& name) const {
  auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

}  // namespace corral
