// Where corral's AWS credentials come from, in order (docs/ec2.md):
//   1. [aws info] AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (after StarCluster's AWS_* environment
//      overrides, which the config loader applies);
//   2. the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;
//   3. a profile (AWS_PROFILE, else "default") in AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials)
//      or AWS_CONFIG_FILE (~/.aws/config);
//   4. the instance role, through IMDSv2 (unless AWS_EC2_METADATA_DISABLED=true).
#ifndef CORRAL_CLOUD_EC2_AWS_CREDENTIALS_H_
#define CORRAL_CLOUD_EC2_AWS_CREDENTIALS_H_

#include <map>
#include <memory>
#include <string>

#include "cloud/ec2/http_client.h"
#include "cloud/ec2/sigv4_signer.h"
#include "config/config.h"
#include "util/clock.h"
#include "util/status.h"

namespace corral {

// Yields the credentials to sign with; role credentials are refreshed before they expire.
// Thread-safe.
class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  virtual Result<AwsCredentials> Get() = 0;
  // Where the credentials came from, for messages: "[aws info]", "the environment",
  // "profile 'dev' in ~/.aws/credentials", "instance role 'web'".
  virtual std::string Source() const = 0;
};

struct CredentialInputs {
  AwsInfo aws;                               // [aws info], overrides applied
  std::map<std::string, std::string> env;    // the process environment
  std::string home;                          // for ~/.aws; empty: no profile files
  HttpClient* http = nullptr;                // for IMDS; null: no instance role
  Clock* clock = nullptr;                    // for role expiry; required with http
};

// Walks the chain and returns the first source that has credentials, or Unauthenticated naming
// every place that was looked at.
Result<std::unique_ptr<CredentialProvider>> ResolveCredentials(const CredentialInputs& in);

// A provider that always returns `creds` (tests, and the static sources above).
std::unique_ptr<CredentialProvider> StaticCredentials(AwsCredentials creds, std::string source);

// The sections of an AWS shared config/credentials file: "[name]" -> key -> value. Comments
// start with '#' or ';'; "[profile x]" headers are kept verbatim. Pure.
std::map<std::string, std::map<std::string, std::string>> ParseAwsIni(const std::string& text);

// The profile corral uses: AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
std::string AwsProfileName(const std::map<std::string, std::string>& env);

// The settings of that profile in ~/.aws/config (section "[profile x]", or "[default]").
std::map<std::string, std::string> AwsConfigProfile(const std::map<std::string, std::string>& env,
                                                    const std::string& home);

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_AWS_CREDENTIALS_H_
