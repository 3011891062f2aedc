#include "cluster/cluster.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "cluster/cluster_tags.h"
#include "util/strings.h"

namespace corral {
namespace {

// How long nodes may take to reach a state before corral gives up (StarCluster terminated
// nodes still pending after 15 minutes).
constexpr Duration kLaunchDeadline = std::chrono::minutes(15);
constexpr Duration kTerminateDeadline = std::chrono::minutes(10);
// Deleting a security group fails with DependencyViolation while EC2 still counts terminated
// instances in it; StarCluster retried for 5 minutes.
constexpr Duration kGroupDeleteDeadline = std::chrono::minutes(5);

bool AliasLess(const Instance& a, const Instance& b) {
  bool am = IsMasterAlias(a.Alias()), bm = IsMasterAlias(b.Alias());
  if (am != bm) return am;
  return a.Alias() < b.Alias();
}

std::vector<std::string> Ids(const std::vector<Instance>& instances) {
  std::vector<std::string> ids;
  for (const Instance& i : instances) ids.push_back(i.id);
  return ids;
}

}  // namespace

std::string ClusterGroupName(const std::string& tag) { return "@sc-" + tag; }

std::string MasterAlias(const std::string& tag, bool dns_prefix) {
  return dns_prefix ? tag + "-master" : "master";
}

std::string WorkerAlias(const std::string& tag, bool dns_prefix, int number) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "node%03d", number);
  return dns_prefix ? tag + "-" + buf : std::string(buf);
}

int WorkerNumber(const std::string& alias) {
  size_t pos = alias.rfind("node");
  if (pos == std::string::npos || (pos != 0 && alias[pos - 1] != '-')) return 0;
  std::string digits = alias.substr(pos + 4);
  if (digits.size() < 3) return 0;
  std::optional<long long> n = ParseInt(digits);
  return n && *n > 0 ? static_cast<int>(*n) : 0;
}

bool IsMasterAlias(const std::string& alias) {
  return alias == "master" || EndsWith(alias, "-master");
}

std::vector<LaunchGroup> PlanLaunchGroups(const std::string& tag, const ClusterTemplate& t) {
  std::vector<LaunchGroup> groups;
  auto add = [&](const std::string& type, const std::string& image, const std::string& alias) {
    for (LaunchGroup& g : groups) {
      if (g.instance_type == type && g.image_id == image) {
        g.aliases.push_back(alias);
        return;
      }
    }
    groups.push_back({type, image, {alias}});
  };
  add(t.master_instance_type, t.master_image_id, MasterAlias(tag, t.dns_prefix));
  int next = 1;
  for (const NodeTypeSpec& spec : t.node_type_specs) {
    for (int i = 0; i < spec.count && next < t.cluster_size; ++i) {
      add(spec.instance_type, spec.image_id.empty() ? t.node_image_id : spec.image_id,
          WorkerAlias(tag, t.dns_prefix, next++));
    }
  }
  while (next < t.cluster_size) {
    add(t.node_instance_type, t.node_image_id, WorkerAlias(tag, t.dns_prefix, next++));
  }
  return groups;
}

const Instance* ClusterState::master() const {
  for (const Instance& n : nodes) {
    if (IsMasterAlias(n.Alias())) return &n;
  }
  return nullptr;
}

const Instance* ClusterState::FindNode(const std::string& id) const {
  for (const Instance& n : nodes) {
    if (n.Alias() == id || n.id == id || n.private_ip == id || n.public_ip == id ||
        (!n.public_dns.empty() && n.public_dns == id) ||
        (!n.private_dns.empty() && n.private_dns == id)) {
      return &n;
    }
  }
  return nullptr;
}

std::vector<const Instance*> ClusterState::workers() const {
  std::vector<const Instance*> out;
  for (const Instance& n : nodes) {
    if (!IsMasterAlias(n.Alias())) out.push_back(&n);
  }
  return out;
}

ClusterManager::ClusterManager(Cloud& cloud, Clock& clock, Logger& log)
    : cloud_(cloud), clock_(clock), log_(log) {}

Duration ClusterManager::PollInterval() const {
  // The local provider answers from its own database; EC2 is asked once per round for the
  // whole cluster, so a few seconds keep well inside its request limits.
  return cloud_.Name() == "local" ? Duration(200) : Duration(5000);
}

