// RunInstances and spot launches (see ec2_cloud.h for what a launch does).
#include <algorithm>
#include <cstdio>
#include <random>

#include "cloud/ec2/ec2_cloud_impl.h"
#include "cloud/ec2/ec2_xml.h"
#include "util/crypto.h"
#include "util/strings.h"

namespace corral {
namespace {

// EC2's limit on a tag value.
constexpr size_t kMaxTagValue = 256;

void AddLaunchSpec(QueryParams* p, const std::string& prefix, const LaunchRequest& req,
                   const LaunchPlan& plan) {
  p->emplace_back(prefix + "ImageId", req.image_id);
  p->emplace_back(prefix + "InstanceType", req.instance_type);
  if (!req.key_name.empty()) p->emplace_back(prefix + "KeyName", req.key_name);
  if (!req.subnet_id.empty()) {
    // In a subnet the group goes on the network interface, by id, beside the public-IP choice.
    const std::string ni = prefix + "NetworkInterface.1.";
    p->emplace_back(ni + "DeviceIndex", "0");
    p->emplace_back(ni + "SubnetId", req.subnet_id);
    if (!plan.group_id.empty()) p->emplace_back(ni + "SecurityGroupId.1", plan.group_id);
    if (req.public_ip) p->emplace_back(ni + "AssociatePublicIpAddress", *req.public_ip ? "true" : "false");
    p->emplace_back(ni + "DeleteOnTermination", "true");
  } else if (!req.security_group.empty()) {
    p->emplace_back(prefix + "SecurityGroup.1", req.security_group);
  }
  if (!req.user_data.empty()) p->emplace_back(prefix + "UserData", Base64Encode(req.user_data));
  if (!req.zone.empty()) p->emplace_back(prefix + "Placement.AvailabilityZone", req.zone);
  if (!req.placement_group.empty()) p->emplace_back(prefix + "Placement.GroupName", req.placement_group);
  if (!plan.root_device.empty()) {
    const std::string bdm = prefix + "BlockDeviceMapping.1.";
    p->emplace_back(bdm + "DeviceName", plan.root_device);
    p->emplace_back(bdm + "Ebs.DeleteOnTermination", "true");
    if (req.root_volume_gb > 0) p->emplace_back(bdm + "Ebs.VolumeSize", std::to_string(req.root_volume_gb));
  }
  if (!req.iam_instance_profile.empty()) {
    bool arn = StartsWith(req.iam_instance_profile, "arn:");
    p->emplace_back(prefix + (arn ? "IamInstanceProfile.Arn" : "IamInstanceProfile.Name"),
                    req.iam_instance_profile);
  }
}

void AddTagSpec(QueryParams* p, int n, const std::string& type, const Tags& tags) {
  if (tags.empty()) return;
  std::string prefix = "TagSpecification." + std::to_string(n) + ".";
  p->emplace_back(prefix + "ResourceType", type);
  AddTags(p, prefix, tags);
}

std::string PriceText(double price) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", price);
  return buf;
}

Tags AliasTags(const Tags& base, const std::string& alias) {
  Tags t = base;
  t["alias"] = alias;
  t.emplace("Name", alias);
  return t;
}

}  // namespace

std::optional<Tags> LaunchTags(const LaunchRequest& req) {
  if (req.aliases.empty()) return req.tags;
  if (req.aliases.size() == 1) return AliasTags(req.tags, req.aliases[0]);
  std::string list = EncodeAliasList(req.aliases);
  if (list.size() > kMaxTagValue) return std::nullopt;
  Tags t = req.tags;
  t[kAliasesTag] = list;
  return t;
}

QueryParams RunInstancesParams(const LaunchRequest& req, const LaunchPlan& plan) {
  QueryParams p;
  AddLaunchSpec(&p, "", req, plan);
  p.emplace_back("MinCount", std::to_string(req.count));
  p.emplace_back("MaxCount", std::to_string(req.count));
  if (!req.client_token.empty()) p.emplace_back("ClientToken", req.client_token);
  AddTagSpec(&p, 1, "instance", LaunchTags(req).value_or(req.tags));
  // The root volumes carry the cluster's tags too, so a leaked one can be traced to its cluster.
  AddTagSpec(&p, 2, "volume", req.tags);
  return p;
}

