// Internal: the LocalCloud class shared by local_cloud.cc (state, describe, tags), local_nodes.cc
// (launch, start, stop, terminate) and local_resources.cc (groups, key pairs, volumes).
#ifndef CORRAL_CLOUD_LOCAL_LOCAL_CLOUD_IMPL_H_
#define CORRAL_CLOUD_LOCAL_LOCAL_CLOUD_IMPL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/local/host_network.h"
#include "cloud/local/local_cloud.h"
#include "cloud/local/local_store.h"

namespace corral {

// An exclusive flock(2) on a file, released on destruction. Each instance opens its own
// descriptor, so it excludes other threads of this process as well as other processes.
class FileLock {
 public:
  // Blocks until the lock is held (`wait`), or returns an unlocked object when it is busy.
  static Result<FileLock> Acquire(const std::string& path, bool wait = true);
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock();
  bool held() const { return fd_ >= 0; }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Where a node is and what it is called on the host.
struct NodePlace {
  std::string dir;       // <state>/clusters/<group>/nodes/<instance>
  NodeNetwork net;
};

class LocalCloud : public Cloud, public LocalCloudExtras {
 public:
  LocalCloud(const LocalCloudOptions& options, std::unique_ptr<LocalStore> store);

  std::string Name() const override { return "local"; }
  std::string Region() const override { return "local"; }

  Result<std::vector<Instance>> RunInstances(const LaunchRequest& req) override;
  Result<std::vector<Instance>> DescribeInstances(const InstanceFilter& filter) override;
  Status StartInstances(const std::vector<std::string>& ids) override;
  Status StopInstances(const std::vector<std::string>& ids) override;
  Status RebootInstances(const std::vector<std::string>& ids) override;
  Status TerminateInstances(const std::vector<std::string>& ids) override;
  Status CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags) override;
  Result<std::string> GetConsoleOutput(const std::string& instance_id) override;

  Result<SecurityGroup> CreateSecurityGroup(const std::string& name,
                                            const std::string& description,
                                            const std::string& vpc_id) override;
  Result<std::vector<SecurityGroup>> DescribeSecurityGroups(
      const std::string& name_pattern) override;
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
  bool SharesFilesystems() const override { return true; }
  Result<SshEndpoint> SshEndpointFor(const Instance& instance) override;

  Result<long long> NodeInitPid(const std::string& instance_id) override;
  Result<std::string> ClusterRootKeyPath(const std::string& instance_id) override;

 private:
  // --- local_cloud.cc: paths, ids, locks, conversion, reconciliation.
  std::string ClusterDir(const std::string& group_id) const;
  std::string NodeDir(const InstanceRow& row) const;
  std::string VolumeDir(const std::string& volume_id) const;
  NodePlace PlaceOf(const InstanceRow& row, const GroupRow& group) const;
  std::string NewId(const std::string& prefix);
  Result<FileLock> LockState(bool wait = true);
  Instance ToInstance(const InstanceRow& row, const std::string& group_name) const;
  // The row as reality has it: a "running" node whose init is gone is stopped.
  InstanceRow Reconciled(const InstanceRow& row) const;
  Result<InstanceRow> GetInstanceRow(const std::string& id);
  Result<GroupRow> GetGroupRow(const std::string& id_or_name);
  Result<std::vector<InstanceRow>> ClusterInstances(const std::string& group_id);
  Result<std::vector<InstanceRow>> GetInstanceRows(const std::vector<std::string>& ids);

  // --- local_nodes.cc: clusters and nodes.
  Status EnsureClusterNetwork(GroupRow& group);
  Status EnsureClusterFiles(const GroupRow& group);
  Status RemoveClusterIfUnused(const std::string& group_id);
  Status PrepareNode(const InstanceRow& row, const GroupRow& group);
  Status WriteNodeBootFiles(const InstanceRow& row, const GroupRow& group);
  Status BootNode(InstanceRow& row, const GroupRow& group);
  Status WaitNodesReady(const std::vector<InstanceRow*>& rows);
  // Stops the nodes' processes together and removes their networks; rows become stopped.
  Status ShutdownNodes(std::vector<InstanceRow>& rows);
  // Shuts the nodes down and removes their hosts lines and directories (not their rows).
  Status DestroyNodes(std::vector<InstanceRow> rows);
  Status EditClusterHosts(const std::string& group_id, const std::string& ip,
                          const std::string& name, bool add);
  Status StartLocked(std::vector<InstanceRow>& rows);

  // --- local_resources.cc: volume mounts in running nodes.
  Status MountVolumeInCluster(const VolumeRow& vol, const std::string& group_id);
  Status UnmountVolumeInCluster(const VolumeRow& vol, const std::string& group_id);
  Status ReleaseVolume(VolumeRow& vol, const std::string& group_id);
  Status ReleaseVolumesOf(const InstanceRow& row);

  LocalCloudOptions opt_;
  ProcessRunner& runner_;
  Clock& clock_;
  Logger& log_;
  std::mutex mu_;  // guards store_ (one SQLite connection)
  std::unique_ptr<LocalStore> store_;
};

// Is `alias` usable as a node's hostname (RFC 1123 label, at most 63 characters)?
bool IsValidNodeName(const std::string& alias);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_LOCAL_CLOUD_IMPL_H_
