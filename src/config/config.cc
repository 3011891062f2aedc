#include "config/config.h"

namespace corral {

const ClusterTemplate* Config::FindTemplate(const std::string& name) const {
  const std::string& wanted = name.empty() ? global.default_template : name;
  auto it = clusters.find(wanted);
  return it == clusters.end() ? nullptr : &it->second;
}

}  // namespace corral
