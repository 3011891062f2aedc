#include "testing/fake_cloud.h"

#include <algorithm>
#include <cstdio>

#include "util/strings.h"

namespace corral {
namespace {

std::string MakeId(const char* prefix, int n) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s-%08x", prefix, n);
  return buf;
}

bool Matches(const Instance& i, const InstanceFilter& f) {
  if (!f.ids.empty() && std::find(f.ids.begin(), f.ids.end(), i.id) == f.ids.end()) return false;
  if (!f.security_group.empty() &&
      std::find(i.security_groups.begin(), i.security_groups.end(), f.security_group) ==
          i.security_groups.end()) {
    return false;
  }
  if (f.states.empty() ? i.state == InstanceState::kTerminated
                       : std::find(f.states.begin(), f.states.end(), i.state) == f.states.end()) {
    return false;
  }
  for (const auto& [k, v] : f.tags) {
    auto it = i.tags.find(k);
    if (it == i.tags.end() || (v != "*" && it->second != v)) return false;
  }
  return true;
}

}  // namespace

void FakeCloud::FailNext(const std::string& method, Status status, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_[method] = {std::move(status), times};
}

std::map<std::string, int> FakeCloud::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<Instance> FakeCloud::AllInstances() const {
  std::lock_guard<std::mutex> lock(mu_);
  return instances_;
}

std::vector<SecurityGroup> FakeCloud::AllGroups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return groups_;
}

Status FakeCloud::Enter(const std::string& method) {
  ++calls_[method];
  auto it = failures_.find(method);
  if (it == failures_.end() || it->second.second <= 0) return Status::Ok();
  --it->second.second;
  return it->second.first;
}

Instance* FakeCloud::FindInstance(const std::string& id) {
  for (Instance& i : instances_) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

SecurityGroup* FakeCloud::FindGroup(const std::string& id_or_name) {
  for (SecurityGroup& g : groups_) {
    if (g.id == id_or_name || g.name == id_or_name) return &g;
  }
  return nullptr;
}

Result<std::vector<Instance>> FakeCloud::RunInstances(const LaunchRequest& req) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("RunInstances"));
  if (!req.security_group.empty() && !FindGroup(req.security_group)) {
    return NotFound("security group " + req.security_group + " does not exist");
  }
  std::vector<Instance> out;
  for (int k = 0; k < req.count; ++k) {
    Instance i;
    int n = next_id_++;
    i.id = MakeId("i", n);
    i.image_id = req.image_id;
    i.instance_type = req.instance_type;
    i.state = pending_polls_ > 0 ? InstanceState::kPending : InstanceState::kRunning;
    i.private_ip = "10.0." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 2);
    i.zone = req.zone.empty() ? "fake-1a" : req.zone;
    i.key_name = req.key_name;
    if (!req.security_group.empty()) i.security_groups = {req.security_group};
    i.tags = req.tags;
    if (static_cast<size_t>(k) < req.aliases.size()) {
      i.tags["alias"] = req.aliases[k];
      i.tags["Name"] = req.aliases[k];
    }
    if (invisible_describes_ > 0) invisible_[i.id] = invisible_describes_;
    if (pending_polls_ > 0) pending_[i.id] = pending_polls_;
    instances_.push_back(i);
    out.push_back(i);
  }
  return out;
}

Result<std::vector<Instance>> FakeCloud::DescribeInstances(const InstanceFilter& filter) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DescribeInstances"));
  std::vector<Instance> out;
  for (Instance& i : instances_) {
    auto inv = invisible_.find(i.id);
    if (inv != invisible_.end() && inv->second-- > 0) continue;
    auto pend = pending_.find(i.id);
    if (pend != pending_.end() && --pend->second <= 0 && i.state == InstanceState::kPending) {
      i.state = InstanceState::kRunning;
    }
    if (Matches(i, filter)) out.push_back(i);
  }
  return out;
}

Status FakeCloud::StartInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("StartInstances"));
  for (const std::string& id : ids) {
    Instance* i = FindInstance(id);
    if (!i || i->state == InstanceState::kTerminated) return NotFound("instance " + id + " does not exist");
    i->state = InstanceState::kRunning;
  }
  return Status::Ok();
}

