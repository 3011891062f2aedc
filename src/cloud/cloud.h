// Cloud: everything corral asks of an infrastructure provider, shaped after the EC2 API so that
// Ec2Cloud is a thin mapping and LocalCloud (namespaces on this machine) a faithful imitation.
//
// A cluster is identified the StarCluster way: its security group is named "@sc-<tag>", its
// settings live in that group's tags, and its nodes are the instances in that group whose tag
// "alias" names them (master, node001, ...). The cluster layer above uses only this interface.
//
// Errors: every method returns a Status whose code says what happened (NotFound for unknown ids,
// ResourceExhausted for throttling or capacity, Unavailable + retryable for transient faults).
// Implementations are thread-safe unless they say otherwise.
#ifndef CORRAL_CLOUD_CLOUD_H_
#define CORRAL_CLOUD_CLOUD_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace corral {

using Tags = std::map<std::string, std::string>;

enum class InstanceState { kPending, kRunning, kStopping, kStopped, kShuttingDown, kTerminated };
// EC2's names: "pending", "running", ...
const char* InstanceStateName(InstanceState s);
std::optional<InstanceState> ParseInstanceState(const std::string& name);

struct Instance {
  std::string id;
  std::string image_id;
  std::string instance_type;
  InstanceState state = InstanceState::kPending;
  std::string state_reason;
  std::string private_ip;
  std::string public_ip;
  std::string private_dns;
  std::string public_dns;
  std::string zone;
  std::string key_name;
  std::vector<std::string> security_groups;  // group names
  std::string vpc_id;
  std::string subnet_id;
  std::string spot_request_id;  // empty for on-demand
  std::string root_device_type = "ebs";  // "ebs" or "instance-store"
  std::string platform_details;
  long long launch_time = 0;  // seconds since the epoch
  Tags tags;

  // tags["alias"], or "" when not yet tagged.
  std::string Alias() const;
  // The address corral uses to reach the node: public DNS, else public IP, else private IP.
  std::string Address() const;
};

struct LaunchRequest {
  std::string image_id;
  std::string instance_type;
  int count = 1;  // MinCount = MaxCount = count
  std::string key_name;
  std::string security_group;  // name, e.g. "@sc-mycluster"
  std::string zone;            // empty: the provider chooses
  std::string placement_group;
  std::string subnet_id;
  std::optional<bool> public_ip;
  std::string user_data;       // raw bytes; providers encode as their API needs
  std::vector<std::string> aliases;  // one per instance, by launch index: tagged "alias" and "Name"
  Tags tags;                   // applied to every instance
  std::optional<double> spot_bid;  // per-hour price; one spot request per instance
  std::string client_token;        // idempotency token (EC2 ClientToken)
  std::string iam_instance_profile;
  int root_volume_gb = 0;      // 0: the image's default
};

struct InstanceFilter {
  std::vector<std::string> ids;             // empty: any
  std::string security_group;               // empty: any
  std::vector<InstanceState> states;        // empty: any but terminated
  Tags tags;                                // every key must match its value ("*" for any)
};

struct IpPermission {
  std::string protocol = "tcp";  // tcp, udp, icmp, or -1 for all
  int from_port = 0;
  int to_port = 0;
  std::string cidr;          // e.g. 0.0.0.0/0; empty when source_group is used
  std::string source_group;  // group id (or name) allowed as the source
};
bool operator==(const IpPermission& a, const IpPermission& b);

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string vpc_id;
  Tags tags;
  std::vector<IpPermission> permissions;
};

struct KeyPair {
  std::string name;
  std::string fingerprint;
  std::string private_key;  // only from CreateKeyPair
};

struct VolumeAttachment {
  std::string instance_id;
  std::string device;  // e.g. /dev/sdz (EC2)
  std::string state;   // attaching, attached, detaching, detached
};

struct Volume {
  std::string id;
  int size_gb = 0;
  std::string zone;
  std::string status;  // creating, available, in-use, deleting, deleted, error
  std::string snapshot_id;
  long long create_time = 0;
  std::vector<VolumeAttachment> attachments;
  Tags tags;
};

