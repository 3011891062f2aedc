// FakeCloud: an in-memory Cloud for tests. Instances start "running" at once (or "pending" for
// `pending_polls` describes), every call is counted by name, and faults can be injected the way
// leveldb's ErrorEnv does: the next N calls of a method fail with a given Status (throttling,
// insufficient capacity), and new instances can stay invisible to DescribeInstances for a few
// calls (eventual consistency). Thread-safe.
#ifndef CORRAL_TESTING_FAKE_CLOUD_H_
#define CORRAL_TESTING_FAKE_CLOUD_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/cloud.h"

namespace corral {

class FakeCloud : public Cloud {
 public:
  explicit FakeCloud(std::string name = "fake") : name_(std::move(name)) {}

  // The next `times` calls of `method` (e.g. "RunInstances") fail with `status`.
  void FailNext(const std::string& method, Status status, int times = 1);
  // New instances stay invisible to DescribeInstances for this many calls.
  void SetInvisibleDescribes(int n) { invisible_describes_ = n; }
  // New instances stay pending for this many DescribeInstances calls.
  void SetPendingPolls(int n) { pending_polls_ = n; }
  void SetSharesFilesystems(bool v) { shares_filesystems_ = v; }
  // How often each method was called.
  std::map<std::string, int> calls() const;
  // Every instance ever launched, terminated ones included.
  std::vector<Instance> AllInstances() const;
  std::vector<SecurityGroup> AllGroups() const;

  std::string Name() const override { return name_; }
  std::string Region() const override { return "fake-1"; }
  Result<std::vector<Instance>> RunInstances(const LaunchRequest& req) override;
  Result<std::vector<Instance>> DescribeInstances(const InstanceFilter& filter) override;
  Status StartInstances(const std::vector<std::string>& ids) override;
  Status StopInstances(const std::vector<std::string>& ids) override;
  Status RebootInstances(const std::vector<std::string>& ids) override;
  Status TerminateInstances(const std::vector<std::string>& ids) override;
  Status CreateTags(const std::vector<std::string>& ids, const Tags& tags) override;
  Result<std::string> GetConsoleOutput(const std::string& id) override;
  Result<SecurityGroup> CreateSecurityGroup(const std::string& name, const std::string& description,
                                            const std::string& vpc_id) override;
  Result<std::vector<SecurityGroup>> DescribeSecurityGroups(const std::string& pattern) override;
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
  bool SharesFilesystems() const override { return shares_filesystems_; }
  Result<SshEndpoint> SshEndpointFor(const Instance& instance) override;

 private:
  // Counts the call and returns an injected failure, if any. Requires mu_.
  Status Enter(const std::string& method);
  Instance* FindInstance(const std::string& id);
  SecurityGroup* FindGroup(const std::string& id_or_name);

  std::string name_;
  mutable std::mutex mu_;
  std::map<std::string, int> calls_;
  std::map<std::string, std::pair<Status, int>> failures_;
  std::vector<Instance> instances_;
  std::map<std::string, int> invisible_;  // instance id -> describes left
  std::map<std::string, int> pending_;    // instance id -> describes left
  std::vector<SecurityGroup> groups_;
  std::vector<KeyPair> keys_;
  std::vector<Volume> volumes_;
  std::vector<std::string> placement_groups_;
  int invisible_describes_ = 0;
  int pending_polls_ = 0;
  bool shares_filesystems_ = false;
  int next_id_ = 1;
};

}  // namespace corral

#endif  // CORRAL_TESTING_FAKE_CLOUD_H_