Status FakeCloud::StopInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("StopInstances"));
  for (const std::string& id : ids) {
    Instance* i = FindInstance(id);
    if (!i || i->state == InstanceState::kTerminated) return NotFound("instance " + id + " does not exist");
    i->state = InstanceState::kStopped;
  }
  return Status::Ok();
}

Status FakeCloud::RebootInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("RebootInstances"));
  for (const std::string& id : ids) {
    if (!FindInstance(id)) return NotFound("instance " + id + " does not exist");
  }
  return Status::Ok();
}

Status FakeCloud::TerminateInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("TerminateInstances"));
  for (const std::string& id : ids) {
    Instance* i = FindInstance(id);
    if (!i) return NotFound("instance " + id + " does not exist");
    i->state = InstanceState::kTerminated;
    for (Volume& v : volumes_) {
      if (!v.attachments.empty() && v.attachments.front().instance_id == id) {
        v.attachments.clear();
        v.status = "available";
      }
    }
  }
  return Status::Ok();
}

Status FakeCloud::CreateTags(const std::vector<std::string>& ids, const Tags& tags) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("CreateTags"));
  for (const std::string& id : ids) {
    if (Instance* i = FindInstance(id)) {
      for (const auto& [k, v] : tags) i->tags[k] = v;
    } else if (SecurityGroup* g = FindGroup(id)) {
      for (const auto& [k, v] : tags) g->tags[k] = v;
    } else {
      return NotFound("resource " + id + " does not exist");
    }
  }
  return Status::Ok();
}

Result<std::string> FakeCloud::GetConsoleOutput(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("GetConsoleOutput"));
  if (!FindInstance(id)) return NotFound("instance " + id + " does not exist");
  return std::string("console of " + id + "\n");
}

Result<SecurityGroup> FakeCloud::CreateSecurityGroup(const std::string& name,
                                                     const std::string& description,
                                                     const std::string& vpc_id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("CreateSecurityGroup"));
  if (FindGroup(name)) return AlreadyExists("security group " + name + " already exists");
  SecurityGroup g;
  g.id = MakeId("sg", next_id_++);
  g.name = name;
  g.description = description;
  g.vpc_id = vpc_id;
  groups_.push_back(g);
  return g;
}

Result<std::vector<SecurityGroup>> FakeCloud::DescribeSecurityGroups(const std::string& pattern) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DescribeSecurityGroups"));
  std::vector<SecurityGroup> out;
  for (const SecurityGroup& g : groups_) {
    bool match = EndsWith(pattern, "*") ? StartsWith(g.name, pattern.substr(0, pattern.size() - 1))
                                        : g.name == pattern;
    if (match) out.push_back(g);
  }
  return out;
}

Status FakeCloud::AuthorizeIngress(const std::string& group_id, const IpPermission& perm) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("AuthorizeIngress"));
  SecurityGroup* g = FindGroup(group_id);
  if (!g) return NotFound("security group " + group_id + " does not exist");
  if (std::find(g->permissions.begin(), g->permissions.end(), perm) != g->permissions.end()) {
    return AlreadyExists("the rule already exists");
  }
  g->permissions.push_back(perm);
  return Status::Ok();
}

Status FakeCloud::RevokeIngress(const std::string& group_id, const IpPermission& perm) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("RevokeIngress"));
  SecurityGroup* g = FindGroup(group_id);
  if (!g) return NotFound("security group " + group_id + " does not exist");
  auto it = std::find(g->permissions.begin(), g->permissions.end(), perm);
  if (it == g->permissions.end()) return NotFound("no such rule");
  g->permissions.erase(it);
  return Status::Ok();
}

Status FakeCloud::DeleteSecurityGroup(const std::string& group_id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DeleteSecurityGroup"));
  SecurityGroup* g = FindGroup(group_id);
  if (!g) return NotFound("security group " + group_id + " does not exist");
  for (const Instance& i : instances_) {
    if (i.state != InstanceState::kTerminated &&
        std::find(i.security_groups.begin(), i.security_groups.end(), g->name) != i.security_groups.end()) {
      return FailedPrecondition("security group " + g->name + " is still in use");
    }
  }
  std::string id = g->id;
  groups_.erase(std::remove_if(groups_.begin(), groups_.end(),
                               [&](const SecurityGroup& x) { return x.id == id; }),
                groups_.end());
  return Status::Ok();
}

