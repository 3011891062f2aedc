#include "cloud/ec2/ec2_endpoint.h"

#include "cloud/ec2/aws_credentials.h"
#include "util/strings.h"

namespace corral {
namespace {

std::string Get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

int DefaultPort(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

}  // namespace

std::string Ec2Endpoint::HostHeader() const {
  if (port == 0 || port == DefaultPort(scheme)) return host;
  return host + ":" + std::to_string(port);
}

std::string Ec2Endpoint::Url() const { return scheme + "://" + HostHeader() + path; }

std::string Ec2HostForRegion(const std::string& region) {
  std::string host = "ec2." + region + ".amazonaws.com";
  return StartsWith(region, "cn-") ? host + ".cn" : host;
}

Status ParseEndpointUrl(const std::string& url, Ec2Endpoint* e) {
  size_t sep = url.find("://");
  if (sep == std::string::npos) {
    return InvalidArgument("endpoint URL '" + url + "' must look like https://host[:port][/path]");
  }
  e->scheme = ToLower(url.substr(0, sep));
  if (e->scheme != "https" && e->scheme != "http") {
    return InvalidArgument("endpoint URL '" + url + "': scheme must be http or https");
  }
  std::string rest = url.substr(sep + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  e->path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  e->port = 0;
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    std::optional<long long> port = ParseInt(authority.substr(colon + 1));
    if (!port || *port <= 0 || *port > 65535) {
      return InvalidArgument("endpoint URL '" + url + "': bad port");
    }
    e->port = static_cast<int>(*port);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return InvalidArgument("endpoint URL '" + url + "' has no host");
  e->host = authority;
  return Status::Ok();
}

Result<Ec2Endpoint> ResolveEc2Endpoint(const EndpointInputs& in) {
  Ec2Endpoint e;
  std::string profile_region = Get(AwsConfigProfile(in.env, in.home), "region");
  for (const std::string& r : {in.region_flag, in.aws.region_name, Get(in.env, "AWS_REGION"),
                               Get(in.env, "AWS_DEFAULT_REGION"), profile_region}) {
    if (!r.empty()) {
      e.region = r;
      break;
    }
  }
  e.verify_tls = in.aws.validate_certs;
  std::string url = Get(in.env, "AWS_ENDPOINT_URL_EC2");
  if (url.empty()) url = Get(in.env, "AWS_ENDPOINT_URL");
  if (!url.empty()) {
    RETURN_IF_ERROR(ParseEndpointUrl(url, &e));
    return e;
  }
  e.scheme = in.aws.is_secure ? "https" : "http";
  // StarCluster pairs AWS_REGION_HOST with AWS_REGION_NAME; another region chosen with -r gets
  // its standard host.
  bool configured_region = in.region_flag.empty() || in.region_flag == in.aws.region_name;
  e.host = !in.aws.region_host.empty() && configured_region ? in.aws.region_host
                                                             : Ec2HostForRegion(e.region);
  e.port = in.aws.port.value_or(0);
  e.path = in.aws.ec2_path.empty() ? "/" : in.aws.ec2_path;
  if (e.path[0] != '/') e.path = "/" + e.path;
  return e;
}

}  // namespace corral
