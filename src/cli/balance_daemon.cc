#include "cli/balance_daemon.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "balance/balancer_daemon.h"
#include "cli/cluster_workflow.h"
#include "util/crypto.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

#if defined(__x86_64__)
constexpr char kArch[] = "x86_64";
#elif defined(__aarch64__)
constexpr char kArch[] = "aarch64";
#else
constexpr char kArch[] = "unknown";
#endif

std::string MasterPath(const std::string& rest) { return std::string(kMasterCorralDir) + rest; }

// The master-side corral, as a shell command prefix.
std::string MasterCorral() {
  return "CORRAL_ON_MASTER=1 " + MasterPath("/bin/corral") + " -c " + MasterPath("/config");
}

bool IsLocal(const ClusterSession& s) { return s.cloud->Name() == "local"; }

// The last line of `path` (the latest decision), or "" when unreadable or empty.
std::string LastLine(const std::string& path) {
  std::ifstream f(path, std::ios::ate);
  if (!f) return "";
  std::streamoff size = f.tellg();
  f.seekg(std::max<std::streamoff>(0, size - 65536));  // a decision line is well under 64 KiB
  std::string line, last;
  while (std::getline(f, line)) {
    if (!Trim(line).empty()) last = line;
  }
  return last;
}

std::string Where(const CliContext& ctx) {
  return OnMaster(ctx) ? "on the master" : "on this host";
}

// This machine's balancer of `tag`, described in a few lines.
Result<std::string> LocalStatus(const CliContext& ctx, const std::string& tag) {
  BalancerFiles f = BalancerFilesFor(ctx, tag);
  ASSIGN_OR_RETURN(long long pid, BalancerLockHolder(f.lock));
  if (pid == 0) return "cluster " + tag + ": no balancer is running " + Where(ctx) + "\n";
  std::string out = "cluster " + tag + ": balancer running " + Where(ctx) + " (pid " +
                    std::to_string(pid) + ")\n";
  nlohmann::json st = nlohmann::json::parse(ReadFile(f.state).value_or(""), nullptr, false);
  if (st.is_object() && st.value("pid", 0LL) == pid) {
    out += "  mode:      " + std::string(st.value("detached", false) ? "detached" : "foreground") +
           ", since " + st.value("started", std::string("?")) + "\n";
    out += "  decisions: " + st.value("decisions", std::string()) + "\n";
    if (st.value("detached", false))
      out += "  output:    " + st.value("output", std::string()) + "\n";
    for (const char* k : {"stats", "plot"}) {
      std::string v = st.value(k, std::string());
      if (!v.empty()) out += fmt::format("  {:<10} {}\n", std::string(k) + ":", v);
    }
    nlohmann::json last =
        nlohmann::json::parse(LastLine(st.value("decisions", std::string())), nullptr, false);
    if (last.is_object()) {
      out += "  last:      " + last.value("time", std::string()) + " " +
             last.value("action", std::string()) + ": " + last.value("reason", std::string()) +
             "\n";
    }
  }
  out += "  lock:      " + f.lock + "\n";
  return out;
}

// Runs `script` on the master as root; the master's stdout.
Result<std::string> RunOnMaster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster,
                                const std::string& script, const std::string& stdin_data = "") {
  ASSIGN_OR_RETURN(const Instance* master, RunningNode(cluster, "master"));
  ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, *master));
  std::unique_ptr<Remote> remote = OpenRemote(ctx);
  Result<RemoteResult> r = RunChecked(*remote, host, script, {.stdin_data = stdin_data});
  remote->CloseConnections();
  if (!r.ok()) return r.status();
  return r->out;
}

// Runs the master's corral with `args` when it is installed there.
Result<std::string> MasterCorralCommand(CliContext& ctx, ClusterSession& s,
                                        const ClusterState& cluster, const std::string& args,
                                        const std::string& absent) {
  std::string bin = MasterPath("/bin/corral");
  return RunOnMaster(ctx, s, cluster,
                     "if [ -x " + bin + " ]; then " + MasterCorral() + " loadbalance " +
                         ShellQuote(cluster.tag) + " " + args + "; else echo " +
                         ShellQuote(absent) + "; fi");
}

