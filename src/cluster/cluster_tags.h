// The settings a cluster keeps in its security group's tags, in StarCluster 0.95.6's encoding so
// that StarCluster and corral can each see, resume and terminate the other's clusters:
//   @sc-version             "0.95.6"
//   @sc-core[-1, -2, ...]   {cluster_size, master_image_id, master_instance_type, node_image_id,
//                            node_instance_type, availability_zone, dns_prefix, subnet_id,
//                            public_ips, disable_queue, disable_cloudinit}
//   @sc-user[-1, ...]       {cluster_user, cluster_shell, keyname, spot_bid}
//   @sc-corral[-1, ...]     corral's additions: {template, cloud, scheduler, volumes, plugins,
//                            master_is_exec_host, slots_per_host}; StarCluster ignores it.
// Each value is JSON in StarCluster's tag encoding (sc_footprint.h). Pure functions.
#ifndef CORRAL_CLUSTER_CLUSTER_TAGS_H_
#define CORRAL_CLUSTER_CLUSTER_TAGS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "cloud/cloud.h"
#include "cluster/sc_footprint.h"
#include "config/config.h"
#include "util/status.h"

namespace corral {

// Encodes `value` under tag `base` (e.g. "@sc-core"), in as many chunks as needed.
Tags EncodeTagValue(const std::string& base, const nlohmann::json& value);
// Reassembles and decodes `base` from `tags`. NotFound when absent, InvalidArgument when corrupt.
Result<nlohmann::json> DecodeTagValue(const Tags& tags, const std::string& base);

// Every tag the cluster's group carries for `tmpl` (version, core, user, corral).
Tags ClusterGroupTags(const ClusterTemplate& tmpl);
// Overlays the settings stored in a group's tags onto `base` (the config's template of the same
// name, or defaults); returns an error naming the tag when a present tag cannot be decoded.
Result<ClusterTemplate> SettingsFromGroupTags(const Tags& tags, ClusterTemplate base);

}  // namespace corral

#endif  // CORRAL_CLUSTER_CLUSTER_TAGS_H_
