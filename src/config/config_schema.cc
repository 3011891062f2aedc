#include "config/config_schema.h"

#include "util/strings.h"

namespace corral {
namespace {

using T = SettingType;

SettingSpec S(std::string key, T type, bool required = false, std::string def = "",
              std::vector<std::string> allowed = {}, bool path = false) {
  return SettingSpec{std::move(key), type, required, std::move(def), std::move(allowed), path};
}

std::vector<SectionSpec> BuildSchema() {
  std::vector<SectionSpec> all;
  all.push_back({SectionType::kGlobal, "global", false, false,
                 {S("DEFAULT_TEMPLATE", T::kString), S("ENABLE_EXPERIMENTAL", T::kBool, false, "False"),
                  S("REFRESH_INTERVAL", T::kInt, false, "30"), S("WEB_BROWSER", T::kString),
                  S("INCLUDE", T::kList), S("CLOUD", T::kString, false, "", {"ec2", "local"})}});
  all.push_back({SectionType::kAwsInfo, "aws info", false, false,
                 {S("AWS_ACCESS_KEY_ID", T::kString, true), S("AWS_SECRET_ACCESS_KEY", T::kString, true),
                  S("AWS_USER_ID", T::kString), S("EC2_CERT", T::kString, false, "", {}, true),
                  S("EC2_PRIVATE_KEY", T::kString, false, "", {}, true), S("AWS_PORT", T::kInt),
                  S("AWS_EC2_PATH", T::kString, false, "/"), S("AWS_S3_PATH", T::kString, false, "/"),
                  S("AWS_IS_SECURE", T::kBool, false, "True"), S("AWS_REGION_NAME", T::kString),
                  S("AWS_REGION_HOST", T::kString), S("AWS_S3_HOST", T::kString, false, "s3.amazonaws.com"),
                  S("AWS_PROXY", T::kString), S("AWS_PROXY_PORT", T::kInt), S("AWS_PROXY_USER", T::kString),
                  S("AWS_PROXY_PASS", T::kString), S("AWS_VALIDATE_CERTS", T::kBool, false, "True")}});
  all.push_back({SectionType::kKey, "key", true, false,
                 {S("KEY_LOCATION", T::kString, true, "", {}, true)}});
  all.push_back({SectionType::kVolume, "volume", true, false,
                 {S("VOLUME_ID", T::kString, true), S("MOUNT_PATH", T::kString, true),
                  S("DEVICE", T::kString), S("PARTITION", T::kInt)}});
  all.push_back({SectionType::kPermission, "permission", true, false,
                 {S("IP_PROTOCOL", T::kString, false, "tcp", {"tcp", "udp", "icmp"}),
                  S("FROM_PORT", T::kInt, true), S("TO_PORT", T::kInt, true),
                  S("CIDR_IP", T::kString, false, "0.0.0.0/0")}});
  all.push_back({SectionType::kPlugin, "plugin", true, true,
                 {S("SETUP_CLASS", T::kString), S("SETUP_COMMAND", T::kString, false, "", {}, true)}});
  all.push_back({SectionType::kCluster, "cluster", true, false,
                 {S("EXTENDS", T::kString), S("KEYNAME", T::kString, true),
                  S("CLUSTER_SIZE", T::kInt, true), S("NODE_IMAGE_ID", T::kString, true),
                  S("NODE_INSTANCE_TYPE", T::kList, true), S("MASTER_IMAGE_ID", T::kString),
                  S("MASTER_INSTANCE_TYPE", T::kString),
                  S("CLUSTER_USER", T::kString, false, "sgeadmin"),
                  S("CLUSTER_SHELL", T::kString, false, "bash", {"bash", "zsh", "csh", "ksh", "tcsh"}),
                  S("AVAILABILITY_ZONE", T::kString), S("VOLUMES", T::kList), S("PLUGINS", T::kList),
                  S("PERMISSIONS", T::kList), S("SPOT_BID", T::kFloat),
                  S("FORCE_SPOT_MASTER", T::kBool, false, "False"),
                  S("USERDATA_SCRIPTS", T::kList, false, "", {}, true),
                  S("DISABLE_QUEUE", T::kBool, false, "False"),
                  S("DISABLE_CLOUDINIT", T::kBool, false, "False"),
                  S("DNS_PREFIX", T::kBool, false, "False"), S("SUBNET_ID", T::kString),
                  S("PUBLIC_IPS", T::kBool), S("CLOUD", T::kString, false, "", {"ec2", "local"}),
                  S("SCHEDULER", T::kString, false, "sge", {"sge", "slurm"}),
                  S("MASTER_IS_EXEC_HOST", T::kBool, false, "True"), S("SLOTS_PER_HOST", T::kInt)}});
  return all;
}

}  // namespace

const SettingSpec* SectionSpec::Find(const std::string& key) const {
  std::string upper = ToUpper(key);
  for (const SettingSpec& s : settings) {
    if (s.key == upper) return &s;
  }
  return nullptr;
}

const std::vector<SectionSpec>& AllSectionSpecs() {
  static const std::vector<SectionSpec>* schema = new std::vector<SectionSpec>(BuildSchema());
  return *schema;
}

const SectionSpec& SchemaFor(SectionType type) {
  for (const SectionSpec& s : AllSectionSpecs()) {
    if (s.type == type) return s;
  }
  return AllSectionSpecs().front();  // unreachable: every type has a spec
}

std::optional<SectionKind> ClassifySection(const std::string& header) {
  if (header == "global") return SectionKind{SectionType::kGlobal, ""};
  if (header == "aws info") return SectionKind{SectionType::kAwsInfo, ""};
  struct Prefix {
    const char* text;
    SectionType type;
  };
  static const Prefix kPrefixes[] = {{"key", SectionType::kKey},
                                     {"vol", SectionType::kVolume},
                                     {"plugin", SectionType::kPlugin},
                                     {"permission", SectionType::kPermission},
                                     {"cluster", SectionType::kCluster}};
  for (const Prefix& p : kPrefixes) {
    if (!StartsWith(header, p.text)) continue;
    std::vector<std::string> words;
    for (const std::string& w : Split(ReplaceAll(header, "\t", " "), ' ')) {
      if (!Trim(w).empty()) words.push_back(Trim(w));
    }
    SectionKind kind{p.type, words.size() > 1 ? words[1] : ""};
    std::string first = words.empty() ? "" : words[0];
    kind.exact_prefix = first == p.text || (p.type == SectionType::kVolume && first == "volume");
    kind.extra_words = words.size() > 2;
    return kind;
  }
  return std::nullopt;
}

std::string CanonicalHeader(SectionType type, const std::string& name) {
  const SectionSpec& spec = SchemaFor(type);
  return spec.named ? spec.prefix + " " + name : spec.prefix;
}

std::string SuggestSetting(const SectionSpec& spec, const std::string& key) {
  std::string upper = ToUpper(key);
  std::string best;
  size_t best_distance = 4;  // farther than three edits is a different word, not a typo
  for (const SettingSpec& s : spec.settings) {
    size_t d = EditDistance(upper, s.key);
    // "PROTOCOL" for "IP_PROTOCOL": a known key containing what was written is a likely slip.
    bool contained = upper.size() >= 4 && s.key.find(upper) != std::string::npos;
    if (contained) d = std::min<size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = s.key;
    }
  }
  return best;
}

const char* SettingTypeName(SettingType type) {
  switch (type) {
    case SettingType::kString: return "string";
    case SettingType::kInt: return "integer";
    case SettingType::kFloat: return "float";
    case SettingType::kBool: return "boolean";
    case SettingType::kList: return "list";
  }
  return "string";
}

}  // namespace corral
