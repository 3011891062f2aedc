// CountingRemote: a Remote decorator that forwards every call to another Remote and counts the
// Run, Put and Get calls per host alias, whether they succeed or fail. It measures how many remote
// operations a command costs per node (issue 4: the goal is at most 10 per worker joining).
//
// Thread-safe, like the Remotes it wraps, so it can sit under FanOut. An optional callback runs
// once when the decorator is destroyed, with the final counts; the CLI uses it to log them at
// debug level when a command ends.
#ifndef CORRAL_REMOTE_COUNTING_REMOTE_H_
#define CORRAL_REMOTE_COUNTING_REMOTE_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "remote/remote.h"

namespace corral {

struct RemoteOpCounts {
  int runs = 0;
  int puts = 0;
  int gets = 0;
  int total() const { return runs + puts + gets; }
  bool operator==(const RemoteOpCounts&) const = default;
};

// Host alias -> counts, ordered by alias.
using RemoteOpCountsByHost = std::map<std::string, RemoteOpCounts>;

class CountingRemote : public Remote {
 public:
  using OnDestroy = std::function<void(const RemoteOpCountsByHost&)>;

  // Takes ownership of `inner`. `on_destroy` may be empty.
  explicit CountingRemote(std::unique_ptr<Remote> inner, OnDestroy on_destroy = {});
  ~CountingRemote() override;

  Result<RemoteResult> Run(const RemoteHost& host, const std::string& command,
                           const RunOptions& options = {}) override;
  Status Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
             const std::string& remote_path) override;
  Status Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
             const std::string& local_path) override;
  // Forwarded; not counted (it is not a remote operation).
  void CloseConnections() override;

  RemoteOpCountsByHost counts() const;

 private:
  std::unique_ptr<Remote> inner_;
  OnDestroy on_destroy_;
  mutable std::mutex mu_;
  RemoteOpCountsByHost counts_;
};

// One line for a debug log, hosts in alias order, e.g.
// "remote operations: master 12 (run 11, put 1, get 0); node001 7 (run 7, put 0, get 0)".
// Empty counts give "remote operations: none".
std::string FormatRemoteOpCounts(const RemoteOpCountsByHost& counts);

}  // namespace corral

#endif  // CORRAL_REMOTE_COUNTING_REMOTE_H_
