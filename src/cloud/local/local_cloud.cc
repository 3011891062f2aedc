// LocalCloud: construction, state paths and locks, DescribeInstances with reconciliation, tags,
// console output, SSH endpoints. Node lifecycle is in local_nodes.cc, groups, key pairs and
// volumes in local_resources.cc.
#include "cloud/local/local_cloud.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "cloud/local/local_cloud_impl.h"
#include "cloud/local/node_files.h"
#include "cloud/local/node_process.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// Host directories the nodes cover with their own copies. A state directory inside one of them
// would be hidden from, or overlap, the overlays that use it.
const char* const kCoveredDirs[] = {"/etc", "/var/spool", "/var/log", "/var/lib/gridengine",
                                    "/var/lib/munge", "/var/lib/slurm", "/proc", "/sys", "/dev"};

// GetConsoleOutput returns at most the last 64 KiB of the init log, as EC2 does.
constexpr size_t kConsoleMax = 64 * 1024;

Status CheckStateDir(const std::string& dir) {
  if (dir.empty() || dir[0] != '/') {
    return InvalidArgument("local state directory must be an absolute path: '" + dir + "'");
  }
  if (dir.find_first_of(",:\n") != std::string::npos) {
    return InvalidArgument("local state directory must not contain ',', ':' or newlines "
                           "(they would break overlay mount options): '" + dir + "'");
  }
  for (const char* covered : kCoveredDirs) {
    if (PathIsInside(dir, covered)) {
      return InvalidArgument("local state directory '" + dir + "' lies inside " + covered +
                             ", which every node covers with its own copy; choose another "
                             "directory (e.g. /var/lib/corral/local)");
    }
  }
  return Status::Ok();
}

bool TagsMatch(const Tags& have, const Tags& want) {
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || (v != "*" && it->second != v)) return false;
  }
  return true;
}

}  // namespace

Result<FileLock> FileLock::Acquire(const std::string& path, bool wait) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("cannot open lock file '" + path + "'", errno);
  while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    close(fd);
    if (err == EWOULDBLOCK) return FileLock(-1);
    return ErrnoStatus("cannot lock '" + path + "'", err);
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);
}

bool IsValidNodeName(const std::string& alias) {
  if (alias.empty() || alias.size() > 63 || alias.front() == '-' || alias.back() == '-') {
    return false;
  }
  for (char c : alias) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
  }
  return true;
}

Result<std::string> FindNodeInit() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ErrnoStatus("cannot read /proc/self/exe", errno);
  std::string exe(buf, static_cast<size_t>(n));
  std::string path = exe.substr(0, exe.rfind('/')) + "/corral-node-init";
  if (access(path.c_str(), X_OK) != 0) {
    return NotFound("corral-node-init not found at " + path +
                    " (it is built beside the corral binary)");
  }
  return path;
}

Result<std::unique_ptr<Cloud>> NewLocalCloud(const LocalCloudOptions& options) {
  if (!options.runner || !options.clock || !options.log) {
    return InvalidArgument("local provider: runner, clock and log are required");
  }
  if (!options.skip_privilege_check) {
    Result<std::string> status = ReadFile("/proc/self/status");
    if (!status.ok() || !HasLocalProviderCaps(*status)) {
      return PermissionDenied("the local provider needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) "
                              "to create namespaces, bridges and mounts: run corral as root");
    }
    if (access(options.node_init_path.c_str(), X_OK) != 0) {
      return InvalidArgument("local provider: node init binary '" + options.node_init_path +
                             "' is missing or not executable");
    }
  }
  RETURN_IF_ERROR(CheckStateDir(options.state_dir));
  for (const char* sub : {"", "/clusters", "/volumes", "/tmp"}) {
    RETURN_IF_ERROR(MakeDirs(options.state_dir + sub, 0700));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<LocalStore> store,
                   LocalStore::Open(options.state_dir + "/state.db"));
  return std::unique_ptr<Cloud>(new LocalCloud(options, std::move(store)));
}

LocalCloud::LocalCloud(const LocalCloudOptions& options, std::unique_ptr<LocalStore> store)
    : opt_(options),
      runner_(*options.runner),
      clock_(*options.clock),
      log_(*options.log),
      store_(std::move(store)) {}

std::string LocalCloud::ClusterDir(const std::string& group_id) const {
  return opt_.state_dir + "/clusters/" + group_id;
}

std::string LocalCloud::NodeDir(const InstanceRow& row) const {
  return ClusterDir(row.group_id) + "/nodes/" + row.id;
}

