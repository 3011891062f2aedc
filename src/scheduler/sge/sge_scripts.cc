#include "scheduler/sge/sge_scripts.h"

#include "cluster/setup_scripts.h"
#include "scheduler/scheduler_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// Debian's layout (/etc/default/gridengine). The binaries are called directly from
// /usr/lib/gridengine: the /usr/bin and /usr/sbin wrappers run $SGE_ROOT/util/arch on every call,
// which measured 1.5 s per qconf on a busy 2-core machine against 0.1 s without.
constexpr const char kPrelude[] =
    "set -e\n"
    "export SGE_ROOT=/var/lib/gridengine SGE_CELL=default\n"
    "PATH=/usr/lib/gridengine:/usr/sbin:/usr/bin:/sbin:/bin:$PATH\n";

// qconf reports "already exists" (rc 1) for objects added twice and "has not been changed" for a
// modification that changes nothing; both mean the host already has what we asked for.
constexpr const char kExistsOk[] =
    "exists_ok() {\n"
    "  out=$(\"$@\" 2>&1) && return 0\n"
    "  case \"$out\" in *'already exists'*|*'has not been changed'*) return 0;; esac\n"
    "  printf '%s\\n' \"$out\" >&2; return 1\n"
    "}\n";

// Deleting what is already gone succeeds.
constexpr const char kGoneOk[] =
    "gone_ok() {\n"
    "  out=$(\"$@\" 2>&1) && return 0\n"
    "  case \"$out\" in *'does not exist'*|*'not found'*|*'is not an execution host'*) return 0;; "
    "esac\n"
    "  printf '%s\\n' \"$out\" >&2; return 1\n"
    "}\n";

// A temporary directory for qconf's input files, removed on exit.
constexpr const char kTempDir[] = "t=$(mktemp -d)\ntrap 'rm -rf \"$t\"' EXIT\n";

std::string Header(const std::string& step) { return "# corral-sge " + step + "\n" + kPrelude; }

// Images without Grid Engine (a plain Debian or Ubuntu AMI) get it from the distribution, with
// the debconf answers preset so the install never prompts; corral writes its own cell afterwards.
std::string InstallIfMissing(const std::vector<std::string>& packages) {
  return InstallPackagesScript(
      packages,
      "'gridengine-common shared/gridengineconfig boolean true' "
      "'gridengine-common shared/gridenginecell string default' "
      "'gridengine-common shared/gridenginesgeroot string /var/lib/gridengine'");
}

// The cell's common files every daemon and client reads: bootstrap (spooling, admin user,
// binary path) and act_qmaster. Nodes have private copies of /var/lib/gridengine, so each host
// writes its own.
std::string CellFiles(const std::string& master) {
  return "c=$SGE_ROOT/$SGE_CELL/common\n"
         "mkdir -p \"$c\"\n"
         "cat > \"$c/bootstrap\" <<'CORRAL_EOF'\n"
         "Version: 6.2\n"
         "admin_user              sgeadmin\n"
         "default_domain          none\n"
         "ignore_fqdn             false\n"
         "spooling_method         berkeleydb\n"
         "spooling_lib            libspoolb\n"
         "spooling_params         /var/spool/gridengine/spooldb\n"
         "binary_path             /usr/sbin\n"
         "qmaster_spool_dir       /var/spool/gridengine/qmaster\n"
         "security_mode           none\n"
         "listener_threads        2\n"
         "worker_threads          2\n"
         "scheduler_threads       1\n"
         "CORRAL_EOF\n"
         "printf '%s\\n' " +
         ShellQuote(master) +
         " > \"$c/act_qmaster\"\n"
         "chown -R sgeadmin:sgeadmin \"$SGE_ROOT/$SGE_CELL\"\n";
}

// A parallel environment file for `qconf -Ap`/`-Mp` (every attribute is required).
std::string PeFile(const std::string& name, const std::string& rule) {
  return "printf '%s\\n' 'pe_name " + name +
         "' 'slots 9999' 'user_lists NONE' 'xuser_lists NONE' 'start_proc_args NONE' "
         "'stop_proc_args NONE' 'allocation_rule " +
         rule +
         "' 'control_slaves TRUE' 'job_is_first_task FALSE' 'urgency_slots min' "
         "'accounting_summary FALSE' 'qsort_args NONE' > \"$t/" +
         name +
         "\"\n"
         "if qconf -sp " +
         name + " >/dev/null 2>&1; then exists_ok qconf -Mp \"$t/" + name +
         "\"; else qconf -Ap \"$t/" + name + "\" >/dev/null; fi\n";
}

}  // namespace

