#include "cluster/cluster_tags.h"

#include <algorithm>

#include "util/strings.h"

namespace corral {
namespace {

using nlohmann::json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
std::string StrOr(const json& j, const char* key, const std::string& fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}
template <typename T>
T ValueOr(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    return fallback;
  }
}

}  // namespace

Tags EncodeTagValue(const std::string& base, const json& value) { return EncodeScTag(base, value.dump()); }

Result<json> DecodeTagValue(const Tags& tags, const std::string& base) {
  ASSIGN_OR_RETURN(std::string text, DecodeScTag(tags, base));
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return InvalidArgument("tag " + base + " does not hold JSON");
  return value;
}

Tags ClusterGroupTags(const ClusterTemplate& t) {
  json core = {{"cluster_size", t.cluster_size},
               {"master_image_id", OrNull(t.master_image_id)},
               {"master_instance_type", OrNull(t.master_instance_type)},
               {"node_image_id", OrNull(t.node_image_id)},
               {"node_instance_type", OrNull(t.node_instance_type)},
               {"availability_zone", OrNull(t.availability_zone)},
               {"dns_prefix", t.dns_prefix},
               {"subnet_id", OrNull(t.subnet_id)},
               {"public_ips", t.public_ips ? json(*t.public_ips) : json(nullptr)},
               {"disable_queue", t.disable_queue},
               {"disable_cloudinit", t.disable_cloudinit}};
  json user = {{"cluster_user", t.cluster_user},
               {"cluster_shell", t.cluster_shell},
               {"keyname", t.keyname},
               {"spot_bid", t.spot_bid ? json(*t.spot_bid) : json(nullptr)}};
  json volumes = json::array();
  for (const VolumeSettings& v : t.volumes) {
    volumes.push_back({{"name", v.name}, {"volume_id", v.volume_id},
                       {"mount_path", v.mount_path}, {"device", v.device}});
  }
  json plugins = json::array();
  for (const PluginSettings& p : t.plugins) plugins.push_back(p.name);
  json extra = {{"template", t.name}, {"cloud", t.cloud}, {"scheduler", t.scheduler},
                {"volumes", volumes}, {"plugins", plugins},
                {"master_is_exec_host", t.master_is_exec_host},
                {"slots_per_host", t.slots_per_host ? json(*t.slots_per_host) : json(nullptr)}};
  Tags tags{{kScVersionTag, kScVersion}};
  tags.merge(EncodeTagValue("@sc-core", core));
  tags.merge(EncodeTagValue("@sc-user", user));
  tags.merge(EncodeTagValue("@sc-corral", extra));
  return tags;
}

Result<ClusterTemplate> SettingsFromGroupTags(const Tags& tags, ClusterTemplate t) {
  for (const char* base : {"@sc-core", "@sc-user", "@sc-corral"}) {
    Result<json> value = DecodeTagValue(tags, base);
    if (value.status().code() == StatusCode::kNotFound) continue;
    if (!value.ok()) return value.status();
    const json& j = *value;
    if (std::string(base) == "@sc-core") {
      t.cluster_size = ValueOr<int>(j, "cluster_size", t.cluster_size);
      t.master_image_id = StrOr(j, "master_image_id", t.master_image_id);
      t.master_instance_type = StrOr(j, "master_instance_type", t.master_instance_type);
      t.node_image_id = StrOr(j, "node_image_id", t.node_image_id);
      t.node_instance_type = StrOr(j, "node_instance_type", t.node_instance_type);
      t.availability_zone = StrOr(j, "availability_zone", t.availability_zone);
      // StarCluster stored the tag itself as dns_prefix when -P was given.
      auto dp = j.find("dns_prefix");
      if (dp != j.end()) t.dns_prefix = dp->is_boolean() ? dp->get<bool>() : !dp->is_null();
      t.subnet_id = StrOr(j, "subnet_id", t.subnet_id);
      auto pi = j.find("public_ips");
      if (pi != j.end() && pi->is_boolean()) t.public_ips = pi->get<bool>();
      t.disable_queue = ValueOr<bool>(j, "disable_queue", t.disable_queue);
      t.disable_cloudinit = ValueOr<bool>(j, "disable_cloudinit", t.disable_cloudinit);
    } else if (std::string(base) == "@sc-user") {
      t.cluster_user = StrOr(j, "cluster_user", t.cluster_user);
      t.cluster_shell = StrOr(j, "cluster_shell", t.cluster_shell);
      t.keyname = StrOr(j, "keyname", t.keyname);
      auto bid = j.find("spot_bid");
      if (bid != j.end() && bid->is_number()) t.spot_bid = bid->get<double>();
    } else {
      t.name = StrOr(j, "template", t.name);
      t.cloud = StrOr(j, "cloud", t.cloud);
      t.scheduler = StrOr(j, "scheduler", t.scheduler);
      t.master_is_exec_host = ValueOr<bool>(j, "master_is_exec_host", t.master_is_exec_host);
      auto slots = j.find("slots_per_host");
      if (slots != j.end() && slots->is_number_integer()) t.slots_per_host = slots->get<int>();
      auto vols = j.find("volumes");
      if (vols != j.end() && vols->is_array()) {
        t.volumes.clear();
        for (const json& v : *vols) {
          VolumeSettings vs;
          vs.name = StrOr(v, "name", "");
          vs.volume_id = StrOr(v, "volume_id", "");
          vs.mount_path = StrOr(v, "mount_path", "");
          vs.device = StrOr(v, "device", "");
          t.volumes.push_back(vs);
        }
      }
    }
  }
  if (t.disable_queue) t.scheduler = "none";
  return t;
}

}  // namespace corral