std::string LocalCloud::VolumeDir(const std::string& volume_id) const {
  return opt_.state_dir + "/volumes/" + volume_id;
}

NodePlace LocalCloud::PlaceOf(const InstanceRow& row, const GroupRow& group) const {
  NodePlace p;
  p.dir = NodeDir(row);
  uint32_t ip = ParseIpv4(row.ip).value_or(0);
  p.net.netns = NetnsName(group.short_id, ip);
  p.net.veth = VethName(group.short_id, ip);
  p.net.bridge = BridgeName(group.short_id);
  p.net.mac = row.mac;
  p.net.ip = row.ip;
  p.net.prefix = 24;
  return p;
}

std::string LocalCloud::NewId(const std::string& prefix) {
  static thread_local std::mt19937_64 gen(std::random_device{}());
  std::string id = prefix;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 17; ++i) id += hex[gen() % 16];
  return id;
}

Result<FileLock> LocalCloud::LockState(bool wait) {
  return FileLock::Acquire(opt_.state_dir + "/lock", wait);
}

Instance LocalCloud::ToInstance(const InstanceRow& row, const std::string& group_name) const {
  Instance in;
  in.id = row.id;
  in.image_id = row.image_id;
  in.instance_type = row.instance_type;
  in.state = row.state;
  in.state_reason = row.state_reason;
  in.private_ip = row.ip;
  in.private_dns = row.alias;
  in.zone = "local";
  in.key_name = row.key_name;
  in.security_groups = {group_name};
  in.root_device_type = "ebs";  // stop/start keep the node's files, as with EBS roots
  in.platform_details = "Linux/UNIX";
  in.launch_time = row.launch_time;
  in.tags = row.tags;
  return in;
}

InstanceRow LocalCloud::Reconciled(const InstanceRow& row) const {
  if (row.state != InstanceState::kRunning && row.state != InstanceState::kPending) return row;
  bool alive = row.pid1 > 0 && row.boot_id == CurrentBootId() &&
               ProcessIsAlive(row.pid1, row.pid1_start);
  if (alive) return row;
  InstanceRow r = row;
  r.state = InstanceState::kStopped;
  r.state_reason = "Client.InstanceInitiatedShutdown: the node's init is no longer running";
  r.pid1 = 0;
  r.pid1_start = 0;
  return r;
}

Result<InstanceRow> LocalCloud::GetInstanceRow(const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<InstanceRow> row, store_->GetInstance(id));
  if (!row) return NotFound("instance " + id + " does not exist");
  return *row;
}

Result<GroupRow> LocalCloud::GetGroupRow(const std::string& id_or_name) {
  ASSIGN_OR_RETURN(std::optional<GroupRow> g, store_->GetGroup(id_or_name));
  if (!g) {
    ASSIGN_OR_RETURN(g, store_->GetGroupByName(id_or_name));
  }
  if (!g) return NotFound("security group '" + id_or_name + "' does not exist");
  return *g;
}

Result<std::vector<InstanceRow>> LocalCloud::ClusterInstances(const std::string& group_id) {
  ASSIGN_OR_RETURN(std::vector<InstanceRow> all, store_->ListInstances());
  std::vector<InstanceRow> out;
  for (const InstanceRow& r : all) {
    if (r.group_id == group_id) out.push_back(r);
  }
  return out;
}

