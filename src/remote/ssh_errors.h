// How an ssh(1) or scp(1) exit becomes a Status: the one place that reads ssh's messages.
#ifndef CORRAL_REMOTE_SSH_ERRORS_H_
#define CORRAL_REMOTE_SSH_ERRORS_H_

#include <string>

#include "remote/remote.h"
#include "util/status.h"

namespace corral {

// ssh exits 255 both when it cannot connect and when the remote command exits 255; its own
// failure is told apart by the last line of stderr (ssh prints it after anything the command
// wrote). Returns:
// - Unauthenticated, not retryable, when the host key did not verify ("node001: host key of
//   10.0.0.5 port 22 not accepted ...");
// - Unavailable, retryable, for connection and authentication failures ("node001: ssh to
//   root@10.0.0.5 port 22 failed: connect to host 10.0.0.5 port 22: Connection refused");
// - Ok otherwise (the exit status is the remote command's).
Status SshExitStatus(const RemoteHost& host, int exit_code, const std::string& stderr_text);

}  // namespace corral

#endif  // CORRAL_REMOTE_SSH_ERRORS_H_
