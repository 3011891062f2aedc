// The resolved configuration: what the rest of corral reads after the INI text was parsed,
// EXTENDS chains merged, defaults applied, references resolved and every offline check passed.
// Produced by LoadConfig (config_loader.h). Plain data; copyable.
//
// Every setting is documented (INI key, default, effect) in docs/config.md.
#ifndef CORRAL_CONFIG_CONFIG_H_
#define CORRAL_CONFIG_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corral {

// Where a setting came from, for messages: "cluster.ini:12".
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string ToString() const { return file + ":" + std::to_string(line); }
};

struct GlobalSettings {
  std::string default_template;
  bool enable_experimental = false;
  int refresh_interval = 30;  // seconds
  std::string web_browser;
  std::vector<std::string> include;
  std::string cloud;  // corral: "ec2" | "local" | "" (decided per template, see ClusterTemplate)
  // Where each setting was written, by upper-case key.
  std::map<std::string, SourceLocation> locations;
};

struct AwsInfo {
  bool present = false;  // an [aws info] section exists
  std::string access_key_id;
  std::string secret_access_key;  // never printed; masked by `corral config`
  std::string user_id;
  std::string ec2_cert;
  std::string ec2_private_key;
  std::optional<int> port;
  std::string ec2_path = "/";
  std::string s3_path = "/";
  bool is_secure = true;
  std::string region_name;
  std::string region_host;
  std::string s3_host = "s3.amazonaws.com";
  std::string proxy;
  std::optional<int> proxy_port;
  std::string proxy_user;
  std::string proxy_pass;  // secret
  bool validate_certs = true;
  // Which keys came from the environment (AWS_* overrides), for the warning.
  std::vector<std::string> from_environment;
};

struct KeySettings {
  std::string name;      // must equal the cloud's key pair name
  std::string location;  // private key path, ~ and $VARS expanded
  SourceLocation section;  // the [key <name>] header
  std::map<std::string, SourceLocation> locations;  // by upper-case key
};

struct VolumeSettings {
  std::string name;
  std::string volume_id;
  std::string mount_path;
  std::string device;           // "" until assigned (/dev/sdz, /dev/sdy, ...)
  std::optional<int> partition;
  SourceLocation section;  // the [volume <name>] header
  std::map<std::string, SourceLocation> locations;  // by upper-case key
};

struct PermissionSettings {
  std::string name;
  std::string ip_protocol = "tcp";
  int from_port = 0;
  int to_port = 0;
  std::string cidr_ip = "0.0.0.0/0";
  SourceLocation section;  // the [permission <name>] header
  std::map<std::string, SourceLocation> locations;  // by upper-case key
};

struct PluginSettings {
  std::string name;
  std::string setup_class;    // StarCluster's Python class (reported as not runnable)
  std::string setup_command;  // corral: an executable implementing the hook contract
  // Every key of the section (SETUP_CLASS/SETUP_COMMAND included), lower-cased name -> value as
  // written: not interpolated, as StarCluster passed plugin arguments on.
  std::map<std::string, std::string> settings;
  std::map<std::string, SourceLocation> locations;  // by lower-case key, like `settings`
  SourceLocation section;  // the [plugin <name>] header
};

// One extra NODE_INSTANCE_TYPE entry: "type[:ami][:count]".
struct NodeTypeSpec {
  std::string instance_type;
  std::string image_id;  // "" = NODE_IMAGE_ID
  int count = 1;
};

struct ClusterTemplate {
  std::string name;
  std::string extends;
  std::string keyname;
  KeySettings key;  // the resolved [key <keyname>]
  int cluster_size = 0;
  std::string node_image_id;
  // The last NODE_INSTANCE_TYPE entry: the type of every worker not named in node_type_specs.
  std::string node_instance_type;
  std::vector<NodeTypeSpec> node_type_specs;  // the earlier entries, in order
  std::string master_image_id;       // defaults to node_image_id (filled in)
  std::string master_instance_type;  // defaults to node_instance_type (filled in)
  std::string cluster_user = "sgeadmin";
  std::string cluster_shell = "bash";
  std::string availability_zone;
  std::vector<VolumeSettings> volumes;          // resolved, in VOLUMES order
  std::vector<PluginSettings> plugins;          // resolved, in PLUGINS order
  std::vector<PermissionSettings> permissions;  // resolved, in PERMISSIONS order
  std::optional<double> spot_bid;
  bool force_spot_master = false;
  std::vector<std::string> userdata_scripts;
  bool disable_queue = false;
  bool disable_cloudinit = false;
  bool dns_prefix = false;
  std::string subnet_id;
  std::optional<bool> public_ips;
  // corral's additions (docs/config.md):
  std::string cloud = "local";      // "ec2" | "local": [aws info] present -> ec2, else local
  std::string scheduler = "sge";    // "sge" | "slurm" | "none" (DISABLE_QUEUE = True)
  // corral's scheduler settings (StarCluster's SGE plugin options, docs/config.md): whether the
  // master also runs jobs, and the job slots of each execution host (nullopt: its core count).
  bool master_is_exec_host = true;
  std::optional<int> slots_per_host;
  // The [plugin] with SETUP_CLASS = starcluster.plugins.sge.SGEPlugin that was listed in PLUGINS,
  // if any: corral reads the two settings above from it and sets up Grid Engine itself, so it is
  // not among `plugins`.
  std::string scheduler_plugin;
  // Where each setting was written, by upper-case key, for error messages; after EXTENDS a key
  // inherited from a parent points into the parent's section. Defaults have no entry.
  std::map<std::string, SourceLocation> locations;
  SourceLocation section;  // the [cluster <name>] header
};

struct Config {
  std::string path;  // the file that was loaded
  GlobalSettings global;
  AwsInfo aws;
  std::map<std::string, KeySettings> keys;
  std::map<std::string, VolumeSettings> volumes;
  std::map<std::string, PermissionSettings> permissions;
  std::map<std::string, PluginSettings> plugins;
  std::map<std::string, ClusterTemplate> clusters;  // by template name
  std::vector<std::string> warnings;  // unknown keys etc., already formatted "file:line: ..."

  // The template `name`, or DEFAULT_TEMPLATE when `name` is empty. Errors name what exists.
  const ClusterTemplate* FindTemplate(const std::string& name) const;
};

}  // namespace corral

#endif  // CORRAL_CONFIG_CONFIG_H_
