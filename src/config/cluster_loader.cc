// [cluster] sections, as StarCluster's _load_cluster_sections: every section's settings are read
// and type-checked on their own, then for each template the EXTENDS chain is merged root-first
// (the child wins), defaults are applied, the key, volumes, plugins and permissions are resolved,
// NODE_INSTANCE_TYPE is parsed, and required settings are checked — in that order, so the first
// error is the one StarCluster reported.
#include <algorithm>
#include <cstdint>
#include <regex>

#include "config/config_validation.h"
#include "config/loader_internal.h"
#include "config/setting_values.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

struct RawCluster {
  const IniSection* section;
  SettingMap settings;
};
using RawClusters = std::map<std::string, RawCluster>;

// Merges the EXTENDS chain of `name` root-first. StarCluster's messages: the cycle lists the
// chain walked so far; a missing parent names the template being resolved.
Result<SettingMap> MergeExtends(const std::string& name, const RawClusters& raw) {
  std::vector<std::string> chain = {name};
  const RawCluster* current = &raw.at(name);
  while (current->settings.count("EXTENDS")) {
    const SettingValue& ext = current->settings.at("EXTENDS");
    auto parent = raw.find(ext.text);
    if (parent == raw.end()) {
      return InvalidArgument(At(ext.location) + name + " can't extend non-existent section " +
                             ext.text);
    }
    if (std::find(chain.begin(), chain.end(), ext.text) != chain.end()) {
      return InvalidArgument(At(ext.location) + "Cyclical dependency between sections " +
                             Join(chain, ", ") + ". Check your EXTENDS settings.");
    }
    chain.insert(chain.begin(), ext.text);
    current = &parent->second;
  }
  SettingMap merged;
  for (const std::string& link : chain) {
    for (const auto& [key, value] : raw.at(link).settings) merged[key] = value;
  }
  return merged;
}

// EC2 instance types look like "t2.medium" or "u-6tb1.metal"; the local provider's is "local".
// Only the syntax is checked: the cloud knows which types exist.
bool IsInstanceTypeSyntax(const std::string& type) {
  static const std::regex kType("[a-z0-9][a-z0-9-]*(\\.[a-z0-9-]+)*");
  return std::regex_match(type, kType);
}

// NODE_INSTANCE_TYPE = type[:ami][:count], ..., default_type
Status ParseInstanceTypes(const SettingValue& value, ClusterTemplate& t) {
  std::vector<std::string> items = PyList(value.text);
  std::string at = At(value.location);
  if (items.empty()) return Status::Ok();
  t.node_instance_type = items.back();
  if (!IsInstanceTypeSyntax(t.node_instance_type)) {
    return InvalidArgument(at + "invalid node_instance_type specified: '" + t.node_instance_type +
                           "'");
  }
  for (size_t i = 0; i + 1 < items.size(); ++i) {
    std::vector<std::string> parts = Split(items[i], ':');
    if (parts.size() > 3) {
      return InvalidArgument(at + "invalid node_instance_type item specified: " + items[i]);
    }
    NodeTypeSpec spec{parts[0], "", 1};
    if (!IsInstanceTypeSyntax(spec.instance_type)) {
      return InvalidArgument(at + "invalid type specified (" + spec.instance_type +
                             ") in node_instance_type item: '" + items[i] + "'");
    }
    std::string count = "1";
    if (parts.size() == 2) {
      (PyInt(parts[1]) ? count : spec.image_id) = parts[1];
    } else if (parts.size() == 3) {
      spec.image_id = parts[1];
      count = parts[2];
    }
    std::optional<long long> n = PyInt(count);
    if (!n || *n < 1 || *n > 100000) {
      return InvalidArgument(at + "number of instances (" + count + ") of type '" +
                             spec.instance_type + "' must be an integer >= 1");
    }
    spec.count = static_cast<int>(*n);
    t.node_type_specs.push_back(spec);
  }
  return Status::Ok();
}

std::string DefaultCloud(const SettingMap& m, const Config& config) {
  std::string cloud = StrOf(m, "CLOUD", config.global.cloud);
  if (!cloud.empty()) return cloud;
  return config.aws.present ? "ec2" : "local";
}

// Looks up each name of list setting `key` in `defined`; StarCluster's "<what> 'x' not defined".
template <typename T>
Result<std::vector<T>> Resolve(const SettingMap& m, const std::string& key, const char* what,
                               const std::map<std::string, T>& defined) {
  std::vector<T> out;
  for (const std::string& name : ListOf(m, key)) {
    auto it = defined.find(name);
    if (it == defined.end()) {
      return InvalidArgument(At(m.at(key).location) + what + " '" + name +
                             "' not defined in config");
    }
    out.push_back(it->second);
  }
  return out;
}

