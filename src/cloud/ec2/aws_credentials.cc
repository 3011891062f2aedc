#include "cloud/ec2/aws_credentials.h"

#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

std::string Get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

class StaticProvider : public CredentialProvider {
 public:
  StaticProvider(AwsCredentials creds, std::string source)
      : creds_(std::move(creds)), source_(std::move(source)) {}
  Result<AwsCredentials> Get() override { return creds_; }
  std::string Source() const override { return source_; }

 private:
  AwsCredentials creds_;
  std::string source_;
};

// "2024-01-02T03:04:05Z" -> time point; nullopt if malformed.
std::optional<TimePoint> ParseIsoTime(const std::string& s) {
  std::tm tm{};
  if (!strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return std::nullopt;
  return TimePoint(std::chrono::seconds(timegm(&tm)));
}

// Instance-role credentials from the instance metadata service, version 2 (session tokens).
class ImdsProvider : public CredentialProvider {
 public:
  ImdsProvider(HttpClient* http, Clock* clock, std::string endpoint)
      : http_(http), clock_(clock), endpoint_(std::move(endpoint)) {}

  Result<AwsCredentials> Get() override {
    std::lock_guard<std::mutex> lock(mu_);
    // Refresh five minutes early: a request signed just before expiry may arrive just after.
    if (!creds_.empty() && clock_->Now() + std::chrono::minutes(5) < expiry_) return creds_;
    RETURN_IF_ERROR(Fetch());
    return creds_;
  }

  std::string Source() const override { return "instance role '" + role_ + "'"; }

  Status Fetch() {
    // IMDS answers within milliseconds on an instance; elsewhere the address is a black hole, so a
    // short timeout keeps the chain fast off EC2 (botocore uses one second too).
    HttpRequest put{.method = "PUT", .url = endpoint_ + "/latest/api/token",
                    .headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}},
                    .timeout = std::chrono::seconds(1)};
    ASSIGN_OR_RETURN(HttpResponse token, http_->Send(put));
    if (token.status != 200) return Unavailable("instance metadata token: HTTP " + std::to_string(token.status));
    HttpRequest get{.method = "GET", .url = endpoint_ + "/latest/meta-data/iam/security-credentials/",
                    .headers = {{"X-aws-ec2-metadata-token", Trim(token.body)}},
                    .timeout = std::chrono::seconds(1)};
    if (role_.empty()) {
      ASSIGN_OR_RETURN(HttpResponse roles, http_->Send(get));
      if (roles.status != 200) return NotFound("this instance has no IAM role");
      role_ = Trim(Split(roles.body, '\n')[0]);
    }
    get.url += role_;
    ASSIGN_OR_RETURN(HttpResponse doc, http_->Send(get));
    if (doc.status != 200) return Unavailable("instance role '" + role_ + "': HTTP " + std::to_string(doc.status));
    nlohmann::json j = nlohmann::json::parse(doc.body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("AccessKeyId") || !j.contains("SecretAccessKey")) {
      return Internal("instance role '" + role_ + "': unexpected credentials document");
    }
    creds_ = {j.value("AccessKeyId", ""), j.value("SecretAccessKey", ""), j.value("Token", "")};
    expiry_ = ParseIsoTime(j.value("Expiration", "")).value_or(clock_->Now() + std::chrono::minutes(10));
    return Status::Ok();
  }

 private:
  std::mutex mu_;
  HttpClient* http_;
  Clock* clock_;
  std::string endpoint_;
  std::string role_;
  AwsCredentials creds_;
  TimePoint expiry_;
};

std::string EnvOr(const std::map<std::string, std::string>& env, const std::string& key,
                  const std::string& fallback) {
  std::string v = Get(env, key);
  return v.empty() ? fallback : v;
}

