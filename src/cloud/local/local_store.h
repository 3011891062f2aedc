// LocalStore: the local provider's durable state in SQLite (<state_dir>/state.db): instances,
// security groups (one per cluster, with its network), key pairs and volumes.
//
// The database runs in WAL mode with a busy timeout, so two corral processes can read and write
// it at once; callers that change host objects (namespaces, links) also hold the state
// directory's lock (see StateLock in local_cloud.cc) so that their multi-step changes never
// interleave. One LocalStore is one connection: not thread-safe, guard it with a mutex.
#ifndef CORRAL_CLOUD_LOCAL_LOCAL_STORE_H_
#define CORRAL_CLOUD_LOCAL_LOCAL_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cloud/cloud.h"
#include "util/status.h"

struct sqlite3;

namespace corral {

struct InstanceRow {
  std::string id;        // i- + 17 hex
  std::string alias;     // node name = hostname
  std::string group_id;  // the cluster's security group
  std::string ip;
  std::string mac;
  InstanceState state = InstanceState::kPending;
  std::string state_reason;
  long long pid1 = 0;        // host PID of the node's init, 0 when not running
  long long pid1_start = 0;  // its start time (clock ticks after boot, /proc/PID/stat field 22)
  std::string boot_id;       // the kernel boot the PID belongs to
  long long launch_time = 0;
  std::string instance_type;
  std::string image_id;
  std::string key_name;
  Tags tags;
  std::string user_data;
};

struct GroupRow {
  std::string id;  // sg- + 17 hex
  std::string name;
  std::string description;
  std::string vpc_id;
  Tags tags;
  std::vector<IpPermission> permissions;
  std::string short_id;  // names of host objects; empty until the cluster's network exists
  std::string subnet;    // "10.201.0.0/24"; empty until the cluster's network exists
  long long create_time = 0;
};

struct KeyPairRow {
  std::string name;
  std::string fingerprint;
  std::string public_key;
  long long create_time = 0;
};

struct VolumeRow {
  std::string id;  // vol- + 17 hex
  int size_gb = 0;
  std::string zone;
  std::string status;  // available, in-use
  long long create_time = 0;
  Tags tags;
  std::string instance_id;  // attachment; empty when detached
  std::string device;
  std::string mount_path;
};

class LocalStore {
 public:
  // Opens (creating if needed) the database at `path`.
  static Result<std::unique_ptr<LocalStore>> Open(const std::string& path);
  ~LocalStore();
  LocalStore(const LocalStore&) = delete;
  LocalStore& operator=(const LocalStore&) = delete;

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it returns an error.
  template <typename F>
  Status Transaction(F&& body) {
    RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status st = body();
    if (!st.ok()) {
      Exec("ROLLBACK").IgnoreError();
      return st;
    }
    return Exec("COMMIT");
  }

  Status PutInstance(const InstanceRow& row);  // insert or replace
  Result<std::optional<InstanceRow>> GetInstance(const std::string& id);
  Result<std::vector<InstanceRow>> ListInstances();  // every row, by launch time then id
  Status DeleteInstance(const std::string& id);

  Status PutGroup(const GroupRow& row);
  Result<std::optional<GroupRow>> GetGroup(const std::string& id);
  Result<std::optional<GroupRow>> GetGroupByName(const std::string& name);
  Result<std::vector<GroupRow>> ListGroups();
  Status DeleteGroup(const std::string& id);

  Status PutKeyPair(const KeyPairRow& row);
  Result<std::optional<KeyPairRow>> GetKeyPair(const std::string& name);
  Result<std::vector<KeyPairRow>> ListKeyPairs();
  Status DeleteKeyPair(const std::string& name);

  Status PutVolume(const VolumeRow& row);
  Result<std::optional<VolumeRow>> GetVolume(const std::string& id);
  Result<std::vector<VolumeRow>> ListVolumes();
  Status DeleteVolume(const std::string& id);

  Status Exec(const std::string& sql);

 private:
  explicit LocalStore(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Tags and rules as JSON text, for the database.
std::string TagsToJson(const Tags& tags);
Tags TagsFromJson(const std::string& json);
std::string PermissionsToJson(const std::vector<IpPermission>& perms);
std::vector<IpPermission> PermissionsFromJson(const std::string& json);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_LOCAL_STORE_H_