Status ResolveReferences(const SettingMap& m, const Config& config, ClusterTemplate& t) {
  t.keyname = StrOf(m, "KEYNAME");
  if (!t.keyname.empty()) {
    auto key = config.keys.find(t.keyname);
    if (key == config.keys.end()) {
      return InvalidArgument(At(m.at("KEYNAME").location) + "keypair '" + t.keyname +
                             "' not defined in config");
    }
    t.key = key->second;
  }
  ASSIGN_OR_RETURN(t.volumes, Resolve(m, "VOLUMES", "volume", config.volumes));
  ASSIGN_OR_RETURN(t.plugins, Resolve(m, "PLUGINS", "plugin", config.plugins));
  ASSIGN_OR_RETURN(t.permissions, Resolve(m, "PERMISSIONS", "permission", config.permissions));
  if (m.count("NODE_INSTANCE_TYPE")) RETURN_IF_ERROR(ParseInstanceTypes(m.at("NODE_INSTANCE_TYPE"), t));
  return Status::Ok();
}

// StarCluster's Grid Engine plugin. Its options are corral's scheduler settings now; a cluster
// section that sets one itself wins over the plugin's.
constexpr const char* kSgePluginClass = "starcluster.plugins.sge.SGEPlugin";

Status TakeSgePlugin(const SettingMap& m, ClusterTemplate& t) {
  auto sge = std::find_if(t.plugins.begin(), t.plugins.end(), [](const PluginSettings& p) {
    return p.setup_class == kSgePluginClass;
  });
  if (sge == t.plugins.end()) return Status::Ok();
  const PluginSettings p = *sge;
  t.plugins.erase(sge);
  t.scheduler_plugin = p.name;
  std::string header = "plugin " + p.name;
  // Plugin values stay as written (StarCluster passed them on uninterpolated); type-check them
  // like cluster settings instead of StarCluster's `str(value).lower() == "true"`.
  auto raw = [&](const char* key) { return Trim(p.settings.at(key)); };
  if (!m.count("MASTER_IS_EXEC_HOST") && p.settings.count("master_is_exec_host")) {
    std::optional<bool> b = PyBool(raw("master_is_exec_host"));
    if (!b) {
      return InvalidArgument(At(p.locations.at("master_is_exec_host")) +
                             "Expected True/False value for setting master_is_exec_host in "
                             "section [" + header + "]");
    }
    t.master_is_exec_host = *b;
    t.locations["MASTER_IS_EXEC_HOST"] = p.locations.at("master_is_exec_host");
  }
  if (!m.count("SLOTS_PER_HOST") && p.settings.count("slots_per_host")) {
    std::optional<long long> n = PyInt(raw("slots_per_host"));
    if (!n) {
      return InvalidArgument(At(p.locations.at("slots_per_host")) +
                             "Expected integer value for setting slots_per_host in section [" +
                             header + "]");
    }
    t.slots_per_host = static_cast<int>(std::clamp<long long>(*n, INT32_MIN, INT32_MAX));
    t.locations["SLOTS_PER_HOST"] = p.locations.at("slots_per_host");
  }
  // StarCluster's way to configure Grid Engine was DISABLE_QUEUE = True plus this plugin.
  if (StrOf(m, "SCHEDULER", "sge") != "sge") {
    return InvalidArgument(At(m.at("SCHEDULER").location) + "SCHEDULER = " + StrOf(m, "SCHEDULER") +
                           " conflicts with plugin '" + p.name + "' (" + kSgePluginClass +
                           "), which sets up Grid Engine");
  }
  t.scheduler = "sge";
  return Status::Ok();
}

Status CheckRequired(const SettingMap& m, const ClusterTemplate& t, const std::string& header) {
  // The local provider gives every cluster its own root key pair, so a local template needs no
  // [key]; one that names a key still gets it checked and installed.
  std::vector<std::pair<std::string, bool>> required = {
      {"KEYNAME", !t.keyname.empty() || t.cloud == "local"},
      {"CLUSTER_SIZE", m.count("CLUSTER_SIZE") > 0},
      {"NODE_IMAGE_ID", !t.node_image_id.empty()},
      {"NODE_INSTANCE_TYPE", !t.node_instance_type.empty()}};
  for (const auto& [key, present] : required) {
    if (present) continue;
    return InvalidArgument(At(LocationOf(m, key, t.section)) + "missing required option " +
                           ToLower(key) + " in section \"" + header + "\"");
  }
  return Status::Ok();
}

