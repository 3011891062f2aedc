// Ec2Cloud: the `ec2` provider. Every Cloud method is one or a few EC2 Query API calls (version
// 2016-11-15) through QueryClient, so retries, throttling and error mapping live in one place.
//
// What it adds to the plain API (docs/ec2.md):
//   * RunInstances makes one RunInstances call per LaunchRequest (MinCount = MaxCount = count)
//     with the request's tags applied atomically through TagSpecifications. One instance gets
//     its `alias` and `Name` tags in that call; a group of several gets the tag `corral:aliases`
//     (the alias list, compressed to ranges such as "node001..node199") and each instance's alias
//     is read from it by launch index, so launching N nodes costs no per-node calls. When the list
//     does not fit in a tag, each instance is tagged with CreateTags instead.
//   * The image's root device is looked up (DescribeImages) so the root volume is deleted on
//     termination; the instance type is checked against DescribeInstanceTypes and the image's
//     architecture first, so a bad type or image launches nothing. Both lookups are cached.
//   * Spot launches (LaunchRequest::spot_bid) make one RequestSpotInstances call for `count`
//     one-instance requests in launch group and zone group `security_group`, wait (one
//     DescribeSpotInstanceRequests per poll) for them to be fulfilled, then tag each instance.
//   * DescribeInstances is one filtered call (plus pages) whatever the filter.
//   * SshEndpointFor pins the host keys cloud-init prints on the console into a per-cluster
//     known_hosts file, keyed by instance id (which survives stop/start, unlike addresses).
//
// Thread-safe.
#ifndef CORRAL_CLOUD_EC2_EC2_CLOUD_H_
#define CORRAL_CLOUD_EC2_EC2_CLOUD_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cloud/cloud.h"
#include "cloud/ec2/aws_credentials.h"
#include "cloud/ec2/ec2_endpoint.h"
#include "cloud/ec2/ec2_types.h"
#include "cloud/ec2/http_client.h"
#include "cloud/ec2/query_client.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/status.h"

namespace corral {

struct Ec2CloudOptions {
  Ec2Endpoint endpoint;
  std::shared_ptr<CredentialProvider> credentials;  // required
  std::shared_ptr<HttpClient> http;                 // required
  Clock* clock = nullptr;                           // required; borrowed
  Logger* log = nullptr;                            // required; borrowed
  // Where the per-cluster known_hosts files go: <dir>/<region>/<cluster tag>.known_hosts.
  // Empty: ~/.corral/ec2.
  std::string known_hosts_dir;
  RetryPolicy retry;
  uint64_t seed = 0;  // backoff jitter
  // Spot fulfilment and console polls. Real EC2 answers in tens of seconds; polling faster only
  // spends the account's request budget.
  Duration poll_interval = std::chrono::seconds(10);
  // How long spot requests may stay open before corral cancels them (StarCluster waits forever).
  Duration spot_timeout = std::chrono::minutes(15);
  // How long a new instance may take to print its host keys (cloud-init does within minutes).
  Duration host_key_timeout = std::chrono::minutes(10);
};

// InvalidArgument when a required option is missing.
Result<std::unique_ptr<Cloud>> NewEc2Cloud(const Ec2CloudOptions& options);

// The provider as commands open it: endpoint and region from [aws info], -r and the environment
// (ec2_endpoint.h), credentials from the chain (aws_credentials.h, instance role included),
// libcurl with [aws info]'s proxy and AWS_CA_BUNDLE, known_hosts under $HOME/.corral/ec2.
struct Ec2Settings {
  AwsInfo aws;                               // [aws info], AWS_* overrides applied
  std::string region_flag;                   // -r
  std::map<std::string, std::string> env;    // the process environment
  Clock* clock = nullptr;
  Logger* log = nullptr;
};
Result<std::unique_ptr<Cloud>> OpenEc2Cloud(const Ec2Settings& settings);

// What only EC2 has, for `start -v` checks, list commands and benchmarks (downcast the Cloud).
class Ec2CloudExtras {
 public:
  virtual ~Ec2CloudExtras() = default;
  // API calls made so far, attempts included, by action.
  virtual std::map<std::string, int> ApiCallCounts() const = 0;
  // Empty `names`: every type the region offers (paginated).
  virtual Result<std::vector<InstanceTypeInfo>> DescribeInstanceTypes(
      const std::vector<std::string>& names) = 0;
  virtual Result<std::vector<Image>> DescribeImages(const std::vector<std::string>& ids) = 0;
  virtual Result<std::vector<Region>> DescribeRegions() = 0;
  virtual Result<std::vector<Zone>> DescribeZones() = 0;
};

// Pure helpers, exposed for tests.
// "master", "node001..node199": runs of three or more consecutive numbered aliases (same prefix,
// same digit width) become "first..last"; items are joined with ','.
std::string EncodeAliasList(const std::vector<std::string>& aliases);
std::vector<std::string> DecodeAliasList(const std::string& text);
// The host key lines ("ssh-ed25519 AAAA...") between cloud-init's "-----BEGIN SSH HOST KEY
// KEYS-----" and "-----END SSH HOST KEY KEYS-----" markers (the last such block wins), without
// their comments; lines that are not "<known type> <base64>" are dropped.
std::vector<std::string> ParseConsoleHostKeys(const std::string& console);
// The DescribeInstances filters for `filter` (server-side, one call for a whole cluster).
QueryParams InstanceFilterParams(const InstanceFilter& filter);
// IpPermissions.1.* for one rule.
void AddIpPermission(QueryParams* params, const IpPermission& perm);

// The tag that carries a launch group's aliases (see above).
inline constexpr char kAliasesTag[] = "corral:aliases";

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_EC2_CLOUD_H_
