#include "cli/cluster_access.h"

#include <istream>
#include <ostream>

#include "cli/cloud_access.h"
#include "cli/config_access.h"
#include "cloud/local/local_cloud.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {

Result<ClusterSession> OpenSession(CliContext& ctx, const std::string& cloud_name) {
  ClusterSession s;
  ASSIGN_OR_RETURN(s.config, LoadConfigForCommand(ctx));
  ASSIGN_OR_RETURN(s.cloud,
                   OpenCloud(ctx, s.config, cloud_name.empty() ? DefaultCloudName(s.config) : cloud_name));
  s.manager = std::make_unique<ClusterManager>(*s.cloud, *ctx.clock, *ctx.log);
  return s;
}

Result<RemoteHost> NodeHost(ClusterSession& s, const ClusterState& cluster, const Instance& node,
                            const std::string& user) {
  ASSIGN_OR_RETURN(SshEndpoint ep, s.cloud->SshEndpointFor(node));
  RemoteHost h;
  h.alias = node.Alias().empty() ? node.id : node.Alias();
  h.address = ep.host;
  h.port = ep.port;
  h.user = user.empty() ? "root" : user;
  h.known_hosts_file = ep.known_hosts_file;
  h.host_key_alias = ep.host_key_alias;
  auto key = s.config.keys.find(cluster.settings.keyname);
  if (key != s.config.keys.end() && PathExists(key->second.location)) {
    h.identity_file = key->second.location;
  } else if (auto* local = dynamic_cast<LocalCloudExtras*>(s.cloud.get())) {
    ASSIGN_OR_RETURN(h.identity_file, local->ClusterRootKeyPath(node.id));
  } else if (key == s.config.keys.end()) {
    return InvalidArgument("key " + cluster.settings.keyname +
                           " not found in config: add a [key " + cluster.settings.keyname +
                           "] section with KEY_LOCATION");
  } else {
    return InvalidArgument("key file " + key->second.location + " of key " + key->first +
                           " does not exist");
  }
  return h;
}

Result<const Instance*> RunningNode(const ClusterState& cluster, const std::string& id) {
  const Instance* n = cluster.FindNode(id);
  if (!n) {
    std::vector<std::string> aliases;
    for (const Instance& i : cluster.nodes) aliases.push_back(i.Alias());
    return NotFound("node " + id + " not found in cluster " + cluster.tag + " (nodes: " +
                    Join(aliases, ", ") + ")");
  }
  if (n->state != InstanceState::kRunning) {
    return FailedPrecondition("node " + n->Alias() + " of cluster " + cluster.tag + " is " +
                              InstanceStateName(n->state) + ": start it with 'corral start -x " +
                              cluster.tag + "'");
  }
  return n;
}

bool Confirm(CliContext& ctx, const std::string& question) {
  *ctx.out << question << " (y/n)? " << std::flush;
  std::string answer;
  if (!ctx.in || !std::getline(*ctx.in, answer)) return false;
  answer = Trim(answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

Status EnsureKeyPair(CliContext& ctx, Cloud& cloud, const ClusterTemplate& t) {
  if (t.keyname.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(std::vector<KeyPair> pairs, cloud.DescribeKeyPairs());
  bool exists = false;
  for (const KeyPair& k : pairs) exists |= k.name == t.keyname;
  std::string location = t.key.location;
  bool have_file = !location.empty() && PathExists(location);
  if (exists) {
    if (!have_file && cloud.Name() != "local") {
      return InvalidArgument("key file " + location + " of key " + t.keyname + " does not exist");
    }
    return Status::Ok();
  }
  if (cloud.Name() != "local") {
    return InvalidArgument("key pair " + t.keyname + " does not exist in region " + cloud.Region() +
                           ": create it with 'corral createkey " + t.keyname + "'");
  }
  if (have_file) {
    ProcessSpec spec{{"ssh-keygen", "-y", "-f", location}};
    ASSIGN_OR_RETURN(ProcessOutput pub, RunChecked(*ctx.runner, spec));
    ctx.log->Info("Importing key pair " + t.keyname + " from " + location + "...");
    return cloud.ImportKeyPair(t.keyname, Trim(pub.out)).status();
  }
  if (location.empty()) return InvalidArgument("key " + t.keyname + " has no KEY_LOCATION");
  ctx.log->Info("Creating key pair " + t.keyname + " (private key: " + location + ")...");
  ASSIGN_OR_RETURN(KeyPair k, cloud.CreateKeyPair(t.keyname));
  size_t slash = location.rfind('/');
  if (slash != std::string::npos && slash > 0) RETURN_IF_ERROR(MakeDirs(location.substr(0, slash), 0700));
  return WriteFileAtomic(location, k.private_key, 0600);
}

}  // namespace corral
