#include "cloud/ec2/ec2_error.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

struct Case {
  const char* code;
  int http;
  StatusCode want;
  bool retryable;
};

TEST(Ec2ErrorTest, MapsCodesToStatus) {
  const Case cases[] = {
      {"AuthFailure", 401, StatusCode::kUnauthenticated, false},
      {"SignatureDoesNotMatch", 403, StatusCode::kUnauthenticated, false},
      {"UnauthorizedOperation", 403, StatusCode::kPermissionDenied, false},
      {"RequestLimitExceeded", 503, StatusCode::kResourceExhausted, true},
      {"Throttling", 400, StatusCode::kResourceExhausted, true},
      {"InsufficientInstanceCapacity", 500, StatusCode::kResourceExhausted, false},
      {"InstanceLimitExceeded", 400, StatusCode::kResourceExhausted, false},
      {"InvalidInstanceID.NotFound", 400, StatusCode::kNotFound, false},
      {"DependencyViolation", 400, StatusCode::kFailedPrecondition, false},
      {"InvalidPlacementGroup.InUse", 400, StatusCode::kFailedPrecondition, false},
      {"IncorrectInstanceState", 400, StatusCode::kFailedPrecondition, false},
      {"InvalidGroup.Duplicate", 400, StatusCode::kAlreadyExists, false},
      {"Unsupported", 400, StatusCode::kUnimplemented, false},
      {"UnsupportedOperation", 400, StatusCode::kUnimplemented, false},
      {"InvalidParameterValue", 400, StatusCode::kInvalidArgument, false},
      {"InvalidAMIID.Malformed", 400, StatusCode::kInvalidArgument, false},
      {"InternalError", 500, StatusCode::kUnavailable, true},
      {"Unavailable", 503, StatusCode::kUnavailable, true},
      {"SomethingNew", 502, StatusCode::kUnavailable, true},
      {"SomethingNew", 400, StatusCode::kFailedPrecondition, false},
  };
  for (const Case& c : cases) {
    Status s = Ec2ErrorStatus({c.http, c.code, "msg", "r"});
    EXPECT_EQ(s.code(), c.want) << c.code;
    EXPECT_EQ(s.retryable(), c.retryable) << c.code;
    EXPECT_EQ(s.message(), std::string(c.code) + ": msg");
  }
}

TEST(Ec2ErrorTest, NotFoundAfterCreateIsRetryableOnlyForPropagatingKinds) {
  EXPECT_TRUE(Ec2ErrorStatus({400, "InvalidInstanceID.NotFound", "m", ""}, NotFoundPolicy::kAfterCreate).retryable());
  EXPECT_TRUE(Ec2ErrorStatus({400, "InvalidSpotInstanceRequestID.NotFound", "m", ""}, NotFoundPolicy::kAfterCreate).retryable());
  EXPECT_FALSE(Ec2ErrorStatus({400, "InvalidSubnetID.NotFound", "m", ""}, NotFoundPolicy::kAfterCreate).retryable());
}

TEST(Ec2ErrorTest, ParsesBothErrorDocuments) {
  auto e = ParseEc2Error(
      "<?xml version=\"1.0\"?><Response><Errors><Error><Code>InvalidGroup.NotFound</Code>"
      "<Message>The security group '@sc-x' does not exist</Message></Error></Errors>"
      "<RequestID>abc-123</RequestID></Response>");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "InvalidGroup.NotFound");
  EXPECT_EQ(e->message, "The security group '@sc-x' does not exist");
  EXPECT_EQ(e->request_id, "abc-123");
  auto q = ParseEc2Error(
      "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
      "</Message></Error><RequestId>r2</RequestId></ErrorResponse>");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->code, "Throttling");
  EXPECT_EQ(q->request_id, "r2");
  EXPECT_FALSE(ParseEc2Error("<html>bad gateway</html>"));
  EXPECT_FALSE(ParseEc2Error("not xml"));
}

TEST(Ec2ErrorTest, MissingCodeFallsBackToHttpStatus) {
  Status s = Ec2ErrorStatus({502, "", "", ""});
  EXPECT_EQ(s.message(), "HTTP 502");
  EXPECT_TRUE(s.retryable());
}

}  // namespace
}  // namespace corral