std::string SgeMasterStartScript(const std::string& master) {
  return Header("master-start") +
         InstallIfMissing({"gridengine-master", "gridengine-client", "gridengine-exec"}) +
         CellFiles(master) +
         "sp=/var/spool/gridengine\n"
         // The marker says corral initialised this spool; anything else (the package's own
         // spool, a half-finished init) is replaced. A package-started qmaster goes first
         // (10 s is far more than the 0.1 s a SIGTERM'd qmaster needs).
         "if [ ! -f \"$sp/corral-spool\" ]; then\n"
         "  if pgrep -x sge_qmaster >/dev/null; then\n"
         "    pkill -x sge_qmaster || true\n"
         "    i=0\n"
         "    while pgrep -x sge_qmaster >/dev/null && [ $i -lt 100 ]; do sleep 0.1; "
         "i=$((i+1)); done\n"
         "  fi\n"
         "  rm -rf \"$sp/spooldb\" \"$sp/qmaster\"\n"
         "  mkdir -p \"$sp/spooldb\" \"$sp/qmaster/job_scripts\"\n"
         "  chown -R sgeadmin:sgeadmin \"$sp/spooldb\" \"$sp/qmaster\"\n"
         "  runuser -u sgeadmin -- /usr/share/gridengine/scripts/init_cluster \"$SGE_ROOT\" "
         "\"$SGE_CELL\" \"$sp/spooldb\" sgeadmin >/dev/null\n"
         "  touch \"$sp/corral-spool\"\n"
         "fi\n"
         "pgrep -x sge_qmaster >/dev/null || sge_qmaster\n"
         "nproc\n";
}

std::string SgeQmasterReadyCommand() {
  return ShellScriptCommand(Header("qmaster-ready") + "qconf -sh >/dev/null");
}

std::string SgeMasterConfigureScript(const SgeMasterSettings& s) {
  std::string user = ShellQuote(s.cluster_user);
  std::string script = Header("master-configure") + kExistsOk + kTempDir;
  // min_uid/min_gid (1000) refuse jobs of root and system users. A cluster user below 1000
  // (Debian's own sgeadmin is uid 105) lowers the bound to its ids, never to 0.
  script +=
      "min_uid=1000; min_gid=1000\n"
      "u=$(id -u " + user + " 2>/dev/null) || u=\n"
      "g=$(id -g " + user + " 2>/dev/null) || g=\n"
      "if [ -n \"$u\" ] && [ \"$u\" -gt 0 ] && [ \"$u\" -lt 1000 ]; then min_uid=$u; fi\n"
      "if [ -n \"$g\" ] && [ \"$g\" -gt 0 ] && [ \"$g\" -lt 1000 ]; then min_gid=$g; fi\n";
  // Short timers for interactive use (docs/schedulers.md): execds report load every 5 s (not
  // 40 s), a silent host is unknown after 30 s (not 5 min), accounting is flushed every second.
  // The file must be named "global": -Mconf takes the configuration's name from it.
  script +=
      "qconf -sconf global > \"$t/global\"\n"
      "sed -i -e 's/^load_report_time .*/load_report_time 00:00:05/' "
      "-e 's/^max_unheard .*/max_unheard 00:00:30/' "
      "-e 's/flush_time=[0-9:]*/flush_time=00:00:01/' "
      "-e \"s/^min_uid .*/min_uid $min_uid/\" -e \"s/^min_gid .*/min_gid $min_gid/\" "
      "\"$t/global\"\n"
      "qconf -Mconf \"$t/global\" >/dev/null\n";
  // The scheduler runs every second (not 15 s) and right after submits and job ends.
  script +=
      "qconf -ssconf > \"$t/sched\"\n"
      "sed -i -e 's/^schedule_interval .*/schedule_interval 0:0:1/' "
      "-e 's/^flush_submit_sec .*/flush_submit_sec 1/' "
      "-e 's/^flush_finish_sec .*/flush_finish_sec 1/' \"$t/sched\"\n"
      "qconf -Msconf \"$t/sched\" >/dev/null\n";
  script +=
      "printf 'group_name @allhosts\\nhostlist NONE\\n' > \"$t/allhosts\"\n"
      "qconf -shgrp @allhosts >/dev/null 2>&1 || qconf -Ahgrp \"$t/allhosts\" >/dev/null\n";
  script += PeFile("smp", "$pe_slots") + PeFile("orte", "$fill_up") + PeFile("mpi", "$round_robin");
  // all.q through qconf's editor hook; the slots line is left alone (per-host entries are added
  // by registration). No load threshold: slots = cores already bound what SGE starts, and on
  // the local provider every node reports the whole machine's load.
  script +=
      "cat > \"$t/edit-queue\" <<'CORRAL_EOF'\n"
      "#!/bin/sh\n"
      "sed -i -e 's/^qname .*/qname all.q/' -e 's/^hostlist .*/hostlist @allhosts/' "
      "-e 's/^pe_list .*/pe_list smp orte mpi/' -e 's#^shell .*#shell /bin/bash#' "
      "-e 's/^load_thresholds .*/load_thresholds NONE/' \"$1\"\n"
      "CORRAL_EOF\n"
      "chmod +x \"$t/edit-queue\"\n"
      "if qconf -sq all.q >/dev/null 2>&1; then exists_ok env EDITOR=\"$t/edit-queue\" qconf -mq "
      "all.q; else env EDITOR=\"$t/edit-queue\" qconf -aq >/dev/null; fi\n";
  if (!s.cluster_user.empty()) {
    script += "exists_ok qconf -am " + user + "\nexists_ok qconf -ao " + user + "\n";
  }
  script += "exists_ok qconf -as " + ShellQuote(s.master) + "\n";
  return script;
}

