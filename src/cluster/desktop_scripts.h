// The remote desktop of the built-in `desktop` plugin, as pure functions: the scripts that start,
// stop and describe it on the master, what their output means, and the advice printed when an EC2
// cluster's permissions keep its port closed.
//
// On the master, as the cluster user: Xvfb on display :1 (cookie in ~/.Xauthority), the window
// manager and a terminal on it, x11vnc on 127.0.0.1:5901 only, and websockify serving noVNC over
// HTTPS only on the desktop's port (it alone gets CAP_NET_BIND_SERVICE, to bind 443 unprivileged).
// Kept across stops and reboots in /etc/corral-desktop: cert.pem (self-signed, per cluster),
// key.pem and password (both mode 0600, owned by the cluster user). Process ids and logs live in
// /run/corral-desktop, which every boot empties.
#ifndef CORRAL_CLUSTER_DESKTOP_SCRIPTS_H_
#define CORRAL_CLUSTER_DESKTOP_SCRIPTS_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "config/desktop_settings.h"
#include "util/status.h"

namespace corral {

inline constexpr char kDesktopStateDir[] = "/etc/corral-desktop";
inline constexpr int kDesktopDisplay = 1;
inline constexpr int kDesktopVncPort = 5900 + kDesktopDisplay;  // VNC's convention

// Every package the desktop needs on the master: the fixed stack and the configured desktop.
std::vector<std::string> DesktopPackages(const DesktopSettings& d);

// Installs what is missing, makes the certificate and the password once, and starts whatever of
// the desktop does not run with these settings; a desktop that already runs with them is left
// alone (its sessions stay connected). Fails, quoting the program's log, when a program does not
// come up (the port is taken, the display is in use). `tag` names the certificate.
std::string DesktopStartScript(const DesktopSettings& d, const std::string& user,
                               const std::string& tag);

// Stops the desktop's programs (SIGTERM, SIGKILL after 5 s); the certificate and password stay.
std::string DesktopStopScript();

// Prints the password, the certificate's SHA-256 fingerprint and "running" or "stopped"; exits
// with kDesktopNotSetUp when the master has no certificate or password yet.
inline constexpr int kDesktopNotSetUp = 3;
std::string DesktopInfoScript();

struct DesktopAccess {
  std::string password;
  std::string fingerprint;  // "AB:CD:..." (32 pairs)
  bool running = false;
};
Result<DesktopAccess> ParseDesktopInfo(const std::string& out);

// "https://10.0.0.5/vnc.html", with ":PORT" when it is not 443.
std::string DesktopUrl(const std::string& address, int port);

// "" when one of the template's permissions opens TCP `port` (EC2 allows nothing else from
// outside the cluster), else a message with the [permission] section to add for new clusters and
// the security group (@sc-<tag>) to open for this one.
std::string DesktopPortAdvice(const ClusterTemplate& t, const std::string& tag, int port);

}  // namespace corral

#endif  // CORRAL_CLUSTER_DESKTOP_SCRIPTS_H_
