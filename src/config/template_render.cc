#include "config/template_render.h"

#include <sstream>

#include "util/strings.h"

namespace corral {
namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kMask = "****";

std::string Mask(const std::string& secret) { return secret.empty() ? "" : kMask; }
std::string Bool(bool b) { return b ? "True" : "False"; }

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
template <typename T>
Json OrNull(const std::optional<T>& v) { return v ? Json(*v) : Json(nullptr); }

std::string NodeTypesText(const ClusterTemplate& t) {
  std::vector<std::string> items;
  for (const NodeTypeSpec& s : t.node_type_specs) {
    std::string item = s.instance_type;
    if (!s.image_id.empty()) item += ":" + s.image_id;
    items.push_back(item + ":" + std::to_string(s.count));
  }
  items.push_back(t.node_instance_type);
  return Join(items, ", ");
}

template <typename T>
std::vector<std::string> Names(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& i : items) out.push_back(i.name);
  return out;
}

Json PluginJson(const PluginSettings& p) {
  Json settings = Json::object();
  for (const auto& [k, v] : p.settings) settings[k] = IsSecretName(k) ? Mask(v) : v;
  return Json{{"name", p.name}, {"setup_class", OrNull(p.setup_class)},
              {"setup_command", OrNull(p.setup_command)}, {"settings", settings}};
}

Json AwsJson(const AwsInfo& a) {
  return Json{{"aws_access_key_id", OrNull(Mask(a.access_key_id))},
              {"aws_secret_access_key", OrNull(Mask(a.secret_access_key))},
              {"aws_user_id", OrNull(a.user_id)},
              {"aws_region_name", OrNull(a.region_name)},
              {"aws_region_host", OrNull(a.region_host)},
              {"aws_port", OrNull(a.port)},
              {"aws_is_secure", a.is_secure},
              {"aws_ec2_path", a.ec2_path},
              {"aws_proxy", OrNull(a.proxy)},
              {"aws_proxy_port", OrNull(a.proxy_port)},
              {"aws_proxy_user", OrNull(a.proxy_user)},
              {"aws_proxy_pass", OrNull(Mask(a.proxy_pass))},
              {"aws_validate_certs", a.validate_certs},
              {"from_environment", a.from_environment}};
}

// INI lines "KEY = value  # origin" for one section.
class Section {
 public:
  Section(std::ostringstream& out, const std::string& header, const SourceLocation& at,
          const std::map<std::string, SourceLocation>& locations)
      : out_(out), locations_(locations), annotate_(!locations.empty()) {
    out_ << "[" << header << "]" << (at.line ? "  # " + at.ToString() : "") << "\n";
  }
  void Row(const std::string& key, const std::string& value) {
    if (value.empty()) return;
    std::string line = key + " = " + value;
    if (!annotate_) {
      out_ << line << "\n";
      return;
    }
    auto it = locations_.find(key);
    std::string origin = it == locations_.end() ? "default" : it->second.ToString();
    out_ << line << std::string(line.size() < 40 ? 40 - line.size() : 1, ' ') << "# " << origin
         << "\n";
  }

 private:
  std::ostringstream& out_;
  std::map<std::string, SourceLocation> locations_;
  bool annotate_;
};

void ClusterText(std::ostringstream& out, const ClusterTemplate& t) {
  Section s(out, "cluster " + t.name, t.section, t.locations);
  s.Row("EXTENDS", t.extends);
  s.Row("CLOUD", t.cloud);
  s.Row("SCHEDULER", t.scheduler);
  s.Row("MASTER_IS_EXEC_HOST", Bool(t.master_is_exec_host));
  if (t.slots_per_host) s.Row("SLOTS_PER_HOST", std::to_string(*t.slots_per_host));
  s.Row("KEYNAME", t.keyname);
  s.Row("CLUSTER_SIZE", std::to_string(t.cluster_size));
  s.Row("CLUSTER_USER", t.cluster_user);
  s.Row("CLUSTER_SHELL", t.cluster_shell);
  s.Row("NODE_IMAGE_ID", t.node_image_id);
  s.Row("NODE_INSTANCE_TYPE", NodeTypesText(t));
  s.Row("MASTER_IMAGE_ID", t.master_image_id);
  s.Row("MASTER_INSTANCE_TYPE", t.master_instance_type);
  s.Row("AVAILABILITY_ZONE", t.availability_zone);
  s.Row("VOLUMES", Join(Names(t.volumes), ", "));
  s.Row("PERMISSIONS", Join(Names(t.permissions), ", "));
  s.Row("PLUGINS", Join(Names(t.plugins), ", "));
  if (t.spot_bid) s.Row("SPOT_BID", std::to_string(*t.spot_bid));
  s.Row("FORCE_SPOT_MASTER", Bool(t.force_spot_master));
  s.Row("USERDATA_SCRIPTS", Join(t.userdata_scripts, ", "));
  s.Row("DISABLE_QUEUE", Bool(t.disable_queue));
  s.Row("DISABLE_CLOUDINIT", Bool(t.disable_cloudinit));
  s.Row("DNS_PREFIX", Bool(t.dns_prefix));
  s.Row("SUBNET_ID", t.subnet_id);
  if (t.public_ips) s.Row("PUBLIC_IPS", Bool(*t.public_ips));
}