struct SpotRequest {
  std::string id;
  std::string state;  // open, active, closed, cancelled, failed
  std::string instance_id;
  double price = 0;
  std::string launch_group;
};

// How corral reaches a node over SSH, with host keys that the provider vouches for.
struct SshEndpoint {
  std::string host;              // address to connect to
  int port = 22;
  std::string host_key_alias;    // name the host key (or certificate) is checked against
  std::string known_hosts_file;  // pinned host keys or an @cert-authority line for this cluster
};

class Cloud {
 public:
  virtual ~Cloud() = default;

  virtual std::string Name() const = 0;   // "ec2" or "local"
  virtual std::string Region() const = 0; // EC2 region, or "local"

  // Instances.
  virtual Result<std::vector<Instance>> RunInstances(const LaunchRequest& req) = 0;
  virtual Result<std::vector<Instance>> DescribeInstances(const InstanceFilter& filter) = 0;
  virtual Status StartInstances(const std::vector<std::string>& ids) = 0;
  virtual Status StopInstances(const std::vector<std::string>& ids) = 0;
  virtual Status RebootInstances(const std::vector<std::string>& ids) = 0;
  virtual Status TerminateInstances(const std::vector<std::string>& ids) = 0;
  virtual Status CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags) = 0;
  virtual Result<std::string> GetConsoleOutput(const std::string& instance_id) = 0;

  // Security groups (a cluster's identity) and their rules.
  virtual Result<SecurityGroup> CreateSecurityGroup(const std::string& name,
                                                    const std::string& description,
                                                    const std::string& vpc_id) = 0;
  // Groups whose name matches `name_pattern` (a trailing "*" matches any suffix).
  virtual Result<std::vector<SecurityGroup>> DescribeSecurityGroups(
      const std::string& name_pattern) = 0;
  virtual Status AuthorizeIngress(const std::string& group_id, const IpPermission& perm) = 0;
  virtual Status RevokeIngress(const std::string& group_id, const IpPermission& perm) = 0;
  virtual Status DeleteSecurityGroup(const std::string& group_id) = 0;

  // Placement groups (EC2 only; the local provider accepts and ignores them).
  virtual Status CreatePlacementGroup(const std::string& name) = 0;
  virtual Status DeletePlacementGroup(const std::string& name) = 0;

  // Spot requests (EC2 only; the local provider has none).
  virtual Result<std::vector<SpotRequest>> DescribeSpotRequests(const std::string& launch_group) = 0;
  virtual Status CancelSpotRequests(const std::vector<std::string>& ids) = 0;

  // Key pairs.
  virtual Result<KeyPair> CreateKeyPair(const std::string& name) = 0;
  virtual Result<KeyPair> ImportKeyPair(const std::string& name, const std::string& public_key) = 0;
  virtual Result<std::vector<KeyPair>> DescribeKeyPairs() = 0;
  virtual Status DeleteKeyPair(const std::string& name) = 0;

  // Volumes. On EC2 a volume is attached at a device and mounted over SSH; the local provider
  // mounts it at `mount_path` itself (and in every node of the instance's cluster, see
  // SharesFilesystems).
  virtual Result<Volume> CreateVolume(int size_gb, const std::string& zone, const Tags& tags) = 0;
  virtual Result<std::vector<Volume>> DescribeVolumes(const std::vector<std::string>& ids) = 0;
  virtual Status AttachVolume(const std::string& volume_id, const std::string& instance_id,
                              const std::string& device, const std::string& mount_path) = 0;
  virtual Status DetachVolume(const std::string& volume_id) = 0;
  virtual Status DeleteVolume(const std::string& volume_id) = 0;

  // True when the provider itself makes /home and attached volumes visible on every node of a
  // cluster (local: bind mounts), so setup needs no NFS.
  virtual bool SharesFilesystems() const = 0;

  // How to SSH to `instance`, with host-key checking that needs no trust on first use.
  virtual Result<SshEndpoint> SshEndpointFor(const Instance& instance) = 0;
};

}  // namespace corral

#endif  // CORRAL_CLOUD_CLOUD_H_
