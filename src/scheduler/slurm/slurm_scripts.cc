#include "scheduler/slurm/slurm_scripts.h"

#include "cluster/setup_scripts.h"
#include "scheduler/scheduler_util.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr const char kPrelude[] =
    "set -e\n"
    "PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\n";

std::string Header(const std::string& step) { return "# corral-slurm " + step + "\n" + kPrelude; }

// Directories every Slurm host needs (spool and logs survive a restart; /run does not).
constexpr const char kDirs[] =
    "mkdir -p /run/munge /var/log/munge /var/lib/munge /run/slurm /var/spool/slurm/d "
    "/var/log/slurm /etc/slurm\n"
    "chown munge:munge /run/munge /var/log/munge /var/lib/munge\n"
    "chown slurm:slurm /run/slurm /var/log/slurm\n";

// Starts munged, or restarts it when $key_changed is 1.
constexpr const char kStartMunge[] =
    "if [ \"$key_changed\" = 1 ] && pgrep -x munged >/dev/null; then\n"
    "  pkill -x munged; i=0\n"
    "  while pgrep -x munged >/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\n"
    "fi\n"
    "pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged\n";

// The host's CPUs and 95% of its memory.
constexpr const char kFacts[] =
    "echo cpus=$(nproc)\n"
    "awk '/^MemTotal:/ { printf \"memory_mb=%d\\n\", $2 / 1024 * 0.95 }' /proc/meminfo\n";

// Waits until a daemon started in the background answers `check` (at most 60 s).
std::string WaitFor(const std::string& check, const std::string& what) {
  return "i=0; until " + check + " >/dev/null 2>&1; do\n"
         "  i=$((i+1)); if [ $i -gt 600 ]; then echo 'timed out waiting for " + what +
         "' >&2; exit 1; fi; sleep 0.1\n"
         "done\n";
}

}  // namespace

Result<SlurmNodeFacts> ParseSlurmNodeFacts(const std::string& out) {
  SlurmNodeFacts f;
  for (const std::string& line : Split(out, '\n')) {
    std::string l = Trim(line);
    size_t eq = l.find('=');
    if (eq == std::string::npos) continue;
    std::string key = l.substr(0, eq), value = l.substr(eq + 1);
    if (key == "munge_key") f.munge_key = value;
    if (key == "cpus" || key == "memory_mb") {
      std::optional<long long> v = ParseInt(value);
      if (!v || *v < 1 || *v > 100000000) return Internal("unexpected " + key + " '" + value + "'");
      (key == "cpus" ? f.cpus : f.memory_mb) = static_cast<int>(*v);
    }
  }
  if (f.cpus == 0 || f.memory_mb == 0) {
    return Internal("the node did not report its CPUs and memory: '" + Trim(out) + "'");
  }
  return f;
}

