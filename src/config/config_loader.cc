#include "config/config_loader.h"

#include "config/desktop_settings.h"
#include "config/loader_internal.h"
#include "config/setting_values.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {

bool IsUrl(const std::string& path) {
  return StartsWith(path, "http://") || StartsWith(path, "https://");
}

namespace {

Result<std::string> ReadConfigFile(const std::string& path) {
  // StarCluster downloaded http(s) configs and includes; corral talks to no other hosts.
  if (IsUrl(path)) {
    return InvalidArgument("config URLs are not supported: download " + path +
                           " and use the file");
  }
  if (!PathExists(path)) return NotFound("config file " + path + " does not exist");
  if (IsDirectory(path)) {
    return InvalidArgument("config " + path + " exists but is not a regular file");
  }
  return ReadFile(path);
}

std::string Dirname(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// StarCluster opened includes relative to the working directory; corral also finds them beside
// the main file, which is what a relative INCLUDE almost always means.
Result<std::string> ReadInclude(const std::string& include, const std::string& main_path,
                                const ConfigEnv& env) {
  auto read = env.read_file ? env.read_file : ReadConfigFile;
  Result<std::string> text = read(include);
  if (text.ok() || text.status().code() != StatusCode::kNotFound || StartsWith(include, "/")) {
    return text;
  }
  return read(Dirname(main_path) + "/" + include);
}

// StarCluster read [global] INCLUDE from the main file, then parsed the main file followed by
// every include as one document (includes inside includes are not followed).
Result<IniDocument> ParseWithIncludes(const std::string& text, const std::string& path,
                                      const ConfigEnv& env) {
  std::vector<SourceLine> lines = SplitSourceLines(text, path);
  ASSIGN_OR_RETURN(IniDocument doc, ParseIni(lines));
  const IniSection* global = doc.FindSection("global");
  if (global == nullptr || doc.Lookup(*global, "include") == nullptr) return doc;
  ASSIGN_OR_RETURN(std::string value, doc.Get(*global, "include"));
  SourceLocation where = doc.Lookup(*global, "include")->location;
  std::vector<std::string> includes = PyList(value);
  if (includes.empty()) return doc;
  for (const std::string& item : includes) {
    std::string include = ExpandUser(item, env.vars);
    Result<std::string> content = ReadInclude(include, path, env);
    if (!content.ok()) {
      if (content.status().code() == StatusCode::kNotFound) {
        return InvalidArgument(At(where) + "include " + include + " not found");
      }
      return InvalidArgument(At(where) + content.status().message());
    }
    std::vector<SourceLine> more = SplitSourceLines(*content, include);
    lines.insert(lines.end(), more.begin(), more.end());
  }
  return ParseIni(lines);
}

// Checks section headers: a named type needs a name; odd spellings and unknown types warn.
Status CheckHeaders(const IniDocument& doc, Config& config) {
  for (const IniSection& s : doc.sections) {
    std::optional<SectionKind> kind = ClassifySection(s.header);
    std::string at = At(s.location);
    if (!kind) {
      config.warnings.push_back(at + "unknown section [" + s.header + "]; ignored");
      continue;
    }
    const SectionSpec& spec = SchemaFor(kind->type);
    if (spec.named && kind->name.empty()) {
      return InvalidArgument(at + "section [" + s.header + "] needs a name, as in [" +
                             spec.prefix + " <name>]");
    }
    std::string canonical = CanonicalHeader(kind->type, kind->name);
    if (spec.named && (!kind->exact_prefix || kind->extra_words)) {
      config.warnings.push_back(at + "[" + s.header + "] is read as [" + canonical + "]" +
                                (kind->extra_words ? " (names cannot contain spaces)" : ""));
    }
  }
  return Status::Ok();
}

void WarnUnknownKeys(const IniDocument& doc, Config& config) {
  for (const IniSection& s : doc.sections) {
    std::optional<SectionKind> kind = ClassifySection(s.header);
    if (!kind) continue;
    const SectionSpec& spec = SchemaFor(kind->type);
    if (spec.keeps_unknown) continue;
    for (const std::string& key : s.keys) {
      if (key == "__name__" || spec.Find(key) != nullptr) continue;
      std::string msg = At(s.values.at(key).location) + "unknown setting '" + ToUpper(key) +
                        "' in [" + s.header + "] is ignored";
      std::string hint = SuggestSetting(spec, key);
      if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
      config.warnings.push_back(msg);
    }
  }
}

std::map<std::string, SourceLocation> Locations(const SettingMap& m) {
  std::map<std::string, SourceLocation> out;
  for (const auto& [key, value] : m) out[key] = value.location;
  return out;
}

Status LoadGlobal(const IniDocument& doc, const ConfigEnv& env, Config& config) {
  const IniSection* s = doc.FindSection("global");
  if (s == nullptr) return Status::Ok();
  ASSIGN_OR_RETURN(SettingMap m, ReadSettings(doc, *s, SchemaFor(SectionType::kGlobal)));
  GlobalSettings& g = config.global;
  g.default_template = StrOf(m, "DEFAULT_TEMPLATE");
  g.enable_experimental = BoolOf(m, "ENABLE_EXPERIMENTAL").value_or(false);
  g.refresh_interval = Int32Of(m, "REFRESH_INTERVAL").value_or(30);
  g.web_browser = StrOf(m, "WEB_BROWSER");
  for (const std::string& inc : ListOf(m, "INCLUDE")) g.include.push_back(ExpandUser(inc, env.vars));
  g.cloud = StrOf(m, "CLOUD");
  g.locations = Locations(m);
  return Status::Ok();
}

template <typename T>
using NamedLoader = std::function<Status(const IniSection&, const std::string&, SettingMap&, T&)>;

// Loads every section of `type` into `out` by name (a later section of the same name wins).
template <typename T>
Status LoadNamed(const IniDocument& doc, SectionType type, std::map<std::string, T>& out,
                 const NamedLoader<T>& fill) {
  for (const TypedSection& ts : SectionsOfType(doc, type)) {
    const SectionSpec& spec = SchemaFor(type);
    ASSIGN_OR_RETURN(SettingMap m, ReadSettings(doc, *ts.section, spec));
    for (const SettingSpec& s : spec.settings) {
      if (s.required && StrOf(m, s.key).empty()) {
        return InvalidArgument(At(LocationOf(m, s.key, ts.section->location)) +
                               "missing required option " + ToLower(s.key) + " in section \"" +
                               ts.section->header + "\"");
      }
    }
    T item;
    RETURN_IF_ERROR(fill(*ts.section, ts.kind.name, m, item));
    out[ts.kind.name] = std::move(item);
  }
  return Status::Ok();
}

Status LoadNamedSections(const IniDocument& doc, const ConfigEnv& env, Config& config) {
  RETURN_IF_ERROR(LoadNamed<KeySettings>(
      doc, SectionType::kKey, config.keys,
      [&](const IniSection& s, const std::string& name, SettingMap& m, KeySettings& k) {
        k = KeySettings{name, ExpandUser(StrOf(m, "KEY_LOCATION"), env.vars), s.location,
                        Locations(m)};
        return Status::Ok();
      }));
  RETURN_IF_ERROR(LoadNamed<VolumeSettings>(
      doc, SectionType::kVolume, config.volumes,
      [](const IniSection& s, const std::string& name, SettingMap& m, VolumeSettings& v) {
        v.name = name;
        v.volume_id = StrOf(m, "VOLUME_ID");
        v.mount_path = StrOf(m, "MOUNT_PATH");
        v.device = StrOf(m, "DEVICE");
        v.partition = Int32Of(m, "PARTITION");
        v.section = s.location;
        v.locations = Locations(m);
        return Status::Ok();
      }));
  RETURN_IF_ERROR(LoadNamed<PluginSettings>(
      doc, SectionType::kPlugin, config.plugins,
      [&](const IniSection& s, const std::string& name, SettingMap& m, PluginSettings& p) {
        p.name = name;
        p.setup_class = StrOf(m, "SETUP_CLASS");
        p.setup_command = ExpandUser(StrOf(m, "SETUP_COMMAND"), env.vars);
        p.section = s.location;
        for (const std::string& key : s.keys) {
          if (key == "__name__") continue;
          p.settings[key] = s.values.at(key).raw;
          p.locations[key] = s.values.at(key).location;
        }
        // [plugin desktop] alone selects the built-in remote desktop (desktop_settings.h).
        if (p.setup_class.empty() && p.setup_command.empty() && name == "desktop") {
          p.setup_class = kDesktopPluginClass;
        }
        if (p.setup_class.empty() && p.setup_command.empty()) {
          return InvalidArgument(At(s.location) + "missing required option setup_class in section \"" +
                                 s.header + "\" (or corral's SETUP_COMMAND)");
        }
        return Status::Ok();
      }));
  return LoadNamed<PermissionSettings>(
      doc, SectionType::kPermission, config.permissions,
      [](const IniSection& s, const std::string& name, SettingMap& m, PermissionSettings& p) {
        p.name = name;
        p.ip_protocol = StrOf(m, "IP_PROTOCOL", "tcp");
        p.from_port = Int32Of(m, "FROM_PORT").value_or(0);
        p.to_port = Int32Of(m, "TO_PORT").value_or(0);
        p.cidr_ip = StrOf(m, "CIDR_IP", "0.0.0.0/0");
        p.section = s.location;
        p.locations = Locations(m);
        return Status::Ok();
      });
}

}  // namespace

std::string At(const SourceLocation& loc) { return loc.ToString() + ": "; }

std::vector<TypedSection> SectionsOfType(const IniDocument& doc, SectionType type) {
  std::vector<TypedSection> out;
  for (const IniSection& s : doc.sections) {
    std::optional<SectionKind> kind = ClassifySection(s.header);
    if (kind && kind->type == type && !kind->name.empty()) out.push_back({&s, *kind});
  }
  return out;
}

Result<Config> LoadConfigText(const std::string& text, const std::string& path,
                              const ConfigEnv& env) {
  ASSIGN_OR_RETURN(IniDocument doc, ParseWithIncludes(text, path, env));
  Config config;
  config.path = path;
  RETURN_IF_ERROR(CheckHeaders(doc, config));
  WarnUnknownKeys(doc, config);
  RETURN_IF_ERROR(LoadGlobal(doc, env, config));
  RETURN_IF_ERROR(LoadAwsInfo(doc, env, config));
  RETURN_IF_ERROR(LoadNamedSections(doc, env, config));
  RETURN_IF_ERROR(LoadClusters(doc, env, config));
  return config;
}

Result<Config> LoadConfig(const std::string& path, const ConfigEnv& env) {
  ASSIGN_OR_RETURN(std::string text, ReadConfigFile(path));
  return LoadConfigText(text, path, env);
}

}  // namespace corral
