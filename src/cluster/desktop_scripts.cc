#include "cluster/desktop_scripts.h"

#include "cluster/setup_scripts.h"
#include "util/strings.h"

namespace corral {
namespace {

// Shell helpers both scripts share. A pid file holds "PID STARTTIME" (field 22 of /proc/PID/stat,
// after the command name), so a process id the kernel reused is never taken for ours.
constexpr char kHelpers[] = R"sh(export PATH=/usr/sbin:/usr/bin:/sbin:/bin
s=/etc/corral-desktop r=/run/corral-desktop
started() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
ours() {  # ours NAME: its program still runs; sets $p to its pid
  [ -s "$r/$1.pid" ] || return 1
  read -r p t <"$r/$1.pid"
  [ -n "$t" ] && [ "$(started "$p")" = "$t" ]
}
stop_desktop() {
  for n in web vnc terminal session xvfb; do
    ours "$n" || { rm -f "$r/$n.pid"; continue; }
    kill -TERM "$p" 2>/dev/null || true
    # Each program exits well within a second of SIGTERM; 5 s leaves room on a loaded machine.
    for i in $(seq 50); do ours "$n" || break; sleep 0.1; done
    ours "$n" && kill -KILL "$p" 2>/dev/null || true
    rm -f "$r/$n.pid"
  done
  rm -f "$r/settings"
}
)sh";

// Runs from the top of the start script, after `u` (the user), `want` (the settings line), `port`,
// `geometry`, `session`, `terminal` and `cn` are set.
constexpr char kStart[] = R"sh(install -d -m 755 "$s" "$r"
if [ "$(cat "$r/settings" 2>/dev/null)" = "$want" ] && ours xvfb && ours session && ours vnc && ours web; then
  echo "the desktop already runs"
  exit 0
fi
stop_desktop
g=$(id -g "$u")
home=$(getent passwd "$u" | cut -d: -f6)
cd "$home"  # where the desktop's programs start (a terminal's shell opens there)
if [ ! -s "$s/cert.pem" ] || [ ! -s "$s/key.pem" ]; then
  (umask 077; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=$cn" -keyout "$s/key.pem.new" -out "$s/cert.pem.new" 2>/dev/null)
  chmod 644 "$s/cert.pem.new"
  mv "$s/key.pem.new" "$s/key.pem"
  mv "$s/cert.pem.new" "$s/cert.pem"
fi
if [ ! -s "$s/password" ]; then
  # VNC uses only the first 8 characters of a password.
  (umask 077; tr -dc 'A-Za-z0-9' </dev/urandom | head -c 8 >"$s/password.new")
  mv "$s/password.new" "$s/password"
fi
chown "$u:$g" "$s/key.pem" "$s/password"
chmod 600 "$s/key.pem" "$s/password"
as_user() { setpriv --reuid="$u" --regid="$g" --init-groups --reset-env "$@"; }
launch() {  # launch NAME [setpriv options] PROGRAM ARGS...: as the user, in its own session
  n=$1; shift
  setsid setpriv --reuid="$u" --regid="$g" --init-groups --reset-env "$@" </dev/null >>"$r/$n.log" 2>&1 &
  echo "$! $(started $!)" >"$r/$n.pid"
}
fail() { echo "the desktop's $1 did not start:" >&2; tail -n 5 "$r/$1.log" >&2; stop_desktop; exit 1; }
# X servers of every user share this directory; it must be root's before the first one starts.
install -d -m 1777 /tmp/.X11-unix
if [ -e /tmp/.X1-lock ]; then
  x=$(tr -d ' ' </tmp/.X1-lock)
  if kill -0 "$x" 2>/dev/null; then echo "display :1 is in use by process $x" >&2; exit 1; fi
  rm -f /tmp/.X1-lock /tmp/.X11-unix/X1
fi
if ! as_user xauth -f "$home/.Xauthority" list :1 2>/dev/null | grep -q .; then
  echo "add :1 . $(mcookie)" | as_user xauth -q -f "$home/.Xauthority" source -
fi
launch xvfb Xvfb :1 -screen 0 "${geometry}x24" -nolisten tcp -auth "$home/.Xauthority"
# Each wait below ends as soon as the program is ready; 10 s bounds a program that never is.
for i in $(seq 100); do [ -S /tmp/.X11-unix/X1 ] && break; sleep 0.1; done
ours xvfb && [ -S /tmp/.X11-unix/X1 ] || fail xvfb
launch session env DISPLAY=:1 "$session"
[ -z "$terminal" ] || launch terminal env DISPLAY=:1 "$terminal"
launch vnc x11vnc -display :1 -auth "$home/.Xauthority" -localhost -rfbport 5901 \
  -passwdfile "$s/password" -forever -shared
launch web --inh-caps=+net_bind_service --ambient-caps=+net_bind_service \
  websockify --ssl-only --cert "$s/cert.pem" --key "$s/key.pem" --web /usr/share/novnc \
  "$port" 127.0.0.1:5901
for i in $(seq 100); do [ -n "$(ss -Hltn "sport = :5901")" ] && break; sleep 0.1; done
for i in $(seq 100); do [ -n "$(ss -Hltn "sport = :$port")" ] && break; sleep 0.1; done
for n in session vnc web; do ours "$n" || fail "$n"; done
echo "$want" >"$r/settings"
echo "the desktop runs on port $port"
)sh";

// Exits 3 when the desktop was never set up on this master.
constexpr char kInfo[] = R"sh([ -s "$s/password" ] && [ -s "$s/cert.pem" ] || exit 3
ours web && state=running || state=stopped
cat "$s/password"; echo
openssl x509 -in "$s/cert.pem" -noout -fingerprint -sha256
echo "$state"
)sh";

}  // namespace

