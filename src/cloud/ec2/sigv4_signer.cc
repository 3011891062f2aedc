#include "cloud/ec2/sigv4_signer.h"

#include <algorithm>

#include "util/crypto.h"
#include "util/strings.h"

namespace corral {
namespace {

// Removes "." and ".." segments and empty segments (repeated slashes); keeps a trailing slash.
std::string NormalizePath(const std::string& path) {
  std::vector<std::string> out;
  for (const std::string& seg : Split(path, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(seg);
  }
  std::string result = "/" + Join(out, "/");
  if (!out.empty() && EndsWith(path, "/")) result += "/";
  return result;
}

// Header values: trimmed, runs of spaces collapsed to one (even inside quotes).
std::string CanonicalHeaderValue(const std::string& value) {
  std::string trimmed = Trim(value);
  std::string out;
  for (char c : trimmed) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(query.size());
  for (const auto& [k, v] : query) enc.emplace_back(UriEncode(k), UriEncode(v));
  std::sort(enc.begin(), enc.end());
  std::vector<std::string> parts;
  for (const auto& [k, v] : enc) parts.push_back(k + "=" + v);
  return Join(parts, "&");
}

const std::string* FindHeader(const HeaderList& headers, const std::string& lower_name) {
  for (const auto& [k, v] : headers) {
    if (ToLower(k) == lower_name) return &v;
  }
  return nullptr;
}

}  // namespace

std::string UriEncode(const std::string& s, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string AmzDate(TimePoint time) {
  std::string iso = FormatIso8601(time);  // 2015-08-30T12:36:00Z -> 20150830T123600Z
  std::erase(iso, '-');
  std::erase(iso, ':');
  return iso;
}

SigV4Result SignV4(const SigV4Request& request, const AwsCredentials& credentials, TimePoint time) {
  SigV4Result result;
  HeaderList headers = request.headers;
  const std::string* given_date = FindHeader(headers, "x-amz-date");
  std::string amz_date = given_date ? Trim(*given_date) : AmzDate(time);
  if (!given_date) result.added_headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty() && !FindHeader(headers, "x-amz-security-token")) {
    result.added_headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  for (const auto& h : result.added_headers) headers.push_back(h);

  // Canonical headers: lower-case names, sorted; repeated names joined by ',' in arrival order.
  std::vector<std::pair<std::string, std::string>> merged;
  for (const auto& [name, value] : headers) {
    std::string lower = ToLower(Trim(name));
    std::string v = CanonicalHeaderValue(value);
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const auto& p) { return p.first == lower; });
    if (it == merged.end()) {
      merged.emplace_back(lower, v);
    } else {
      it->second += "," + v;
    }
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string canonical_headers;
  std::vector<std::string> names;
  for (const auto& [k, v] : merged) {
    canonical_headers += k + ":" + v + "\n";
    names.push_back(k);
  }
  std::string signed_headers = Join(names, ";");

  result.canonical_request = request.method + "\n" +
                             UriEncode(NormalizePath(request.path), /*keep_slash=*/true) + "\n" +
                             CanonicalQuery(request.query) + "\n" + canonical_headers + "\n" +
                             signed_headers + "\n" + HexEncode(Sha256(request.body));

  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + request.region + "/" + request.service + "/aws4_request";
  result.string_to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" +
                          HexEncode(Sha256(result.canonical_request));

  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, date);
  key = HmacSha256(key, request.region);
  key = HmacSha256(key, request.service);
  key = HmacSha256(key, "aws4_request");
  result.signature = HexEncode(HmacSha256(key, result.string_to_sign));
  result.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                         ", SignedHeaders=" + signed_headers + ", Signature=" + result.signature;
  return result;
}

}  // namespace corral