void FillSettings(const SettingMap& m, const ConfigEnv& env, ClusterTemplate& t) {
  t.extends = StrOf(m, "EXTENDS");
  t.cluster_size = Int32Of(m, "CLUSTER_SIZE").value_or(0);
  bool local = t.cloud == "local";
  t.node_image_id = StrOf(m, "NODE_IMAGE_ID", local ? "host" : "");
  if (t.node_image_id.empty() && local) t.node_image_id = "host";
  if (local && !m.count("NODE_INSTANCE_TYPE")) t.node_instance_type = "local";
  t.cluster_user = StrOf(m, "CLUSTER_USER", "sgeadmin");
  t.cluster_shell = StrOf(m, "CLUSTER_SHELL", "bash");
  t.availability_zone = StrOf(m, "AVAILABILITY_ZONE");
  if (auto bid = FloatOf(m, "SPOT_BID")) t.spot_bid = *bid;
  t.force_spot_master = BoolOf(m, "FORCE_SPOT_MASTER").value_or(false);
  for (const std::string& s : ListOf(m, "USERDATA_SCRIPTS")) {
    t.userdata_scripts.push_back(ExpandUser(s, env.vars));
  }
  t.disable_queue = BoolOf(m, "DISABLE_QUEUE").value_or(false);
  t.disable_cloudinit = BoolOf(m, "DISABLE_CLOUDINIT").value_or(false);
  t.dns_prefix = BoolOf(m, "DNS_PREFIX").value_or(false);
  t.subnet_id = StrOf(m, "SUBNET_ID");
  t.public_ips = BoolOf(m, "PUBLIC_IPS");
  t.scheduler = t.disable_queue ? "none" : StrOf(m, "SCHEDULER", "sge");
  t.master_is_exec_host = BoolOf(m, "MASTER_IS_EXEC_HOST").value_or(true);
  t.slots_per_host = Int32Of(m, "SLOTS_PER_HOST");
  for (const auto& [key, value] : m) t.locations[key] = value.location;
}

Result<ClusterTemplate> BuildTemplate(const std::string& name, const RawCluster& raw,
                                      const SettingMap& m, const Config& config,
                                      const ConfigEnv& env) {
  ClusterTemplate t;
  t.name = name;
  t.section = raw.section->location;
  t.cloud = DefaultCloud(m, config);
  FillSettings(m, env, t);
  RETURN_IF_ERROR(ResolveReferences(m, config, t));
  RETURN_IF_ERROR(TakeSgePlugin(m, t));
  AssignVolumeDevices(t.volumes);
  if (t.node_instance_type.empty() && t.cloud == "local") t.node_instance_type = "local";
  RETURN_IF_ERROR(CheckRequired(m, t, raw.section->header));
  t.master_image_id = StrOf(m, "MASTER_IMAGE_ID", t.node_image_id);
  t.master_instance_type = StrOf(m, "MASTER_INSTANCE_TYPE", t.node_instance_type);
  if (m.count("MASTER_INSTANCE_TYPE") && !IsInstanceTypeSyntax(t.master_instance_type)) {
    return InvalidArgument(At(m.at("MASTER_INSTANCE_TYPE").location) +
                           "invalid master_instance_type specified: '" + t.master_instance_type +
                           "'");
  }
  return t;
}

}  // namespace

Status LoadClusters(const IniDocument& doc, const ConfigEnv& env, Config& config) {
  RawClusters raw;
  std::vector<std::string> order;
  for (const TypedSection& ts : SectionsOfType(doc, SectionType::kCluster)) {
    ASSIGN_OR_RETURN(SettingMap m, ReadSettings(doc, *ts.section, SchemaFor(SectionType::kCluster)));
    if (!raw.count(ts.kind.name)) order.push_back(ts.kind.name);
    raw[ts.kind.name] = RawCluster{ts.section, std::move(m)};
  }
  for (const std::string& name : order) {
    ASSIGN_OR_RETURN(SettingMap merged, MergeExtends(name, raw));
    ASSIGN_OR_RETURN(ClusterTemplate t, BuildTemplate(name, raw.at(name), merged, config, env));
    config.clusters[name] = std::move(t);
  }
  return Status::Ok();
}

}  // namespace corral
