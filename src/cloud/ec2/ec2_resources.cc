// Security groups, placement groups, spot requests, key pairs, volumes and EC2-only lookups.
#include "cloud/ec2/ec2_cloud_impl.h"
#include "cloud/ec2/ec2_xml.h"
#include "util/crypto.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr CallOptions kAfterCreate{NotFoundPolicy::kAfterCreate};

// The pages of a paginated Describe*, parsed with `parse` and concatenated.
template <typename T, typename Parse>
Result<std::vector<T>> Collect(const Result<std::vector<std::string>>& pages, Parse parse) {
  if (!pages.ok()) return pages.status();
  std::vector<T> out;
  for (const std::string& page : *pages) {
    ASSIGN_OR_RETURN(std::vector<T> got, parse(page));
    out.insert(out.end(), got.begin(), got.end());
  }
  return out;
}

}  // namespace

Result<SecurityGroup> Ec2Cloud::CreateSecurityGroup(const std::string& name,
                                                    const std::string& description,
                                                    const std::string& vpc_id) {
  QueryParams p{{"GroupName", name}, {"GroupDescription", description}};
  if (!vpc_id.empty()) p.emplace_back("VpcId", vpc_id);
  ASSIGN_OR_RETURN(std::string xml, client_.Call("CreateSecurityGroup", p));
  ASSIGN_OR_RETURN(std::string id, ParseGroupId(xml));
  {
    std::lock_guard<std::mutex> lock(mu_);
    group_ids_[name] = id;
  }
  return SecurityGroup{id, name, description, vpc_id, {}, {}};
}

Result<std::vector<SecurityGroup>> Ec2Cloud::DescribeSecurityGroups(const std::string& name_pattern) {
  QueryParams p;
  // EC2's filter values take '*' wildcards, which is what the pattern means.
  if (!name_pattern.empty()) AddFilter(&p, "group-name", {name_pattern});
  p.emplace_back("MaxResults", "1000");
  return Collect<SecurityGroup>(client_.CallAll("DescribeSecurityGroups", p), ParseSecurityGroups);
}

Status Ec2Cloud::AuthorizeIngress(const std::string& group_id, const IpPermission& perm) {
  QueryParams p{{"GroupId", group_id}};
  AddIpPermission(&p, perm);
  return client_.Call("AuthorizeSecurityGroupIngress", p, kAfterCreate).status();
}

Status Ec2Cloud::RevokeIngress(const std::string& group_id, const IpPermission& perm) {
  QueryParams p{{"GroupId", group_id}};
  AddIpPermission(&p, perm);
  return client_.Call("RevokeSecurityGroupIngress", p, kAfterCreate).status();
}

Status Ec2Cloud::DeleteSecurityGroup(const std::string& group_id) {
  RETURN_IF_ERROR(client_.Call("DeleteSecurityGroup", {{"GroupId", group_id}}));
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(group_ids_, [&](const auto& kv) { return kv.second == group_id; });
  return Status::Ok();
}

Status Ec2Cloud::CreatePlacementGroup(const std::string& name) {
  // "cluster": low-latency placement in one zone, what an HPC cluster wants.
  return client_.Call("CreatePlacementGroup", {{"GroupName", name}, {"Strategy", "cluster"}}).status();
}

Status Ec2Cloud::DeletePlacementGroup(const std::string& name) {
  // Callers delete groups that may never have existed (StarCluster does at every terminate):
  // "unknown" is an answer, not a propagation delay.
  return client_.Call("DeletePlacementGroup", {{"GroupName", name}}).status();
}

Result<std::vector<SpotRequest>> Ec2Cloud::DescribeSpotRequests(const std::string& launch_group) {
  QueryParams p;
  if (!launch_group.empty()) AddFilter(&p, "launch-group", {launch_group});
  p.emplace_back("MaxResults", "1000");
  return Collect<SpotRequest>(client_.CallAll("DescribeSpotInstanceRequests", p), ParseSpotRequests);
}

Status Ec2Cloud::CancelSpotRequests(const std::vector<std::string>& ids) {
  if (ids.empty()) return Status::Ok();
  QueryParams p;
  AddList(&p, "SpotInstanceRequestId", ids);
  return client_.Call("CancelSpotInstanceRequests", p, kAfterCreate).status();
}