// Credentials of the active profile from the shared credentials file, then the config file.
std::optional<std::pair<AwsCredentials, std::string>> FromProfile(const CredentialInputs& in) {
  if (in.home.empty() && Get(in.env, "AWS_SHARED_CREDENTIALS_FILE").empty()) return std::nullopt;
  std::string profile = AwsProfileName(in.env);
  std::string cred_file = ExpandUser(EnvOr(in.env, "AWS_SHARED_CREDENTIALS_FILE", in.home + "/.aws/credentials"));
  if (Result<std::string> text = ReadFile(cred_file); text.ok()) {
    auto sections = ParseAwsIni(*text);
    auto it = sections.find(profile);
    if (it != sections.end() && !Get(it->second, "aws_access_key_id").empty()) {
      AwsCredentials c{Get(it->second, "aws_access_key_id"), Get(it->second, "aws_secret_access_key"),
                       Get(it->second, "aws_session_token")};
      return std::make_pair(c, "profile '" + profile + "' in " + cred_file);
    }
  }
  std::map<std::string, std::string> conf = AwsConfigProfile(in.env, in.home);
  if (!Get(conf, "aws_access_key_id").empty()) {
    AwsCredentials c{Get(conf, "aws_access_key_id"), Get(conf, "aws_secret_access_key"),
                     Get(conf, "aws_session_token")};
    return std::make_pair(c, "profile '" + profile + "' in the AWS config file");
  }
  return std::nullopt;
}

std::string ImdsEndpoint(const std::map<std::string, std::string>& env) {
  std::string e = EnvOr(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254");
  while (EndsWith(e, "/")) e.pop_back();
  return e;
}

}  // namespace

std::unique_ptr<CredentialProvider> StaticCredentials(AwsCredentials creds, std::string source) {
  return std::make_unique<StaticProvider>(std::move(creds), std::move(source));
}

std::map<std::string, std::map<std::string, std::string>> ParseAwsIni(const std::string& text) {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::string section;
  for (const std::string& raw : Split(text, '\n')) {
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = Trim(line.substr(1, line.size() - 2));
      out[section];
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    out[section][ToLower(Trim(line.substr(0, eq)))] = Trim(line.substr(eq + 1));
  }
  return out;
}

std::string AwsProfileName(const std::map<std::string, std::string>& env) {
  return EnvOr(env, "AWS_PROFILE", EnvOr(env, "AWS_DEFAULT_PROFILE", "default"));
}

std::map<std::string, std::string> AwsConfigProfile(const std::map<std::string, std::string>& env,
                                                    const std::string& home) {
  std::string path = Get(env, "AWS_CONFIG_FILE");
  if (path.empty()) {
    if (home.empty()) return {};
    path = home + "/.aws/config";
  }
  Result<std::string> text = ReadFile(ExpandUser(path));
  if (!text.ok()) return {};
  auto sections = ParseAwsIni(*text);
  std::string profile = AwsProfileName(env);
  auto it = sections.find(profile == "default" ? "default" : "profile " + profile);
  return it == sections.end() ? std::map<std::string, std::string>{} : it->second;
}

Result<std::unique_ptr<CredentialProvider>> ResolveCredentials(const CredentialInputs& in) {
  if (!in.aws.access_key_id.empty() && !in.aws.secret_access_key.empty()) {
    bool from_env = false;
    for (const std::string& k : in.aws.from_environment) from_env |= ToUpper(k) == "AWS_ACCESS_KEY_ID";
    // A session token only makes sense with keys that came from the same place.
    std::string token = from_env ? Get(in.env, "AWS_SESSION_TOKEN") : "";
    return StaticCredentials({in.aws.access_key_id, in.aws.secret_access_key, token},
                             from_env ? "the environment (AWS_ACCESS_KEY_ID)" : "[aws info]");
  }
  if (!Get(in.env, "AWS_ACCESS_KEY_ID").empty() && !Get(in.env, "AWS_SECRET_ACCESS_KEY").empty()) {
    return StaticCredentials({Get(in.env, "AWS_ACCESS_KEY_ID"), Get(in.env, "AWS_SECRET_ACCESS_KEY"),
                              Get(in.env, "AWS_SESSION_TOKEN")},
                             "the environment (AWS_ACCESS_KEY_ID)");
  }
  if (auto p = FromProfile(in)) return StaticCredentials(p->first, p->second);
  bool imds_disabled = ToLower(Get(in.env, "AWS_EC2_METADATA_DISABLED")) == "true";
  if (in.http && in.clock && !imds_disabled) {
    auto imds = std::make_unique<ImdsProvider>(
        in.http, in.clock, ImdsEndpoint(in.env));
    if (imds->Fetch().ok()) return std::unique_ptr<CredentialProvider>(std::move(imds));
  }
  return Unauthenticated(
      "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in [aws info] or "
      "the environment, use a profile in ~/.aws/credentials (AWS_PROFILE), or run on an instance "
      "with an IAM role");
}

}  // namespace corral
