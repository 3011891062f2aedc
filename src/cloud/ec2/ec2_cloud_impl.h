// Internal: the Ec2Cloud class shared by ec2_cloud.cc (instances, tags, console, SSH),
// ec2_launch.cc (RunInstances and spot) and ec2_resources.cc (groups, keys, volumes, placement
// groups, spot requests, EC2-only lookups).
#ifndef CORRAL_CLOUD_EC2_EC2_CLOUD_IMPL_H_
#define CORRAL_CLOUD_EC2_EC2_CLOUD_IMPL_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/ec2/ec2_cloud.h"

namespace corral {

// What RunInstances needs besides the LaunchRequest, looked up once per image / group.
struct LaunchPlan {
  std::string root_device;   // the image's root device name; empty: instance-store or unknown
  std::string group_id;      // the security group's id (needed with a subnet)
};

// The parameters of the RunInstances call for `req` (pure). Tags: see ec2_cloud.h.
QueryParams RunInstancesParams(const LaunchRequest& req, const LaunchPlan& plan);
// The parameters of the RequestSpotInstances call for `req` (pure).
QueryParams SpotRequestParams(const LaunchRequest& req, const LaunchPlan& plan);
// Tag.N.Key / Tag.N.Value under `prefix` ("" for CreateTags, "TagSpecification.1." ...).
void AddTags(QueryParams* params, const std::string& prefix, const Tags& tags);
// The tags RunInstances applies to every instance of `req` (its tags, plus alias/Name or the
// alias list); nullopt when the alias list does not fit in a tag value.
std::optional<Tags> LaunchTags(const LaunchRequest& req);

class Ec2Cloud : public Cloud, public Ec2CloudExtras {
 public:
  explicit Ec2Cloud(const Ec2CloudOptions& options);

  std::string Name() const override { return "ec2"; }
  std::string Region() const override { return opt_.endpoint.region; }

  Result<std::vector<Instance>> RunInstances(const LaunchRequest& req) override;
  Result<std::vector<Instance>> DescribeInstances(const InstanceFilter& filter) override;
  Status StartInstances(const std::vector<std::string>& ids) override;
  Status StopInstances(const std::vector<std::string>& ids) override;
  Status RebootInstances(const std::vector<std::string>& ids) override;
  Status TerminateInstances(const std::vector<std::string>& ids) override;
  Status CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags) override;
  Result<std::string> GetConsoleOutput(const std::string& instance_id) override;

  Result<SecurityGroup> CreateSecurityGroup(const std::string& name, const std::string& description,
                                            const std::string& vpc_id) override;
  Result<std::vector<SecurityGroup>> DescribeSecurityGroups(const std::string& name_pattern) override;
  Status AuthorizeIngress(const std::string& group_id, const IpPermission& perm) override;
  Status RevokeIngress(const std::string& group_id, const IpPermission& perm) override;
  Status DeleteSecurityGroup(const std::string& group_id) override;

  Status CreatePlacementGroup(const std::string& name) override;
  Status DeletePlacementGroup(const std::string& name) override;
  Result<std::vector<SpotRequest>> DescribeSpotRequests(const std::string& launch_group) override;
  Status CancelSpotRequests(const std::vector<std::string>& ids) override;

  Result<KeyPair> CreateKeyPair(const std::string& name) override;
  Result<KeyPair> ImportKeyPair(const std::string& name, const std::string& public_key) override;
  Result<std::vector<KeyPair>> DescribeKeyPairs() override;
  Status DeleteKeyPair(const std::string& name) override;

  Result<Volume> CreateVolume(int size_gb, const std::string& zone, const Tags& tags) override;
  Result<std::vector<Volume>> DescribeVolumes(const std::vector<std::string>& ids) override;
  Status AttachVolume(const std::string& volume_id, const std::string& instance_id,
                      const std::string& device, const std::string& mount_path) override;
  Status DetachVolume(const std::string& volume_id) override;
  Status DeleteVolume(const std::string& volume_id) override;

  bool SharesFilesystems() const override { return false; }
  Result<SshEndpoint> SshEndpointFor(const Instance& instance) override;

  std::map<std::string, int> ApiCallCounts() const override { return client_.CallCounts(); }
  Result<std::vector<InstanceTypeInfo>> DescribeInstanceTypes(
      const std::vector<std::string>& names) override;
  Result<std::vector<Image>> DescribeImages(const std::vector<std::string>& ids) override;
  Result<std::vector<corral::Region>> DescribeRegions() override;
  Result<std::vector<Zone>> DescribeZones() override;

 private:
  // --- ec2_launch.cc
  Result<LaunchPlan> PlanLaunch(const LaunchRequest& req);
  Result<Image> CachedImage(const std::string& image_id);
  Status CheckInstanceType(const std::string& type, const Image& image);
  Result<std::string> GroupIdByName(const std::string& name);
  Result<std::vector<Instance>> RunSpot(const LaunchRequest& req, const LaunchPlan& plan);
  Result<std::vector<SpotRequest>> WaitForSpot(const std::vector<std::string>& ids);
  // --- ec2_cloud.cc
  Status InstanceAction(const std::string& action, const std::vector<std::string>& ids);
  std::string KnownHostsPath(const Instance& instance) const;
  Result<std::vector<std::string>> WaitForHostKeys(const std::string& instance_id);

  Ec2CloudOptions opt_;
  QueryClient client_;
  std::mutex mu_;  // guards the caches and known_hosts files
  std::map<std::string, Image> images_;
  std::map<std::string, InstanceTypeInfo> types_;
  std::map<std::string, std::string> group_ids_;
};

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_EC2_CLOUD_IMPL_H_
