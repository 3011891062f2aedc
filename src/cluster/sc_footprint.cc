#include "cluster/sc_footprint.h"

#include <zlib.h>

#include <map>

#include "util/crypto.h"
#include "util/strings.h"

namespace corral {

std::string Python2Base64(const std::string& bytes) {
  std::string flat = Base64Encode(bytes);
  std::string out;
  // Python 2's base64.encodestring wraps at 76 characters (MIME's line limit).
  for (size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\n";
  return out;
}

std::string ZlibCompress(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size,
            reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
            Z_DEFAULT_COMPRESSION);
  out.resize(size);
  return out;
}

std::optional<std::string> ZlibDecompress(const std::string& data) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated input
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

Tags EncodeScTag(const std::string& base, const std::string& json) {
  std::string encoded = Python2Base64(ZlibCompress(json));
  Tags tags;
  for (size_t i = 0, n = 0; i < encoded.size(); i += kScTagChunk, ++n) {
    tags[n == 0 ? base : base + "-" + std::to_string(n)] = encoded.substr(i, kScTagChunk);
  }
  return tags;
}

Result<std::string> DecodeScTag(const Tags& tags, const std::string& base) {
  auto first = tags.find(base);
  if (first == tags.end()) return NotFound("no tag " + base);
  // Chunks by number. StarCluster itself sorts the names as strings, which misorders "-10"
  // before "-2"; numbers read both its short documents and longer ones correctly.
  std::map<long long, std::string> chunks{{0, first->second}};
  for (const auto& [key, value] : tags) {
    if (!StartsWith(key, base + "-")) continue;
    std::optional<long long> n = ParseInt(key.substr(base.size() + 1));
    if (n && *n > 0) chunks[*n] = value;
  }
  std::string encoded;
  long long expect = 0;
  for (const auto& [n, value] : chunks) {
    if (n != expect) return InvalidArgument("tag " + base + "-" + std::to_string(expect) + " is missing");
    encoded += value;
    ++expect;
  }
  std::optional<std::string> packed = Base64Decode(encoded);
  if (!packed) return InvalidArgument("tag " + base + " is not base64");
  std::optional<std::string> json = ZlibDecompress(*packed);
  if (!json) return InvalidArgument("tag " + base + " does not hold zlib-compressed data");
  return *json;
}

}  // namespace corral
