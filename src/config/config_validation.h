// StarCluster's ClusterValidator checks that need no cloud (spec §2.6: VPC public IPs, spot bid,
// cluster size and instance-type counts, cluster user, permissions, EBS volume settings, user-data
// files, DNS prefix), with StarCluster's message text after a "file:line: " prefix. Pure except
// CheckUserdataScripts, which looks at the filesystem.
#ifndef CORRAL_CONFIG_CONFIG_VALIDATION_H_
#define CORRAL_CONFIG_CONFIG_VALIDATION_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "util/status.h"

namespace corral {

// Every pure check, in StarCluster's order; the first failure is returned (InvalidArgument).
// Advice that is not an error (a VPC cluster without public IPs) is appended to `warnings`.
Status ValidateTemplate(const ClusterTemplate& t, std::vector<std::string>* warnings = nullptr);

// With DNS_PREFIX = True the cluster tag becomes part of host names, so it must be a valid one.
Status ValidateDnsPrefix(const ClusterTemplate& t, const std::string& tag);

// Every USERDATA_SCRIPTS entry exists and is a regular file.
Status CheckUserdataScripts(const ClusterTemplate& t);

// Gives volumes without DEVICE one: /dev/sdz, /dev/sdy, ... skipping devices named by other
// volumes; a VOLUME_ID listed twice keeps one device. The loader calls it for every template.
void AssignVolumeDevices(std::vector<VolumeSettings>& volumes);

// The volume rules alone (devices, partitions, duplicates, mount paths).
Status ValidateVolumes(const ClusterTemplate& t);

// "a.b.c.d/n" with octets <= 255 and n <= 32.
bool IsValidCidr(const std::string& cidr);
// Dot-separated labels of 1-63 letters, digits and '-', not starting or ending with '-'.
bool IsValidHostname(const std::string& name);

}  // namespace corral

#endif  // CORRAL_CONFIG_CONFIG_VALIDATION_H_