QueryParams SpotRequestParams(const LaunchRequest& req, const LaunchPlan& plan) {
  QueryParams p;
  p.emplace_back("SpotPrice", PriceText(req.spot_bid.value_or(0)));
  p.emplace_back("InstanceCount", std::to_string(req.count));
  p.emplace_back("Type", "one-time");
  if (!req.security_group.empty()) {
    // StarCluster's choice: the workers start together, in one zone, or not at all.
    p.emplace_back("LaunchGroup", req.security_group);
    p.emplace_back("AvailabilityZoneGroup", req.security_group);
  }
  if (!req.client_token.empty()) p.emplace_back("ClientToken", req.client_token);
  AddLaunchSpec(&p, "LaunchSpecification.", req, plan);
  AddTagSpec(&p, 1, "spot-instances-request", req.tags);
  return p;
}

Result<Image> Ec2Cloud::CachedImage(const std::string& image_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = images_.find(image_id);
    if (it != images_.end()) return it->second;
  }
  Result<std::vector<Image>> images = DescribeImages({image_id});
  if (!images.ok() && images.status().code() != StatusCode::kNotFound) return images.status();
  if (!images.ok() || images->empty()) {
    return InvalidArgument("image '" + image_id + "' does not exist in region " + Region());
  }
  std::lock_guard<std::mutex> lock(mu_);
  images_[image_id] = images->front();
  return images->front();
}

Status Ec2Cloud::CheckInstanceType(const std::string& type, const Image& image) {
  InstanceTypeInfo info;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = types_.find(type);
    if (it != types_.end()) info = it->second;
  }
  if (info.name.empty()) {
    Result<std::vector<InstanceTypeInfo>> found = DescribeInstanceTypes({type});
    if (!found.ok() && found.status().code() == StatusCode::kUnimplemented) {
      opt_.log->Debug("ec2: the endpoint has no DescribeInstanceTypes; not checking '" + type + "'");
      return Status::Ok();
    }
    if (!found.ok() && found.status().code() != StatusCode::kInvalidArgument &&
        found.status().code() != StatusCode::kNotFound) {
      return found.status();
    }
    if (!found.ok() || found->empty()) {
      return InvalidArgument("unknown instance type '" + type + "' in region " + Region());
    }
    info = found->front();
    std::lock_guard<std::mutex> lock(mu_);
    types_[type] = info;
  }
  const auto& archs = info.architectures;
  if (!image.architecture.empty() && !archs.empty() &&
      std::find(archs.begin(), archs.end(), image.architecture) == archs.end()) {
    return InvalidArgument("instance type '" + type + "' (" + Join(archs, ", ") +
                           ") cannot run image " + image.id + " (" + image.architecture + ")");
  }
  return Status::Ok();
}

