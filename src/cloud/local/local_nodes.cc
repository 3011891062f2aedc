// LocalCloud: the cluster network and files, and the node lifecycle (launch, boot, stop, start,
// terminate). The layout of a node is described in docs/local-provider.md.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <set>

#include "cloud/local/local_cloud_impl.h"
#include "cloud/local/node_files.h"
#include "cloud/local/node_process.h"
#include "cloud/local/ssh_keys.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// Serializes the choice of subnets and interface names among all corral processes on this
// machine, whatever their state directories.
constexpr const char kHostLockPath[] = "/run/corral-local.lock";
// A node's init appears within milliseconds of the launcher; 10 s allows for a loaded machine.
constexpr Duration kInitAppearTimeout(10000);
// From launch until every new node's sshd answers. Measured: about 0.5 s per node when launched
// one by one, under 3 s for 32 at once on 2 cores; 120 s leaves room for a very busy host.
constexpr Duration kReadyTimeout(120000);
// node-init gives the node's processes 3 s after SIGTERM; this is the host's total patience.
constexpr Duration kStopGrace(4000);
constexpr Duration kReadyPoll(20);

// Host directories each node covers with a copy-on-write overlay of its own (name in the node
// directory, path in the node).
struct PrivateDir {
  const char* name;
  const char* path;
};
constexpr PrivateDir kPrivateVarDirs[] = {
    {"spool", "/var/spool"},          {"log", "/var/log"},
    {"lib-gridengine", "/var/lib/gridengine"}, {"lib-munge", "/var/lib/munge"},
    {"lib-slurm", "/var/lib/slurm"},
};

// Writes `content` into an existing file without replacing its inode: nodes bind-mount the file,
// and a rename would leave them with the old copy.
Status WriteInPlace(const std::string& path, const std::string& content, bool append) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC));
  if (fd < 0) return ErrnoStatus("cannot write '" + path + "'", errno);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t w = write(fd, content.data() + done, content.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      int err = errno;
      close(fd);
      return ErrnoStatus("cannot write '" + path + "'", err);
    }
    done += static_cast<size_t>(w);
  }
  return close(fd) == 0 ? Status::Ok() : ErrnoStatus("cannot write '" + path + "'", errno);
}

Status WriteIfMissing(const std::string& path, const std::string& content, mode_t mode = 0644) {
  return PathExists(path) ? Status::Ok() : WriteFileAtomic(path, content, mode);
}

Status CopyFile(const std::string& from, const std::string& to, mode_t mode) {
  ASSIGN_OR_RETURN(std::string content, ReadFile(from));
  return WriteFileAtomic(to, content, mode);
}

std::string Tail(const std::string& text, size_t max_lines) {
  std::vector<std::string> lines = Split(Trim(text), '\n');
  if (lines.size() > max_lines) lines.erase(lines.begin(), lines.end() - max_lines);
  return Join(lines, "\n");
}

}  // namespace

Status LocalCloud::EnsureClusterNetwork(GroupRow& g) {
  bool have_plan = !g.short_id.empty() && !g.subnet.empty();
  if (have_plan && LinkExists(BridgeName(g.short_id))) return Status::Ok();
  ASSIGN_OR_RETURN(FileLock host_lock, FileLock::Acquire(kHostLockPath));
  ASSIGN_OR_RETURN(std::vector<Ipv4Net> used, HostNetworksInUse(runner_));
  ASSIGN_OR_RETURN(std::vector<GroupRow> groups, store_->ListGroups());
  if (have_plan) {
    // The bridge is gone (the machine rebooted, or someone deleted it): re-create it at the same
    // subnet, so stopped nodes come back at their addresses, unless that subnet is taken now.
    Ipv4Net subnet = *ParseCidr(g.subnet);
    for (const Ipv4Net& u : used) {
      if (Overlaps(u, subnet)) {
        return FailedPrecondition("cannot restore network " + g.subnet + " of " + g.name +
                                  ": this machine now uses " + FormatCidr(u));
      }
    }
    return CreateBridge(runner_, log_, BridgeName(g.short_id), subnet);
  }
  ASSIGN_OR_RETURN(std::vector<std::string> links, HostLinkNames(runner_));
  std::set<std::string> taken_ids;
  for (const GroupRow& other : groups) {
    taken_ids.insert(other.short_id);
    if (std::optional<Ipv4Net> net = ParseCidr(other.subnet); net && !other.subnet.empty()) {
      used.push_back(*net);
    }
  }
  std::mt19937 gen(std::random_device{}());
  std::string short_id;
  for (int attempt = 0; attempt < 100 && short_id.empty(); ++attempt) {
    std::string candidate = ShortIdFrom(gen());
    if (!taken_ids.count(candidate) && ShortIdIsFree(candidate, links)) short_id = candidate;
  }
  if (short_id.empty()) return Internal("cannot find a free short id for cluster " + g.name);
  ASSIGN_OR_RETURN(Ipv4Net subnet, ChooseSubnet(used));
  // Created while the host lock is held: from now on the bridge's address reserves the subnet.
  RETURN_IF_ERROR(CreateBridge(runner_, log_, BridgeName(short_id), subnet));
  g.short_id = short_id;
  g.subnet = FormatCidr(subnet);
  log_.Debug("local: cluster " + g.name + " uses " + g.subnet + " on bridge " +
             BridgeName(short_id));
  return store_->PutGroup(g);
}

