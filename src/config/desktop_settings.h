// The settings of corral's built-in `desktop` plugin: a remote desktop on the master, reached in
// a browser through noVNC over HTTPS (docs/plugins.md). Selected by a [plugin] section with
// SETUP_CLASS = corral.plugins.desktop, or by a section named [plugin desktop] that gives neither
// SETUP_CLASS nor SETUP_COMMAND. Every key of the section documented here, with its default:
//   PORT = 443                the HTTPS port websockify listens on, on every address of the master
//   GEOMETRY = 1280x800       the virtual screen, WIDTHxHEIGHT (24-bit colour)
//   PACKAGES = openbox, xterm the desktop's Debian packages, installed on the master when missing
//   SESSION = openbox         the window manager (or desktop session) started on the display
//   TERMINAL = xterm          a terminal opened on the desktop when it starts ("" for none)
#ifndef CORRAL_CONFIG_DESKTOP_SETTINGS_H_
#define CORRAL_CONFIG_DESKTOP_SETTINGS_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "util/status.h"

namespace corral {

inline constexpr char kDesktopPluginClass[] = "corral.plugins.desktop";

struct DesktopSettings {
  int port = 443;
  int width = 1280;
  int height = 800;
  std::vector<std::string> packages = {"openbox", "xterm"};
  std::string session = "openbox";
  std::string terminal = "xterm";
};

bool IsDesktopPlugin(const PluginSettings& p);

// The settings of a desktop plugin section. An unknown key or a bad value is an InvalidArgument
// naming the file and line ("cfg:12: PORT = 70000 in [plugin desktop] is not a port (1-65535)").
Result<DesktopSettings> ParseDesktopSettings(const PluginSettings& p);

}  // namespace corral

#endif  // CORRAL_CONFIG_DESKTOP_SETTINGS_H_
