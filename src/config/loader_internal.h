// Pieces of the config loader shared between its files; not for use outside src/config.
#ifndef CORRAL_CONFIG_LOADER_INTERNAL_H_
#define CORRAL_CONFIG_LOADER_INTERNAL_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "config/config_loader.h"
#include "config/config_schema.h"
#include "config/ini_parser.h"
#include "util/status.h"

namespace corral {

// One section of the document with its classification (ClassifySection).
struct TypedSection {
  const IniSection* section;
  SectionKind kind;
};

// Every section of `type` with a name, in document order.
std::vector<TypedSection> SectionsOfType(const IniDocument& doc, SectionType type);

// "file:line: " for messages.
std::string At(const SourceLocation& loc);

// Loads [aws info] with the AWS_* environment overrides into config.aws.
Status LoadAwsInfo(const IniDocument& doc, const ConfigEnv& env, Config& config);

// Loads every [cluster] section into config.clusters (EXTENDS, defaults, references, instance
// types, required settings). Needs config.global, aws, keys, volumes, plugins and permissions.
Status LoadClusters(const IniDocument& doc, const ConfigEnv& env, Config& config);

}  // namespace corral

#endif  // CORRAL_CONFIG_LOADER_INTERNAL_H_
