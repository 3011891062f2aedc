// Typed settings of one section: StarCluster's _load_settings step. Each schema setting present in
// the section (or in [DEFAULT]) is interpolated, checked against its type ("Expected integer value
// for setting cluster_size in section [cluster small]") and its allowed values, and kept as text
// with its location. Typed getters then read the checked text.
#ifndef CORRAL_CONFIG_SETTING_VALUES_H_
#define CORRAL_CONFIG_SETTING_VALUES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config_schema.h"
#include "config/ini_parser.h"
#include "util/status.h"

namespace corral {

struct SettingValue {
  std::string text;  // interpolated
  SourceLocation location;
};
using SettingMap = std::map<std::string, SettingValue>;  // by upper-case key

// Python 2's int(), float() and ConfigParser.getboolean() on a setting's text.
std::optional<long long> PyInt(const std::string& text);
std::optional<double> PyFloat(const std::string& text);
std::optional<bool> PyBool(const std::string& text);
// StarCluster's list: comma-separated, items stripped; empty items are dropped.
std::vector<std::string> PyList(const std::string& text);

// Reads and checks every schema setting of `section`. Errors are "file:line: <StarCluster text>".
Result<SettingMap> ReadSettings(const IniDocument& doc, const IniSection& section,
                                const SectionSpec& spec);

// Typed reads of a checked map; absent keys give the fallback / nullopt / empty.
std::string StrOf(const SettingMap& m, const std::string& key, const std::string& fallback = "");
std::optional<long long> IntOf(const SettingMap& m, const std::string& key);
// IntOf clamped to int's range, so an absurd value stays absurd (and fails the range checks)
// instead of wrapping around to a plausible one (FROM_PORT = 4294967376 is not port 80).
std::optional<int> Int32Of(const SettingMap& m, const std::string& key);
std::optional<double> FloatOf(const SettingMap& m, const std::string& key);
std::optional<bool> BoolOf(const SettingMap& m, const std::string& key);
std::vector<std::string> ListOf(const SettingMap& m, const std::string& key);
// The location of `key`, or `fallback` (usually the section header) when absent.
SourceLocation LocationOf(const SettingMap& m, const std::string& key,
                          const SourceLocation& fallback);

}  // namespace corral

#endif  // CORRAL_CONFIG_SETTING_VALUES_H_
