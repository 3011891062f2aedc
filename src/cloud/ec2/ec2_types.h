// Records that only EC2 has (the Cloud interface covers what every provider shares): regions,
// zones, images, instance types, spot prices, snapshots.
#ifndef CORRAL_CLOUD_EC2_EC2_TYPES_H_
#define CORRAL_CLOUD_EC2_EC2_TYPES_H_

#include <string>
#include <vector>

#include "cloud/cloud.h"

namespace corral {

struct Region {
  std::string name;
  std::string endpoint;
  std::string opt_in_status;  // opt-in-not-required, opted-in, not-opted-in (may be empty)
};

struct Zone {
  std::string name;
  std::string state;  // available, information, impaired, unavailable
  std::string region;
  std::vector<std::string> messages;
};

struct Image {
  std::string id;
  std::string name;
  std::string description;
  std::string owner_id;
  std::string state;                // available, pending, failed, ...
  std::string architecture;         // x86_64, arm64, i386
  std::string virtualization_type;  // hvm, paravirtual
  std::string root_device_type;     // ebs, instance-store
  std::string root_device_name;     // e.g. /dev/xvda
  std::string platform;             // "windows" or empty
  bool is_public = false;
  long long creation_time = 0;
  Tags tags;
};

struct InstanceTypeInfo {
  std::string name;  // "c5.large"
  std::vector<std::string> architectures;          // x86_64, arm64, i386
  std::vector<std::string> virtualization_types;   // hvm, paravirtual
  std::vector<std::string> root_device_types;      // ebs, instance-store
  std::vector<std::string> placement_strategies;   // cluster, partition, spread
  int vcpus = 0;
  long long memory_mib = 0;
  bool current_generation = true;
  bool supports_spot = true;
};

struct SpotPrice {
  std::string instance_type;
  std::string product;  // "Linux/UNIX", "Linux/UNIX (Amazon VPC)"
  std::string zone;
  double price = 0;
  long long time = 0;  // seconds since the epoch
};

struct Snapshot {
  std::string id;
  std::string volume_id;
  std::string status;  // pending, completed, error
  std::string progress;
  int size_gb = 0;
};

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_EC2_TYPES_H_
