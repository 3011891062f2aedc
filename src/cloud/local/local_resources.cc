// LocalCloud: security groups, key pairs and volumes.
#include <algorithm>

#include "cloud/local/local_cloud_impl.h"
#include "cloud/local/node_files.h"
#include "cloud/local/node_process.h"
#include "cloud/local/ssh_keys.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

SecurityGroup ToGroup(const GroupRow& g) {
  return SecurityGroup{g.id, g.name, g.description, g.vpc_id, g.tags, g.permissions};
}

Volume ToVolume(const VolumeRow& v) {
  Volume out;
  out.id = v.id;
  out.size_gb = v.size_gb;
  out.zone = v.zone;
  out.status = v.status;
  out.create_time = v.create_time;
  out.tags = v.tags;
  if (!v.instance_id.empty()) out.attachments.push_back({v.instance_id, v.device, "attached"});
  return out;
}

// Where a volume may be mounted in a node: an absolute, normalized path that does not hide the
// node's system directories.
Status CheckMountPath(const std::string& path) {
  bool normalized = StartsWith(path, "/") && path.find("//") == std::string::npos &&
                    path.find("/./") == std::string::npos &&
                    path.find("/../") == std::string::npos && !EndsWith(path, "/.") &&
                    !EndsWith(path, "/..") && (path.size() == 1 || !EndsWith(path, "/"));
  if (!normalized) {
    return InvalidArgument("volume mount path must be an absolute, normalized path: '" + path + "'");
  }
  if (path == "/" || path == "/etc" || path == "/usr" || path == "/var") {
    return InvalidArgument("cannot mount a volume over " + path);
  }
  for (const char* system : {"/proc", "/sys", "/dev", "/run", "/tmp"}) {
    if (PathIsInside(path, system)) {
      return InvalidArgument("cannot mount a volume at " + path + " (inside the node's " +
                             system + ")");
    }
  }
  return Status::Ok();
}

}  // namespace

// ---- Security groups.

Result<SecurityGroup> LocalCloud::CreateSecurityGroup(const std::string& name,
                                                      const std::string& description,
                                                      const std::string& vpc_id) {
  if (name.empty()) return InvalidArgument("security group name must not be empty");
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<GroupRow> existing, store_->GetGroupByName(name));
  if (existing) return AlreadyExists("security group '" + name + "' already exists");
  GroupRow g;
  g.id = NewId("sg-");
  g.name = name;
  g.description = description;
  g.vpc_id = vpc_id;
  g.create_time = static_cast<long long>(clock_.NowSeconds());
  RETURN_IF_ERROR(store_->PutGroup(g));
  return ToGroup(g);
}

Result<std::vector<SecurityGroup>> LocalCloud::DescribeSecurityGroups(
    const std::string& name_pattern) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(std::vector<GroupRow> groups, store_->ListGroups());
  std::vector<SecurityGroup> out;
  bool prefix = EndsWith(name_pattern, "*");
  std::string stem = prefix ? name_pattern.substr(0, name_pattern.size() - 1) : name_pattern;
  for (const GroupRow& g : groups) {
    if (name_pattern.empty() || (prefix ? StartsWith(g.name, stem) : g.name == stem)) {
      out.push_back(ToGroup(g));
    }
  }
  return out;
}

Status LocalCloud::AuthorizeIngress(const std::string& group_id, const IpPermission& perm) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(GroupRow g, GetGroupRow(group_id));
  if (std::find(g.permissions.begin(), g.permissions.end(), perm) != g.permissions.end()) {
    return AlreadyExists("security group " + g.name + " already allows this rule");
  }
  g.permissions.push_back(perm);
  return store_->PutGroup(g);
}

Status LocalCloud::RevokeIngress(const std::string& group_id, const IpPermission& perm) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(GroupRow g, GetGroupRow(group_id));
  auto it = std::find(g.permissions.begin(), g.permissions.end(), perm);
  if (it == g.permissions.end()) return NotFound("security group " + g.name + " has no such rule");
  g.permissions.erase(it);
  return store_->PutGroup(g);
}

Status LocalCloud::DeleteSecurityGroup(const std::string& group_id) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(GroupRow g, GetGroupRow(group_id));
  ASSIGN_OR_RETURN(std::vector<InstanceRow> members, ClusterInstances(g.id));
  if (!members.empty()) {
    return FailedPrecondition("security group " + g.name + " (" + g.id + ") is in use by " +
                              std::to_string(members.size()) + " instance(s), e.g. " +
                              members.front().id);
  }
  if (!g.short_id.empty()) RETURN_IF_ERROR(DeleteBridge(runner_, BridgeName(g.short_id)));
  RETURN_IF_ERROR(RemoveAll(ClusterDir(g.id)));
  return store_->DeleteGroup(g.id);
}

