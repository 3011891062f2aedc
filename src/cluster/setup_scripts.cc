#include "cluster/setup_scripts.h"

#include "util/strings.h"

namespace corral {
namespace {

// Lines corral owns in /etc/hosts end with this marker, so it never touches the others. Edits
// rewrite the file in place (cat > /etc/hosts), because a bind-mounted /etc/hosts must keep its
// inode (local-cluster-notes pitfall 2).
constexpr const char kHostsMarker[] = "# corral";

std::string HostLines(const std::vector<std::pair<std::string, std::string>>& hosts) {
  std::string out;
  for (const auto& [ip, alias] : hosts) out += ip + " " + alias + " " + kHostsMarker + "\n";
  return out;
}

std::string DropAliasesFilter(const std::vector<std::string>& aliases) {
  // grep -v of every line "<ip> <alias> # corral" for the given aliases.
  std::string args;
  for (const std::string& a : aliases) args += " -e " + ShellQuote(" " + a + " " + kHostsMarker);
  return "grep -v -F" + args + " /etc/hosts";
}

}  // namespace

std::string ClusterUserIdsScript(const std::string& user) {
  std::string u = ShellQuote(user);
  return "set -e\n"
         "u=" + u + "\n"
         "if [ -d \"/home/$u\" ]; then stat -c '%u %g' \"/home/$u\"; exit 0; fi\n"
         "if id -u \"$u\" >/dev/null 2>&1; then echo \"$(id -u \"$u\") $(id -g \"$u\")\"; exit 0; fi\n"
         "max=999\n"
         "for d in /home/*; do [ -d \"$d\" ] || continue; i=$(stat -c %u \"$d\"); "
         "[ \"$i\" -gt \"$max\" ] && max=$i; done\n"
         "id=$((max + 1))\n"
         "while getent passwd \"$id\" >/dev/null || getent group \"$id\" >/dev/null; do id=$((id + 1)); done\n"
         "echo \"$id $id\"\n";
}

std::string InstallPackagesScript(const std::vector<std::string>& packages,
                                  const std::string& debconf) {
  if (packages.empty()) return "";
  std::string list;
  for (const std::string& pkg : packages) list += " " + ShellQuote(pkg);
  return "if ! dpkg -s" + list + " >/dev/null 2>&1; then\n" +
         (debconf.empty() ? "" : "  printf '%s\\n' " + debconf + " | debconf-set-selections\n") +
         "  export DEBIAN_FRONTEND=noninteractive\n"
         "  (apt-get install -y -qq --no-install-recommends" + list + " || "
         "(apt-get update -qq && apt-get install -y -qq --no-install-recommends" + list + ")) >/dev/null\n"
         "fi\n";
}

Result<std::pair<int, int>> ParseUserIds(const std::string& out) {
  std::vector<std::string> parts = SplitList(Trim(out), ' ');
  if (parts.size() != 2) return Internal("unexpected user ids '" + Trim(out) + "'");
  std::optional<long long> uid = ParseInt(parts[0]), gid = ParseInt(parts[1]);
  if (!uid || !gid) return Internal("unexpected user ids '" + Trim(out) + "'");
  if (*uid == 0 || *gid == 0) {
    return FailedPrecondition("the cluster user would get uid or gid 0 (is /home/<user> owned by root?)");
  }
  return std::make_pair(static_cast<int>(*uid), static_cast<int>(*gid));
}

std::string AddHostsScript(const std::vector<std::pair<std::string, std::string>>& hosts) {
  std::vector<std::string> aliases;
  for (const auto& h : hosts) aliases.push_back(h.second);
  return "set -e\n"
         "t=$(mktemp)\n" +
         DropAliasesFilter(aliases) + " > \"$t\" || true\n" +
         "cat >> \"$t\" <<'CORRAL_HOSTS'\n" + HostLines(hosts) + "CORRAL_HOSTS\n" +
         "cat \"$t\" > /etc/hosts; rm -f \"$t\"\n";
}

std::string RemoveHostsScript(const std::vector<std::string>& aliases) {
  return "set -e\n"
         "t=$(mktemp)\n" +
         DropAliasesFilter(aliases) + " > \"$t\" || true\n" +
         "cat \"$t\" > /etc/hosts; rm -f \"$t\"\n";
}

std::string NodeSetupScript(const NodeScriptInput& in) {
  std::string u = ShellQuote(in.user);
  std::string uid = std::to_string(in.uid), gid = std::to_string(in.gid);
  std::string s = "set -e\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\n";
  // Hostname.
  s += "echo " + ShellQuote(in.alias) + " > /etc/hostname\nhostname " + ShellQuote(in.alias) + "\n";
  if (in.manage_hosts) s += AddHostsScript(in.hosts);
  // The cluster user: same uid/gid everywhere; another account holding the uid gives way, as in
  // StarCluster.
  s += "u=" + u + "\n";
  s += "shell=$(command -v " + ShellQuote(in.shell) + " || echo /bin/bash)\n";
  s += "other=$(getent passwd " + uid + " | cut -d: -f1)\n"
       "if [ -n \"$other\" ] && [ \"$other\" != \"$u\" ]; then userdel \"$other\"; fi\n"
       "if ! getent group \"$u\" >/dev/null; then groupadd -o -g " + gid + " \"$u\"; fi\n"
       "if ! id -u \"$u\" >/dev/null 2>&1; then\n"
       "  useradd -o -u " + uid + " -g " + gid + " -s \"$shell\" -d \"/home/$u\" -M \"$u\"\n"
       // An existing account (Debian's gridengine makes `sgeadmin`, StarCluster's default cluster
       // user, a system account with /bin/false) is adopted as StarCluster's images had it: the
       // SGE admin and the cluster user at once, with a login shell and a home in /home.
       "elif [ \"$(getent passwd \"$u\" | cut -d: -f6-7)\" != \"/home/$u:$shell\" ]; then\n"
       // usermod refuses while the account runs daemons (sge_qmaster), so edit the entry.
       "  t=$(mktemp); awk -F: -v OFS=: -v u=\"$u\" -v h=\"/home/$u\" -v s=\"$shell\" "
       "'$1 == u { $6 = h; $7 = s } 1' /etc/passwd > \"$t\"; cat \"$t\" > /etc/passwd; rm -f \"$t\"\n"
       "fi\n";
  // sshd without PAM refuses accounts whose shadow entry is "!"; "*" is locked for passwords only.
  s += "usermod -p '*' \"$u\" 2>/dev/null || true\n";
  if (in.is_master) {
    // The master owns the shared /home: the user's home and key, visible on every node.
    s += "if [ ! -d \"/home/$u\" ]; then mkdir -p \"/home/$u\"; cp -rT /etc/skel \"/home/$u\" 2>/dev/null || true; "
         "chown -R " + uid + ":" + gid + " \"/home/$u\"; fi\n"
         "install -d -m 700 -o " + uid + " -g " + gid + " \"/home/$u/.ssh\"\n"
         "if [ ! -f \"/home/$u/.ssh/id_rsa\" ]; then\n"
         "  ssh-keygen -q -t rsa -b 3072 -N '' -C \"$u@cluster\" -f \"/home/$u/.ssh/id_rsa\"\n"
         "  chown " + uid + ":" + gid + " \"/home/$u/.ssh/id_rsa\" \"/home/$u/.ssh/id_rsa.pub\"\n"
         "fi\n"
         "touch \"/home/$u/.ssh/authorized_keys\"\n"
         "grep -qxF \"$(cat \"/home/$u/.ssh/id_rsa.pub\")\" \"/home/$u/.ssh/authorized_keys\" || "
         "cat \"/home/$u/.ssh/id_rsa.pub\" >> \"/home/$u/.ssh/authorized_keys\"\n"
         // The keys that open root's account (the cluster's key pair) open the user's too, so
         // `sshmaster -u USER` works; forced-command entries (cloud images' "use admin") are not.
         "grep -v '^command=' /root/.ssh/authorized_keys 2>/dev/null | while read -r k; do\n"
         "  grep -qxF \"$k\" \"/home/$u/.ssh/authorized_keys\" || echo \"$k\" >> \"/home/$u/.ssh/authorized_keys\"\n"
         "done\n"
         "chown " + uid + ":" + gid + " \"/home/$u/.ssh/authorized_keys\"; chmod 600 \"/home/$u/.ssh/authorized_keys\"\n";
  }
  // Scratch space, as StarCluster: /mnt/<user> and /scratch/<user> pointing to it.
  s += "mkdir -p \"/mnt/$u\" /scratch; chown " + uid + ":" + gid + " \"/mnt/$u\"\n"
       "ln -sfn \"/mnt/$u\" \"/scratch/$u\"\n";
  return s;
}

}  // namespace corral

