// `corral config` output: a resolved template (after EXTENDS, defaults and references) as JSON
// or as INI text that says where each value came from. Secrets are masked as "****".
#ifndef CORRAL_CONFIG_TEMPLATE_RENDER_H_
#define CORRAL_CONFIG_TEMPLATE_RENDER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"

namespace corral {

// Keys are the lower-case setting names ("cluster_size", "node_instance_type", ...), plus
// "name", "scheduler_plugin" (the consumed [plugin] of StarCluster's SGE plugin, or null),
// "node_instance_types" (the extra type[:ami][:count] entries), the resolved
// "key_location", "volumes"/"permissions"/"plugins" as arrays of objects, "aws" (EC2 templates
// only) and "locations" (setting -> "file:line").
nlohmann::ordered_json TemplateToJson(const ClusterTemplate& t, const Config& config);

// The template and the sections it uses as INI text, each line annotated "# file:line" or
// "# default".
std::string TemplateToText(const ClusterTemplate& t, const Config& config);

// True for plugin setting names that look like secrets (password, secret, token).
bool IsSecretName(const std::string& name);

}  // namespace corral

#endif  // CORRAL_CONFIG_TEMPLATE_RENDER_H_