// ---- Key pairs.

Result<KeyPair> LocalCloud::CreateKeyPair(const std::string& name) {
  if (name.empty()) return InvalidArgument("key pair name must not be empty");
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<KeyPairRow> existing, store_->GetKeyPair(name));
  if (existing) return AlreadyExists("key pair '" + name + "' already exists");
  const std::string scratch = opt_.state_dir + "/tmp/" + NewId("key-");
  RETURN_IF_ERROR(MakeDirs(scratch, 0700));
  Status st = GenerateEd25519Key(runner_, scratch + "/key", name);
  Result<std::string> priv = st.ok() ? ReadFile(scratch + "/key") : Result<std::string>(st);
  Result<std::string> pub = st.ok() ? ReadFile(scratch + "/key.pub") : Result<std::string>(st);
  RemoveAll(scratch).IgnoreError();
  if (!priv.ok()) return priv.status().WithContext("creating key pair " + name);
  if (!pub.ok()) return pub.status().WithContext("creating key pair " + name);
  ASSIGN_OR_RETURN(std::string fingerprint, KeyFingerprint(runner_, *pub));
  RETURN_IF_ERROR(store_->PutKeyPair(
      {name, fingerprint, Trim(*pub), static_cast<long long>(clock_.NowSeconds())}));
  return KeyPair{name, fingerprint, *priv};
}

Result<KeyPair> LocalCloud::ImportKeyPair(const std::string& name, const std::string& public_key) {
  if (name.empty()) return InvalidArgument("key pair name must not be empty");
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<KeyPairRow> existing, store_->GetKeyPair(name));
  if (existing) return AlreadyExists("key pair '" + name + "' already exists");
  Result<std::string> fingerprint = KeyFingerprint(runner_, public_key);
  if (!fingerprint.ok()) return fingerprint.status().WithContext("importing key pair " + name);
  RETURN_IF_ERROR(store_->PutKeyPair(
      {name, *fingerprint, Trim(public_key), static_cast<long long>(clock_.NowSeconds())}));
  return KeyPair{name, *fingerprint, ""};
}

Result<std::vector<KeyPair>> LocalCloud::DescribeKeyPairs() {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(std::vector<KeyPairRow> rows, store_->ListKeyPairs());
  std::vector<KeyPair> out;
  for (const KeyPairRow& k : rows) out.push_back({k.name, k.fingerprint, ""});
  return out;
}

Status LocalCloud::DeleteKeyPair(const std::string& name) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<KeyPairRow> existing, store_->GetKeyPair(name));
  if (!existing) return NotFound("key pair '" + name + "' does not exist");
  return store_->DeleteKeyPair(name);
}

// ---- Volumes.

Result<Volume> LocalCloud::CreateVolume(int size_gb, const std::string& zone, const Tags& tags) {
  if (size_gb < 1) return InvalidArgument("volume size must be at least 1 GB");
  if (!zone.empty() && zone != "local") {
    return InvalidArgument("unknown zone '" + zone + "' (the local provider has one zone, 'local')");
  }
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  VolumeRow v;
  v.id = NewId("vol-");
  v.size_gb = size_gb;
  v.zone = "local";
  v.status = "available";
  v.create_time = static_cast<long long>(clock_.NowSeconds());
  v.tags = tags;
  RETURN_IF_ERROR(MakeDirs(VolumeDir(v.id), 0755));
  RETURN_IF_ERROR(store_->PutVolume(v));
  return ToVolume(v);
}

Result<std::vector<Volume>> LocalCloud::DescribeVolumes(const std::vector<std::string>& ids) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(std::vector<VolumeRow> rows, store_->ListVolumes());
  std::vector<Volume> out;
  for (const std::string& id : ids) {
    if (std::none_of(rows.begin(), rows.end(), [&](const VolumeRow& v) { return v.id == id; })) {
      return NotFound("volume " + id + " does not exist");
    }
  }
  for (const VolumeRow& v : rows) {
    if (ids.empty() || std::find(ids.begin(), ids.end(), v.id) != ids.end()) {
      out.push_back(ToVolume(v));
    }
  }
  return out;
}

Status LocalCloud::MountVolumeInCluster(const VolumeRow& vol, const std::string& group_id) {
  ASSIGN_OR_RETURN(std::vector<InstanceRow> members, ClusterInstances(group_id));
  for (const InstanceRow& m : members) {
    InstanceRow now = Reconciled(m);
    if (now.state != InstanceState::kRunning) continue;
    RETURN_IF_ERROR(BindIntoNode(now.pid1, VolumeDir(vol.id), vol.mount_path)
                        .WithContext("attaching " + vol.id + " on node " + m.alias));
  }
  return Status::Ok();
}

