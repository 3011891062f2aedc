// The files that make a local-provider node: /etc/hosts editing, sshd and ssh client
// configuration, and the boot script that node-init runs inside the node's namespaces. Pure text
// functions, tested without root; see docs/local-provider.md for the node layout they implement.
#ifndef CORRAL_CLOUD_LOCAL_NODE_FILES_H_
#define CORRAL_CLOUD_LOCAL_NODE_FILES_H_

#include <string>
#include <vector>

#include "util/status.h"

namespace corral {

// The cluster's /etc/hosts starts as "127.0.0.1 localhost" and nothing else: no 127.0.1.1 line,
// which would resolve a node's own name to loopback (Grid Engine compares forward and reverse
// lookups with the peer address).
std::string InitialHostsFile();
// `text` with one "IP name" line for the node (short name first), replacing any line for the same
// IP or name.
std::string HostsWithEntry(const std::string& text, const std::string& ip, const std::string& name);
// `text` without the line(s) for `ip`.
std::string HostsWithoutEntry(const std::string& text, const std::string& ip);

// Resolver configuration: no nameserver (nodes have no DNS), fail fast.
std::string ResolvConf();
// The cluster's known_hosts: one line trusting the cluster's host CA for every name.
std::string KnownHostsFile(const std::string& ca_public_key);

// sshd_config of a node listening on `ip` with its CA-signed host key.
std::string SshdConfig(const std::string& ip);
// The node's /etc/ssh/ssh_config: corral's settings (strict host-key checking against the CA,
// no prompts) ahead of the host's own file, so they win (ssh uses the first value it reads).
std::string SshClientConfig(const std::string& host_ssh_config);

struct OverlayMount {
  std::string target;  // also the lower layer: the host's directory
  std::string upper;
  std::string work;
};
struct BindMount {
  std::string source;
  std::string target;
  bool create_target = false;  // mkdir -p the target first (volume mount paths)
};
// Everything the boot script does, in order: hostname, overlays, binds, volumes, then tmpfs
// /run and /tmp (last, because the state directory may live under /tmp), then sshd.
struct BootPlan {
  std::string hostname;
  std::vector<OverlayMount> overlays;
  std::vector<BindMount> binds;  // cluster files, /root, /home, volumes
};
std::string BootScript(const BootPlan& plan);

// Refuses an overlay whose upper or work directory lies inside its lower directory (or the
// reverse): the kernel rejects overlapping layers. Paths must be absolute and normalized.
Status CheckOverlayLayers(const OverlayMount& overlay);
// True when `path` equals `dir` or lies below it ("/a/b" is inside "/a", "/ab" is not).
bool PathIsInside(const std::string& path, const std::string& dir);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_NODE_FILES_H_
