#include "cluster/cluster_setup.h"

#include <algorithm>

#include "cluster/setup_scripts.h"
#include "remote/fan_out.h"
#include "remote/ssh_remote.h"
#include "util/strings.h"

namespace corral {
namespace {

// StarCluster ran 20 setup threads; SSH to more hosts at once gains little and risks the
// master's sshd MaxStartups limit (10 unauthenticated connections by default).
constexpr size_t kParallel = 10;
// A node that does not answer SSH within this time is reported by name (StarCluster waited
// forever).
constexpr Duration kSshDeadline = std::chrono::minutes(10);
constexpr const char kHostKeyPrefix[] = "CORRAL-HOST-KEY ";

std::vector<std::string> Names(const std::vector<const NodeInfo*>& nodes) {
  std::vector<std::string> out;
  for (const NodeInfo* n : nodes) out.push_back(n->alias);
  return out;
}

std::vector<std::string> SharedPaths(const ClusterInfo& c) {
  std::vector<std::string> paths = {"/home"};
  for (const VolumeSettings& v : c.settings.volumes) {
    if (!v.mount_path.empty() && v.mount_path != "/home") paths.push_back(v.mount_path);
  }
  return paths;
}

std::vector<std::pair<std::string, std::string>> HostsOf(const std::vector<const NodeInfo*>& nodes) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const NodeInfo* n : nodes) out.push_back({n->private_ip, n->alias});
  return out;
}

std::vector<const NodeInfo*> AllNodes(const ClusterInfo& c) {
  std::vector<const NodeInfo*> out;
  for (const NodeInfo& n : c.nodes) out.push_back(&n);
  return out;
}

}  // namespace

Status RunOnNodes(Remote& remote, const std::vector<const NodeInfo*>& nodes, const std::string& script,
                  size_t max_parallel) {
  std::vector<Status> r = FanOut(nodes.size(), max_parallel, [&](size_t i) {
    return RunChecked(remote, nodes[i]->ssh, script).status();
  });
  return FirstFailure(r, Names(nodes));
}

std::vector<const NodeInfo*> OtherNodes(const ClusterInfo& cluster, const std::vector<const NodeInfo*>& except) {
  std::vector<const NodeInfo*> out;
  for (const NodeInfo& n : cluster.nodes) {
    if (std::find(except.begin(), except.end(), &n) == except.end()) out.push_back(&n);
  }
  return out;
}

ClusterSetup::ClusterSetup(Remote& remote, Clock& clock, Logger& log, Scheduler* scheduler,
                           SetupHooks hooks)
    : remote_(remote), clock_(clock), log_(log), scheduler_(scheduler), hooks_(std::move(hooks)) {}

Result<std::string> ClusterSetup::ClusterUserIds(const ClusterInfo& cluster) {
  const NodeInfo* master = cluster.master();
  if (!master) return FailedPrecondition("cluster " + cluster.tag + " has no running master");
  RETURN_IF_ERROR(WaitForSsh(remote_, master->ssh, clock_, kSshDeadline));
  ASSIGN_OR_RETURN(RemoteResult r,
                   RunChecked(remote_, master->ssh, ClusterUserIdsScript(cluster.settings.cluster_user)));
  ASSIGN_OR_RETURN(auto ids, ParseUserIds(r.out));
  return std::to_string(ids.first) + " " + std::to_string(ids.second);
}