Result<KeyPair> Ec2Cloud::CreateKeyPair(const std::string& name) {
  ASSIGN_OR_RETURN(std::string xml, client_.Call("CreateKeyPair", {{"KeyName", name}}));
  return ParseKeyPair(xml);
}

Result<KeyPair> Ec2Cloud::ImportKeyPair(const std::string& name, const std::string& public_key) {
  // PublicKeyMaterial is a blob: the Query API takes it base64-encoded.
  QueryParams p{{"KeyName", name}, {"PublicKeyMaterial", Base64Encode(public_key)}};
  ASSIGN_OR_RETURN(std::string xml, client_.Call("ImportKeyPair", p));
  return ParseKeyPair(xml);
}

Result<std::vector<KeyPair>> Ec2Cloud::DescribeKeyPairs() {
  ASSIGN_OR_RETURN(std::string xml, client_.Call("DescribeKeyPairs", {}));
  return ParseKeyPairs(xml);
}

Status Ec2Cloud::DeleteKeyPair(const std::string& name) {
  return client_.Call("DeleteKeyPair", {{"KeyName", name}}).status();
}

Result<Volume> Ec2Cloud::CreateVolume(int size_gb, const std::string& zone, const Tags& tags) {
  QueryParams p{{"Size", std::to_string(size_gb)}, {"AvailabilityZone", zone}};
  if (!tags.empty()) {
    p.emplace_back("TagSpecification.1.ResourceType", "volume");
    AddTags(&p, "TagSpecification.1.", tags);
  }
  ASSIGN_OR_RETURN(std::string xml, client_.Call("CreateVolume", p));
  ASSIGN_OR_RETURN(Volume v, ParseVolume(xml));
  if (v.tags.empty()) v.tags = tags;
  return v;
}

Result<std::vector<Volume>> Ec2Cloud::DescribeVolumes(const std::vector<std::string>& ids) {
  QueryParams p;
  AddList(&p, "VolumeId", ids);
  // MaxResults may not be combined with explicit ids.
  if (ids.empty()) p.emplace_back("MaxResults", "500");
  return Collect<Volume>(client_.CallAll("DescribeVolumes", p), ParseVolumes);
}

Status Ec2Cloud::AttachVolume(const std::string& volume_id, const std::string& instance_id,
                              const std::string& device, const std::string& mount_path) {
  (void)mount_path;  // EC2 attaches a block device; the cluster layer mounts it over SSH
  QueryParams p{{"VolumeId", volume_id}, {"InstanceId", instance_id}, {"Device", device}};
  return client_.Call("AttachVolume", p, kAfterCreate).status();
}

Status Ec2Cloud::DetachVolume(const std::string& volume_id) {
  return client_.Call("DetachVolume", {{"VolumeId", volume_id}}).status();
}

Status Ec2Cloud::DeleteVolume(const std::string& volume_id) {
  return client_.Call("DeleteVolume", {{"VolumeId", volume_id}}).status();
}

Result<std::vector<InstanceTypeInfo>> Ec2Cloud::DescribeInstanceTypes(
    const std::vector<std::string>& names) {
  QueryParams p;
  AddList(&p, "InstanceType", names);
  if (names.empty()) p.emplace_back("MaxResults", "100");
  return Collect<InstanceTypeInfo>(client_.CallAll("DescribeInstanceTypes", p), ParseInstanceTypes);
}

Result<std::vector<Image>> Ec2Cloud::DescribeImages(const std::vector<std::string>& ids) {
  QueryParams p;
  AddList(&p, "ImageId", ids);
  ASSIGN_OR_RETURN(std::string xml, client_.Call("DescribeImages", p));
  return ParseImages(xml);
}

Result<std::vector<corral::Region>> Ec2Cloud::DescribeRegions() {
  ASSIGN_OR_RETURN(std::string xml, client_.Call("DescribeRegions", {}));
  return ParseRegions(xml);
}

Result<std::vector<Zone>> Ec2Cloud::DescribeZones() {
  ASSIGN_OR_RETURN(std::string xml, client_.Call("DescribeAvailabilityZones", {}));
  return ParseZones(xml);
}

}  // namespace corral
