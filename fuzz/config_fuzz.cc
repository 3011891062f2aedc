// libFuzzer target: the INI parser, the config loader (INCLUDE, EXTENDS, every section type), the
// offline template checks and `corral config`'s renderers must never crash, hang or trip a
// sanitizer on any input. The input is the main file; after a NUL byte comes the text that every
// INCLUDE'd file reads as, so includes are explored without touching the disk.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_loader.h"
#include "config/config_validation.h"
#include "config/ini_parser.h"
#include "config/template_render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string main_text = input.substr(0, nul);
  std::string include_text = nul == std::string::npos ? "" : input.substr(nul + 1);

  (void)corral::ParseIni(corral::SplitSourceLines(input, "raw.ini"));

  corral::ConfigEnv env;
  env.vars = {{"HOME", "/home/fuzz"}, {"AWS_REGION_NAME", "eu-west-1"}};
  env.read_file = [&](const std::string&) -> corral::Result<std::string> { return include_text; };
  corral::Result<corral::Config> config = corral::LoadConfigText(main_text, "fuzz.ini", env);
  if (!config.ok()) return 0;
  for (const auto& [name, t] : config->clusters) {
    std::vector<std::string> warnings;
    (void)corral::ValidateTemplate(t, &warnings);
    (void)corral::ValidateDnsPrefix(t, name);
    (void)corral::TemplateToText(t, *config);
    (void)corral::TemplateToJson(t, *config)
        .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  return 0;
}