Status StopLocal(CliContext& ctx, const std::string& tag, double wait_seconds) {
  BalancerFiles f = BalancerFilesFor(ctx, tag);
  ASSIGN_OR_RETURN(long long pid, BalancerLockHolder(f.lock));
  if (pid == 0) {
    *ctx.out << "cluster " << tag << ": no balancer is running " << Where(ctx) << "\n";
    return Status::Ok();
  }
  if (kill(static_cast<pid_t>(pid), SIGTERM) != 0) {
    return Internal("cannot signal balancer pid " + std::to_string(pid) + ": " +
                    std::strerror(errno));
  }
  ctx.log->Info("Sent SIGTERM to the balancer (pid " + std::to_string(pid) +
                "); it finishes its current step first");
  // Polled each second: a step that adds nodes can take a boot and a scheduler join.
  TimePoint until = ctx.clock->Now() + Duration(static_cast<long long>(wait_seconds * 1000));
  while (ctx.clock->Now() < until) {
    ASSIGN_OR_RETURN(long long holder, BalancerLockHolder(f.lock));
    if (holder != pid) {
      *ctx.out << "cluster " << tag << ": balancer (pid " << pid << ") stopped\n";
      return Status::Ok();
    }
    ctx.clock->SleepFor(Duration(1000));
  }
  return DeadlineExceeded(
      fmt::format("balancer pid {} did not stop within {:g} s; it stops after its current step",
                  pid, wait_seconds));
}

}  // namespace

BalancerFiles BalancerFilesFor(const CliContext& ctx, const std::string& tag) {
  // Beside the local provider's state when CORRAL_STATE_DIR is set (so separate state dirs, as in
  // tests, never share a balancer), else under ~/.corral.
  std::string base = ExpandUser("~/.corral", ctx.env);
  std::string state = ctx.Env("CORRAL_STATE_DIR");
  std::string run = state.empty() ? base : state;
  return {.lock = run + "/locks/" + tag + "-balancer.lock",
          .state = run + "/locks/" + tag + "-balancer.json",
          .output = run + "/logs/" + tag + "-balancer.out",
          .decisions = base + "/logs/" + tag + "-balancer.jsonl"};
}

bool OnMaster(const CliContext& ctx) { return ctx.Env("CORRAL_ON_MASTER") == "1"; }

std::string MasterBalancerConfig(const Config& config, const ClusterTemplate& tmpl,
                                 const std::string& key_path, bool with_credentials) {
  const AwsInfo& a = config.aws;
  std::ostringstream o;
  o << "# Written by corral loadbalance --daemon for the balancer on this master.\n"
    << "[global]\nCLOUD = ec2\nDEFAULT_TEMPLATE = " << tmpl.name << "\n\n[aws info]\n";
  if (with_credentials && !a.access_key_id.empty()) {
    o << "AWS_ACCESS_KEY_ID = " << a.access_key_id << "\n"
      << "AWS_SECRET_ACCESS_KEY = " << a.secret_access_key << "\n";
  }
  if (!a.region_name.empty()) o << "AWS_REGION_NAME = " << a.region_name << "\n";
  if (!a.region_host.empty()) o << "AWS_REGION_HOST = " << a.region_host << "\n";
  if (a.port) o << "AWS_PORT = " << *a.port << "\n";
  if (!a.is_secure) o << "AWS_IS_SECURE = False\n";
  if (!a.validate_certs) o << "AWS_VALIDATE_CERTS = False\n";
  if (!a.proxy.empty()) {
    o << "AWS_PROXY = " << a.proxy << "\n";
    if (a.proxy_port) o << "AWS_PROXY_PORT = " << *a.proxy_port << "\n";
    if (!a.proxy_user.empty()) o << "AWS_PROXY_USER = " << a.proxy_user << "\n";
    if (with_credentials && !a.proxy_pass.empty()) o << "AWS_PROXY_PASS = " << a.proxy_pass << "\n";
  }
  o << "\n[key " << tmpl.keyname << "]\nKEY_LOCATION = " << key_path << "\n\n[cluster " << tmpl.name
    << "]\nKEYNAME = " << tmpl.keyname << "\nCLUSTER_SIZE = " << tmpl.cluster_size
    << "\nCLUSTER_USER = " << tmpl.cluster_user << "\nNODE_IMAGE_ID = " << tmpl.node_image_id
    << "\nNODE_INSTANCE_TYPE = " << tmpl.node_instance_type << "\n";
  std::vector<std::string> names;
  for (const PluginSettings& p : tmpl.plugins) names.push_back(p.name);
  if (!names.empty()) o << "PLUGINS = " << Join(names, ", ") << "\n";
  for (const PluginSettings& p : tmpl.plugins) {
    o << "\n[plugin " << p.name << "]\n";
    for (const auto& [k, v] : p.settings) o << ToUpper(k) << " = " << v << "\n";
  }
  return o.str();
}

