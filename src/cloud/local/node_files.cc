#include "cloud/local/node_files.h"

#include "util/strings.h"

namespace corral {
namespace {

// The first two whitespace-separated fields of a hosts line ("" when absent).
std::pair<std::string, std::vector<std::string>> HostsFields(const std::string& line) {
  std::vector<std::string> fields;
  std::string cur;
  for (char c : line) {
    if (c == '#') break;
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) fields.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) fields.push_back(cur);
  if (fields.empty()) return {"", {}};
  std::string ip = fields[0];
  fields.erase(fields.begin());
  return {ip, fields};
}

std::string FilterHosts(const std::string& text, const std::string& ip, const std::string& name) {
  std::string out;
  for (const std::string& line : Split(text, '\n')) {
    auto [line_ip, names] = HostsFields(line);
    bool drop = !line_ip.empty() && line_ip == ip;
    for (const std::string& n : names) drop = drop || (!name.empty() && n == name);
    if (drop) continue;
    out += line + "\n";
  }
  // Split leaves one empty piece after a final newline; do not let it grow the file.
  while (EndsWith(out, "\n\n")) out.pop_back();
  if (out == "\n") out.clear();
  return out;
}

}  // namespace

std::string InitialHostsFile() { return "127.0.0.1 localhost\n"; }

std::string HostsWithEntry(const std::string& text, const std::string& ip,
                           const std::string& name) {
  return FilterHosts(text, ip, name) + ip + " " + name + "\n";
}

std::string HostsWithoutEntry(const std::string& text, const std::string& ip) {
  return FilterHosts(text, ip, "");
}

std::string ResolvConf() {
  return "# corral local cluster: no DNS; names come from /etc/hosts\n"
         "options timeout:1 attempts:1\n";
}

std::string KnownHostsFile(const std::string& ca_public_key) {
  return "@cert-authority * " + Trim(ca_public_key) + "\n";
}

std::string SshdConfig(const std::string& ip) {
  // UsePAM yes (unlike the measured notes, which shared /etc/passwd without shadow entries):
  // nodes have their own /etc, so `useradd` writes a shadow entry with "!" as on any Debian
  // machine, and without PAM sshd treats "!" as a locked account and refuses even public keys.
  return "# corral local node: generated at each boot\n"
         "ListenAddress " + ip + "\n"
         "HostKey /etc/ssh/ssh_host_ed25519_key\n"
         "HostCertificate /etc/ssh/ssh_host_ed25519_key-cert.pub\n"
         "PermitRootLogin prohibit-password\n"
         "PubkeyAuthentication yes\n"
         "PasswordAuthentication no\n"
         "KbdInteractiveAuthentication no\n"
         "UsePAM yes\n"
         "X11Forwarding yes\n"
         "PrintMotd no\n"
         "AcceptEnv LANG LC_*\n"
         "PidFile /run/sshd.pid\n"
         "Subsystem sftp /usr/lib/openssh/sftp-server\n";
}

std::string SshClientConfig(const std::string& host_ssh_config) {
  return "# corral local node: host keys are certified by the cluster's CA\n"
         "StrictHostKeyChecking yes\n"
         "GlobalKnownHostsFile /etc/ssh/ssh_known_hosts\n"
         "UserKnownHostsFile /dev/null\n"
         "BatchMode yes\n"
         "ConnectTimeout 10\n"
         "\n# the host's /etc/ssh/ssh_config follows\n" +
         host_ssh_config;
}

std::string BootScript(const BootPlan& plan) {
  std::string s =
      "# corral local node boot script: run by corral-node-init (PID 1) with sh -e\n"
      "export PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
      "hostname " + ShellQuote(plan.hostname) + "\n";
  for (const OverlayMount& o : plan.overlays) {
    s += "mount -t overlay corral -o " +
         ShellQuote("lowerdir=" + o.target + ",upperdir=" + o.upper + ",workdir=" + o.work) + " " +
         ShellQuote(o.target) + "\n";
  }
  for (const BindMount& b : plan.binds) {
    if (b.create_target) s += "mkdir -p " + ShellQuote(b.target) + "\n";
    s += "mount --bind " + ShellQuote(b.source) + " " + ShellQuote(b.target) + "\n";
  }
  // The host's /run/netns holds a bind mount per netns; copies left in this mount namespace would
  // keep other nodes' network namespaces alive after they are deleted.
  s += "if mountpoint -q /run/netns; then umount -l /run/netns; fi\n"
       "mount -t tmpfs -o mode=755 corral-run /run\n"
       "mount -t tmpfs -o mode=1777 corral-tmp /tmp\n"
       "mkdir -p /run/sshd /run/lock\n"
       "/usr/sbin/sshd -f /etc/ssh/sshd_config\n";
  return s;
}

bool PathIsInside(const std::string& path, const std::string& dir) {
  if (dir == "/") return StartsWith(path, "/");
  return path == dir || StartsWith(path, dir + "/");
}

Status CheckOverlayLayers(const OverlayMount& o) {
  for (const std::string& layer : {o.upper, o.work}) {
    if (PathIsInside(layer, o.target) || PathIsInside(o.target, layer)) {
      return FailedPrecondition("overlay for " + o.target + ": layer '" + layer +
                                "' overlaps the host directory it covers; choose a state "
                                "directory outside " + o.target);
    }
  }
  return Status::Ok();
}

}  // namespace corral