Result<std::vector<Instance>> ClusterManager::DescribeCluster(const std::string& group_name,
                                                              std::vector<InstanceState> states) {
  InstanceFilter filter;
  filter.security_group = group_name;
  filter.states = states.empty()
                      ? std::vector<InstanceState>{InstanceState::kPending, InstanceState::kRunning,
                                                   InstanceState::kStopping, InstanceState::kStopped}
                      : states;
  ASSIGN_OR_RETURN(std::vector<Instance> nodes, cloud_.DescribeInstances(filter));
  std::sort(nodes.begin(), nodes.end(), AliasLess);
  return nodes;
}

Result<std::vector<ClusterState>> ClusterManager::List(const Config* config) {
  ASSIGN_OR_RETURN(std::vector<SecurityGroup> groups, cloud_.DescribeSecurityGroups("@sc-*"));
  std::sort(groups.begin(), groups.end(),
            [](const SecurityGroup& a, const SecurityGroup& b) { return a.name < b.name; });
  std::vector<ClusterState> out;
  for (const SecurityGroup& g : groups) {
    if (!StartsWith(g.name, "@sc-")) continue;
    ClusterState c;
    c.tag = g.name.substr(4);
    c.group = g;
    ASSIGN_OR_RETURN(c.nodes, DescribeCluster(g.name));
    ClusterTemplate base;
    Result<nlohmann::json> extra = DecodeTagValue(g.tags, "@sc-corral");
    if (config && extra.ok() && extra->contains("template")) {
      const ClusterTemplate* t = config->FindTemplate((*extra)["template"].get<std::string>());
      if (t) base = *t;
    }
    Result<ClusterTemplate> settings = SettingsFromGroupTags(g.tags, base);
    c.settings = settings.ok() ? *settings : base;
    if (!settings.ok()) log_.Warn("cluster " + c.tag + ": " + settings.status().message());
    out.push_back(std::move(c));
  }
  return out;
}

Result<ClusterState> ClusterManager::Get(const std::string& tag, const Config* config) {
  ASSIGN_OR_RETURN(std::vector<ClusterState> all, List(config));
  std::vector<std::string> names;
  for (ClusterState& c : all) {
    if (c.tag == tag) return std::move(c);
    names.push_back(c.tag);
  }
  return NotFound("cluster " + tag + " does not exist" +
                  (names.empty() ? "" : " (active clusters: " + Join(names, ", ") + ")"));
}

Status ClusterManager::ApplyPermissions(const SecurityGroup& group, const ClusterTemplate& t) {
  // StarCluster's defaults: SSH from anywhere, everything between the cluster's own nodes.
  IpPermission world_ssh{"tcp", 22, 22, "0.0.0.0/0", ""};
  std::vector<IpPermission> wanted = {world_ssh,
                                      {"icmp", -1, -1, "", group.id},
                                      {"tcp", 1, 65535, "", group.id},
                                      {"udp", 1, 65535, "", group.id}};
  bool narrower_ssh = false;
  for (const PermissionSettings& p : t.permissions) {
    wanted.push_back({p.ip_protocol, p.from_port, p.to_port, p.cidr_ip, ""});
    if (p.ip_protocol == "tcp" && p.from_port <= 22 && p.to_port >= 22 && p.cidr_ip != "0.0.0.0/0") {
      narrower_ssh = true;
    }
  }
  for (const IpPermission& p : wanted) {
    if (narrower_ssh && p == world_ssh) continue;
    if (std::find(group.permissions.begin(), group.permissions.end(), p) != group.permissions.end()) {
      continue;
    }
    RETURN_IF_ERROR(cloud_.AuthorizeIngress(group.id, p));
  }
  if (narrower_ssh && std::find(group.permissions.begin(), group.permissions.end(), world_ssh) !=
                          group.permissions.end()) {
    RETURN_IF_ERROR(cloud_.RevokeIngress(group.id, world_ssh));
  }
  return Status::Ok();
}

