#include "testing/fake_remote.h"

#include "util/strings.h"

namespace corral {

void FakeRemote::On(const std::string& alias, const std::string& needle, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.push_back({alias, needle, std::move(handler)});
}

void FakeRemote::OnReply(const std::string& alias, const std::string& needle, int exit_code,
                         const std::string& out) {
  On(alias, needle, [exit_code, out](const RemoteHost&, const std::string&) -> Result<RemoteResult> {
    RemoteResult r;
    r.exit_code = exit_code;
    r.out = out;
    return r;
  });
}

Result<RemoteResult> FakeRemote::Run(const RemoteHost& host, const std::string& command,
                                     const RunOptions& options) {
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back({host.alias, host.user, "run", command, options.stdin_data});
    for (const Rule& r : rules_) {
      if ((r.alias == "*" || r.alias == host.alias) &&
          command.find(r.needle) != std::string::npos) {
        handler = r.handler;
        break;
      }
    }
  }
  if (handler) return handler(host, command);
  RemoteResult ok;
  ok.exit_code = 0;
  return ok;
}

Status FakeRemote::Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
                       const std::string& remote_path) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back({host.alias, host.user, "put", Join(local_paths, " ") + " -> " + remote_path, ""});
  return Status::Ok();
}

Status FakeRemote::Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
                       const std::string& local_path) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back({host.alias, host.user, "get", Join(remote_paths, " ") + " -> " + local_path, ""});
  return Status::Ok();
}

void FakeRemote::CloseConnections() {
  std::lock_guard<std::mutex> lock(mu_);
  ++close_calls_;
}

int FakeRemote::close_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return close_calls_;
}

std::vector<FakeRemote::Call> FakeRemote::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<std::string> FakeRemote::CommandsOn(const std::string& alias) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const Call& c : calls_) {
    if (c.host == alias && c.kind == "run") out.push_back(c.command);
  }
  return out;
}

}  // namespace corral
