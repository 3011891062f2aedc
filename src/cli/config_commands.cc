// `corral config [TEMPLATE] [--json]`: the resolved settings of a template, and the template
// file itself (--template prints it, --write-template writes it to the config path).
#include <ostream>

#include "cli/command.h"
#include "cli/config_access.h"
#include "config/config_template.h"
#include "config/template_render.h"

namespace corral {
namespace {

struct ConfigOptions {
  std::string template_name;
  bool json = false;
  bool print_template = false;
  bool write_template = false;
};

Result<int> RunConfig(CliContext& ctx, const ConfigOptions& o) {
  if (o.print_template) {
    *ctx.out << ConfigTemplate();
    return 0;
  }
  if (o.write_template) {
    std::string path = ConfigWritePath(ctx);
    Status written = WriteConfigTemplate(path);
    if (written.code() == StatusCode::kAlreadyExists) return InvalidArgument(written.message());
    RETURN_IF_ERROR(written);
    ctx.log->Info("Config template written to " + path + ". Please customize this file.");
    return 0;
  }
  ASSIGN_OR_RETURN(Config config, LoadConfigForCommand(ctx));
  ASSIGN_OR_RETURN(ClusterTemplate t, TemplateForCommand(ctx, config, o.template_name));
  if (o.json) {
    // Config files are bytes, not necessarily UTF-8: replace what JSON cannot carry.
    constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;
    *ctx.out << TemplateToJson(t, config).dump(2, ' ', false, kReplace) << "\n";
  } else {
    *ctx.out << TemplateToText(t, config);
  }
  return 0;
}

}  // namespace

std::vector<Command> ConfigCommands() {
  Command config;
  config.name = "config";
  config.args = "[<template>]";
  config.summary = "Show a cluster template's resolved settings, or write the config template";
  config.description =
      "Prints the settings of TEMPLATE (default: DEFAULT_TEMPLATE) after EXTENDS, defaults and\n"
      "references were resolved, with the file and line each value came from. Secrets are\n"
      "masked. The offline checks of 'start' run too, so errors show here first.";
  config.define = [](CLI::App& app) -> CommandRun {
    auto o = std::make_shared<ConfigOptions>();
    app.add_option("template", o->template_name, "the cluster template (default: DEFAULT_TEMPLATE)");
    app.add_flag("--json", o->json, "print JSON (lower-case setting names as keys)");
    app.add_flag("--template", o->print_template, "print the config template and exit");
    app.add_flag("--write-template", o->write_template,
                 "write the config template to the config path (mode 0600) and exit");
    return [o](CliContext& ctx) { return RunConfig(ctx, *o); };
  };
  return {config};
}

}  // namespace corral
