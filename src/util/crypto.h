// Hashes, MACs and byte encodings (OpenSSL underneath): what SigV4 signing, user data and
// StarCluster's tag encoding need. Pure functions; thread-safe.
#ifndef CORRAL_UTIL_CRYPTO_H_
#define CORRAL_UTIL_CRYPTO_H_

#include <optional>
#include <string>
#include <string_view>

namespace corral {

// Raw 32-byte SHA-256 digest of `data`.
std::string Sha256(std::string_view data);
// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// Lower-case hex of arbitrary bytes.
std::string HexEncode(std::string_view bytes);
// Standard base64 (RFC 4648, with padding, no line breaks).
std::string Base64Encode(std::string_view bytes);
// Decodes standard base64; whitespace (e.g. the newlines Python 2 inserts every 76 characters)
// is ignored. nullopt for any other invalid input.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace corral

#endif  // CORRAL_UTIL_CRYPTO_H_