namespace corral {

std::string NfsExportScript(const std::vector<std::string>& paths, const std::vector<std::string>& workers) {
  std::string s = "set -e\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
                  "command -v exportfs >/dev/null || (apt-get update -qq && "
                  "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nfs-kernel-server >/dev/null)\n"
                  "pgrep -x nfsd >/dev/null || service nfs-kernel-server start >/dev/null 2>&1 || true\n";
  for (const std::string& p : paths) {
    s += "mkdir -p " + ShellQuote(p) + "\n";
    for (const std::string& w : workers) {
      s += "exportfs -o rw,async,no_root_squash,no_subtree_check " + ShellQuote(w + ":" + p) + "\n";
    }
  }
  return s;
}

std::string NfsUnexportScript(const std::vector<std::string>& paths, const std::vector<std::string>& workers) {
  std::string s = "export PATH=/usr/sbin:/usr/bin:/sbin:/bin\n";
  for (const std::string& p : paths) {
    for (const std::string& w : workers) s += "exportfs -u " + ShellQuote(w + ":" + p) + " || true\n";
  }
  return s;
}

std::string NfsMountScript(const std::string& master, const std::vector<std::string>& paths) {
  std::string s = "set -e\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
                  "command -v mount.nfs >/dev/null || (apt-get update -qq && "
                  "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nfs-common >/dev/null)\n";
  for (const std::string& p : paths) {
    std::string q = ShellQuote(p);
    s += "mkdir -p " + q + "\n" + "mountpoint -q " + q + " || mount -t nfs -o rw,hard " +
         ShellQuote(master + ":" + p) + " " + q + "\n";
  }
  return s;
}

std::string MakeRootKeyScript() {
  return "set -e\ninstall -d -m 700 /root/.ssh\n"
         "[ -f /root/.ssh/id_rsa ] || ssh-keygen -q -t rsa -b 3072 -N '' -C root@cluster -f /root/.ssh/id_rsa\n"
         "cat /root/.ssh/id_rsa; echo --; cat /root/.ssh/id_rsa.pub\n";
}

std::string InstallRootKeyScript() {
  return "set -e\ninstall -d -m 700 /root/.ssh\n"
         "in=$(cat)\n"
         "printf '%s\\n' \"${in%%--*}\" | sed '/^$/d' > /root/.ssh/id_rsa; chmod 600 /root/.ssh/id_rsa\n"
         "pub=$(printf '%s\\n' \"${in##*--}\" | sed '/^$/d')\n"
         "printf '%s\\n' \"$pub\" > /root/.ssh/id_rsa.pub\n"
         "touch /root/.ssh/authorized_keys; chmod 600 /root/.ssh/authorized_keys\n"
         "grep -qxF \"$pub\" /root/.ssh/authorized_keys || printf '%s\\n' \"$pub\" >> /root/.ssh/authorized_keys\n";
}

std::string AddKnownHostsScript(const std::vector<std::string>& lines) {
  std::string s = "set -e\nf=/etc/ssh/ssh_known_hosts\ntouch $f\nt=$(mktemp)\ncp $f \"$t\"\n";
  for (const std::string& l : lines) {
    std::string names = l.substr(0, l.find(' '));
    s += "grep -v -F -e " + ShellQuote(names + " ") + " \"$t\" > \"$t.new\" || true; mv \"$t.new\" \"$t\"\n";
    s += "echo " + ShellQuote(l) + " >> \"$t\"\n";
  }
  s += "cat \"$t\" > $f; rm -f \"$t\"\n";
  return s;
}

}  // namespace corral