Result<ClusterState> ClusterManager::Create(const std::string& tag, const ClusterTemplate& tmpl) {
  std::string group_name = ClusterGroupName(tag);
  ASSIGN_OR_RETURN(std::vector<SecurityGroup> existing, cloud_.DescribeSecurityGroups(group_name));
  for (const SecurityGroup& g : existing) {
    if (g.name != group_name) continue;
    ASSIGN_OR_RETURN(std::vector<Instance> nodes, DescribeCluster(group_name));
    bool stopped = !nodes.empty() && std::all_of(nodes.begin(), nodes.end(), [](const Instance& i) {
      return i.state == InstanceState::kStopped;
    });
    return AlreadyExists("cluster " + tag + " already exists" +
                         (stopped ? " and is stopped: resume it with 'corral start -x " + tag + "'"
                                  : ": use 'corral start -x " + tag + "' to set it up again, or 'corral terminate " +
                                        tag + "' to remove it"));
  }
  log_.Info("Creating security group " + group_name + "...");
  ASSIGN_OR_RETURN(SecurityGroup group,
                   cloud_.CreateSecurityGroup(group_name, "corral cluster " + tag, ""));
  RETURN_IF_ERROR(cloud_.CreateTags({group.id}, ClusterGroupTags(tmpl)));
  RETURN_IF_ERROR(ApplyPermissions(group, tmpl));
  group.tags = ClusterGroupTags(tmpl);

  ClusterState cluster{tag, group, {}, tmpl};
  std::string zone = tmpl.availability_zone;
  std::vector<std::string> launched;
  for (const LaunchGroup& lg : PlanLaunchGroups(tag, tmpl)) {
    LaunchRequest req;
    req.image_id = lg.image_id;
    req.instance_type = lg.instance_type;
    req.count = static_cast<int>(lg.aliases.size());
    req.key_name = tmpl.keyname;
    req.security_group = group_name;
    req.zone = zone;
    req.subnet_id = tmpl.subnet_id;
    req.public_ip = tmpl.public_ips;
    req.aliases = lg.aliases;
    req.client_token = tag + "-" + lg.aliases.front();
    log_.Info("Launching " + Join(lg.aliases, ", ") + " (" + lg.instance_type + ")...");
    Result<std::vector<Instance>> got = cloud_.RunInstances(req);
    if (!got.ok()) {
      if (!launched.empty()) {
        return got.status().WithContext("launching " + Join(lg.aliases, ", ") + " (" +
                                        std::to_string(launched.size()) +
                                        " node(s) already run: 'corral terminate " + tag +
                                        "' removes them)");
      }
      // Nothing runs yet: leave nothing behind either.
      Status cleanup = cloud_.DeleteSecurityGroup(group.id);
      if (!cleanup.ok()) log_.Warn("could not remove security group " + group_name + ": " + cleanup.message());
      return got.status();
    }
    for (const Instance& i : *got) {
      launched.push_back(i.id);
      // Every later group goes to the master's zone, as StarCluster does.
      if (zone.empty()) zone = i.zone;
    }
  }
  RETURN_IF_ERROR(WaitForState(group_name, launched, InstanceState::kRunning, "running"));
  RETURN_IF_ERROR(Refresh(cluster));
  return cluster;
}

Status ClusterManager::Refresh(ClusterState& cluster) {
  ASSIGN_OR_RETURN(cluster.nodes, DescribeCluster(ClusterGroupName(cluster.tag)));
  return Status::Ok();
}

Status ClusterManager::WaitForState(const std::string& group_name,
                                    const std::vector<std::string>& ids, InstanceState want,
                                    const std::string& what) {
  if (ids.empty()) return Status::Ok();
  TimePoint deadline =
      clock_.Now() + (want == InstanceState::kTerminated ? kTerminateDeadline : kLaunchDeadline);
  std::set<std::string> waiting(ids.begin(), ids.end());
  size_t last_reported = waiting.size() + 1;
  for (;;) {
    InstanceFilter filter;
    filter.security_group = group_name;
    filter.states = {InstanceState::kPending, InstanceState::kRunning, InstanceState::kStopping,
                     InstanceState::kStopped, InstanceState::kShuttingDown,
                     InstanceState::kTerminated};
    Result<std::vector<Instance>> now = cloud_.DescribeInstances(filter);
    if (!now.ok() && !now.status().retryable()) return now.status();
    if (now.ok()) {
      std::set<std::string> still;
      std::set<std::string> seen;
      for (const Instance& i : *now) {
        seen.insert(i.id);
        if (waiting.count(i.id) && i.state != want) still.insert(i.id);
      }
      if (want != InstanceState::kTerminated) {
        // Not yet visible (eventual consistency) counts as still waiting.
        for (const std::string& id : waiting) {
          if (!seen.count(id)) still.insert(id);
        }
      }
      waiting = still;
    }
    if (waiting.empty()) return Status::Ok();
    if (waiting.size() != last_reported) {
      log_.Info("Waiting for " + std::to_string(waiting.size()) + " node(s) to be " + what + "...");
      last_reported = waiting.size();
    }
    if (clock_.Now() >= deadline) {
      return DeadlineExceeded(std::to_string(waiting.size()) + " node(s) did not become " + what +
                              " in time: " + Join({waiting.begin(), waiting.end()}, ", "));
    }
    clock_.SleepFor(PollInterval());
  }
}

