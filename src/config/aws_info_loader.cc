// [aws info] and StarCluster's AWS_* environment overrides: for every setting of the section, an
// environment variable of the same name (upper- or lower-case) replaces the file's value. corral
// applies the overrides before checking required settings, so credentials may live only in the
// environment. Values from the environment are never printed; only their names are reported.
#include "config/loader_internal.h"
#include "config/setting_values.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// Replaces settings by environment variables; records which ones.
Status ApplyEnvironment(const ConfigEnv& env, SettingMap& m, std::vector<std::string>& used) {
  for (const SettingSpec& s : SchemaFor(SectionType::kAwsInfo).settings) {
    auto it = env.vars.find(s.key);
    if (it == env.vars.end()) it = env.vars.find(ToLower(s.key));
    if (it == env.vars.end()) continue;
    bool ok = s.type == SettingType::kInt    ? PyInt(it->second).has_value()
              : s.type == SettingType::kBool ? PyBool(it->second).has_value()
                                             : true;
    if (!ok) {
      return InvalidArgument("environment variable " + it->first + ": expected " +
                             SettingTypeName(s.type) + " value for setting " + ToLower(s.key));
    }
    m[s.key] = SettingValue{it->second, SourceLocation{"environment", 0}};
    used.push_back(s.key);
  }
  return Status::Ok();
}

void Fill(const SettingMap& m, const ConfigEnv& env, AwsInfo& a) {
  a.access_key_id = StrOf(m, "AWS_ACCESS_KEY_ID");
  a.secret_access_key = StrOf(m, "AWS_SECRET_ACCESS_KEY");
  a.user_id = StrOf(m, "AWS_USER_ID");
  a.ec2_cert = ExpandUser(StrOf(m, "EC2_CERT"), env.vars);
  a.ec2_private_key = ExpandUser(StrOf(m, "EC2_PRIVATE_KEY"), env.vars);
  a.port = Int32Of(m, "AWS_PORT");
  a.ec2_path = StrOf(m, "AWS_EC2_PATH", "/");
  a.s3_path = StrOf(m, "AWS_S3_PATH", "/");
  a.is_secure = BoolOf(m, "AWS_IS_SECURE").value_or(true);
  a.region_name = StrOf(m, "AWS_REGION_NAME");
  a.region_host = StrOf(m, "AWS_REGION_HOST");
  a.s3_host = StrOf(m, "AWS_S3_HOST", "s3.amazonaws.com");
  a.proxy = StrOf(m, "AWS_PROXY");
  a.proxy_port = Int32Of(m, "AWS_PROXY_PORT");
  a.proxy_user = StrOf(m, "AWS_PROXY_USER");
  a.proxy_pass = StrOf(m, "AWS_PROXY_PASS");
  a.validate_certs = BoolOf(m, "AWS_VALIDATE_CERTS").value_or(true);
}

}  // namespace

Status LoadAwsInfo(const IniDocument& doc, const ConfigEnv& env, Config& config) {
  const IniSection* s = doc.FindSection("aws info");
  SettingMap m;
  if (s != nullptr) {
    ASSIGN_OR_RETURN(m, ReadSettings(doc, *s, SchemaFor(SectionType::kAwsInfo)));
  }
  AwsInfo& aws = config.aws;
  aws.present = s != nullptr;
  RETURN_IF_ERROR(ApplyEnvironment(env, m, aws.from_environment));
  for (const std::string& key : aws.from_environment) {
    config.warnings.push_back("Setting '" + key + "' from environment...");
  }
  if (s != nullptr) {
    for (const char* key : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}) {
      if (StrOf(m, key).empty()) {
        return InvalidArgument(At(LocationOf(m, key, s->location)) + "missing required option " +
                               ToLower(key) + " in section \"aws info\"");
      }
    }
  }
  Fill(m, env, aws);
  return Status::Ok();
}

}  // namespace corral
