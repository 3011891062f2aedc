// Loading a configuration file into a Config: parse (ini_parser.h), INCLUDE, every section type
// of the schema (config_schema.h), AWS_* environment overrides, cluster templates with EXTENDS,
// defaults, references, and StarCluster's load-time checks.
//
// Errors are InvalidArgument with one line "file:line: message" (StarCluster's text where it had
// one). Unknown keys and sections are not errors: they land in Config::warnings, with a
// "did you mean" hint. Template checks that StarCluster made only at `start` (cluster size,
// user, permissions, volumes, ...) are in config_validation.h.
#ifndef CORRAL_CONFIG_CONFIG_LOADER_H_
#define CORRAL_CONFIG_CONFIG_LOADER_H_

#include <functional>
#include <map>
#include <string>

#include "config/config.h"
#include "util/status.h"

namespace corral {

struct ConfigEnv {
  // Environment variables: HOME and $VARS for path expansion, AWS_* overrides.
  std::map<std::string, std::string> vars;
  // Reads an INCLUDE'd file; NotFound when it does not exist. Empty: the real filesystem.
  std::function<Result<std::string>(const std::string& path)> read_file;
};

// True for http:// and https:// paths, which StarCluster fetched and corral refuses
// (InvalidArgument from LoadConfig and INCLUDE).
bool IsUrl(const std::string& path);

// Loads the file at `path`. NotFound when it does not exist (the caller offers the template).
Result<Config> LoadConfig(const std::string& path, const ConfigEnv& env);

// Loads `text` as if read from `path` (used in messages and for relative INCLUDEs).
Result<Config> LoadConfigText(const std::string& text, const std::string& path,
                              const ConfigEnv& env);

}  // namespace corral

#endif  // CORRAL_CONFIG_CONFIG_LOADER_H_
