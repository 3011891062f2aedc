#include "util/status.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, ContextAndExitCodes) {
  Status s = NotFound("no such volume").WithContext("attaching vol-1");
  EXPECT_EQ(s.message(), "attaching vol-1: no such volume");
  EXPECT_EQ(s.ExitCode(), 1);
  EXPECT_EQ(InvalidArgument("x").ExitCode(), 2);
  EXPECT_EQ(Status::Ok().ExitCode(), 0);
  EXPECT_TRUE(Status::Ok().WithContext("ignored").ok());
  EXPECT_FALSE(s.retryable());
  EXPECT_TRUE(s.Retryable().retryable());
}

TEST(StatusTest, ResultPropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> bad = Quarter(6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "odd: 3");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(StatusTest, ErrnoMapping) {
  EXPECT_EQ(ErrnoStatus("open x", ENOENT).code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrnoStatus("open x", EACCES).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrnoStatus("open x", ENOENT).message(), "open x: No such file or directory");
}

}  // namespace
}  // namespace corral
