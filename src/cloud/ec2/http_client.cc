#include "cloud/ec2/http_client.h"

#include "util/strings.h"

namespace corral {

std::string HttpResponse::Header(const std::string& name) const {
  std::string lower = ToLower(name);
  for (const auto& [k, v] : headers) {
    if (ToLower(k) == lower) return v;
  }
  return "";
}

}  // namespace corral