Status LocalCloud::EnsureClusterFiles(const GroupRow& g) {
  const std::string dir = ClusterDir(g.id);
  for (const char* sub : {"", "/ca", "/root-key", "/nodes"}) {
    RETURN_IF_ERROR(MakeDirs(dir + sub, 0700));
  }
  RETURN_IF_ERROR(MakeDirs(dir + "/home", 0755));
  if (!PathExists(dir + "/ca/host_ca")) {
    RETURN_IF_ERROR(GenerateEd25519Key(runner_, dir + "/ca/host_ca", "corral-host-ca-" + g.name)
                        .WithContext("creating the SSH host CA of " + g.name));
  }
  if (!PathExists(dir + "/ssh_known_hosts")) {
    ASSIGN_OR_RETURN(std::string ca_pub, ReadFile(dir + "/ca/host_ca.pub"));
    RETURN_IF_ERROR(WriteFileAtomic(dir + "/ssh_known_hosts", KnownHostsFile(ca_pub)));
  }
  if (!PathExists(dir + "/root-key/id_ed25519")) {
    RETURN_IF_ERROR(GenerateEd25519Key(runner_, dir + "/root-key/id_ed25519", "root@" + g.name)
                        .WithContext("creating the root key of " + g.name));
  }
  RETURN_IF_ERROR(WriteIfMissing(dir + "/hosts", InitialHostsFile()));
  return WriteIfMissing(dir + "/resolv.conf", ResolvConf());
}

