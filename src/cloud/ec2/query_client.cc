#include "cloud/ec2/query_client.h"

#include <algorithm>

#include "cloud/ec2/ec2_xml.h"
#include "util/strings.h"

namespace corral {
namespace {

long long Millis(Duration d) { return static_cast<long long>(d.count()); }

// An AuthFailure that names the region means the region does not exist (or is not enabled for
// the account): say so plainly instead of blaming the keys.
Status ExplainRegion(const Status& s, const std::string& region) {
  if (s.code() != StatusCode::kUnauthenticated) return s;
  std::string lower = ToLower(s.message());
  if (lower.find("region") == std::string::npos) return s;
  return InvalidArgument("unknown or disabled region '" + region + "' (" + s.message() +
                         "); 'corral listregions' lists the regions");
}

}  // namespace

void AddList(QueryParams* params, const std::string& prefix, const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    params->emplace_back(prefix + "." + std::to_string(i + 1), values[i]);
  }
}

void AddFilter(QueryParams* params, const std::string& name, const std::vector<std::string>& values) {
  int n = 1;
  for (const auto& [k, v] : *params) {
    if (StartsWith(k, "Filter.") && EndsWith(k, ".Name")) ++n;
  }
  std::string base = "Filter." + std::to_string(n);
  params->emplace_back(base + ".Name", name);
  AddList(params, base + ".Value", values);
}

std::string FormEncode(const QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += UriEncode(k) + "=" + UriEncode(v);
  }
  return out;
}

HttpRequest BuildQueryRequest(const Ec2Endpoint& endpoint, const std::string& body,
                              const AwsCredentials& credentials, TimePoint time,
                              SigV4Result* signature) {
  SigV4Request sig;
  sig.method = "POST";
  sig.path = endpoint.path;
  sig.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                 {"Host", endpoint.HostHeader()}};
  sig.body = body;
  sig.region = endpoint.region;
  sig.service = "ec2";
  SigV4Result signed_result = SignV4(sig, credentials, time);
  HttpRequest req;
  req.method = "POST";
  req.url = endpoint.Url();
  req.headers = sig.headers;
  for (const auto& h : signed_result.added_headers) req.headers.push_back(h);
  req.headers.emplace_back("Authorization", signed_result.authorization);
  req.headers.emplace_back("User-Agent", std::string("corral/") + CORRAL_VERSION);
  req.body = body;
  req.verify_tls = endpoint.verify_tls;
  if (signature) *signature = std::move(signed_result);
  return req;
}

QueryClient::QueryClient(Ec2Endpoint endpoint, CredentialProvider* credentials, HttpClient* http,
                         Clock* clock, Logger* log, RetryPolicy retry, uint64_t seed)
    : endpoint_(std::move(endpoint)),
      credentials_(credentials),
      http_(http),
      clock_(clock),
      log_(log),
      retry_(retry),
      rng_(seed) {}

std::map<std::string, int> QueryClient::CallCounts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

Duration QueryClient::Backoff(int attempt) {
  // Full jitter: uniform in [0, min(cap, base * 2^attempt)], so throttled clients spread out.
  long long ceiling = Millis(retry_.base) << std::min(attempt, 20);
  ceiling = std::min(ceiling, Millis(retry_.cap));
  std::lock_guard<std::mutex> lock(mu_);
  std::uniform_int_distribution<long long> dist(0, ceiling);
  return Duration(dist(rng_));
}

Result<std::string> QueryClient::Attempt(const std::string& action, const std::string& body,
                                         const CallOptions& options) {
  ASSIGN_OR_RETURN(AwsCredentials creds, credentials_->Get());
  log_->AddSecret(creds.secret_access_key);
  log_->AddSecret(creds.session_token);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[action];
  }
  TimePoint start = clock_->Now();
  HttpRequest req = BuildQueryRequest(endpoint_, body, creds, start);
  ASSIGN_OR_RETURN(HttpResponse resp, http_->Send(req));
  long long ms = std::chrono::duration_cast<Duration>(clock_->Now() - start).count();
  std::string request_id = resp.Header("x-amzn-requestid");
  if (resp.status / 100 == 2) {
    if (request_id.empty()) request_id = ResponseRequestId(resp.body);
    log_->Debug("ec2 " + action + ": HTTP " + std::to_string(resp.status) + " in " +
                std::to_string(ms) + " ms (request id " + request_id + ")");
    return std::move(resp.body);
  }
  Ec2Error err = ParseEc2Error(resp.body).value_or(Ec2Error{});
  err.http_status = resp.status;
  if (err.request_id.empty()) err.request_id = request_id;
  log_->Debug("ec2 " + action + ": HTTP " + std::to_string(resp.status) + " " + err.code +
              " in " + std::to_string(ms) + " ms (request id " + err.request_id + ")");
  return ExplainRegion(Ec2ErrorStatus(err, options.not_found), endpoint_.region);
}

Result<std::string> QueryClient::Call(const std::string& action, const QueryParams& params,
                                      const CallOptions& options) {
  QueryParams all = {{"Action", action}, {"Version", kEc2ApiVersion}};
  all.insert(all.end(), params.begin(), params.end());
  std::string body = FormEncode(all);
  // NotFound (eventual consistency) and transient faults (throttling, 5xx) have separate
  // budgets: a call that waited out propagation may still meet a throttled moment.
  int not_found = 0;
  int transient = 0;
  for (int attempt = 1;; ++attempt) {
    Result<std::string> r = Attempt(action, body, options);
    if (r.ok() || !r.status().retryable()) return r;
    bool is_not_found = r.status().code() == StatusCode::kNotFound;
    int used = is_not_found ? ++not_found : ++transient;
    int limit = is_not_found ? retry_.not_found_attempts : retry_.max_attempts;
    if (used >= limit) {
      return r.status().WithContext(action + " failed after " + std::to_string(attempt) +
                                    " attempts");
    }
    Duration wait = Backoff(attempt - 1);
    log_->Debug("ec2 " + action + ": " + r.status().message() + "; retrying in " +
                std::to_string(Millis(wait)) + " ms (attempt " + std::to_string(attempt + 1) +
                " of " + std::to_string(limit) + ")");
    clock_->SleepFor(wait);
  }
}

Result<std::vector<std::string>> QueryClient::CallAll(const std::string& action,
                                                      const QueryParams& params,
                                                      const CallOptions& options) {
  std::vector<std::string> pages;
  std::string token;
  do {
    QueryParams p = params;
    if (!token.empty()) p.emplace_back("NextToken", token);
    ASSIGN_OR_RETURN(std::string body, Call(action, p, options));
    std::string next = ResponseNextToken(body);
    // A server that hands back the token it was given would keep us here forever.
    if (!next.empty() && next == token) return Internal(action + " returned the same NextToken twice");
    token = std::move(next);
    pages.push_back(std::move(body));
  } while (!token.empty());
  return pages;
}

}  // namespace corral
