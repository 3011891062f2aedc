// HttpClient: the seam between corral's EC2 code and the network. CurlHttpClient is the real
// implementation (libcurl; TLS verified unless told otherwise); tests use a recording fake
// (src/testing/fake_http_client.h) or the fake EC2 endpoint on loopback.
#ifndef CORRAL_CLOUD_EC2_HTTP_CLIENT_H_
#define CORRAL_CLOUD_EC2_HTTP_CLIENT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace corral {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // scheme://host[:port]/path[?query]
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Duration timeout = std::chrono::seconds(60);
  bool verify_tls = true;  // check the server certificate and host name
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names as received
  std::string body;
  // The first header named `name` (case-insensitive), or "".
  std::string Header(const std::string& name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Performs one exchange. Any HTTP status is a response, not an error; errors mean no response
  // (connection refused, DNS, TLS, timeout) and are Unavailable + retryable, except certificate
  // failures (Unauthenticated, not retryable).
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// libcurl. Thread-safe: each Send uses its own easy handle.
struct CurlOptions {
  // An explicit proxy ([aws info] AWS_PROXY...). Empty host: libcurl's defaults, which honour
  // the usual https_proxy / no_proxy environment variables.
  std::string proxy_host;
  int proxy_port = 0;
  std::string proxy_user;
  std::string proxy_password;
  std::string ca_bundle;  // PEM file of trusted CAs (AWS_CA_BUNDLE); empty: the system store
};
std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options = {});

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_HTTP_CLIENT_H_
