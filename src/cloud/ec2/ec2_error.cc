#include "cloud/ec2/ec2_error.h"

#include <pugixml.hpp>

#include "util/strings.h"

namespace corral {
namespace {

bool OneOf(const std::string& code, std::initializer_list<const char*> codes) {
  for (const char* c : codes) {
    if (code == c) return true;
  }
  return false;
}

// NotFound codes that EC2 returns for things that exist but have not propagated yet.
bool PropagatesLate(const std::string& code) {
  return OneOf(code, {"InvalidInstanceID.NotFound", "InvalidSpotInstanceRequestID.NotFound",
                      "InvalidGroup.NotFound", "InvalidGroupId.NotFound", "InvalidVolume.NotFound",
                      "InvalidKeyPair.NotFound", "InvalidPlacementGroup.Unknown",
                      "InvalidAMIID.NotFound", "InvalidSnapshot.NotFound"});
}

Status Classify(const Ec2Error& e, const std::string& msg, NotFoundPolicy policy) {
  const std::string& c = e.code;
  if (OneOf(c, {"AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId",
                "IncompleteSignature", "MissingAuthenticationToken", "ExpiredToken",
                "RequestExpired", "InvalidAccessKeyId", "InvalidSecurity", "OptInRequired",
                "Blocked", "PendingVerification", "UnrecognizedClientException"})) {
    return Unauthenticated(msg);
  }
  if (c == "UnauthorizedOperation" || c == "AccessDenied" || c == "AccessDeniedException") {
    return PermissionDenied(msg);
  }
  if (OneOf(c, {"RequestLimitExceeded", "Throttling", "ThrottlingException", "SlowDown",
                "TooManyRequestsException", "RequestThrottled", "PriorRequestNotComplete",
                "EC2ThrottledException"})) {
    return ResourceExhausted(msg).Retryable();
  }
  if (StartsWith(c, "Insufficient") || EndsWith(c, "LimitExceeded") ||
      c == "MaxSpotInstanceCountExceeded" || c == "SpotMaxPriceTooLow") {
    return ResourceExhausted(msg);
  }
  if (EndsWith(c, ".NotFound") || EndsWith(c, "NotFound") || c == "InvalidPlacementGroup.Unknown") {
    return NotFound(msg).Retryable(policy == NotFoundPolicy::kAfterCreate && PropagatesLate(c));
  }
  if (c == "DependencyViolation" || EndsWith(c, ".InUse") || StartsWith(c, "Incorrect") ||
      c == "InvalidState" || EndsWith(c, "State") || c == "VolumeInUse") {
    return FailedPrecondition(msg);
  }
  if (EndsWith(c, ".Duplicate")) return AlreadyExists(msg);
  if (StartsWith(c, "Unsupported") || c == "InvalidAction") return Unimplemented(msg);
  if (OneOf(c, {"InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
                "InsufficientCapacity.Temporary"}) ||
      e.http_status >= 500) {
    return Unavailable(msg).Retryable();
  }
  if (StartsWith(c, "Invalid") || c == "MissingParameter" || EndsWith(c, ".Malformed") ||
      c == "IdempotentParameterMismatch" || c == "ValidationError") {
    return InvalidArgument(msg);
  }
  return FailedPrecondition(msg);
}

}  // namespace

std::optional<Ec2Error> ParseEc2Error(const std::string& body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return std::nullopt;
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error = root.child("Errors").child("Error");
  if (!error) error = root.child("Error");  // <ErrorResponse><Error>: the AWS query protocol
  if (!error || !error.child("Code")) return std::nullopt;
  Ec2Error e;
  e.code = Trim(error.child_value("Code"));
  e.message = Trim(error.child_value("Message"));
  e.request_id = Trim(root.child_value("RequestID"));
  if (e.request_id.empty()) e.request_id = Trim(root.child_value("RequestId"));
  return e;
}

Status Ec2ErrorStatus(const Ec2Error& error, NotFoundPolicy policy) {
  std::string msg = error.code.empty() ? "HTTP " + std::to_string(error.http_status) : error.code;
  if (!error.message.empty()) msg += ": " + error.message;
  return Classify(error, msg, policy);
}

}  // namespace corral
