#include "config/config_path.h"

#include "util/file_util.h"

namespace corral {
namespace {

std::string Var(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

}  // namespace

ConfigPathChoice ResolveConfigPath(const std::string& flag,
                                   const std::map<std::string, std::string>& env,
                                   const std::function<bool(const std::string&)>& exists) {
  ConfigPathChoice choice;
  if (!flag.empty()) {  // an explicit file never falls back to another one
    choice.path = choice.corral_path = ExpandUser(flag, env);
    choice.exists = exists(choice.path);
    return choice;
  }
  std::string wanted = Var(env, "CORRAL_CONFIG");
  choice.path = choice.corral_path = ExpandUser(wanted.empty() ? "~/.corral/config" : wanted, env);
  choice.exists = exists(choice.path);
  if (choice.exists) return choice;
  for (std::string candidate : {Var(env, "STARCLUSTER_CONFIG"), std::string("~/.starcluster/config")}) {
    if (candidate.empty()) continue;
    candidate = ExpandUser(candidate, env);
    if (exists(candidate)) {
      choice.path = candidate;
      choice.exists = true;
      choice.starcluster = true;
      return choice;
    }
  }
  return choice;
}

}  // namespace corral
