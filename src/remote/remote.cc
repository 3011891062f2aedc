#include "remote/remote.h"

#include "util/strings.h"

namespace corral {

Result<RemoteResult> RunChecked(Remote& remote, const RemoteHost& host, const std::string& command,
                                const RunOptions& options) {
  ASSIGN_OR_RETURN(RemoteResult r, remote.Run(host, command, options));
  if (r.exit_code != 0) {
    std::string err = Trim(r.err);
    if (err.size() > 500) err = "..." + err.substr(err.size() - 500);
    return Internal(host.alias + ": command failed with exit code " + std::to_string(r.exit_code) +
                    (err.empty() ? "" : ": " + err));
  }
  return r;
}

}  // namespace corral
