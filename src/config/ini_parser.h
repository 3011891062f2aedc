// The INI syntax exactly as StarCluster read it: Python 2's ConfigParser.ConfigParser, behind
// StarCluster's filter that drops inline '#' comments preceded by whitespace.
//
// What that means, line by line (docs/config.md has the user-facing version):
//  - '#' comments: the first '#' of a line, when preceded by whitespace, ends the line
//    ("FOO = bar # c" -> "bar"; "FOO = bar# c" keeps everything);
//  - blank lines, lines starting with '#' or ';', and lines whose first word is "rem" are skipped;
//  - "[header]" starts (or re-opens) a section; text after the ']' is ignored; "[DEFAULT]" holds
//    fallback values for every section;
//  - "key = value" or "key: value" (the first ':' or '=' separates), key lower-cased; a ';' ends
//    the value when it is the first ';' and follows whitespace; a value of "" means empty;
//  - a line starting with whitespace continues the previous key's value (joined with "\n");
//  - a repeated key replaces the earlier value.
// Values stay raw here; Get() applies %(name)s interpolation as ConfigParser.get() did.
//
// Every value remembers the file and line where it was written, also across INCLUDE (the loader
// concatenates the lines of several files into one document).
#ifndef CORRAL_CONFIG_INI_PARSER_H_
#define CORRAL_CONFIG_INI_PARSER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "util/status.h"

namespace corral {

// One physical line of input and where it came from.
struct SourceLine {
  std::string text;  // without the '\n' (a '\r' of a CRLF file is kept, as Python 2 kept it)
  SourceLocation location;
};

// Splits file content into lines numbered from 1 (an empty file is one empty line).
std::vector<SourceLine> SplitSourceLines(const std::string& content, const std::string& file);

struct IniValue {
  std::string raw;          // continuation lines joined with "\n"; not interpolated
  SourceLocation location;  // the line holding "key = ..."
};

struct IniSection {
  std::string header;       // text between '[' and ']', as written ("cluster small")
  SourceLocation location;  // the first line that opened it
  std::vector<std::string> keys;         // lower-cased keys in first-seen order
  std::map<std::string, IniValue> values;  // includes "__name__" (= header), as Python had it

  const IniValue* Find(const std::string& key) const;
};

struct IniDocument {
  std::vector<IniSection> sections;  // in order of first appearance; [DEFAULT] is not among them
  IniSection defaults;               // [DEFAULT]

  const IniSection* FindSection(const std::string& header) const;
  // Where `key` of `section` is defined: the section itself, else [DEFAULT]; nullptr if neither.
  const IniValue* Lookup(const IniSection& section, const std::string& key) const;
  // ConfigParser.get(): the value of `key` (lower-case) in `section` with DEFAULT fallback and
  // %(name)s interpolation (at most 10 rounds; '%%' is a literal '%' once a value holds "%(").
  // NotFound when the key is absent; InvalidArgument "file:line: ..." for interpolation errors.
  Result<std::string> Get(const IniSection& section, const std::string& key) const;
};

// Parses the lines as one document. Errors name the first offending line: "file:line: ...".
Result<IniDocument> ParseIni(const std::vector<SourceLine>& lines);

// Python 2's "value % vars" as ConfigParser._interpolate used it, for one value.
// `lookup` returns nullptr for a missing key. Exposed for tests.
Result<std::string> InterpolateValue(
    const std::string& raw, const std::function<const std::string*(const std::string&)>& lookup);

}  // namespace corral

#endif  // CORRAL_CONFIG_INI_PARSER_H_