Result<std::string> Ec2Cloud::GroupIdByName(const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = group_ids_.find(name);
    if (it != group_ids_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(std::vector<SecurityGroup> groups, DescribeSecurityGroups(name));
  if (groups.empty()) return NotFound("security group '" + name + "' does not exist");
  std::lock_guard<std::mutex> lock(mu_);
  group_ids_[name] = groups.front().id;
  return groups.front().id;
}

Result<LaunchPlan> Ec2Cloud::PlanLaunch(const LaunchRequest& req) {
  if (req.count < 1) return InvalidArgument("instance count must be at least 1");
  if (!req.aliases.empty() && req.aliases.size() != static_cast<size_t>(req.count)) {
    return InvalidArgument("got " + std::to_string(req.aliases.size()) + " aliases for " +
                           std::to_string(req.count) + " instances");
  }
  LaunchPlan plan;
  ASSIGN_OR_RETURN(Image image, CachedImage(req.image_id));
  RETURN_IF_ERROR(CheckInstanceType(req.instance_type, image));
  if (image.root_device_type != "instance-store") plan.root_device = image.root_device_name;
  if (!req.subnet_id.empty() && !req.security_group.empty()) {
    ASSIGN_OR_RETURN(plan.group_id, GroupIdByName(req.security_group));
  }
  return plan;
}

Result<std::vector<Instance>> Ec2Cloud::RunInstances(const LaunchRequest& req) {
  ASSIGN_OR_RETURN(LaunchPlan plan, PlanLaunch(req));
  if (req.spot_bid) return RunSpot(req, plan);
  LaunchRequest r = req;
  if (r.client_token.empty()) {
    // Without a token a retried call could launch twice; one per call makes retries safe.
    std::random_device rd;
    r.client_token = "corral-" + std::to_string(rd()) + std::to_string(rd());
  }
  ASSIGN_OR_RETURN(std::string xml, client_.Call("RunInstances", RunInstancesParams(r, plan)));
  ASSIGN_OR_RETURN(std::vector<Instance> instances, ParseInstances(xml));
  std::optional<Tags> tags = LaunchTags(r);
  for (size_t i = 0; i < instances.size(); ++i) {
    Instance& inst = instances[i];
    for (const auto& [k, v] : tags.value_or(r.tags)) inst.tags[k] = v;
    if (i < r.aliases.size()) {
      inst.tags["alias"] = r.aliases[i];
      inst.tags.emplace("Name", r.aliases[i]);
      // An alias list too long for one tag: tag each instance (costs a call per node).
      if (!tags) RETURN_IF_ERROR(CreateTags({inst.id}, {{"alias", r.aliases[i]}, {"Name", r.aliases[i]}}));
    }
  }
  return instances;
}

Result<std::vector<SpotRequest>> Ec2Cloud::WaitForSpot(const std::vector<std::string>& ids) {
  TimePoint deadline = opt_.clock->Now() + opt_.spot_timeout;
  while (true) {
    QueryParams p;
    AddFilter(&p, "spot-instance-request-id", ids);
    ASSIGN_OR_RETURN(std::vector<std::string> pages, client_.CallAll("DescribeSpotInstanceRequests", p));
    std::vector<SpotRequest> all;
    for (const std::string& page : pages) {
      ASSIGN_OR_RETURN(std::vector<SpotRequest> got, ParseSpotRequests(page));
      all.insert(all.end(), got.begin(), got.end());
    }
    size_t settled = std::count_if(all.begin(), all.end(), [](const SpotRequest& s) {
      return !s.instance_id.empty() || (s.state != "open" && s.state != "active");
    });
    if (settled == ids.size() || opt_.clock->Now() >= deadline) return all;
    opt_.clock->SleepFor(opt_.poll_interval);
  }
}

Result<std::vector<Instance>> Ec2Cloud::RunSpot(const LaunchRequest& req, const LaunchPlan& plan) {
  ASSIGN_OR_RETURN(std::string xml, client_.Call("RequestSpotInstances", SpotRequestParams(req, plan)));
  ASSIGN_OR_RETURN(std::vector<SpotRequest> requested, ParseSpotRequests(xml));
  std::map<std::string, std::string> alias_of;  // request id -> alias, in the order EC2 returned
  std::vector<std::string> ids;
  for (size_t i = 0; i < requested.size(); ++i) {
    ids.push_back(requested[i].id);
    if (i < req.aliases.size()) alias_of[requested[i].id] = req.aliases[i];
  }
  ASSIGN_OR_RETURN(std::vector<SpotRequest> settled, WaitForSpot(ids));
  std::vector<std::string> fulfilled;
  std::vector<std::string> unfulfilled = ids;
  std::vector<Instance> out;
  for (const SpotRequest& s : settled) {
    if (s.instance_id.empty()) continue;
    unfulfilled.erase(std::remove(unfulfilled.begin(), unfulfilled.end(), s.id), unfulfilled.end());
    Tags tags = req.tags;
    if (alias_of.count(s.id)) tags = AliasTags(tags, alias_of[s.id]);
    RETURN_IF_ERROR(CreateTags({s.instance_id}, tags));
    Instance inst;
    inst.id = s.instance_id;
    inst.spot_request_id = s.id;
    inst.image_id = req.image_id;
    inst.instance_type = req.instance_type;
    inst.tags = tags;
    out.push_back(std::move(inst));
  }
  if (!unfulfilled.empty()) {
    RETURN_IF_ERROR(CancelSpotRequests(unfulfilled));
    std::string msg = std::to_string(unfulfilled.size()) + " of " + std::to_string(ids.size()) +
                      " spot requests were not fulfilled in time and were cancelled";
    if (out.empty()) return DeadlineExceeded(msg);
    opt_.log->Warn(msg);
  }
  return out;
}

}  // namespace corral