Result<int> ShowBalancerStatus(CliContext& ctx, const std::string& tag) {
  ASSIGN_OR_RETURN(std::string here, LocalStatus(ctx, tag));
  *ctx.out << here;
  if (OnMaster(ctx)) return 0;
  ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
  if (IsLocal(s)) return 0;
  ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(tag, &s.config));
  Result<std::string> master = MasterCorralCommand(
      ctx, s, cluster, "--status",
      "cluster " + tag + ": no balancer is running on the master (corral is not installed there)");
  if (!master.ok()) return master.status().WithContext("reading the master's balancer");
  *ctx.out << *master;
  return 0;
}

Result<int> StopBalancer(CliContext& ctx, const std::string& tag, double wait_seconds) {
  RETURN_IF_ERROR(StopLocal(ctx, tag, wait_seconds));
  if (OnMaster(ctx)) return 0;
  ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
  if (IsLocal(s)) return 0;
  ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(tag, &s.config));
  ASSIGN_OR_RETURN(
      std::string master,
      MasterCorralCommand(ctx, s, cluster, fmt::format("--stop --stop-wait {:g}", wait_seconds),
                          "cluster " + tag + ": no balancer is running on the master"));
  *ctx.out << master;
  return 0;
}

Status CheckNoMasterBalancer(CliContext& ctx, ClusterSession& s, const ClusterState& cluster) {
  if (OnMaster(ctx) || IsLocal(s)) return Status::Ok();
  std::string lock = MasterPath("/locks/" + cluster.tag + "-balancer.lock");
  ASSIGN_OR_RETURN(
      std::string out,
      RunOnMaster(ctx, s, cluster,
                  "l=" + ShellQuote(lock) +
                      "; if [ -e \"$l\" ] && ! flock -n \"$l\" true; then echo held; fi"));
  if (Trim(out) == "held") {
    return FailedPrecondition(
        "another corral loadbalance is running for this cluster on its master "
        "(lock " +
        lock + " is held); see 'corral loadbalance " + cluster.tag + " --status'");
  }
  return Status::Ok();
}

