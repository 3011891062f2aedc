#include "remote/ssh_errors.h"

#include <vector>

#include "util/strings.h"

namespace corral {
namespace {

std::vector<std::string> NonEmptyLines(const std::string& text) {
  std::vector<std::string> lines;
  for (const std::string& l : Split(text, '\n')) {
    std::string t = Trim(l);
    if (!t.empty()) lines.push_back(t);
  }
  return lines;
}

bool ContainsAny(const std::string& s, const std::vector<const char*>& needles) {
  for (const char* n : needles) {
    if (s.find(n) != std::string::npos) return true;
  }
  return false;
}

// What OpenSSH prints when it gives up on a connection (ssh.c, sshconnect.c, mux.c, packet.c).
const std::vector<const char*> kHostKeyFailures = {
    "Host key verification failed", "HOST IDENTIFICATION HAS CHANGED"};
const std::vector<const char*> kConnectionFailures = {
    "Permission denied (",       "Connection refused",         "Connection timed out",
    "Connection closed by",      "Connection reset by",        "kex_exchange_identification",
    "banner exchange",           "No route to host",           "Network is unreachable",
    "Too many authentication failures", "Could not resolve hostname", "closed by remote host",
    "Control socket connect",    "mux_client_",                "ssh_dispatch_run_fatal",
    "Unable to negotiate",       "Bad owner or permissions",   "Load key"};

}  // namespace

Status SshExitStatus(const RemoteHost& host, int exit_code, const std::string& stderr_text) {
  if (exit_code != 255) return Status::Ok();
  std::vector<std::string> lines = NonEmptyLines(stderr_text);
  if (lines.empty()) return Status::Ok();
  const std::string& last = lines.back();
  if (ContainsAny(last, kHostKeyFailures)) {
    std::string checked_as = host.host_key_alias.empty() ? host.address : host.host_key_alias;
    return Unauthenticated(host.alias + ": host key of " + host.address + " port " +
                           std::to_string(host.port) + " not accepted (checked as '" +
                           checked_as + "' against '" + host.known_hosts_file +
                           "'): " + Join(lines, " "));
  }
  if (StartsWith(last, "ssh: ") || StartsWith(last, "scp: Connection closed") ||
      ContainsAny(last, kConnectionFailures)) {
    std::string why = StartsWith(last, "ssh: ") ? last.substr(5) : last;
    return Unavailable(host.alias + ": ssh to " + host.user + "@" + host.address + " port " +
                       std::to_string(host.port) + " failed: " + why)
        .Retryable();
  }
  return Status::Ok();
}

}  // namespace corral
