// EBS volume rules (StarCluster's Cluster.load_volumes and validate_ebs_settings).
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "config/config_validation.h"

namespace corral {
namespace {

bool IsValidDevice(const std::string& device) {
  static const std::regex kDevice("/dev/sd[a-z]");
  return std::regex_match(device, kDevice);
}

bool IsValidPartition(const std::string& partition) {
  static const std::regex kPartition("/dev/sd[a-z][1-9][0-9]?");
  return std::regex_match(partition, kPartition);
}

SourceLocation Where(const VolumeSettings& v, const std::string& key) {
  auto it = v.locations.find(key);
  return it == v.locations.end() ? v.section : it->second;
}

Status Fail(const SourceLocation& loc, const std::string& message) {
  return InvalidArgument(loc.ToString() + ": " + message);
}

// The partition device ("/dev/sdz1") of a volume with a non-zero PARTITION, else "".
std::string PartitionDevice(const VolumeSettings& v) {
  if (!v.partition || *v.partition == 0) return "";
  return v.device + std::to_string(*v.partition);
}

Status CheckOne(const VolumeSettings& v) {
  if (!IsValidDevice(v.device)) return Fail(Where(v, "DEVICE"), "invalid device specified: " + v.device);
  std::string part = PartitionDevice(v);
  if (!part.empty() && !IsValidPartition(part)) {
    return Fail(Where(v, "PARTITION"), "invalid partition specified: " + std::to_string(*v.partition));
  }
  if (v.mount_path.empty()) return Fail(Where(v, "MOUNT_PATH"), "Missing MOUNT_PATH setting for volume " + v.name);
  if (v.mount_path[0] != '/') {
    return Fail(Where(v, "MOUNT_PATH"), "MOUNT_PATH for volume " + v.name + " should start with /");
  }
  if (v.mount_path == "/") return Fail(Where(v, "MOUNT_PATH"), "MOUNT_PATH for volume " + v.name + " cannot be /");
  return Status::Ok();
}

}  // namespace

void AssignVolumeDevices(std::vector<VolumeSettings>& volumes) {
  std::vector<std::string> free;
  for (char c = 'a'; c <= 'z'; ++c) free.push_back(std::string("/dev/sd") + c);
  std::map<std::string, std::string> by_volume_id;
  for (const VolumeSettings& v : volumes) {
    free.erase(std::remove(free.begin(), free.end(), v.device), free.end());
    if (!v.device.empty() && !by_volume_id.count(v.volume_id)) by_volume_id[v.volume_id] = v.device;
  }
  for (VolumeSettings& v : volumes) {
    if (!v.device.empty()) continue;
    auto known = by_volume_id.find(v.volume_id);
    if (known != by_volume_id.end()) {
      v.device = known->second;
    } else if (!free.empty()) {
      v.device = free.back();
      free.pop_back();
      by_volume_id[v.volume_id] = v.device;
    }
  }
}

Status ValidateVolumes(const ClusterTemplate& t) {
  std::map<std::string, std::vector<std::string>> devices_of, partitions_of, volumes_on;
  std::set<std::string> mount_paths;
  for (const VolumeSettings& v : t.volumes) {
    RETURN_IF_ERROR(CheckOne(v));
    std::vector<std::string>& devices = devices_of[v.volume_id];
    std::vector<std::string>& partitions = partitions_of[v.volume_id];
    std::string part = PartitionDevice(v);
    if (!devices.empty() && std::find(devices.begin(), devices.end(), v.device) == devices.end()) {
      return Fail(Where(v, "DEVICE"), "Can't attach volume " + v.volume_id + " to more than one device");
    }
    if (std::find(partitions.begin(), partitions.end(), part) != partitions.end()) {
      return Fail(v.section, "Multiple configurations for " + v.volume_id +
                                 ": either pick one or specify a separate partition for each configuration");
    }
    devices.push_back(v.device);
    partitions.push_back(part);
    std::vector<std::string>& ids = volumes_on[v.device];
    if (!ids.empty() && std::find(ids.begin(), ids.end(), v.volume_id) == ids.end()) {
      return Fail(Where(v, "DEVICE"), "Can't attach more than one volume on device " + v.device);
    }
    ids.push_back(v.volume_id);
    if (!mount_paths.insert(v.mount_path).second) {
      return Fail(Where(v, "MOUNT_PATH"), "Can't mount more than one volume on " + v.mount_path);
    }
  }
  return Status::Ok();
}

}  // namespace corral
