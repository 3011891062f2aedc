#include "cli/config_access.h"

#include <istream>
#include <ostream>

#include "config/config_loader.h"
#include "config/config_path.h"
#include "config/config_template.h"
#include "config/config_validation.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos || slash == 0 ? "" : path.substr(0, slash);
}

std::string HowToWrite(const std::string& path) {
  return "config file " + path + " does not exist; run 'corral config --write-template' to " +
         "write a template there, or pass -c FILE";
}

// StarCluster's menu (exception.ConfigNotFound.display_options). Returns true when the template
// was written to `path`.
Result<bool> OfferTemplate(CliContext& ctx, const std::string& path) {
  std::ostream& out = *ctx.out;
  out << "No configuration file at " << path << ".\n\n"
      << "Options:\n--------\n"
      << "[1] Show the corral config template\n"
      << "[2] Write config template to " << path << "\n"
      << "[q] Quit\n\nPlease enter your selection: " << std::flush;
  std::string answer;
  if (ctx.in) std::getline(*ctx.in, answer);
  answer = Trim(answer);
  if (answer == "1") {
    out << "\n" << ConfigTemplate();
    return false;
  }
  if (answer != "2") return false;
  out << "\n";
  RETURN_IF_ERROR(WriteConfigTemplate(path));
  ctx.log->Info("Config template written to " + path + ". Please customize this file.");
  return true;
}

void RegisterSecrets(CliContext& ctx, const Config& config) {
  for (const std::string* s :
       {&config.aws.access_key_id, &config.aws.secret_access_key, &config.aws.proxy_pass}) {
    ctx.log->AddSecret(*s);
  }
}

Result<Config> Load(CliContext& ctx, const std::string& path) {
  Result<Config> config = LoadConfig(path, ConfigEnv{ctx.env, nullptr});
  if (!config.ok()) return config.status();
  RegisterSecrets(ctx, *config);
  for (const std::string& w : config->warnings) ctx.log->Warn(w);
  return config;
}

}  // namespace

std::string ConfigWritePath(const CliContext& ctx) {
  return ResolveConfigPath(ctx.global.config_path, ctx.env, [](const std::string&) {
           return false;
         }).corral_path;
}

Status WriteConfigTemplate(const std::string& path) {
  if (PathExists(path)) return AlreadyExists(path + " already exists; not overwriting it");
  std::string dir = Parent(path);
  if (!dir.empty()) RETURN_IF_ERROR(MakeDirs(dir, 0700));
  return WriteFileAtomic(path, ConfigTemplate(), 0600);
}

Result<Config> LoadConfigForCommand(CliContext& ctx) {
  ConfigPathChoice choice = ResolveConfigPath(ctx.global.config_path, ctx.env, PathExists);
  if (choice.exists || IsUrl(choice.path)) {
    if (choice.starcluster) {
      ctx.log->Info("Using the StarCluster config " + choice.path + " (no corral config at " +
                    choice.corral_path + ")");
    }
    return Load(ctx, choice.path);
  }
  if (!ctx.stdin_is_terminal) return InvalidArgument(HowToWrite(choice.path));
  ASSIGN_OR_RETURN(bool written, OfferTemplate(ctx, choice.path));
  if (!written) return InvalidArgument("no config file at " + choice.path);
  return Load(ctx, choice.path);
}

Result<ClusterTemplate> TemplateForCommand(CliContext& ctx, const Config& config,
                                           const std::string& name, const std::string& tag) {
  std::vector<std::string> names;
  for (const auto& [n, t] : config.clusters) names.push_back(n);
  std::string wanted = name.empty() ? config.global.default_template : name;
  if (wanted.empty()) {
    return InvalidArgument(
        config.path + ": No default cluster template specified. To set the default cluster "
        "template, set DEFAULT_TEMPLATE in the [global] section of the config to the name of "
        "one of your cluster templates (" + Join(names, ", ") + ")");
  }
  const ClusterTemplate* t = config.FindTemplate(wanted);
  if (t == nullptr) {
    std::string where = config.path;
    if (name.empty() && config.global.locations.count("DEFAULT_TEMPLATE")) {
      where = config.global.locations.at("DEFAULT_TEMPLATE").ToString();
    }
    std::string msg = where + ": cluster template " + wanted + " does not exist";
    std::string best;
    size_t best_d = 3;  // suggest near misses only
    for (const std::string& n : names) {
      if (size_t d = EditDistance(wanted, n); d < best_d) best_d = d, best = n;
    }
    if (!best.empty()) msg += " (did you mean '" + best + "'?)";
    return InvalidArgument(msg);
  }
  std::vector<std::string> warnings;
  RETURN_IF_ERROR(ValidateTemplate(*t, &warnings));
  if (!tag.empty()) RETURN_IF_ERROR(ValidateDnsPrefix(*t, tag));
  RETURN_IF_ERROR(CheckUserdataScripts(*t));
  for (const std::string& w : warnings) ctx.log->Warn(w);
  return *t;
}

}  // namespace corral