Status LocalCloud::RemoveClusterIfUnused(const std::string& group_id) {
  ASSIGN_OR_RETURN(std::vector<InstanceRow> rows, ClusterInstances(group_id));
  if (!rows.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(std::optional<GroupRow> g, store_->GetGroup(group_id));
  if (g && !g->short_id.empty()) {
    RETURN_IF_ERROR(DeleteBridge(runner_, BridgeName(g->short_id)));
    g->short_id.clear();
    g->subnet.clear();
    RETURN_IF_ERROR(store_->PutGroup(*g));
  }
  // The cluster's files (CA, /home, root key) live as long as its security group.
  if (!g) return RemoveAll(ClusterDir(group_id));
  return Status::Ok();
}

Status LocalCloud::EditClusterHosts(const std::string& group_id, const std::string& ip,
                                    const std::string& name, bool add) {
  const std::string path = ClusterDir(group_id) + "/hosts";
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::string wanted = add ? HostsWithEntry(text, ip, name) : HostsWithoutEntry(text, ip);
  if (wanted == text) return Status::Ok();
  // Appending keeps the file readable throughout; rewrite only when a line must go.
  std::string line = ip + " " + name + "\n";
  if (add && wanted == text + line) return WriteInPlace(path, line, /*append=*/true);
  return WriteInPlace(path, wanted, /*append=*/false);
}

Status LocalCloud::PrepareNode(const InstanceRow& row, const GroupRow& g) {
  const std::string dir = NodeDir(row), cluster = ClusterDir(g.id);
  const std::string etc = dir + "/etc/upper";
  for (const std::string& d : {dir, dir + "/etc/work", etc + "/ssh", dir + "/root/.ssh"}) {
    RETURN_IF_ERROR(MakeDirs(d, 0755));
  }
  chmod((dir + "/root").c_str(), 0700);
  chmod((dir + "/root/.ssh").c_str(), 0700);
  for (const PrivateDir& p : kPrivateVarDirs) {
    std::string base = dir + "/var/" + p.name;
    if (IsDirectory(p.path)) {
      RETURN_IF_ERROR(MakeDirs(base + "/upper"));
      RETURN_IF_ERROR(MakeDirs(base + "/work"));
    } else {
      RETURN_IF_ERROR(MakeDirs(base + "/dir"));
    }
  }
  // Regular files where the cluster's files are bind-mounted: the host's may be symlinks (e.g.
  // resolv.conf into /run), and a bind mount follows them.
  for (const char* f : {"/hosts", "/resolv.conf", "/ssh/ssh_known_hosts"}) {
    RETURN_IF_ERROR(WriteFileAtomic(etc + f, ""));
  }
  RETURN_IF_ERROR(WriteFileAtomic(etc + "/hostname", row.alias + "\n"));
  Result<std::string> host_ssh = ReadFile("/etc/ssh/ssh_config");
  RETURN_IF_ERROR(WriteFileAtomic(etc + "/ssh/ssh_config",
                                  SshClientConfig(host_ssh.ok() ? *host_ssh : "")));
  const std::string host_key = etc + "/ssh/ssh_host_ed25519_key";
  RETURN_IF_ERROR(GenerateEd25519Key(runner_, host_key, "root@" + row.alias));
  RETURN_IF_ERROR(SignHostKey(runner_, cluster + "/ca/host_ca", host_key + ".pub", row.alias,
                              {row.alias, row.ip}));
  // root: the cluster key (root on every node trusts it) and the launch key pair's public key.
  ASSIGN_OR_RETURN(std::string root_pub, ReadFile(cluster + "/root-key/id_ed25519.pub"));
  std::string authorized = Trim(root_pub) + "\n";
  if (!row.key_name.empty()) {
    ASSIGN_OR_RETURN(std::optional<KeyPairRow> key, store_->GetKeyPair(row.key_name));
    if (!key) return NotFound("key pair '" + row.key_name + "' does not exist");
    authorized = Trim(key->public_key) + "\n" + authorized;
  }
  RETURN_IF_ERROR(WriteFileAtomic(dir + "/root/.ssh/authorized_keys", authorized, 0600));
  RETURN_IF_ERROR(CopyFile(cluster + "/root-key/id_ed25519", dir + "/root/.ssh/id_ed25519", 0600));
  RETURN_IF_ERROR(WriteFileAtomic(dir + "/root/.ssh/id_ed25519.pub", root_pub, 0644));
  for (const char* dotfile : {"/.bashrc", "/.profile"}) {
    for (const std::string& from : {std::string("/root") + dotfile, std::string("/etc/skel") + dotfile}) {
      if (PathExists(from) && !PathExists(dir + "/root" + dotfile)) {
        CopyFile(from, dir + "/root" + dotfile, 0644).IgnoreError();
      }
    }
  }
  return WriteFileAtomic(dir + "/init.log", "");
}

Status LocalCloud::WriteNodeBootFiles(const InstanceRow& row, const GroupRow& g) {
  const std::string dir = NodeDir(row), cluster = ClusterDir(g.id);
  RETURN_IF_ERROR(WriteFileAtomic(dir + "/etc/upper/ssh/sshd_config", SshdConfig(row.ip)));
  BootPlan plan;
  plan.hostname = row.alias;
  plan.overlays.push_back({"/etc", dir + "/etc/upper", dir + "/etc/work"});
  std::vector<BindMount> late;  // binds whose target covers the state directory go last
  for (const PrivateDir& p : kPrivateVarDirs) {
    std::string base = dir + "/var/" + p.name;
    if (IsDirectory(base + "/upper")) {
      plan.overlays.push_back({p.path, base + "/upper", base + "/work"});
    } else {
      plan.binds.push_back({base + "/dir", p.path, /*create_target=*/true});
    }
  }
  for (const OverlayMount& o : plan.overlays) RETURN_IF_ERROR(CheckOverlayLayers(o));
  std::vector<BindMount> binds = {
      {cluster + "/hosts", "/etc/hosts"},
      {cluster + "/resolv.conf", "/etc/resolv.conf"},
      {cluster + "/ssh_known_hosts", "/etc/ssh/ssh_known_hosts"},
      {dir + "/root", "/root"},
      {cluster + "/home", "/home"},
  };
  ASSIGN_OR_RETURN(std::vector<VolumeRow> volumes, store_->ListVolumes());
  ASSIGN_OR_RETURN(std::vector<InstanceRow> members, ClusterInstances(g.id));
  for (const VolumeRow& v : volumes) {
    for (const InstanceRow& m : members) {
      if (m.id == v.instance_id && !v.mount_path.empty()) {
        binds.push_back({VolumeDir(v.id), v.mount_path, /*create_target=*/true});
      }
    }
  }
  for (BindMount& b : binds) {
    (PathIsInside(opt_.state_dir, b.target) ? late : plan.binds).push_back(b);
  }
  plan.binds.insert(plan.binds.end(), late.begin(), late.end());
  return WriteFileAtomic(dir + "/boot.sh", BootScript(plan), 0755);
}

Status LocalCloud::BootNode(InstanceRow& row, const GroupRow& g) {
  NodePlace place = PlaceOf(row, g);
  Status st = DeleteNodeNetwork(runner_, place.net);  // remnants of a crash or reboot
  if (st.ok()) st = CreateNodeNetwork(runner_, place.net);
  if (st.ok()) st = WriteNodeBootFiles(row, g);
  if (!st.ok()) return st.WithContext("node " + row.alias);
  ProcessSpec spec;
  // The launcher runs in the background of a shell in its own session, so the node outlives
  // corral and ignores signals to corral's process group; `$!` is the `unshare` process (env
  // and nsenter exec), the parent of the node's PID 1. env -i keeps corral's environment
  // (credentials included) out of the node.
  spec.argv = {"sh", "-c", "log=$1; shift; \"$@\" </dev/null >>\"$log\" 2>&1 & echo $!",
               "corral-launch", place.dir + "/init.log",
               "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8",
               "nsenter", "--net=/run/netns/" + place.net.netns, "--",
               "unshare", "--mount", "--uts", "--ipc", "--pid", "--fork", "--mount-proc",
               "--propagation", "private", opt_.node_init_path, place.dir + "/boot.sh"};
  spec.new_session = true;
  spec.timeout = Duration(30000);
  Result<ProcessOutput> out = RunChecked(runner_, spec);
  if (!out.ok()) return out.status().WithContext("launching node " + row.alias);
  std::optional<long long> launcher = ParseInt(Trim(out->out));
  if (!launcher) return Internal("launching node " + row.alias + ": no launcher PID");
  Result<long long> pid1 = WaitForNodeInit(*launcher, clock_, kInitAppearTimeout);
  if (!pid1.ok()) return pid1.status().WithContext("launching node " + row.alias);
  Result<ProcStat> stat = ReadProcStat(*pid1);
  if (!stat.ok()) return stat.status().WithContext("launching node " + row.alias);
  row.pid1 = *pid1;
  row.pid1_start = stat->start_ticks;
  row.boot_id = CurrentBootId();
  row.state = InstanceState::kPending;
  row.state_reason.clear();
  return Status::Ok();
}

Status LocalCloud::WaitNodesReady(const std::vector<InstanceRow*>& rows) {
  std::vector<InstanceRow*> waiting = rows;
  TimePoint deadline = clock_.Now() + kReadyTimeout;
  while (!waiting.empty()) {
    std::vector<InstanceRow*> still;
    for (InstanceRow* r : waiting) {
      if (!ProcessIsAlive(r->pid1, r->pid1_start)) {
        Result<std::string> log = ReadFile(NodeDir(*r) + "/init.log");
        return Internal("node " + r->alias + " stopped while booting" +
                        (log.ok() && !Trim(*log).empty() ? ": " + Tail(*log, 5) : ""));
      }
      if (!SshdAnswers(r->ip)) still.push_back(r);
    }
    waiting = still;
    if (waiting.empty()) break;
    if (clock_.Now() >= deadline) {
      return DeadlineExceeded("node " + waiting.front()->alias + "'s sshd did not answer on " +
                              waiting.front()->ip + " within " +
                              std::to_string(kReadyTimeout.count() / 1000) + " s");
    }
    clock_.SleepFor(kReadyPoll);
  }
  return Status::Ok();
}

Status LocalCloud::ShutdownNodes(std::vector<InstanceRow>& rows) {
  std::vector<NodeInit> inits;
  for (const InstanceRow& row : rows) {
    if (row.pid1 > 0 && row.boot_id == CurrentBootId()) inits.push_back({row.pid1, row.pid1_start});
  }
  Status st = StopNodeInits(inits, clock_, kStopGrace);
  if (!st.ok()) return st.WithContext("stopping nodes");
  for (InstanceRow& row : rows) {
    ASSIGN_OR_RETURN(GroupRow g, GetGroupRow(row.group_id));
    if (!g.short_id.empty()) {
      RETURN_IF_ERROR(DeleteNodeNetwork(runner_, PlaceOf(row, g).net)
                          .WithContext("stopping node " + row.alias));
    }
    row.state = InstanceState::kStopped;
    row.state_reason = "User initiated";
    row.pid1 = 0;
    row.pid1_start = 0;
  }
  return Status::Ok();
}

Status LocalCloud::DestroyNodes(std::vector<InstanceRow> rows) {
  RETURN_IF_ERROR(ShutdownNodes(rows));
  for (const InstanceRow& r : rows) {
    RETURN_IF_ERROR(EditClusterHosts(r.group_id, r.ip, r.alias, /*add=*/false)
                        .WithContext("removing node " + r.alias + " from /etc/hosts"));
    RETURN_IF_ERROR(RemoveAll(NodeDir(r)).WithContext("removing node " + r.alias));
  }
  return Status::Ok();
}

Result<std::vector<InstanceRow>> LocalCloud::GetInstanceRows(const std::vector<std::string>& ids) {
  std::vector<InstanceRow> rows;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(InstanceRow row, GetInstanceRow(id));
    rows.push_back(row);
  }
  return rows;
}

