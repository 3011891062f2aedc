// StarCluster's encoding of cluster settings in security-group tags (spec §3.2), so corral and
// StarCluster 0.95.6 can read each other's clusters: a JSON document is zlib-compressed, base64
// encoded the Python 2 way (a newline every 76 characters and at the end), and split into
// 255-character chunks; chunk 0 is stored under the tag `base` ("@sc-core"), chunk i > 0 under
// "<base>-<i>". Pure functions; thread-safe.
#ifndef CORRAL_CLUSTER_SC_FOOTPRINT_H_
#define CORRAL_CLUSTER_SC_FOOTPRINT_H_

#include <string>

#include "cloud/cloud.h"
#include "util/status.h"

namespace corral {

// StarCluster's MAX_TAG_LEN: the longest chunk it writes (EC2 allows 256).
inline constexpr size_t kScTagChunk = 255;
// The group tags StarCluster writes.
inline constexpr char kScVersionTag[] = "@sc-version";
inline constexpr char kScCoreTag[] = "@sc-core";
inline constexpr char kScUserTag[] = "@sc-user";
// The version corral writes into @sc-version: the StarCluster release whose format it follows.
inline constexpr char kScVersion[] = "0.95.6";

// The tags holding `json` under `base`: {base: chunk0, base-1: chunk1, ...}.
Tags EncodeScTag(const std::string& base, const std::string& json);

// The JSON text stored under `base` in `tags` (chunks joined in numeric order). NotFound when
// `tags` has no `base`; InvalidArgument (naming the tag) when a chunk is missing or the value is
// not base64 of zlib data.
Result<std::string> DecodeScTag(const Tags& tags, const std::string& base);

// Python 2's str.encode('base64'): standard base64 with '\n' after every 76 characters and at
// the end.
std::string Python2Base64(const std::string& bytes);

// zlib (RFC 1950) compression at zlib's default level, as Python's zlib.compress, and the
// inverse. ZlibDecompress returns nullopt for data that is not a complete zlib stream.
std::string ZlibCompress(const std::string& data);
std::optional<std::string> ZlibDecompress(const std::string& data);

}  // namespace corral

#endif  // CORRAL_CLUSTER_SC_FOOTPRINT_H_