std::vector<std::string> DesktopPackages(const DesktopSettings& d) {
  std::vector<std::string> pkgs = {"xvfb",       "xauth",   "x11vnc",  "novnc",
                                   "websockify", "openssl", "iproute2"};
  pkgs.insert(pkgs.end(), d.packages.begin(), d.packages.end());
  return pkgs;
}

std::string DesktopStartScript(const DesktopSettings& d, const std::string& user,
                               const std::string& tag) {
  std::string geometry = std::to_string(d.width) + "x" + std::to_string(d.height);
  std::string want = std::to_string(d.port) + " " + geometry + " " + d.session + " " + d.terminal;
  return "set -e\n" + std::string(kHelpers) + InstallPackagesScript(DesktopPackages(d)) +
         "u=" + ShellQuote(user) + " port=" + std::to_string(d.port) + " geometry=" + geometry +
         " session=" + ShellQuote(d.session) + " terminal=" + ShellQuote(d.terminal) + "\n" +
         "want=" + ShellQuote(want) + " cn=" + ShellQuote("corral desktop " + tag) + "\n" + kStart;
}

std::string DesktopStopScript() { return std::string(kHelpers) + "stop_desktop\n"; }

std::string DesktopInfoScript() { return "set -e\n" + std::string(kHelpers) + kInfo; }

Result<DesktopAccess> ParseDesktopInfo(const std::string& out) {
  std::vector<std::string> lines = Split(Trim(out), '\n');
  constexpr char kPrefix[] = "Fingerprint=";
  if (lines.size() != 3 || lines[0].empty() || lines[1].find(kPrefix) == std::string::npos) {
    return Internal("unexpected answer from the master about the desktop");
  }
  DesktopAccess a;
  a.password = Trim(lines[0]);
  a.fingerprint = Trim(lines[1].substr(lines[1].find(kPrefix) + sizeof(kPrefix) - 1));
  a.running = Trim(lines[2]) == "running";
  return a;
}

std::string DesktopUrl(const std::string& address, int port) {
  return "https://" + address + (port == 443 ? "" : ":" + std::to_string(port)) + "/vnc.html";
}

std::string DesktopPortAdvice(const ClusterTemplate& t, const std::string& tag, int port) {
  for (const PermissionSettings& p : t.permissions) {
    if (p.ip_protocol == "tcp" && p.from_port <= port && port <= p.to_port) return "";
  }
  std::string n = std::to_string(port);
  std::string msg =
      "port " + n + " of the master is not open, so browsers cannot reach the desktop: add\n";
  msg += "  [permission desktop]\n  IP_PROTOCOL = tcp\n";
  msg += "  FROM_PORT = " + n + "\n  TO_PORT = " + n + "\n";
  msg += "  CIDR_IP = 0.0.0.0/0   ; better: your own address, e.g. 203.0.113.7/32\n";
  msg +=
      "and 'PERMISSIONS = desktop' to [cluster " + t.name + "] for new clusters (permissions are ";
  msg += "applied when a cluster's security group is created); for this one, allow TCP " + n;
  return msg + " in security group @sc-" + tag;
}

}  // namespace corral