std::string SgeExecPrepareScript(const std::string& master) {
  return Header("exec-prepare") + InstallIfMissing({"gridengine-exec", "gridengine-client"}) +
         CellFiles(master) +
         "mkdir -p /var/spool/gridengine/execd\n"
         "chown sgeadmin:sgeadmin /var/spool/gridengine/execd\n"
         "nproc\n";
}

std::string SgeRegisterExecHostsScript(const std::vector<SgeExecHost>& hosts) {
  std::string script = Header("register") + kExistsOk + kTempDir;
  std::vector<std::string> names, slots;
  for (const SgeExecHost& h : hosts) {
    std::string q = ShellQuote(h.name);
    names.push_back(q);
    slots.push_back("[" + h.name + "=" + std::to_string(h.slots) + "]");
    script += "printf '%s\\n' \"hostname \"" + q +
              " 'load_scaling NONE' 'complex_values NONE' 'user_lists NONE' 'xuser_lists NONE' "
              "'projects NONE' 'xprojects NONE' 'usage_scaling NONE' 'report_variables NONE' "
              "> \"$t/host\"\n"
              "exists_ok qconf -Ae \"$t/host\"\n";
  }
  if (hosts.empty()) return script;
  std::vector<std::string> plain;
  for (const SgeExecHost& h : hosts) plain.push_back(h.name);
  script += "exists_ok qconf -as " + ShellQuote(Join(plain, ",")) + "\n";
  // `qconf -aattr hostgroup` adds nothing when any listed host is a member already: add only
  // the missing ones.
  script +=
      "have=\" $(qconf -shgrp_resolved @allhosts 2>/dev/null | tr '\\n' ' ') \"\n"
      "add=\n"
      "for h in " + Join(names, " ") + "; do\n"
      "  case \"$have\" in *\" $h \"*) ;; *) add=\"$add $h\";; esac\n"
      "done\n"
      "[ -z \"$add\" ] || qconf -aattr hostgroup hostlist \"${add# }\" @allhosts >/dev/null\n";
  // Adds or updates each host's [host=slots] entry of all.q.
  script += "exists_ok qconf -aattr queue slots " + ShellQuote(Join(slots, ",")) + " all.q\n";
  return script;
}

std::string SgeExecdStartScript() {
  return Header("execd-start") + "pgrep -x sge_execd >/dev/null || sge_execd\n";
}

std::string SgeQhostCommand(const std::string& host) {
  return ShellScriptCommand(Header("qhost") + "qhost -xml" +
                         (host.empty() ? "" : " -h " + ShellQuote(host)));
}

std::string SgeDrainCommand(const std::string& host) {
  return ShellScriptCommand(Header("drain") + "qmod -d " + ShellQuote("all.q@" + host) +
                         " >/dev/null 2>&1 || true\n"
                         "qstat -u '*' -xml -s rs -g t\n");
}

std::string SgeForceDeleteCommand(const std::vector<std::string>& job_ids) {
  std::vector<std::string> quoted;
  for (const std::string& id : job_ids) quoted.push_back(ShellQuote(id));
  return ShellScriptCommand(Header("force-delete") + kGoneOk + "gone_ok qdel -f " +
                         Join(quoted, " ") + "\n");
}

std::string SgeKillExecdCommand(const std::string& host) {
  return ShellScriptCommand(Header("kill-execd") + "qconf -ke " + ShellQuote(host) +
                         " >/dev/null 2>&1 || true\n");
}

std::string SgeRemoveExecHostScript(const std::string& host) {
  std::string q = ShellQuote(host);
  return Header("remove") + kGoneOk + "gone_ok qconf -purge queue slots " +
         ShellQuote("all.q@" + host) +
         "\n"
         "gone_ok qconf -dattr hostgroup hostlist " + q + " @allhosts\n"
         "gone_ok qconf -de " + q + "\n"
         "gone_ok qconf -ds " + q + "\n"
         "gone_ok qconf -dh " + q + "\n";
}

std::string SgeKillAllExecdsCommand() {
  return ShellScriptCommand(Header("kill-all-execds") +
                         "if pgrep -x sge_qmaster >/dev/null; then qconf -ke all >/dev/null 2>&1 "
                         "|| true; fi\n");
}

std::string SgeKillQmasterCommand() {
  return ShellScriptCommand(Header("kill-qmaster") +
                         "if pgrep -x sge_qmaster >/dev/null; then qconf -km >/dev/null 2>&1 "
                         "|| pkill -TERM -x sge_qmaster || true; fi\n");
}

std::string SgeSnapshotCommand() {
  std::string sep = std::string("echo ") + kSgeSnapshotSeparator + "\n";
  return ShellScriptCommand(Header("snapshot") + "date +%z\n" + sep +
                         "qstat -u '*' -xml -f -r\n" + sep + "qhost -xml\n");
}

}  // namespace corral