Status LocalCloud::StartLocked(std::vector<InstanceRow>& rows) {
  std::vector<InstanceRow*> booted;  // from BootNode on, a failure must undo the node
  Status st;
  for (InstanceRow& row : rows) {
    Result<GroupRow> g = GetGroupRow(row.group_id);
    st = g.status();
    if (st.ok()) st = EnsureClusterNetwork(*g);
    if (!st.ok()) break;
    booted.push_back(&row);
    st = BootNode(row, *g);
    if (st.ok()) st = store_->PutInstance(row);
    if (!st.ok()) break;
  }
  if (st.ok()) st = WaitNodesReady(booted);
  if (st.ok()) {
    for (InstanceRow* r : booted) {
      r->state = InstanceState::kRunning;
      st = store_->PutInstance(*r);
      if (!st.ok()) break;
    }
  }
  if (st.ok()) return Status::Ok();
  std::vector<InstanceRow> failed;
  for (InstanceRow* r : booted) failed.push_back(*r);
  ShutdownNodes(failed).IgnoreError();
  for (InstanceRow& r : failed) store_->PutInstance(r).IgnoreError();
  return st;
}

Result<std::vector<Instance>> LocalCloud::RunInstances(const LaunchRequest& req) {
  if (req.count < 1) return InvalidArgument("instance count must be at least 1");
  if (!req.aliases.empty() && req.aliases.size() != static_cast<size_t>(req.count)) {
    return InvalidArgument("got " + std::to_string(req.aliases.size()) + " aliases for " +
                           std::to_string(req.count) + " instances");
  }
  for (const std::string& a : req.aliases) {
    if (!IsValidNodeName(a)) {
      return InvalidArgument("'" + a + "' is not a valid node name (letters, digits and '-', "
                             "at most 63 characters)");
    }
  }
  if (req.spot_bid) return Unimplemented("the local provider has no spot instances");
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  std::string group_name = req.security_group.empty() ? "default" : req.security_group;
  Result<GroupRow> found = GetGroupRow(group_name);
  if (!found.ok() && group_name == "default") {
    GroupRow d{NewId("sg-"), "default", "default group", "", {}, {}, "", "",
               static_cast<long long>(clock_.NowSeconds())};
    RETURN_IF_ERROR(store_->PutGroup(d));
    found = d;
  }
  if (!found.ok()) return found.status();
  GroupRow group = *found;
  if (!req.key_name.empty()) {
    ASSIGN_OR_RETURN(std::optional<KeyPairRow> key, store_->GetKeyPair(req.key_name));
    if (!key) return NotFound("key pair '" + req.key_name + "' does not exist");
  }
  ASSIGN_OR_RETURN(std::vector<InstanceRow> members, ClusterInstances(group.id));
  std::set<uint32_t> taken_ips;
  for (const InstanceRow& m : members) {
    taken_ips.insert(ParseIpv4(m.ip).value_or(0));
    for (const std::string& a : req.aliases) {
      if (a == m.alias) {
        return AlreadyExists("cluster " + group.name + " already has a node named " + a);
      }
    }
  }
  RETURN_IF_ERROR(EnsureClusterNetwork(group));
  RETURN_IF_ERROR(EnsureClusterFiles(group));
  Ipv4Net subnet = *ParseCidr(group.subnet);
  std::vector<InstanceRow> rows;
  Status st;
  for (int i = 0; i < req.count && st.ok(); ++i) {
    InstanceRow r;
    r.id = NewId("i-");
    r.alias = req.aliases.empty() ? r.id : req.aliases[i];
    Result<uint32_t> ip = ChooseNodeIp(subnet, taken_ips);
    if (!ip.ok()) {
      st = ip.status();
      break;
    }
    taken_ips.insert(*ip);
    r.ip = FormatIpv4(*ip);
    r.mac = MacForIp(*ip);
    r.group_id = group.id;
    r.launch_time = static_cast<long long>(clock_.NowSeconds());
    r.instance_type = req.instance_type.empty() ? "local" : req.instance_type;
    r.image_id = req.image_id.empty() ? "local" : req.image_id;
    r.key_name = req.key_name;
    r.tags = req.tags;
    if (!req.aliases.empty()) r.tags["alias"] = r.tags["Name"] = r.alias;
    r.user_data = req.user_data;
    st = store_->PutInstance(r);
    if (st.ok()) rows.push_back(r);
    if (st.ok()) st = EditClusterHosts(group.id, r.ip, r.alias, /*add=*/true);
    if (st.ok()) st = PrepareNode(r, group).WithContext("preparing node " + r.alias);
  }
  if (st.ok()) st = StartLocked(rows);
  if (!st.ok()) {
    DestroyNodes(rows).IgnoreError();
    for (const InstanceRow& r : rows) store_->DeleteInstance(r.id).IgnoreError();
    RemoveClusterIfUnused(group.id).IgnoreError();
    return st;
  }
  std::vector<Instance> out;
  for (const InstanceRow& r : rows) out.push_back(ToInstance(r, group.name));
  log_.Debug("local: launched " + std::to_string(rows.size()) + " node(s) in " + group.name);
  return out;
}

