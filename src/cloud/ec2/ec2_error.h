// EC2's error documents and their mapping to Status: the one place that knows what an EC2 error
// code means for corral (which are the user's fault, which are transient, which are capacity).
#ifndef CORRAL_CLOUD_EC2_EC2_ERROR_H_
#define CORRAL_CLOUD_EC2_EC2_ERROR_H_

#include <optional>
#include <string>

#include "util/status.h"

namespace corral {

struct Ec2Error {
  int http_status = 0;
  std::string code;        // e.g. "InvalidInstanceID.NotFound"
  std::string message;
  std::string request_id;
};

// Parses `<Response><Errors><Error><Code>..</Code><Message>..</Message></Error></Errors>
// <RequestID>..</RequestID></Response>` (also the `<ErrorResponse>` variant some endpoints use).
// nullopt when `body` is not such a document.
std::optional<Ec2Error> ParseEc2Error(const std::string& body);

// How a call wants NotFound treated. Right after corral created something, EC2's other endpoints
// may not know it yet (eventual consistency): kAfterCreate makes the NotFound codes for instances,
// spot requests, groups, volumes, key pairs and placement groups retryable.
enum class NotFoundPolicy { kFinal, kAfterCreate };

// The Status for an EC2 error. The message is "<Code>: <Message>" (StarCluster's format). Codes:
//   auth (AuthFailure, SignatureDoesNotMatch, ...)    -> Unauthenticated
//   UnauthorizedOperation                              -> PermissionDenied
//   throttling (RequestLimitExceeded, Throttling, ...) -> ResourceExhausted, retryable
//   capacity (InsufficientInstanceCapacity, ...)       -> ResourceExhausted
//   limits (InstanceLimitExceeded, *LimitExceeded)     -> ResourceExhausted
//   *.NotFound                                         -> NotFound (retryable per NotFoundPolicy)
//   DependencyViolation, *.InUse, Incorrect*State      -> FailedPrecondition
//   *.Duplicate                                        -> AlreadyExists
//   Unsupported*                                       -> Unimplemented
//   Invalid*, MissingParameter, *.Malformed            -> InvalidArgument
//   InternalError, Unavailable, any 5xx                -> Unavailable, retryable
Status Ec2ErrorStatus(const Ec2Error& error, NotFoundPolicy policy = NotFoundPolicy::kFinal);

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_EC2_ERROR_H_