Status LocalCloud::UnmountVolumeInCluster(const VolumeRow& vol, const std::string& group_id) {
  ASSIGN_OR_RETURN(std::vector<InstanceRow> members, ClusterInstances(group_id));
  for (const InstanceRow& m : members) {
    InstanceRow now = Reconciled(m);
    if (now.state != InstanceState::kRunning) continue;
    // Lazy: a shell sitting in the directory must not block the detach (EC2 forces it too).
    ProcessSpec spec;
    // -p too: the node's /proc shows only its PID namespace, so umount needs /proc/self there.
    spec.argv = {"nsenter", "-t", std::to_string(now.pid1), "-m", "-p", "--", "umount", "-l",
                 vol.mount_path};
    spec.timeout = Duration(30000);
    ASSIGN_OR_RETURN(ProcessOutput out, runner_.Run(spec));
    if (!out.success() && out.err.find("not mounted") == std::string::npos) {
      return Internal("detaching " + vol.id + " from node " + m.alias + ": " + Trim(out.err));
    }
  }
  return Status::Ok();
}

Status LocalCloud::ReleaseVolume(VolumeRow& v, const std::string& group_id) {
  RETURN_IF_ERROR(UnmountVolumeInCluster(v, group_id));
  v.instance_id.clear();
  v.device.clear();
  v.mount_path.clear();
  v.status = "available";
  return store_->PutVolume(v);
}

Status LocalCloud::ReleaseVolumesOf(const InstanceRow& row) {
  ASSIGN_OR_RETURN(std::vector<VolumeRow> volumes, store_->ListVolumes());
  for (VolumeRow& v : volumes) {
    if (v.instance_id == row.id) RETURN_IF_ERROR(ReleaseVolume(v, row.group_id));
  }
  return Status::Ok();
}

Status LocalCloud::AttachVolume(const std::string& volume_id, const std::string& instance_id,
                                const std::string& device, const std::string& mount_path) {
  RETURN_IF_ERROR(CheckMountPath(mount_path));
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<VolumeRow> vol, store_->GetVolume(volume_id));
  if (!vol) return NotFound("volume " + volume_id + " does not exist");
  if (!vol->instance_id.empty()) {
    return FailedPrecondition("volume " + volume_id + " is already attached to " +
                              vol->instance_id);
  }
  ASSIGN_OR_RETURN(InstanceRow inst, GetInstanceRow(instance_id));
  ASSIGN_OR_RETURN(std::vector<VolumeRow> all, store_->ListVolumes());
  ASSIGN_OR_RETURN(std::vector<InstanceRow> members, ClusterInstances(inst.group_id));
  for (const VolumeRow& other : all) {
    for (const InstanceRow& m : members) {
      if (other.instance_id == m.id && other.mount_path == mount_path) {
        return FailedPrecondition("volume " + other.id + " is already mounted at " + mount_path +
                                  " in this cluster");
      }
    }
  }
  vol->instance_id = instance_id;
  vol->device = device;
  vol->mount_path = mount_path;
  vol->status = "in-use";
  Status st = MountVolumeInCluster(*vol, inst.group_id);
  if (!st.ok()) {
    UnmountVolumeInCluster(*vol, inst.group_id).IgnoreError();
    return st;
  }
  return store_->PutVolume(*vol);
}

Status LocalCloud::DetachVolume(const std::string& volume_id) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<VolumeRow> vol, store_->GetVolume(volume_id));
  if (!vol) return NotFound("volume " + volume_id + " does not exist");
  if (vol->instance_id.empty()) {
    return FailedPrecondition("volume " + volume_id + " is not attached");
  }
  ASSIGN_OR_RETURN(InstanceRow inst, GetInstanceRow(vol->instance_id));
  return ReleaseVolume(*vol, inst.group_id);
}

Status LocalCloud::DeleteVolume(const std::string& volume_id) {
  std::lock_guard<std::mutex> guard(mu_);
  ASSIGN_OR_RETURN(FileLock lock, LockState());
  ASSIGN_OR_RETURN(std::optional<VolumeRow> vol, store_->GetVolume(volume_id));
  if (!vol) return NotFound("volume " + volume_id + " does not exist");
  if (!vol->instance_id.empty()) {
    return FailedPrecondition("volume " + volume_id + " is attached to " + vol->instance_id +
                              "; detach it first");
  }
  RETURN_IF_ERROR(RemoveAll(VolumeDir(volume_id)));
  return store_->DeleteVolume(volume_id);
}

}  // namespace corral
