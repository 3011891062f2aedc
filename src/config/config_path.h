// Which configuration file a command reads: -c/--config FILE, else $CORRAL_CONFIG, else
// ~/.corral/config; when that file does not exist but a StarCluster config does
// ($STARCLUSTER_CONFIG, then ~/.starcluster/config), the StarCluster one. Pure: HOME and the
// variables come from `env`, existence from `exists`.
#ifndef CORRAL_CONFIG_CONFIG_PATH_H_
#define CORRAL_CONFIG_CONFIG_PATH_H_

#include <functional>
#include <map>
#include <string>

namespace corral {

struct ConfigPathChoice {
  std::string path;         // the file to load, ~ and $VARS expanded
  bool exists = false;      // false: nothing to load; `path` is where the template would go
  bool starcluster = false;  // `path` is a StarCluster config found as a fallback
  std::string corral_path;  // the corral path that was looked for first
};

ConfigPathChoice ResolveConfigPath(const std::string& flag,
                                   const std::map<std::string, std::string>& env,
                                   const std::function<bool(const std::string&)>& exists);

}  // namespace corral

#endif  // CORRAL_CONFIG_CONFIG_PATH_H_
