// OpenEc2Cloud: wires the endpoint, the credential chain and libcurl into an Ec2Cloud.
#include "cloud/ec2/ec2_cloud.h"
#include "util/file_util.h"

namespace corral {

Result<std::unique_ptr<Cloud>> OpenEc2Cloud(const Ec2Settings& settings) {
  auto env = [&](const std::string& name) {
    auto it = settings.env.find(name);
    return it == settings.env.end() ? std::string() : it->second;
  };
  std::string home = env("HOME").empty() ? HomeDir() : env("HOME");
  Ec2CloudOptions opt;
  ASSIGN_OR_RETURN(opt.endpoint, ResolveEc2Endpoint({settings.aws, settings.region_flag, settings.env, home}));
  CurlOptions curl;
  curl.proxy_host = settings.aws.proxy;
  curl.proxy_port = settings.aws.proxy_port.value_or(0);
  curl.proxy_user = settings.aws.proxy_user;
  curl.proxy_password = settings.aws.proxy_pass;
  curl.ca_bundle = env("AWS_CA_BUNDLE");
  opt.http = std::shared_ptr<HttpClient>(NewCurlHttpClient(curl));
  ASSIGN_OR_RETURN(std::unique_ptr<CredentialProvider> creds,
                   ResolveCredentials({settings.aws, settings.env, home, opt.http.get(), settings.clock}));
  settings.log->Debug("ec2: credentials from " + creds->Source() + ", endpoint " + opt.endpoint.Url() +
                      " (region " + opt.endpoint.region + ")");
  opt.credentials = std::move(creds);
  opt.clock = settings.clock;
  opt.log = settings.log;
  opt.known_hosts_dir = home + "/.corral/ec2";
  return NewEc2Cloud(opt);
}

}  // namespace corral
