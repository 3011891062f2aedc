// QueryClient: EC2's Query API over an HttpClient. Form-encoded POST with Version=2016-11-15,
// signed with SigV4; error documents mapped to Status (ec2_error.h); retryable errors retried with
// capped exponential backoff and full jitter through the Clock; request ids logged at debug
// level; the secret key and session token registered with the Logger so they never print.
//
// Thread-safe: calls may run concurrently (the random source and counters are locked).
#ifndef CORRAL_CLOUD_EC2_QUERY_CLIENT_H_
#define CORRAL_CLOUD_EC2_QUERY_CLIENT_H_

#include <map>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cloud/ec2/aws_credentials.h"
#include "cloud/ec2/ec2_endpoint.h"
#include "cloud/ec2/ec2_error.h"
#include "cloud/ec2/http_client.h"
#include "util/clock.h"
#include "util/log.h"

namespace corral {

inline constexpr char kEc2ApiVersion[] = "2016-11-15";

// Parameters in the order they were added; the body is encoded in that order.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// "Prefix.1=a&Prefix.2=b" (EC2's list convention, 1-based).
void AddList(QueryParams* params, const std::string& prefix, const std::vector<std::string>& values);
// Filter.N.Name=name, Filter.N.Value.M=values[M-1], with N = the next free filter number.
void AddFilter(QueryParams* params, const std::string& name, const std::vector<std::string>& values);

// application/x-www-form-urlencoded with SigV4's percent-encoding (%20 for space, never '+').
std::string FormEncode(const QueryParams& params);

// The signed POST for `body` (already form-encoded). Pure. `signature` receives the signer's
// intermediate results when not null.
HttpRequest BuildQueryRequest(const Ec2Endpoint& endpoint, const std::string& body,
                              const AwsCredentials& credentials, TimePoint time,
                              SigV4Result* signature = nullptr);

struct RetryPolicy {
  int max_attempts = 8;            // throttling, 5xx, transport errors
  int not_found_attempts = 12;     // NotFound right after a create (eventual consistency)
  Duration base = std::chrono::milliseconds(500);
  // AWS's SDKs cap the backoff at 20 s: waiting longer rarely helps a throttled account.
  Duration cap = std::chrono::seconds(20);
};

struct CallOptions {
  NotFoundPolicy not_found = NotFoundPolicy::kFinal;
};

class QueryClient {
 public:
  // Borrows every pointer; they must outlive the client. `seed` drives the jitter.
  QueryClient(Ec2Endpoint endpoint, CredentialProvider* credentials, HttpClient* http,
              Clock* clock, Logger* log, RetryPolicy retry = {}, uint64_t seed = 0);

  // Calls `action` and returns the body of its successful response (an XML document).
  Result<std::string> Call(const std::string& action, const QueryParams& params,
                           const CallOptions& options = {});
  // Calls `action` page after page (NextToken) and returns every page's body.
  Result<std::vector<std::string>> CallAll(const std::string& action, const QueryParams& params,
                                           const CallOptions& options = {});

  const Ec2Endpoint& endpoint() const { return endpoint_; }
  // API calls made so far (attempts included), by action; for benchmarks and tests.
  std::map<std::string, int> CallCounts() const;

 private:
  Result<std::string> Attempt(const std::string& action, const std::string& body,
                              const CallOptions& options);
  Duration Backoff(int attempt);

  Ec2Endpoint endpoint_;
  CredentialProvider* credentials_;
  HttpClient* http_;
  Clock* clock_;
  Logger* log_;
  RetryPolicy retry_;
  mutable std::mutex mu_;
  std::mt19937_64 rng_;
  std::map<std::string, int> counts_;
};

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_QUERY_CLIENT_H_