void ReferencedText(std::ostringstream& out, const ClusterTemplate& t) {
  if (!t.keyname.empty()) {
    out << "\n";
    Section(out, "key " + t.key.name, t.key.section, t.key.locations).Row("KEY_LOCATION", t.key.location);
  }
  for (const VolumeSettings& v : t.volumes) {
    out << "\n";
    Section s(out, "volume " + v.name, v.section, v.locations);
    s.Row("VOLUME_ID", v.volume_id);
    s.Row("MOUNT_PATH", v.mount_path);
    s.Row("DEVICE", v.device);
    if (v.partition) s.Row("PARTITION", std::to_string(*v.partition));
  }
  for (const PermissionSettings& p : t.permissions) {
    out << "\n";
    Section s(out, "permission " + p.name, p.section, p.locations);
    s.Row("IP_PROTOCOL", p.ip_protocol);
    s.Row("FROM_PORT", std::to_string(p.from_port));
    s.Row("TO_PORT", std::to_string(p.to_port));
    s.Row("CIDR_IP", p.cidr_ip);
  }
  for (const PluginSettings& p : t.plugins) {
    out << "\n";
    std::map<std::string, SourceLocation> none;
    Section s(out, "plugin " + p.name, p.section, none);
    for (const auto& [k, v] : p.settings) s.Row(ToUpper(k), IsSecretName(k) ? Mask(v) : v);
  }
}

}  // namespace

bool IsSecretName(const std::string& name) {
  std::string lower = ToLower(name);
  for (const char* word : {"pass", "secret", "token"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

nlohmann::ordered_json TemplateToJson(const ClusterTemplate& t, const Config& config) {
  Json j{{"name", t.name}, {"extends", OrNull(t.extends)}, {"cloud", t.cloud},
         {"scheduler", t.scheduler}, {"master_is_exec_host", t.master_is_exec_host},
         {"slots_per_host", OrNull(t.slots_per_host)},
         {"scheduler_plugin", OrNull(t.scheduler_plugin)}, {"keyname", OrNull(t.keyname)},
         {"key_location", OrNull(t.key.location)},
         {"cluster_size", t.cluster_size}, {"cluster_user", t.cluster_user},
         {"cluster_shell", t.cluster_shell}, {"node_image_id", t.node_image_id},
         {"node_instance_type", t.node_instance_type}};
  j["node_instance_types"] = Json::array();
  for (const NodeTypeSpec& s : t.node_type_specs) {
    j["node_instance_types"].push_back(
        {{"type", s.instance_type}, {"image_id", OrNull(s.image_id)}, {"count", s.count}});
  }
  j["master_image_id"] = t.master_image_id;
  j["master_instance_type"] = t.master_instance_type;
  j["availability_zone"] = OrNull(t.availability_zone);
  j["volumes"] = Json::array();
  for (const VolumeSettings& v : t.volumes) {
    j["volumes"].push_back({{"name", v.name}, {"volume_id", v.volume_id},
                            {"mount_path", v.mount_path}, {"device", v.device},
                            {"partition", OrNull(v.partition)}});
  }
  j["permissions"] = Json::array();
  for (const PermissionSettings& p : t.permissions) {
    j["permissions"].push_back({{"name", p.name}, {"ip_protocol", p.ip_protocol},
                                {"from_port", p.from_port}, {"to_port", p.to_port},
                                {"cidr_ip", p.cidr_ip}});
  }
  j["plugins"] = Json::array();
  for (const PluginSettings& p : t.plugins) j["plugins"].push_back(PluginJson(p));
  j["spot_bid"] = OrNull(t.spot_bid);
  j["force_spot_master"] = t.force_spot_master;
  j["userdata_scripts"] = t.userdata_scripts;
  j["disable_queue"] = t.disable_queue;
  j["disable_cloudinit"] = t.disable_cloudinit;
  j["dns_prefix"] = t.dns_prefix;
  j["subnet_id"] = OrNull(t.subnet_id);
  j["public_ips"] = OrNull(t.public_ips);
  if (t.cloud == "ec2") j["aws"] = AwsJson(config.aws);
  Json locations = Json::object();
  for (const auto& [k, loc] : t.locations) locations[ToLower(k)] = loc.ToString();
  j["locations"] = locations;
  return j;
}

std::string TemplateToText(const ClusterTemplate& t, const Config& config) {
  std::ostringstream out;
  ClusterText(out, t);
  ReferencedText(out, t);
  if (t.cloud == "ec2") {
    out << "\n";
    Section s(out, "aws info", SourceLocation{}, {});
    s.Row("AWS_ACCESS_KEY_ID", Mask(config.aws.access_key_id));
    s.Row("AWS_SECRET_ACCESS_KEY", Mask(config.aws.secret_access_key));
    s.Row("AWS_REGION_NAME", config.aws.region_name);
    s.Row("AWS_REGION_HOST", config.aws.region_host);
  }
  return out.str();
}

}  // namespace corral
