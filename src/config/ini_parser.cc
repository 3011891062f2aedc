#include "config/ini_parser.h"

#include <cctype>

#include "util/strings.h"

namespace corral {
namespace {

// Python 2's str.isspace() on one byte (the C locale set: space, \t, \n, \v, \f, \r).
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string PyStrip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string PyRstrip(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(0, e));
}

// StarCluster's filter: the first '#' of a line starts a comment when whitespace precedes it.
std::string DropInlineHash(const std::string& line) {
  size_t pos = line.find('#');
  if (pos != std::string::npos && pos > 0 && IsSpace(line[pos - 1])) {
    return PyRstrip(std::string_view(line).substr(0, pos));
  }
  return line;
}

bool IsRemLine(const std::string& line) {
  if (line.empty() || (line[0] != 'r' && line[0] != 'R')) return false;
  size_t end = 0;
  while (end < line.size() && !IsSpace(line[end])) ++end;
  return ToLower(line.substr(0, end)) == "rem";
}

struct OptionLine {
  std::string name;
  std::string value;
};

// OPTCRE: (?P<option>[^:=\s][^:=]*)\s*(?P<vi>[:=])\s*(?P<value>.*)$
bool MatchOption(const std::string& line, OptionLine& out) {
  if (line.empty() || line[0] == ':' || line[0] == '=' || IsSpace(line[0])) return false;
  size_t sep = line.find_first_of(":=");
  if (sep == std::string::npos) return false;
  out.name = ToLower(PyRstrip(std::string_view(line).substr(0, sep)));
  size_t v = sep + 1;
  while (v < line.size() && IsSpace(line[v])) ++v;
  std::string value = line.substr(v);
  size_t semi = value.find(';');
  // Python looks only at the first ';' and tests the character before it; at index 0 that is
  // value[-1], the last character.
  if (semi != std::string::npos) {
    char before = semi == 0 ? value.back() : value[semi - 1];
    if (IsSpace(before)) value = value.substr(0, semi);
  }
  value = PyStrip(value);
  if (value == "\"\"") value.clear();
  out.value = value;
  return true;
}

IniSection& OpenSection(IniDocument& doc, const std::string& header, const SourceLocation& loc) {
  if (header == "DEFAULT") return doc.defaults;
  for (IniSection& s : doc.sections) {
    if (s.header == header) return s;
  }
  IniSection s;
  s.header = header;
  s.location = loc;
  s.values["__name__"] = IniValue{header, loc};
  doc.sections.push_back(std::move(s));
  return doc.sections.back();
}

std::string Quoted(const std::string& line) {
  std::string shown = line.size() > 60 ? line.substr(0, 57) + "..." : line;
  return "'" + ReplaceAll(shown, "\r", "") + "'";
}

}  // namespace

std::vector<SourceLine> SplitSourceLines(const std::string& content, const std::string& file) {
  // An empty file is one empty line, so that messages about it still name the file.
  if (content.empty()) return {{"", {file, 1}}};
  std::vector<SourceLine> lines;
  size_t start = 0;
  int number = 1;
  while (start < content.size()) {
    size_t nl = content.find('\n', start);
    size_t end = nl == std::string::npos ? content.size() : nl;
    lines.push_back({content.substr(start, end - start), {file, number++}});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

const IniValue* IniSection::Find(const std::string& key) const {
  auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second;
}

const IniSection* IniDocument::FindSection(const std::string& header) const {
  for (const IniSection& s : sections) {
    if (s.header == header) return &s;
  }
  return nullptr;
}

const IniValue* IniDocument::Lookup(const IniSection& section, const std::string& key) const {
  if (const IniValue* v = section.Find(key)) return v;
  return defaults.Find(key);
}

Result<IniDocument> ParseIni(const std::vector<SourceLine>& input) {
  IniDocument doc;
  IniSection* current = nullptr;
  std::string option;  // the key that a continuation line would extend
  for (const SourceLine& src : input) {
    std::string line = DropInlineHash(src.text);
    if (PyStrip(line).empty() || line[0] == '#' || line[0] == ';' || IsRemLine(line)) continue;
    if (IsSpace(line[0]) && current != nullptr && !option.empty()) {
      std::string more = PyStrip(line);
      if (!more.empty()) current->values[option].raw += "\n" + more;
      continue;
    }
    size_t close = line.find(']');
    if (line[0] == '[' && close != std::string::npos && close > 1) {
      current = &OpenSection(doc, line.substr(1, close - 1), src.location);
      option.clear();
      continue;
    }
    if (current == nullptr) {
      return InvalidArgument(src.location.ToString() + ": No valid sections defined in config file " +
                             src.location.file + ": " + Quoted(line) +
                             " comes before the first [section]");
    }
    OptionLine opt;
    if (!MatchOption(line, opt)) {
      return InvalidArgument(src.location.ToString() + ": cannot parse " + Quoted(line) +
                             "; expected [section], KEY = VALUE or a comment");
    }
    if (!current->values.count(opt.name)) current->keys.push_back(opt.name);
    current->values[opt.name] = IniValue{opt.value, src.location};
    option = opt.name;
  }
  if (doc.sections.empty() && doc.defaults.values.empty()) {
    std::string file = input.empty() ? "config" : input.front().location.file;
    return InvalidArgument(file + ":1: No valid sections defined in config file " + file);
  }
  return doc;
}

Result<std::string> IniDocument::Get(const IniSection& section, const std::string& key) const {
  const IniValue* v = Lookup(section, key);
  if (v == nullptr) return NotFound("no option '" + key + "' in section [" + section.header + "]");
  auto lookup = [&](const std::string& name) -> const std::string* {
    const IniValue* found = Lookup(section, name);
    return found ? &found->raw : nullptr;
  };
  Result<std::string> value = InterpolateValue(v->raw, lookup);
  if (!value.ok()) {
    return InvalidArgument(v->location.ToString() + ": " + value.status().message() +
                           " (section [" + section.header + "], option " + key + ")");
  }
  return value;
}

}  // namespace corral
