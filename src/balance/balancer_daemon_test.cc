#include "balance/balancer_daemon.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "balance/balancer_loop.h"
#include "util/file_util.h"

namespace corral {
namespace {

constexpr char kProcLocks[] =
    "1: POSIX  ADVISORY  WRITE 900 08:01:131 0 EOF\n"
    "2: FLOCK  ADVISORY  WRITE 4242 fd:01:131 0 EOF\n"
    "2: -> FLOCK  ADVISORY  WRITE 4343 fd:01:131 0 EOF\n"
    "3: FLOCK  ADVISORY  WRITE 77 08:01:131 0 EOF\n";

TEST(ParseFlockHolderTest, MatchesDeviceAndInodeOfFlocksOnly) {
  EXPECT_EQ(ParseFlockHolder(kProcLocks, 0xfd, 0x01, 131), 4242);  // not the waiter 4343
  EXPECT_EQ(ParseFlockHolder(kProcLocks, 8, 1, 131), 77);          // not the POSIX lock of 900
  EXPECT_EQ(ParseFlockHolder(kProcLocks, 8, 1, 132), 0);
  EXPECT_EQ(ParseFlockHolder("", 8, 1, 131), 0);
}

TEST(BalancerLockHolderTest, NamesTheHolderWhileTheLockIsHeld) {
  TempDir dir;
  std::string path = dir.Join("locks/demo-balancer.lock");
  Result<long long> none = BalancerLockHolder(path);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(*none, 0);  // no file yet
  {
    Result<BalancerLock> lock = BalancerLock::Acquire(path);
    ASSERT_TRUE(lock.ok()) << lock.status().ToString();
    Result<long long> holder = BalancerLockHolder(path);
    ASSERT_TRUE(holder.ok());
    EXPECT_EQ(*holder, getpid());
  }
  Result<long long> after = BalancerLockHolder(path);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, 0);  // released with the lock; the file stays
}

}  // namespace
}  // namespace corral