Status ClusterSetup::SetupNode(const ClusterInfo& cluster, const NodeInfo& node, const std::string& ids) {
  // The master answered already (ClusterUserIds); any other node is set up as soon as it answers.
  if (!node.is_master) RETURN_IF_ERROR(WaitForSsh(remote_, node.ssh, clock_, kSshDeadline));
  ASSIGN_OR_RETURN(auto uid_gid, ParseUserIds(ids));
  NodeScriptInput in;
  in.alias = node.alias;
  in.is_master = node.is_master;
  in.user = cluster.settings.cluster_user;
  in.shell = cluster.settings.cluster_shell;
  in.uid = uid_gid.first;
  in.gid = uid_gid.second;
  in.manage_hosts = !cluster.shared_filesystems;
  if (in.manage_hosts) in.hosts = HostsOf(AllNodes(cluster));
  std::string script = NodeSetupScript(in);
  if (!cluster.shared_filesystems) {
    script += "echo \"" + std::string(kHostKeyPrefix) + "$(cat /etc/ssh/ssh_host_ed25519_key.pub)\"\n";
  }
  ASSIGN_OR_RETURN(RemoteResult r, RunChecked(remote_, node.ssh, script));
  for (const std::string& line : Split(r.out, '\n')) {
    if (StartsWith(line, kHostKeyPrefix)) {
      std::vector<std::string> parts = SplitList(line.substr(sizeof(kHostKeyPrefix) - 1), ' ');
      if (parts.size() >= 2) {
        std::lock_guard<std::mutex> lock(host_keys_mu_);
        host_keys_[node.alias] = node.alias + "," + node.private_ip + " " + parts[0] + " " + parts[1];
      }
    }
  }
  log_.Debug(node.alias + ": base setup done");
  return Status::Ok();
}

Status ClusterSetup::SetupNodes(const ClusterInfo& cluster, const std::vector<const NodeInfo*>& nodes) {
  ASSIGN_OR_RETURN(std::string ids, ClusterUserIds(cluster));
  // The master first: it creates the shared home every other node uses.
  std::vector<const NodeInfo*> rest;
  for (const NodeInfo* n : nodes) {
    if (n->is_master) {
      RETURN_IF_ERROR(SetupNode(cluster, *n, ids).WithContext(n->alias));
    } else {
      rest.push_back(n);
    }
  }
  size_t done = 0;
  std::vector<Status> results = FanOut(
      rest.size(), kParallel, [&](size_t i) { return SetupNode(cluster, *rest[i], ids); },
      [&](size_t, const Status&) {
        ++done;
        if (done == rest.size() || done % 10 == 0) {
          log_.Info("Configured " + std::to_string(done) + "/" + std::to_string(rest.size()) + " worker(s)");
        }
      });
  return FirstFailure(results, Names(rest));
}

Status ClusterSetup::ShareFilesystems(const ClusterInfo& cluster, const std::vector<const NodeInfo*>& nodes) {
  if (cluster.shared_filesystems) return Status::Ok();  // the provider shares /home and volumes
  const NodeInfo* master = cluster.master();
  std::vector<const NodeInfo*> workers;
  for (const NodeInfo* n : nodes) {
    if (!n->is_master) workers.push_back(n);
  }
  // Root's key, so root reaches every node without a password.
  ASSIGN_OR_RETURN(RemoteResult key, RunChecked(remote_, master->ssh, MakeRootKeyScript()));
  // Host keys every node learned: new nodes get all, existing nodes get the new ones only.
  std::vector<std::string> all_keys, new_keys;
  {
    std::lock_guard<std::mutex> lock(host_keys_mu_);
    for (const auto& [alias, line] : host_keys_) {
      all_keys.push_back(line);
      for (const NodeInfo* n : nodes) {
        if (n->alias == alias) new_keys.push_back(line);
      }
    }
  }
  if (!workers.empty()) {
    RETURN_IF_ERROR(RunChecked(remote_, master->ssh, NfsExportScript(SharedPaths(cluster), Names(workers))).status());
  }
  std::vector<const NodeInfo*> everyone = AllNodes(cluster);
  std::vector<Status> results = FanOut(everyone.size(), kParallel, [&](size_t i) -> Status {
    const NodeInfo* n = everyone[i];
    bool is_new = std::find(nodes.begin(), nodes.end(), n) != nodes.end();
    RETURN_IF_ERROR(RunChecked(remote_, n->ssh, AddKnownHostsScript(is_new ? all_keys : new_keys)).status());
    if (!is_new) return Status::Ok();
    RunOptions with_key;
    with_key.stdin_data = key.out;
    if (!n->is_master) {
      RETURN_IF_ERROR(RunChecked(remote_, n->ssh, InstallRootKeyScript(), with_key).status());
      RETURN_IF_ERROR(RunChecked(remote_, n->ssh, NfsMountScript(master->alias, SharedPaths(cluster))).status());
    }
    return Status::Ok();
  });
  return FirstFailure(results, Names(everyone));
}