std::string SlurmMasterPrepareScript(const std::string& tag, bool accounting) {
  std::string s = Header("master-prepare") +
                  InstallPackagesScript({"slurmctld", "slurmd", "slurm-client", "munge"}) +
                  (accounting ? InstallPackagesScript({"slurmdbd", "mariadb-server"}) : "") +
                  kDirs +
                  "mkdir -p /var/spool/slurm/ctld; chown slurm:slurm /var/spool/slurm/ctld\n"
                  // One key per cluster: the package's own key (the same on every machine made
                  // from an image) is replaced once, marked with the cluster's tag.
                  "key_changed=0\n"
                  "if [ \"$(cat /etc/munge/corral-cluster 2>/dev/null)\" != " +
                  ShellQuote(tag) +
                  " ] || [ ! -s /etc/munge/munge.key ]; then\n"
                  "  umask 077\n"
                  "  dd if=/dev/urandom of=/etc/munge/munge.key.new bs=1024 count=1 2>/dev/null\n"
                  "  chown munge:munge /etc/munge/munge.key.new; chmod 0400 /etc/munge/munge.key.new\n"
                  "  mv -f /etc/munge/munge.key.new /etc/munge/munge.key\n"
                  "  printf '%s\\n' " + ShellQuote(tag) + " > /etc/munge/corral-cluster\n"
                  "  key_changed=1\n"
                  "  umask 022\n"
                  "fi\n" +
                  kStartMunge;
  if (accounting) {
    s += "db=/var/spool/corral-mysql\n"
         "mkdir -p /run/mysqld; chown mysql:mysql /run/mysqld; chmod 0755 /run/mysqld\n"
         "if [ ! -d \"$db/mysql\" ]; then\n"
         "  rm -rf \"$db\"; mkdir -p \"$db\"; chown mysql:mysql \"$db\"\n"
         "  mariadb-install-db --user=mysql --datadir=\"$db\" --skip-test-db >/dev/null 2>&1\n"
         "fi\n"
         "if [ ! -S /run/mysqld/mysqld.sock ] || ! mariadb -e 'select 1' >/dev/null 2>&1; then\n"
         "  setsid /usr/sbin/mariadbd --user=mysql --datadir=\"$db\" "
         "--socket=/run/mysqld/mysqld.sock --pid-file=/run/mysqld/mysqld.pid --skip-networking "
         "--log-error=/var/log/slurm/mariadb.log </dev/null >/dev/null 2>&1 &\n"
         "fi\n" +
         WaitFor("mariadb -e 'select 1'", "MariaDB") +
         // The database password is made here once and stays in slurmdbd.conf (0600, slurm).
         "conf=/etc/slurm/slurmdbd.conf\n"
         "pw=$(sed -n 's/^StoragePass=//p' \"$conf\" 2>/dev/null || true)\n"
         "if [ -z \"$pw\" ]; then pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n'); fi\n"
         "mariadb <<CORRAL_SQL\n"
         "CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$pw';\n"
         "ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$pw';\n"
         "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';\n"
         "CORRAL_SQL\n"
         "umask 077\n"
         "printf '%s\\n' AuthType=auth/munge DbdHost=localhost SlurmUser=slurm "
         "StorageType=accounting_storage/mysql StorageHost=localhost StorageUser=slurm "
         "\"StoragePass=$pw\" StorageLoc=slurm_acct_db LogFile=/var/log/slurm/slurmdbd.log "
         "PidFile=/run/slurm/slurmdbd.pid > \"$conf.new\"\n"
         "chown slurm:slurm \"$conf.new\"; mv -f \"$conf.new\" \"$conf\"\n"
         "umask 022\n"
         "pgrep -x slurmdbd >/dev/null || /usr/sbin/slurmdbd\n" +
         WaitFor("ss -Hltn 'sport = :6819' | grep -q .", "slurmdbd");
  }
  return s + kFacts + "echo munge_key=$(base64 -w0 /etc/munge/munge.key)\n";
}

std::string SlurmNodePrepareScript() {
  return Header("node-prepare") +
         InstallPackagesScript({"slurmd", "slurm-client", "munge"}) + kDirs +
         "umask 077\n"
         "base64 -d > /etc/munge/munge.key.new\n"
         "key_changed=0\n"
         "if ! cmp -s /etc/munge/munge.key.new /etc/munge/munge.key; then\n"
         "  chown munge:munge /etc/munge/munge.key.new; chmod 0400 /etc/munge/munge.key.new\n"
         "  mv -f /etc/munge/munge.key.new /etc/munge/munge.key; key_changed=1\n"
         "else rm -f /etc/munge/munge.key.new; fi\n"
         "umask 022\n" +
         kStartMunge + kFacts;
}

std::string SlurmControllerScript(const std::string& conf, bool run_slurmd) {
  std::string s = Header("controller") +
                  "f=/etc/slurm/slurm.conf\n"
                  "cat > \"$f.new\" <<'CORRAL_EOF'\n" + conf +
                  (EndsWith(conf, "\n") ? "" : "\n") +
                  "CORRAL_EOF\n"
                  "changed=0\n"
                  "if ! cmp -s \"$f.new\" \"$f\"; then mv -f \"$f.new\" \"$f\"; changed=1; "
                  "else rm -f \"$f.new\"; fi\n"
                  "if [ $changed = 1 ] && pgrep -x slurmctld >/dev/null; then\n"
                  "  scontrol shutdown slurmctld >/dev/null 2>&1 || pkill -x slurmctld || true\n"
                  "  i=0; while pgrep -x slurmctld >/dev/null; do\n"
                  "    i=$((i+1)); [ $i -gt 300 ] && pkill -9 -x slurmctld; sleep 0.1\n"
                  "  done\n"
                  "  restarted=1\n"
                  "fi\n"
                  "pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld\n" +
                  WaitFor("scontrol ping | grep -q UP", "slurmctld") +
                  "if [ \"${restarted:-0}\" = 1 ]; then scontrol reconfigure; fi\n";
  if (run_slurmd) s += "pgrep -x slurmd >/dev/null || /usr/sbin/slurmd\n";
  return s;
}