Status ClusterManager::Resume(ClusterState& cluster) {
  std::vector<std::string> stopped;
  std::vector<std::string> all;
  for (const Instance& n : cluster.nodes) {
    all.push_back(n.id);
    if (n.state == InstanceState::kStopped || n.state == InstanceState::kStopping) {
      stopped.push_back(n.id);
    }
  }
  if (all.empty()) return FailedPrecondition("cluster " + cluster.tag + " has no nodes to start");
  if (!stopped.empty()) {
    log_.Info("Starting " + std::to_string(stopped.size()) + " stopped node(s)...");
    RETURN_IF_ERROR(cloud_.StartInstances(stopped));
  }
  RETURN_IF_ERROR(WaitForState(ClusterGroupName(cluster.tag), all, InstanceState::kRunning, "running"));
  return Refresh(cluster);
}

Status ClusterManager::Stop(ClusterState& cluster) {
  std::vector<std::string> ids;
  for (const Instance& n : cluster.nodes) {
    if (n.state != InstanceState::kStopped) ids.push_back(n.id);
  }
  if (!ids.empty()) {
    log_.Info("Stopping " + std::to_string(ids.size()) + " node(s)...");
    RETURN_IF_ERROR(cloud_.StopInstances(ids));
    RETURN_IF_ERROR(WaitForState(ClusterGroupName(cluster.tag), ids, InstanceState::kStopped, "stopped"));
  }
  return Refresh(cluster);
}

Status ClusterManager::Terminate(ClusterState& cluster) {
  std::string group_name = ClusterGroupName(cluster.tag);
  std::vector<std::string> ids = Ids(cluster.nodes);
  std::set<std::string> id_set(ids.begin(), ids.end());
  // Only the cluster's [volume]s: a node's root volume cannot be detached from a running
  // instance and goes with it (DeleteOnTermination); other volumes are detached by the
  // termination itself.
  std::vector<std::string> named;
  for (const VolumeSettings& v : cluster.settings.volumes) named.push_back(v.volume_id);
  std::vector<Volume> volumes;
  if (!named.empty()) {
    Result<std::vector<Volume>> got = cloud_.DescribeVolumes(named);
    if (got.ok()) volumes = *got;  // a deleted volume is no reason to keep the cluster
  }
  for (const Volume& v : volumes) {
    for (const VolumeAttachment& a : v.attachments) {
      if (!id_set.count(a.instance_id)) continue;
      log_.Info("Detaching volume " + v.id + "...");
      RETURN_IF_ERROR(cloud_.DetachVolume(v.id));
      break;
    }
  }
  ASSIGN_OR_RETURN(std::vector<SpotRequest> spots, cloud_.DescribeSpotRequests(group_name));
  std::vector<std::string> open_spots;
  for (const SpotRequest& s : spots) {
    if (s.state == "open" || s.state == "active") open_spots.push_back(s.id);
  }
  if (!open_spots.empty()) RETURN_IF_ERROR(cloud_.CancelSpotRequests(open_spots));
  if (!ids.empty()) {
    log_.Info("Terminating " + std::to_string(ids.size()) + " node(s)...");
    RETURN_IF_ERROR(cloud_.TerminateInstances(ids));
    RETURN_IF_ERROR(WaitForState(group_name, ids, InstanceState::kTerminated, "terminated"));
  }
  Status pg = cloud_.DeletePlacementGroup(group_name);
  if (!pg.ok() && pg.code() != StatusCode::kNotFound) return pg;
  log_.Info("Removing security group " + group_name + "...");
  TimePoint deadline = clock_.Now() + kGroupDeleteDeadline;
  for (;;) {
    Status s = cloud_.DeleteSecurityGroup(cluster.group.id);
    if (s.ok() || s.code() == StatusCode::kNotFound) break;
    bool transient = s.retryable() || s.code() == StatusCode::kFailedPrecondition;
    if (!transient || clock_.Now() >= deadline) return s;
    clock_.SleepFor(PollInterval());
  }
  cluster.nodes.clear();
  return Status::Ok();
}

