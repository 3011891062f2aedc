#include "config/desktop_settings.h"

#include <regex>

#include "config/config_schema.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr int kMaxPort = 65535;
// Xvfb accepts any size, but below 320x200 nothing fits and above 8192 the frame buffer (4 bytes a
// pixel) passes 256 MB: both are typing mistakes rather than wishes.
constexpr int kMinSide = 200;
constexpr int kMaxSide = 8192;

// The desktop's keys as a schema section, for "did you mean" hints.
const SectionSpec& DesktopSpec() {
  static const SectionSpec spec{
      SectionType::kPlugin,
      "plugin",
      true,
      false,
      {{"SETUP_CLASS"}, {"PORT"}, {"GEOMETRY"}, {"PACKAGES"}, {"SESSION"}, {"TERMINAL"}}};
  return spec;
}

Status Bad(const PluginSettings& p, const std::string& key, const std::string& why) {
  auto loc = p.locations.find(key);
  const SourceLocation& at = loc == p.locations.end() ? p.section : loc->second;
  return InvalidArgument(at.ToString() + ": " + ToUpper(key) + " = " + Trim(p.settings.at(key)) +
                         " in [plugin " + p.name + "] " + why);
}

Status CheckKeys(const PluginSettings& p) {
  for (const auto& [key, value] : p.settings) {
    if (DesktopSpec().Find(key)) continue;
    std::string msg = p.locations.at(key).ToString() + ": unknown setting '" + ToUpper(key) +
                      "' in [plugin " + p.name + "]";
    std::string hint = SuggestSetting(DesktopSpec(), key);
    if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
    return InvalidArgument(msg);
  }
  return Status::Ok();
}

// A command word for the shell: letters, digits and - _ . / only, so it needs no quoting.
bool IsCommandWord(const std::string& s) {
  static const std::regex kWord("[A-Za-z0-9_./-]+");
  return std::regex_match(s, kWord);
}

// Debian package names ("g++", "python3.11"), optionally with an architecture ("foo:amd64").
bool IsPackageName(const std::string& s) {
  static const std::regex kPackage("[a-z0-9][a-z0-9+.-]*(:[a-z0-9]+)?");
  return std::regex_match(s, kPackage);
}

}  // namespace

bool IsDesktopPlugin(const PluginSettings& p) {
  return p.setup_command.empty() && p.setup_class == kDesktopPluginClass;
}

Result<DesktopSettings> ParseDesktopSettings(const PluginSettings& p) {
  RETURN_IF_ERROR(CheckKeys(p));
  DesktopSettings d;
  auto value = [&](const char* key) { return Trim(p.settings.at(key)); };
  if (p.settings.count("port")) {
    std::optional<long long> port = ParseInt(value("port"));
    if (!port || *port < 1 || *port > kMaxPort) return Bad(p, "port", "is not a port (1-65535)");
    d.port = static_cast<int>(*port);
  }
  if (p.settings.count("geometry")) {
    std::smatch m;
    std::string g = value("geometry");
    static const std::regex kGeometry("([0-9]{1,5})x([0-9]{1,5})");
    if (!std::regex_match(g, m, kGeometry) || std::stoi(m[1]) < kMinSide ||
        std::stoi(m[1]) > kMaxSide || std::stoi(m[2]) < kMinSide || std::stoi(m[2]) > kMaxSide) {
      return Bad(p, "geometry", "is not WIDTHxHEIGHT with sides from 200 to 8192");
    }
    d.width = std::stoi(m[1]);
    d.height = std::stoi(m[2]);
  }
  if (p.settings.count("packages")) d.packages = SplitList(value("packages"));
  if (p.settings.count("session")) d.session = value("session");
  if (p.settings.count("terminal")) d.terminal = value("terminal");
  for (const std::string& pkg : d.packages) {
    if (!IsPackageName(pkg))
      return Bad(p, "packages", "has '" + pkg + "', which is not a package name");
  }
  if (!IsCommandWord(d.session)) return Bad(p, "session", "is not one command word");
  if (!d.terminal.empty() && !IsCommandWord(d.terminal))
    return Bad(p, "terminal", "is not one command word");
  return d;
}

}  // namespace corral
