// AWS Signature Version 4 (header signing) as one pure function.
//
// SignV4 computes the canonical request, the string to sign and the Authorization header of a
// request exactly as AWS specifies (and as AWS's published test suite checks), for any service
// except S3 (paths are normalised; the payload is always hashed). It touches no clock, network
// or global state: the caller passes the time and the credentials.
#ifndef CORRAL_CLOUD_EC2_SIGV4_SIGNER_H_
#define CORRAL_CLOUD_EC2_SIGV4_SIGNER_H_

#include <string>
#include <utility>
#include <vector>

#include "util/clock.h"

namespace corral {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What is signed. Every header in `headers` is signed (the HTTP layer may add unsigned ones such
// as Content-Length and User-Agent afterwards); "Host" must be among them.
struct SigV4Request {
  std::string method = "POST";
  std::string path = "/";  // decoded (raw UTF-8 allowed); normalised and percent-encoded here
  std::vector<std::pair<std::string, std::string>> query;  // decoded names and values
  HeaderList headers;
  std::string body;
  std::string region;   // e.g. "us-east-1"
  std::string service;  // e.g. "ec2"
};

struct SigV4Result {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // hex
  std::string authorization;  // the Authorization header's value
  // Headers the caller must add to the request (besides Authorization): X-Amz-Date when the
  // request had none, X-Amz-Security-Token when the credentials carry a token and the request had
  // none. Both are part of the signature.
  HeaderList added_headers;
};

// Signs `request` at `time` (ignored when the request already carries X-Amz-Date, which is then
// used as given).
SigV4Result SignV4(const SigV4Request& request, const AwsCredentials& credentials, TimePoint time);

// Pieces of the algorithm, exposed for tests and for the query client.
// RFC 3986 encoding with AWS's rules: unreserved A-Z a-z 0-9 - . _ ~ kept, everything else %XX
// with upper-case hex (space is %20, never '+'). With `keep_slash`, '/' is kept (paths).
std::string UriEncode(const std::string& s, bool keep_slash = false);
// "20150830T123600Z".
std::string AmzDate(TimePoint time);

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_SIGV4_SIGNER_H_