Result<int> StartMasterBalancer(CliContext& ctx, ClusterSession& s, const ClusterState& cluster,
                                const std::vector<std::string>& args) {
  const std::string& tag = cluster.tag;
  ASSIGN_OR_RETURN(long long here, BalancerLockHolder(BalancerFilesFor(ctx, tag).lock));
  if (here != 0) {
    return FailedPrecondition("a corral loadbalance for this cluster runs on this host (pid " +
                              std::to_string(here) + "); stop it first with 'corral loadbalance " +
                              tag + " --stop'");
  }
  RETURN_IF_ERROR(CheckNoMasterBalancer(ctx, s, cluster));
  // One round trip: the master's architecture, the checksum of an installed corral, and whether it
  // has an instance role (IMDSv2; 2 s caps each request when there is no metadata service).
  std::string bin = MasterPath("/bin/corral");
  ASSIGN_OR_RETURN(
      std::string probe,
      RunOnMaster(ctx, s, cluster,
                  "uname -m; (sha256sum " + bin +
                      " 2>/dev/null || echo -) | cut -d' ' -f1; "
                      "t=$(curl -sf -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "
                      "http://169.254.169.254/latest/api/token) && curl -sf -m 2 -H "
                      "\"X-aws-ec2-metadata-token: $t\" "
                      "http://169.254.169.254/latest/meta-data/iam/security-credentials/; echo"));
  std::vector<std::string> lines = Split(probe, '\n');
  lines.resize(3);
  std::string arch = Trim(lines[0]), installed = Trim(lines[1]), role = Trim(lines[2]);
  if (arch != kArch) {
    return FailedPrecondition("the master runs " + arch + " but this corral is built for " +
                              std::string(kArch) + "; run the balancer here with --daemon=here");
  }
  bool copy_keys = role.empty();
  if (copy_keys && s.config.aws.access_key_id.empty()) {
    return FailedPrecondition(
        "the master has no instance role and [aws info] has no AWS_ACCESS_KEY_ID to give it; "
        "launch the cluster with an instance profile, or run the balancer here with --daemon=here");
  }
  const ClusterTemplate& t = cluster.settings;
  auto key = s.config.keys.find(t.keyname);
  std::string key_file = key != s.config.keys.end() ? key->second.location : t.key.location;
  if (key_file.empty()) return FailedPrecondition("no KEY_LOCATION for key " + t.keyname);
  std::string remote_key = MasterPath("/keys/" + t.keyname + ".rsa");

  ASSIGN_OR_RETURN(const Instance* master, RunningNode(cluster, "master"));
  ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, *master));
  std::unique_ptr<Remote> remote = OpenRemote(ctx);
  RETURN_IF_ERROR(RunChecked(*remote, host,
                             "umask 077 && mkdir -p " + MasterPath("/bin ") + MasterPath("/keys ") +
                                 MasterPath("/locks ") + MasterPath("/logs"))
                      .status());
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return Internal("cannot find this corral binary: " + std::string(std::strerror(errno)));
  std::string exe_path(exe, static_cast<size_t>(n));
  Result<std::string> self = ReadFile(exe_path);
  if (!self.ok()) return self.status().WithContext("reading this corral binary");
  if (Sha256(*self) != installed) {
    ctx.log->Info("Copying corral (" + std::to_string(self->size() >> 20) + " MiB) to the master");
    RETURN_IF_ERROR(remote->Put(host, {exe_path}, bin + ".new"));
    RETURN_IF_ERROR(
        RunChecked(*remote, host, "chmod 755 " + bin + ".new && mv -f " + bin + ".new " + bin)
            .status());
  }
  RETURN_IF_ERROR(remote->Put(host, {key_file}, remote_key));
  if (copy_keys) {
    ctx.log->Warn("The master has no instance role: copying [aws info]'s access key to " +
                  MasterPath("/config") + " (mode 0600, readable by root on the master)");
  } else {
    ctx.log->Info("The balancer on the master uses its instance role '" + role + "'");
  }
  // The config goes through stdin, so no secret appears on a command line or in a log.
  std::string config = MasterBalancerConfig(s.config, t, remote_key, copy_keys);
  std::string cfg = MasterPath("/config");
  RETURN_IF_ERROR(RunChecked(*remote, host,
                             "chmod 600 " + remote_key + " && umask 077 && cat > " + cfg +
                                 ".new && mv -f " + cfg + ".new " + cfg,
                             {.stdin_data = config})
                      .status());
  std::string command = MasterCorral() + " loadbalance " + ShellQuote(tag) + " --daemon";
  for (const std::string& a : args) command += " " + ShellQuote(a);
  Result<RemoteResult> started = RunChecked(*remote, host, command);
  remote->CloseConnections();
  if (!started.ok()) return started.status().WithContext("starting the balancer on the master");
  *ctx.out << started->out;
  return 0;
}

}  // namespace corral
