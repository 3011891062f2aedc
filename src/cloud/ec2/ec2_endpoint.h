// Which EC2 endpoint and region corral talks to (docs/ec2.md):
//   region:   -r, [aws info] AWS_REGION_NAME, AWS_REGION, AWS_DEFAULT_REGION, the profile's
//             `region` in ~/.aws/config, else us-east-1 (StarCluster's default);
//   endpoint: AWS_ENDPOINT_URL_EC2, else AWS_ENDPOINT_URL (an EC2-compatible cloud or a test
//             endpoint: scheme://host[:port][/path]), else [aws info] AWS_REGION_HOST (for the
//             configured region) with AWS_PORT, AWS_IS_SECURE and AWS_EC2_PATH, else
//             ec2.<region>.amazonaws.com; certificates are checked unless AWS_VALIDATE_CERTS = False.
#ifndef CORRAL_CLOUD_EC2_EC2_ENDPOINT_H_
#define CORRAL_CLOUD_EC2_EC2_ENDPOINT_H_

#include <map>
#include <string>

#include "config/config.h"
#include "util/status.h"

namespace corral {

struct Ec2Endpoint {
  std::string scheme = "https";
  std::string host;
  int port = 0;  // 0: the scheme's default
  std::string path = "/";
  std::string region = "us-east-1";
  bool verify_tls = true;

  std::string Url() const;         // "https://ec2.us-east-1.amazonaws.com/"
  std::string HostHeader() const;  // host, plus ":port" when not the scheme's default
};

struct EndpointInputs {
  AwsInfo aws;                             // [aws info], overrides applied
  std::string region_flag;                 // -r
  std::map<std::string, std::string> env;
  std::string home;                        // for ~/.aws/config; empty: not read
};

// Pure apart from reading ~/.aws/config. InvalidArgument for a malformed URL or port.
Result<Ec2Endpoint> ResolveEc2Endpoint(const EndpointInputs& in);

// Parses "scheme://host[:port][/path]" into scheme, host, port and path (region untouched).
Status ParseEndpointUrl(const std::string& url, Ec2Endpoint* endpoint);

// "ec2.<region>.amazonaws.com" (".amazonaws.com.cn" for China regions).
std::string Ec2HostForRegion(const std::string& region);

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_EC2_ENDPOINT_H_
