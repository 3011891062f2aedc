#include "config/setting_values.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

#include "util/strings.h"

namespace corral {
namespace {

const char* TypeMessage(SettingType type) {
  switch (type) {
    case SettingType::kInt: return "Expected integer value";
    case SettingType::kFloat: return "Expected float value";
    case SettingType::kBool: return "Expected True/False value";
    default: return nullptr;
  }
}

bool TypeOk(SettingType type, const std::string& text) {
  switch (type) {
    case SettingType::kInt: return PyInt(text).has_value();
    case SettingType::kFloat: return PyFloat(text).has_value();
    case SettingType::kBool: return PyBool(text).has_value();
    default: return true;
  }
}

}  // namespace

std::optional<long long> PyInt(const std::string& text) {
  std::string t = Trim(text);
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  if (i == t.size()) return std::nullopt;
  for (size_t j = i; j < t.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(t[j]))) return std::nullopt;
  }
  return ParseInt(t[0] == '+' ? t.substr(1) : t);  // nullopt when out of range
}

std::optional<double> PyFloat(const std::string& text) {
  std::string t = Trim(text);
  // strtod also reads hex floats and "nan(...)", which Python's float() rejects.
  if (t.find_first_of("xX(") != std::string::npos) return std::nullopt;
  return ParseDouble(t);
}

std::optional<bool> PyBool(const std::string& text) {
  std::string v = ToLower(text);
  if (v == "1" || v == "yes" || v == "true" || v == "on") return true;
  if (v == "0" || v == "no" || v == "false" || v == "off") return false;
  return std::nullopt;
}

std::vector<std::string> PyList(const std::string& text) { return SplitList(text, ','); }

Result<SettingMap> ReadSettings(const IniDocument& doc, const IniSection& section,
                                const SectionSpec& spec) {
  SettingMap out;
  for (const SettingSpec& s : spec.settings) {
    std::string key = ToLower(s.key);
    const IniValue* raw = doc.Lookup(section, key);
    if (raw == nullptr) continue;
    ASSIGN_OR_RETURN(std::string text, doc.Get(section, key));
    std::string where = raw->location.ToString() + ": ";
    if (!TypeOk(s.type, text)) {
      return InvalidArgument(where + TypeMessage(s.type) + " for setting " + key +
                             " in section [" + section.header + "]");
    }
    if (!s.allowed.empty()) {
      bool ok = false;
      for (const std::string& a : s.allowed) ok = ok || a == text;
      if (!ok) {
        return InvalidArgument(where + "\"" + key + "\" setting in section \"" + section.header +
                               "\" must be one of: " + Join(s.allowed, ", "));
      }
    }
    out[s.key] = SettingValue{text, raw->location};
  }
  return out;
}

std::string StrOf(const SettingMap& m, const std::string& key, const std::string& fallback) {
  auto it = m.find(key);
  return it == m.end() ? fallback : it->second.text;
}

std::optional<long long> IntOf(const SettingMap& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::nullopt : PyInt(it->second.text);
}

std::optional<int> Int32Of(const SettingMap& m, const std::string& key) {
  std::optional<long long> v = IntOf(m, key);
  if (!v) return std::nullopt;
  return static_cast<int>(std::clamp<long long>(*v, INT32_MIN, INT32_MAX));
}

std::optional<double> FloatOf(const SettingMap& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::nullopt : PyFloat(it->second.text);
}

std::optional<bool> BoolOf(const SettingMap& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::nullopt : PyBool(it->second.text);
}

std::vector<std::string> ListOf(const SettingMap& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::vector<std::string>{} : PyList(it->second.text);
}

SourceLocation LocationOf(const SettingMap& m, const std::string& key,
                          const SourceLocation& fallback) {
  auto it = m.find(key);
  return it == m.end() ? fallback : it->second.location;
}

}  // namespace corral