std::string SlurmdStartScript(const std::string& master_addr) {
  // Client commands on the node (sbatch, srun, squeue) read the file slurmd fetched.
  return Header("slurmd-start") +
         "ln -sfn /run/slurm/conf/slurm.conf /etc/slurm/slurm.conf\n"
         "pgrep -x slurmd >/dev/null || /usr/sbin/slurmd --conf-server " +
         ShellQuote(master_addr) + "\n";
}

std::string SlurmNodeStatesCommand() {
  return ShellScriptCommand(Header("node-states") + "sinfo -h -N -o '%N %t'\n");
}

std::vector<std::string> SlurmNodesNotReady(const std::string& sinfo_out,
                                            const std::vector<std::string>& wanted) {
  std::vector<std::string> ready;
  for (const std::string& line : Split(sinfo_out, '\n')) {
    std::vector<std::string> f = SplitList(line, ' ');
    if (f.size() < 2) continue;
    const std::string& st = f[1];
    if (st.find_first_of("*~#%!") != std::string::npos) continue;
    if (StartsWith(st, "idle") || StartsWith(st, "mix") || StartsWith(st, "alloc") ||
        StartsWith(st, "comp")) {
      ready.push_back(f[0]);
    }
  }
  std::vector<std::string> missing;
  for (const std::string& n : wanted) {
    if (std::find(ready.begin(), ready.end(), n) == ready.end()) missing.push_back(n);
  }
  return missing;
}

std::string SlurmReadConfCommand() {
  return ShellScriptCommand(Header("read-conf") + "cat /etc/slurm/slurm.conf\n");
}

std::string SlurmMungeKeyCommand() {
  return ShellScriptCommand(Header("munge-key") + "base64 -w0 /etc/munge/munge.key\n");
}

std::string SlurmDrainCommand(const std::string& host) {
  std::string q = ShellQuote(host);
  return ShellScriptCommand(Header("drain") +
                            "if scontrol show node " + q + " >/dev/null 2>&1; then\n"
                            "  scontrol update nodename=" + q +
                            " state=drain reason='corral removenode'\n"
                            "  squeue -h -w " + q + " -t RUNNING,COMPLETING,CONFIGURING,SUSPENDED -o %A\n"
                            "fi\n");
}

std::string SlurmCancelCommand(const std::vector<std::string>& job_ids) {
  std::string ids;
  for (const std::string& id : job_ids) ids += " " + ShellQuote(id);
  return ShellScriptCommand(Header("cancel") + "scancel" + ids + "\n");
}

std::string SlurmShutdownCommand() {
  return ShellScriptCommand(
      Header("shutdown") +
      "if pgrep -x slurmctld >/dev/null; then scontrol shutdown >/dev/null 2>&1 || true; fi\n"
      "i=0; while pgrep -x slurmctld >/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n"
      "pkill -x slurmctld || true\n"
      "pkill -x slurmd || true\n"
      "pkill -x slurmdbd || true\n"
      "if [ -S /run/mysqld/mysqld.sock ]; then mariadb-admin shutdown >/dev/null 2>&1 || true; fi\n");
}

std::string SlurmSnapshotCommand() {
  // squeue/sinfo --json end without a newline: the separator starts its own line.
  std::string sep = std::string("printf '\\n%s\\n' ") + kSlurmSnapshotSeparator + "\n";
  return ShellScriptCommand(Header("snapshot") + "squeue --json\n" + sep + "sinfo --json\n");
}

}  // namespace corral