Status LocalCloud::StartInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::vector<InstanceRow> rows, GetInstanceRows(ids));
  std::vector<InstanceRow> to_start;
  for (const InstanceRow& row : rows) {
    if (Reconciled(row).state != InstanceState::kRunning) to_start.push_back(Reconciled(row));
  }
  return StartLocked(to_start);
}

Status LocalCloud::StopInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::vector<InstanceRow> rows, GetInstanceRows(ids));
  RETURN_IF_ERROR(ShutdownNodes(rows));
  for (const InstanceRow& row : rows) RETURN_IF_ERROR(store_->PutInstance(row));
  return Status::Ok();
}

Status LocalCloud::RebootInstances(const std::vector<std::string>& ids) {
  RETURN_IF_ERROR(StopInstances(ids));
  return StartInstances(ids);
}

Status LocalCloud::TerminateInstances(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::vector<InstanceRow> rows, GetInstanceRows(ids));
  std::set<std::string> groups;
  for (const InstanceRow& row : rows) {
    RETURN_IF_ERROR(ReleaseVolumesOf(row));
    groups.insert(row.group_id);
  }
  RETURN_IF_ERROR(DestroyNodes(rows));
  for (const InstanceRow& row : rows) RETURN_IF_ERROR(store_->DeleteInstance(row.id));
  for (const std::string& g : groups) RETURN_IF_ERROR(RemoveClusterIfUnused(g));
  return Status::Ok();
}

}  // namespace corral
