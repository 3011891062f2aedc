// Small string helpers shared by every layer.
#ifndef CORRAL_UTIL_STRINGS_H_
#define CORRAL_UTIL_STRINGS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral {

std::string Trim(std::string_view s);
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Splits on `sep`; keeps empty pieces.
std::vector<std::string> Split(std::string_view s, char sep);
// Splits on `sep`, trims each piece and drops empty ones ("a, b,,c" -> a b c).
std::vector<std::string> SplitList(std::string_view s, char sep = ',');
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);
std::optional<long long> ParseInt(std::string_view s);
std::optional<double> ParseDouble(std::string_view s);
// Quotes a string for a POSIX shell: 'it'\''s'.
std::string ShellQuote(std::string_view s);
// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace corral

#endif  // CORRAL_UTIL_STRINGS_H_
