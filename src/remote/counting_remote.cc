#include "remote/counting_remote.h"

#include <utility>

namespace corral {

CountingRemote::CountingRemote(std::unique_ptr<Remote> inner, OnDestroy on_destroy)
    : inner_(std::move(inner)), on_destroy_(std::move(on_destroy)) {}

CountingRemote::~CountingRemote() {
  if (on_destroy_) on_destroy_(counts());
}

Result<RemoteResult> CountingRemote::Run(const RemoteHost& host, const std::string& command,
                                         const RunOptions& options) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[host.alias].runs;
  }
  return inner_->Run(host, command, options);
}

Status CountingRemote::Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
                           const std::string& remote_path) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[host.alias].puts;
  }
  return inner_->Put(host, local_paths, remote_path);
}

Status CountingRemote::Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
                           const std::string& local_path) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[host.alias].gets;
  }
  return inner_->Get(host, remote_paths, local_path);
}

void CountingRemote::CloseConnections() { inner_->CloseConnections(); }

RemoteOpCountsByHost CountingRemote::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

std::string FormatRemoteOpCounts(const RemoteOpCountsByHost& counts) {
  if (counts.empty()) return "remote operations: none";
  std::string line = "remote operations:";
  bool first = true;
  for (const auto& [alias, c] : counts) {
    line += first ? " " : "; ";
    first = false;
    line += alias + " " + std::to_string(c.total()) + " (run " + std::to_string(c.runs) + ", put " +
            std::to_string(c.puts) + ", get " + std::to_string(c.gets) + ")";
  }
  return line;
}

}  // namespace corral
