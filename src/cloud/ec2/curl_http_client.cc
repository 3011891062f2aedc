// CurlHttpClient: HttpClient over libcurl's easy interface.
#include <curl/curl.h>

#include <mutex>

#include "cloud/ec2/http_client.h"
#include "util/strings.h"

namespace corral {

namespace {

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* resp = static_cast<HttpResponse*>(user);
  std::string line(data, size * n);
  // A new status line (redirects, "100 Continue") starts a new header block.
  if (StartsWith(line, "HTTP/")) resp->headers.clear();
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    resp->headers.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  return size * n;
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options) : options_(std::move(options)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    CURL* curl = curl_easy_init();
    if (!curl) return Internal("curl_easy_init failed");
    HttpResponse resp;
    curl_slist* headers = nullptr;
    for (const auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
    // libcurl would otherwise send "Expect: 100-continue" for large bodies, costing a round trip.
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST" || !request.body.empty()) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &resp);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    // Connecting is quick or hopeless; a short bound lets the retry loop try again sooner.
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
    if (!options_.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (!options_.proxy_host.empty()) {
      curl_easy_setopt(curl, CURLOPT_PROXY, options_.proxy_host.c_str());
      if (options_.proxy_port) curl_easy_setopt(curl, CURLOPT_PROXYPORT, static_cast<long>(options_.proxy_port));
      if (!options_.proxy_user.empty()) {
        curl_easy_setopt(curl, CURLOPT_PROXYUSERNAME, options_.proxy_user.c_str());
        curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD, options_.proxy_password.c_str());
      }
    }
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return TransportError(rc, request.url);
    resp.status = static_cast<int>(status);
    return resp;
  }

 private:
  static Status TransportError(CURLcode rc, const std::string& url) {
    // Strip any query string: it could carry signed parameters.
    std::string where = url.substr(0, url.find('?'));
    std::string msg = "cannot reach " + where + ": " + curl_easy_strerror(rc);
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
        rc == CURLE_SSL_CERTPROBLEM) {
      return Unauthenticated(msg + " (certificate check failed; see AWS_VALIDATE_CERTS in docs/ec2.md)");
    }
    return Unavailable(msg).Retryable();
  }

  CurlOptions options_;
};

}  // namespace

std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace corral
