#include "remote/dry_run_remote.h"

#include <mutex>

#include "util/strings.h"

namespace corral {
namespace {

class DryRunRemote : public Remote {
 public:
  explicit DryRunRemote(std::ostream* out) : out_(out) {}

  Result<RemoteResult> Run(const RemoteHost& host, const std::string& command,
                           const RunOptions& options) override {
    std::string text = ReplaceAll(Trim(command), "\n", "\n    ");
    if (!options.stdin_data.empty()) {
      text += " (with " + std::to_string(options.stdin_data.size()) + " bytes on stdin)";
    }
    Print(host, "run: " + text);
    RemoteResult r;
    r.exit_code = 0;
    return r;
  }
  Status Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
             const std::string& remote_path) override {
    Print(host, "put: " + Join(local_paths, " ") + " -> " + remote_path);
    return Status::Ok();
  }
  Status Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
             const std::string& local_path) override {
    Print(host, "get: " + Join(remote_paths, " ") + " -> " + local_path);
    return Status::Ok();
  }

 private:
  void Print(const RemoteHost& host, const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    *out_ << "[dry-run] " << host.alias << ": " << what << "\n";
    out_->flush();
  }

  std::ostream* out_;
  std::mutex mu_;
};

}  // namespace

std::unique_ptr<Remote> NewDryRunRemote(std::ostream* out) {
  return std::make_unique<DryRunRemote>(out);
}

}  // namespace corral
