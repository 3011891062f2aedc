// %(name)s interpolation as Python 2's ConfigParser.ConfigParser._interpolate did it:
//   while depth < 10 and the value contains "%(":
//     lower-case every "%(NAME)s" reference, then apply Python's "value % vars";
//   a value still holding "%(" afterwards is "too deeply recursive".
// Consequences kept on purpose: a value without "%(" is returned untouched ("100%" and "%%" stay
// as written), and "%%(x)s" becomes "%(x)s" in one round and is substituted in the next.
//
// Python's '%' operator accepts more than "%%" and "%(name)s" (flags, widths, other conversions);
// with string values those either fail or print a dict repr, so corral reports them as errors.
#include <string>

#include "config/ini_parser.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr int kMaxInterpolationDepth = 10;  // ConfigParser.MAX_INTERPOLATION_DEPTH

// _KEYCRE = r"%\(([^)]*)\)s|." with optionxform applied to the name.
std::string LowerReferences(const std::string& value) {
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 2, "%(") == 0) {
      size_t close = value.find(')', i + 2);
      if (close != std::string::npos && close + 1 < value.size() && value[close + 1] == 's') {
        out += "%(" + ToLower(value.substr(i + 2, close - i - 2)) + ")s";
        i = close + 2;
        continue;
      }
    }
    out += value[i++];
  }
  return out;
}

// The key of "%(key)..." starting at `open` (the '('), with Python's nesting of parentheses.
// Returns npos when the parentheses never close.
size_t KeyEnd(const std::string& value, size_t open) {
  int depth = 1;
  for (size_t i = open + 1; i < value.size(); ++i) {
    if (value[i] == '(') ++depth;
    if (value[i] == ')' && --depth == 0) return i;
  }
  return std::string::npos;
}

using Lookup = std::function<const std::string*(const std::string&)>;

// One application of Python's "value % vars" where vars maps names to strings.
Result<std::string> FormatOnce(const std::string& value, const Lookup& lookup) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 1 >= value.size()) return InvalidArgument("incomplete format: a lone '%' at the end");
    if (value[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    if (value[i + 1] != '(') {
      return InvalidArgument("unsupported format character '" + std::string(1, value[i + 1]) +
                             "': write '%%' for a literal '%'");
    }
    size_t close = KeyEnd(value, i + 1);
    if (close == std::string::npos) return InvalidArgument("incomplete format key");
    if (close + 1 >= value.size() || value[close + 1] != 's') {
      return InvalidArgument("unsupported format after '" + value.substr(i, close + 1 - i) +
                             "': only %(name)s is allowed");
    }
    std::string key = value.substr(i + 2, close - i - 2);
    const std::string* found = lookup(key);
    if (found == nullptr) return NotFound(key);
    out += *found;
    i = close + 1;
  }
  return out;
}

}  // namespace

Result<std::string> InterpolateValue(const std::string& raw, const Lookup& lookup) {
  std::string value = raw;
  for (int depth = 0; depth < kMaxInterpolationDepth; ++depth) {
    if (value.find("%(") == std::string::npos) return value;
    Result<std::string> next = FormatOnce(LowerReferences(value), lookup);
    if (!next.ok()) {
      if (next.status().code() == StatusCode::kNotFound) {
        return InvalidArgument("Bad value substitution: key '" + next.status().message() +
                               "' is not defined");
      }
      return next.status();
    }
    value = *next;
  }
  if (value.find("%(") != std::string::npos) {
    return InvalidArgument("Value interpolation too deeply recursive");
  }
  return value;
}

}  // namespace corral
