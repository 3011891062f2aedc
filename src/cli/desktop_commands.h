// `corral desktop TAG` and the same lines at the end of `start`: how to reach the remote desktop of
// the built-in desktop plugin (URL, VNC password, certificate fingerprint). The password goes to
// standard output only; it is registered with the Logger as a secret, so no log line can show it.
#ifndef CORRAL_CLI_DESKTOP_COMMANDS_H_
#define CORRAL_CLI_DESKTOP_COMMANDS_H_

#include "cli/cluster_access.h"
#include "cli/context.h"
#include "config/config.h"

namespace corral {

// The cluster's desktop plugin, or nullptr when it has none.
const PluginSettings* DesktopPluginOf(const ClusterTemplate& t);

// Asks the master and prints the access lines to ctx.out; FailedPrecondition when the cluster has
// no desktop plugin, its master does not run, or the desktop was never set up.
Status PrintDesktopAccess(CliContext& ctx, ClusterSession& s, const ClusterState& cluster);

}  // namespace corral

#endif  // CORRAL_CLI_DESKTOP_COMMANDS_H_
