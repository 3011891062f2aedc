// FakeRemote: a recording Remote for tests. Every Run/Put/Get is recorded per host; Run is
// answered by the first handler whose host and needle match, else it "succeeds" with empty
// output. Thread-safe, so fan-out code can be tested with it.
#ifndef CORRAL_TESTING_FAKE_REMOTE_H_
#define CORRAL_TESTING_FAKE_REMOTE_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "remote/remote.h"

namespace corral {

class FakeRemote : public Remote {
 public:
  struct Call {
    std::string host;     // RemoteHost::alias
    std::string user;
    std::string kind;     // "run", "put", "get"
    std::string command;  // run: the command; put/get: "SRC... -> DEST"
    std::string stdin_data;
  };
  using Handler = std::function<Result<RemoteResult>(const RemoteHost&, const std::string&)>;

  // Answers Run calls on host `alias` ("*" for any) whose command contains `needle`.
  void On(const std::string& alias, const std::string& needle, Handler handler);
  // Shorthand: answer with this exit code and stdout.
  void OnReply(const std::string& alias, const std::string& needle, int exit_code,
               const std::string& out);

  Result<RemoteResult> Run(const RemoteHost& host, const std::string& command,
                           const RunOptions& options = {}) override;
  Status Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
             const std::string& remote_path) override;
  Status Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
             const std::string& local_path) override;

  // Counts calls; does not forget recorded calls.
  void CloseConnections() override;

  std::vector<Call> calls() const;
  // How many times CloseConnections was called (commands must not leave connections behind).
  int close_calls() const;
  // The commands run on host `alias`, in order.
  std::vector<std::string> CommandsOn(const std::string& alias) const;

 private:
  struct Rule {
    std::string alias;
    std::string needle;
    Handler handler;
  };
  mutable std::mutex mu_;
  std::vector<Rule> rules_;
  std::vector<Call> calls_;
  int close_calls_ = 0;
};

}  // namespace corral

#endif  // CORRAL_TESTING_FAKE_REMOTE_H_