std::vector<std::string> ClusterManager::NextWorkerAliases(const ClusterState& cluster, int n) const {
  int highest = 0;
  for (const Instance& i : cluster.nodes) highest = std::max(highest, WorkerNumber(i.Alias()));
  std::vector<std::string> out;
  for (int k = 1; k <= n; ++k) {
    out.push_back(WorkerAlias(cluster.tag, cluster.settings.dns_prefix, highest + k));
  }
  return out;
}

Result<std::vector<Instance>> ClusterManager::AddNodes(ClusterState& cluster,
                                                       const std::vector<std::string>& aliases,
                                                       const std::string& instance_type,
                                                       const std::string& image_id) {
  for (const std::string& a : aliases) {
    if (IsMasterAlias(a)) return InvalidArgument("alias '" + a + "' is reserved for the master");
    if (cluster.FindNode(a)) return AlreadyExists("node " + a + " already exists in cluster " + cluster.tag);
  }
  const Instance* master = cluster.master();
  LaunchRequest req;
  req.instance_type = instance_type.empty() ? cluster.settings.node_instance_type : instance_type;
  req.image_id = image_id.empty() ? cluster.settings.node_image_id : image_id;
  req.count = static_cast<int>(aliases.size());
  req.key_name = cluster.settings.keyname;
  req.security_group = ClusterGroupName(cluster.tag);
  req.zone = master ? master->zone : cluster.settings.availability_zone;
  req.subnet_id = cluster.settings.subnet_id;
  req.public_ip = cluster.settings.public_ips;
  req.aliases = aliases;
  req.client_token = cluster.tag + "-" + aliases.front() + "-" +
                     std::to_string(static_cast<long long>(clock_.NowSeconds()));
  log_.Info("Launching " + Join(aliases, ", ") + " (" + req.instance_type + ")...");
  ASSIGN_OR_RETURN(std::vector<Instance> got, cloud_.RunInstances(req));
  RETURN_IF_ERROR(WaitForState(ClusterGroupName(cluster.tag), Ids(got), InstanceState::kRunning, "running"));
  RETURN_IF_ERROR(Refresh(cluster));
  std::vector<Instance> added;
  for (const std::string& a : aliases) {
    if (const Instance* n = cluster.FindNode(a)) added.push_back(*n);
  }
  return added;
}

Status ClusterManager::RemoveNodes(ClusterState& cluster, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    const Instance* n = cluster.FindNode(id);
    if (n && IsMasterAlias(n->Alias())) return InvalidArgument("the master cannot be removed");
  }
  if (ids.empty()) return Status::Ok();
  RETURN_IF_ERROR(cloud_.TerminateInstances(ids));
  RETURN_IF_ERROR(WaitForState(ClusterGroupName(cluster.tag), ids, InstanceState::kTerminated, "terminated"));
  return Refresh(cluster);
}

Status ClusterManager::AttachVolumes(ClusterState& cluster) {
  const Instance* master = cluster.master();
  if (cluster.settings.volumes.empty()) return Status::Ok();
  if (!master) return FailedPrecondition("cluster " + cluster.tag + " has no master to attach volumes to");
  std::vector<std::string> ids;
  for (const VolumeSettings& v : cluster.settings.volumes) ids.push_back(v.volume_id);
  ASSIGN_OR_RETURN(std::vector<Volume> volumes, cloud_.DescribeVolumes(ids));
  char device_letter = 'z';
  for (const VolumeSettings& v : cluster.settings.volumes) {
    auto it = std::find_if(volumes.begin(), volumes.end(), [&](const Volume& x) { return x.id == v.volume_id; });
    if (it == volumes.end()) return NotFound("volume " + v.volume_id + " (" + v.name + ") does not exist");
    std::string device = v.device.empty() ? std::string("/dev/sd") + device_letter-- : v.device;
    bool attached_here = std::any_of(it->attachments.begin(), it->attachments.end(),
                                     [&](const VolumeAttachment& a) { return a.instance_id == master->id; });
    if (attached_here) continue;
    if (!it->attachments.empty()) {
      return FailedPrecondition("volume " + v.volume_id + " (" + v.name + ") is attached to " +
                                it->attachments.front().instance_id + ", not to this cluster");
    }
    log_.Info("Attaching volume " + v.volume_id + " to master at " + v.mount_path + "...");
    RETURN_IF_ERROR(cloud_.AttachVolume(v.volume_id, master->id, device, v.mount_path));
  }
  return Status::Ok();
}

}  // namespace corral
