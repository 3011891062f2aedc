#include "cloud/local/host_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

Result<ProcessOutput> Ip(ProcessRunner& runner, const std::vector<std::string>& args,
                         const std::string& stdin_data = "") {
  ProcessSpec spec;
  spec.argv = {"ip"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.stdin_data = stdin_data;
  spec.timeout = Duration(30000);
  return RunChecked(runner, spec);
}

std::vector<std::string> ForwardRule(const std::string& bridge) {
  return {"FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"};
}

// Runs iptables with `op` (-C, -I, -D) on the bridge's rule; NotFound when iptables is missing.
Result<ProcessOutput> Iptables(ProcessRunner& runner, const std::string& op,
                               const std::string& bridge) {
  ProcessSpec spec;
  spec.argv = {"iptables", "-w", op};
  for (const std::string& a : ForwardRule(bridge)) spec.argv.push_back(a);
  spec.timeout = Duration(30000);
  return runner.Run(spec);
}

bool BridgeNetfilterOn() {
  Result<std::string> v = ReadFile("/proc/sys/net/bridge/bridge-nf-call-iptables");
  return v.ok() && Trim(*v) == "1";
}

}  // namespace

Result<std::vector<Ipv4Net>> HostNetworksInUse(ProcessRunner& runner) {
  ASSIGN_OR_RETURN(ProcessOutput routes, Ip(runner, {"-4", "-j", "route", "show", "table", "all"}));
  ASSIGN_OR_RETURN(ProcessOutput addrs, Ip(runner, {"-4", "-j", "addr", "show"}));
  ASSIGN_OR_RETURN(std::vector<Ipv4Net> used, ParseIpRoutesJson(routes.out));
  ASSIGN_OR_RETURN(std::vector<Ipv4Net> more, ParseIpAddrJson(addrs.out));
  used.insert(used.end(), more.begin(), more.end());
  return used;
}

Result<std::vector<std::string>> HostLinkNames(ProcessRunner& runner) {
  ASSIGN_OR_RETURN(ProcessOutput links, Ip(runner, {"-j", "link", "show"}));
  return ParseIpLinkNamesJson(links.out);
}

bool LinkExists(const std::string& name) { return PathExists("/sys/class/net/" + name); }
bool NetnsExists(const std::string& name) { return PathExists("/run/netns/" + name); }

Status CreateBridge(ProcessRunner& runner, Logger& log, const std::string& bridge,
                    const Ipv4Net& subnet) {
  std::string gateway = FormatIpv4(GatewayIp(subnet)) + "/" + std::to_string(subnet.prefix);
  Status st = Ip(runner, {"link", "add", bridge, "type", "bridge"}).status();
  if (st.ok()) st = Ip(runner, {"addr", "add", gateway, "dev", bridge}).status();
  if (st.ok()) st = Ip(runner, {"link", "set", bridge, "up"}).status();
  if (!st.ok()) return st.WithContext("creating bridge " + bridge);
  if (!BridgeNetfilterOn()) return Status::Ok();
  Result<ProcessOutput> check = Iptables(runner, "-C", bridge);
  if (!check.ok()) {
    log.Debug("bridge netfilter is on but iptables is not installed; no FORWARD rule needed");
    return Status::Ok();
  }
  if (check->exit_code == 0) return Status::Ok();
  Result<ProcessOutput> add = Iptables(runner, "-I", bridge);
  if (!add.ok() || !add->success()) {
    log.Warn("cannot add an iptables ACCEPT rule for bridge " + bridge +
             "; node-to-node traffic may be filtered: " + (add.ok() ? Trim(add->err) : add.status().message()));
  }
  return Status::Ok();
}

Status DeleteBridge(ProcessRunner& runner, const std::string& bridge) {
  if (BridgeNetfilterOn()) {
    Result<ProcessOutput> check = Iptables(runner, "-C", bridge);
    if (check.ok() && check->exit_code == 0) Iptables(runner, "-D", bridge).status().IgnoreError();
  }
  if (!LinkExists(bridge)) return Status::Ok();
  return Ip(runner, {"link", "del", bridge}).status().WithContext("deleting bridge " + bridge);
}

Status CreateNodeNetwork(ProcessRunner& runner, const NodeNetwork& n) {
  std::string cidr = n.ip + "/" + std::to_string(n.prefix);
  Status st = Ip(runner, {"netns", "add", n.netns}).status();
  if (st.ok()) {
    st = Ip(runner, {"link", "add", n.veth, "type", "veth", "peer", "name", "eth0", "address",
                     n.mac, "netns", n.netns}).status();
  }
  if (st.ok()) st = Ip(runner, {"link", "set", n.veth, "master", n.bridge, "up"}).status();
  // A node re-created at this address has the same MAC (derived from the IP), but entries in
  // the bridge's neighbour table can still be stale (FAILED/INCOMPLETE): flush them.
  if (st.ok()) st = Ip(runner, {"neigh", "flush", "dev", n.bridge, "to", n.ip}).status();
  if (st.ok()) {
    st = Ip(runner, {"-n", n.netns, "-batch", "-"},
            "link set lo up\naddr add " + cidr + " dev eth0\nlink set eth0 up\n").status();
  }
  return st.WithContext("creating network " + n.netns + " (" + cidr + ")");
}

Status DeleteNodeNetwork(ProcessRunner& runner, const NodeNetwork& n) {
  Status st;
  if (LinkExists(n.veth)) st = Ip(runner, {"link", "del", n.veth}).status();
  if (st.ok() && NetnsExists(n.netns)) st = Ip(runner, {"netns", "del", n.netns}).status();
  return st.WithContext("deleting network " + n.netns);
}

bool SshdAnswers(const std::string& ip, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) return false;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  // The node is on a local bridge: a connection is accepted or refused within microseconds, and
  // sshd sends its banner at once. 500 ms bounds a node that is overloaded or half up.
  constexpr int kWaitMs = 500;
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 || errno == EINPROGRESS) {
    pollfd p{fd, POLLIN, 0};
    char buf[4];
    size_t got = 0;
    while (got < sizeof(buf) && poll(&p, 1, kWaitMs) == 1 && (p.revents & POLLIN)) {
      ssize_t n = read(fd, buf + got, sizeof(buf) - got);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    ok = got == sizeof(buf) && std::string(buf, sizeof(buf)) == "SSH-";
  }
  close(fd);
  return ok;
}

}  // namespace corral