Status ClusterSetup::SetupCluster(const ClusterInfo& cluster) {
  TimePoint began = clock_.Now();
  std::vector<const NodeInfo*> nodes = AllNodes(cluster);
  log_.Info("Configuring " + std::to_string(nodes.size()) + " node(s): hostnames, user " +
            cluster.settings.cluster_user + ", SSH, scratch...");
  RETURN_IF_ERROR(SetupNodes(cluster, nodes));
  RETURN_IF_ERROR(ShareFilesystems(cluster, nodes));
  if (scheduler_) {
    log_.Info("Setting up " + scheduler_->Name() + "...");
    RETURN_IF_ERROR(scheduler_->Setup(cluster, remote_).WithContext(scheduler_->Name()));
  }
  if (hooks_.plugins) RETURN_IF_ERROR(hooks_.plugins("run", cluster, ""));
  double secs = std::chrono::duration<double>(clock_.Now() - began).count();
  log_.Info("Setup of " + std::to_string(nodes.size()) + " node(s) took " +
            std::to_string(static_cast<int>(secs + 0.5)) + " s");
  return Status::Ok();
}

Status ClusterSetup::AddNodes(const ClusterInfo& cluster, const std::vector<std::string>& aliases) {
  std::vector<const NodeInfo*> joining;
  for (const std::string& a : aliases) {
    const NodeInfo* n = cluster.Find(a);
    if (!n) return NotFound("node " + a + " is not running in cluster " + cluster.tag);
    joining.push_back(n);
  }
  RETURN_IF_ERROR(SetupNodes(cluster, joining));
  if (!cluster.shared_filesystems) {
    // Existing nodes learn only the joining nodes' names: constant work per join.
    RETURN_IF_ERROR(RunOnNodes(remote_, OtherNodes(cluster, joining), AddHostsScript(HostsOf(joining)), kParallel));
    RETURN_IF_ERROR(ShareFilesystems(cluster, joining));
  }
  for (const NodeInfo* n : joining) {
    if (scheduler_) {
      RETURN_IF_ERROR(scheduler_->AddNode(cluster, *n, remote_).WithContext(scheduler_->Name() + ": " + n->alias));
    }
    if (hooks_.plugins) RETURN_IF_ERROR(hooks_.plugins("on_add_node", cluster, n->alias));
  }
  return Status::Ok();
}

Status ClusterSetup::RemoveNodes(const ClusterInfo& cluster, const std::vector<std::string>& aliases,
                                 bool force) {
  std::vector<const NodeInfo*> leaving;
  for (const std::string& a : aliases) {
    if (const NodeInfo* n = cluster.Find(a)) leaving.push_back(n);
  }
  for (const NodeInfo* n : leaving) {
    if (hooks_.plugins) {
      Status s = hooks_.plugins("on_remove_node", cluster, n->alias);
      if (!s.ok() && !force) return s.WithContext("use -f to remove the node anyway");
      if (!s.ok()) log_.Warn(s.message());
    }
    if (scheduler_) RETURN_IF_ERROR(scheduler_->RemoveNode(cluster, *n, remote_, force));
  }
  if (!cluster.shared_filesystems && !leaving.empty()) {
    RETURN_IF_ERROR(RunOnNodes(remote_, OtherNodes(cluster, leaving), RemoveHostsScript(Names(leaving)), kParallel));
    if (const NodeInfo* m = cluster.master()) {
      RETURN_IF_ERROR(RunChecked(remote_, m->ssh, NfsUnexportScript(SharedPaths(cluster), Names(leaving))).status());
    }
  }
  return Status::Ok();
}

Status ClusterSetup::Shutdown(const ClusterInfo& cluster) {
  Status first;
  if (hooks_.plugins) first = hooks_.plugins("on_shutdown", cluster, "");
  if (scheduler_) {
    Status s = scheduler_->Shutdown(cluster, remote_);
    if (first.ok() && !s.ok()) first = s.WithContext(scheduler_->Name());
  }
  return first;
}

}  // namespace corral
