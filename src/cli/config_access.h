// How commands get their configuration. Every command that needs the config calls
// LoadConfigForCommand once; commands that work on a template then call TemplateForCommand.
#ifndef CORRAL_CLI_CONFIG_ACCESS_H_
#define CORRAL_CLI_CONFIG_ACCESS_H_

#include <string>

#include "cli/context.h"
#include "config/config.h"
#include "util/status.h"

namespace corral {

// Resolves the config path (-c, $CORRAL_CONFIG, ~/.corral/config, then a StarCluster config,
// saying so), loads it, logs its warnings once and registers its secrets with ctx.log.
// When no config exists: on a terminal, offers to show the template or write it to the path
// (mode 0600, directories created; the written file is then loaded and the command goes on);
// without one, fails with a line saying how to write it. Errors are InvalidArgument (exit 2)
// naming file:line, except I/O failures.
Result<Config> LoadConfigForCommand(CliContext& ctx);

// The template `name` (DEFAULT_TEMPLATE when empty), checked with every offline rule
// (ValidateTemplate); warnings are logged. Errors use StarCluster's messages. Commands that name
// a cluster pass its `tag`: with DNS_PREFIX = True it must then be a valid host name.
Result<ClusterTemplate> TemplateForCommand(CliContext& ctx, const Config& config,
                                           const std::string& name, const std::string& tag = "");

// Where `corral config --write-template` writes: the path LoadConfigForCommand would read,
// ignoring StarCluster fallbacks.
std::string ConfigWritePath(const CliContext& ctx);

// Writes the template to `path` with mode 0600, creating directories; refuses to overwrite.
Status WriteConfigTemplate(const std::string& path);

}  // namespace corral

#endif  // CORRAL_CLI_CONFIG_ACCESS_H_