Result<std::vector<Instance>> LocalCloud::DescribeInstances(const InstanceFilter& filter) {
  std::lock_guard<std::mutex> guard(mu_);
  // Reconcile with reality; persist the result only when no other operation is under way (a
  // launch in progress has nodes that are legitimately not running yet).
  ASSIGN_OR_RETURN(FileLock lock, LockState(/*wait=*/false));
  ASSIGN_OR_RETURN(std::vector<InstanceRow> rows, store_->ListInstances());
  ASSIGN_OR_RETURN(std::vector<GroupRow> groups, store_->ListGroups());
  for (const std::string& id : filter.ids) {
    bool found = false;
    for (const InstanceRow& r : rows) found = found || r.id == id;
    if (!found) return NotFound("instance " + id + " does not exist");
  }
  std::vector<Instance> out;
  for (const InstanceRow& stored : rows) {
    InstanceRow row = stored;
    if (lock.held() || stored.state == InstanceState::kRunning) row = Reconciled(stored);
    if (lock.held() && row.state != stored.state) {
      log_.Debug("local: node " + row.alias + " (" + row.id + ") is no longer running");
      GroupRow group;
      for (const GroupRow& g : groups) {
        if (g.id == row.group_id) group = g;
      }
      if (!group.short_id.empty()) {
        DeleteNodeNetwork(runner_, PlaceOf(row, group).net).IgnoreError();
      }
      RETURN_IF_ERROR(store_->PutInstance(row));
    }
    std::string group_name;
    for (const GroupRow& g : groups) {
      if (g.id == row.group_id) group_name = g.name;
    }
    if (!filter.ids.empty() &&
        std::find(filter.ids.begin(), filter.ids.end(), row.id) == filter.ids.end()) {
      continue;
    }
    if (!filter.security_group.empty() && filter.security_group != group_name &&
        filter.security_group != row.group_id) {
      continue;
    }
    if (filter.states.empty() ? row.state == InstanceState::kTerminated
                              : std::find(filter.states.begin(), filter.states.end(),
                                          row.state) == filter.states.end()) {
      continue;
    }
    if (!TagsMatch(row.tags, filter.tags)) continue;
    out.push_back(ToInstance(row, group_name));
  }
  return out;
}

Status LocalCloud::CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  return store_->Transaction([&]() -> Status {
    for (const std::string& id : resource_ids) {
      if (StartsWith(id, "i-")) {
        ASSIGN_OR_RETURN(InstanceRow row, GetInstanceRow(id));
        auto alias = tags.find("alias");
        if (alias != tags.end() && alias->second != row.alias) {
          return FailedPrecondition("cannot rename local node " + row.alias + " (" + id +
                                    ") to '" + alias->second +
                                    "': a node's name is fixed when it is launched");
        }
        for (const auto& [k, v] : tags) row.tags[k] = v;
        RETURN_IF_ERROR(store_->PutInstance(row));
      } else if (StartsWith(id, "vol-")) {
        ASSIGN_OR_RETURN(std::optional<VolumeRow> vol, store_->GetVolume(id));
        if (!vol) return NotFound("volume " + id + " does not exist");
        for (const auto& [k, v] : tags) vol->tags[k] = v;
        RETURN_IF_ERROR(store_->PutVolume(*vol));
      } else if (StartsWith(id, "sg-")) {
        ASSIGN_OR_RETURN(GroupRow g, GetGroupRow(id));
        for (const auto& [k, v] : tags) g.tags[k] = v;
        RETURN_IF_ERROR(store_->PutGroup(g));
      } else {
        return NotFound("no local resource with id '" + id + "'");
      }
    }
    return Status::Ok();
  });
}

Result<std::string> LocalCloud::GetConsoleOutput(const std::string& instance_id) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(InstanceRow row, GetInstanceRow(instance_id));
  Result<std::string> log = ReadFile(NodeDir(row) + "/init.log");
  if (!log.ok()) return std::string();
  return log->size() > kConsoleMax ? log->substr(log->size() - kConsoleMax) : *log;
}

Result<SshEndpoint> LocalCloud::SshEndpointFor(const Instance& instance) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(InstanceRow row, GetInstanceRow(instance.id));
  SshEndpoint ep;
  ep.host = row.ip;
  ep.port = 22;
  ep.host_key_alias = row.alias.empty() ? row.ip : row.alias;
  ep.known_hosts_file = ClusterDir(row.group_id) + "/ssh_known_hosts";
  return ep;
}

Result<long long> LocalCloud::NodeInitPid(const std::string& instance_id) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(InstanceRow row, GetInstanceRow(instance_id));
  InstanceRow now = Reconciled(row);
  return now.state == InstanceState::kRunning ? now.pid1 : 0;
}

Result<std::string> LocalCloud::ClusterRootKeyPath(const std::string& instance_id) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(InstanceRow row, GetInstanceRow(instance_id));
  return ClusterDir(row.group_id) + "/root-key/id_ed25519";
}

Status LocalCloud::CreatePlacementGroup(const std::string&) { return Status::Ok(); }
Status LocalCloud::DeletePlacementGroup(const std::string&) { return Status::Ok(); }

Result<std::vector<SpotRequest>> LocalCloud::DescribeSpotRequests(const std::string&) {
  return std::vector<SpotRequest>{};
}

Status LocalCloud::CancelSpotRequests(const std::vector<std::string>& ids) {
  if (ids.empty()) return Status::Ok();
  return NotFound("spot request " + ids.front() + " does not exist (the local provider has none)");
}

}  // namespace corral