Status FakeCloud::CreatePlacementGroup(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("CreatePlacementGroup"));
  placement_groups_.push_back(name);
  return Status::Ok();
}

Status FakeCloud::DeletePlacementGroup(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DeletePlacementGroup"));
  auto it = std::find(placement_groups_.begin(), placement_groups_.end(), name);
  if (it == placement_groups_.end()) return NotFound("placement group " + name + " does not exist");
  placement_groups_.erase(it);
  return Status::Ok();
}

Result<std::vector<SpotRequest>> FakeCloud::DescribeSpotRequests(const std::string&) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DescribeSpotRequests"));
  return std::vector<SpotRequest>{};
}

Status FakeCloud::CancelSpotRequests(const std::vector<std::string>&) {
  std::lock_guard<std::mutex> lock(mu_);
  return Enter("CancelSpotRequests");
}

Result<KeyPair> FakeCloud::CreateKeyPair(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("CreateKeyPair"));
  for (const KeyPair& k : keys_) {
    if (k.name == name) return AlreadyExists("key pair " + name + " already exists");
  }
  KeyPair k{name, "SHA256:fake" + std::to_string(next_id_++), "-----BEGIN FAKE KEY-----\n"};
  keys_.push_back({k.name, k.fingerprint, ""});
  return k;
}

Result<KeyPair> FakeCloud::ImportKeyPair(const std::string& name, const std::string&) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("ImportKeyPair"));
  KeyPair k{name, "SHA256:imported" + std::to_string(next_id_++), ""};
  keys_.push_back(k);
  return k;
}

Result<std::vector<KeyPair>> FakeCloud::DescribeKeyPairs() {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DescribeKeyPairs"));
  return keys_;
}

Status FakeCloud::DeleteKeyPair(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DeleteKeyPair"));
  auto it = std::find_if(keys_.begin(), keys_.end(), [&](const KeyPair& k) { return k.name == name; });
  if (it == keys_.end()) return NotFound("key pair " + name + " does not exist");
  keys_.erase(it);
  return Status::Ok();
}

Result<Volume> FakeCloud::CreateVolume(int size_gb, const std::string& zone, const Tags& tags) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("CreateVolume"));
  Volume v;
  v.id = MakeId("vol", next_id_++);
  v.size_gb = size_gb;
  v.zone = zone;
  v.status = "available";
  v.tags = tags;
  volumes_.push_back(v);
  return v;
}

Result<std::vector<Volume>> FakeCloud::DescribeVolumes(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DescribeVolumes"));
  std::vector<Volume> out;
  for (const Volume& v : volumes_) {
    if (ids.empty() || std::find(ids.begin(), ids.end(), v.id) != ids.end()) out.push_back(v);
  }
  return out;
}

Status FakeCloud::AttachVolume(const std::string& volume_id, const std::string& instance_id,
                               const std::string& device, const std::string&) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("AttachVolume"));
  for (Volume& v : volumes_) {
    if (v.id != volume_id) continue;
    if (!v.attachments.empty()) return FailedPrecondition("volume " + volume_id + " is in use");
    if (!FindInstance(instance_id)) return NotFound("instance " + instance_id + " does not exist");
    v.attachments.push_back({instance_id, device, "attached"});
    v.status = "in-use";
    return Status::Ok();
  }
  return NotFound("volume " + volume_id + " does not exist");
}

Status FakeCloud::DetachVolume(const std::string& volume_id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DetachVolume"));
  for (Volume& v : volumes_) {
    if (v.id != volume_id) continue;
    v.attachments.clear();
    v.status = "available";
    return Status::Ok();
  }
  return NotFound("volume " + volume_id + " does not exist");
}

Status FakeCloud::DeleteVolume(const std::string& volume_id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(Enter("DeleteVolume"));
  auto it = std::find_if(volumes_.begin(), volumes_.end(), [&](const Volume& v) { return v.id == volume_id; });
  if (it == volumes_.end()) return NotFound("volume " + volume_id + " does not exist");
  if (!it->attachments.empty()) return FailedPrecondition("volume " + volume_id + " is in use");
  volumes_.erase(it);
  return Status::Ok();
}

Result<SshEndpoint> FakeCloud::SshEndpointFor(const Instance& instance) {
  return SshEndpoint{instance.private_ip, 22, instance.Alias(), "/dev/null"};
}

}  // namespace corral
