#include "remote/fan_out.h"

#include <atomic>
#include <mutex>
#include <set>

#include "testing/test_util.h"

namespace corral {
namespace {

TEST(FanOutTest, ResultsComeBackByIndex) {
  std::vector<Status> results = FanOut(6, 3, [](size_t i) {
    return i % 2 ? Internal("odd " + std::to_string(i)) : Status::Ok();
  });
  ASSERT_EQ(results.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    if (i % 2) {
      EXPECT_EQ(results[i].message(), "odd " + std::to_string(i));
    } else {
      EXPECT_TRUE(results[i].ok());
    }
  }
}

TEST(FanOutTest, NeverRunsMoreThanMaxParallelAtOnce) {
  for (size_t limit : {1u, 2u, 4u}) {
    std::atomic<int> running{0};
    std::atomic<int> peak{0};
    std::atomic<int> calls{0};
    FanOut(40, limit, [&](size_t) {
      int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      // Some work, so that workers overlap if the bound were not enforced.
      volatile unsigned x = 0;
      for (int k = 0; k < 20000; ++k) x = x + static_cast<unsigned>(k);
      ++calls;
      --running;
      return Status::Ok();
    });
    EXPECT_EQ(calls.load(), 40);
    EXPECT_GE(peak.load(), 1);
    EXPECT_LE(peak.load(), static_cast<int>(limit)) << "limit " << limit;
  }
}

TEST(FanOutTest, ZeroMaxParallelStillRunsEverything) {
  std::atomic<int> calls{0};
  std::vector<Status> results = FanOut(3, 0, [&](size_t) {
    ++calls;
    return Status::Ok();
  });
  EXPECT_EQ(results.size(), 3u);
  EXPECT_EQ(calls.load(), 3);
}

TEST(FanOutTest, NoItemsRunsNothing) {
  bool called = false;
  EXPECT_TRUE(FanOut(0, 4, [&](size_t) {
                called = true;
                return Status::Ok();
              }).empty());
  EXPECT_FALSE(called);
}

TEST(FanOutTest, OnDoneIsCalledOncePerItemWithItsStatusAndNeverConcurrently) {
  std::mutex mu;
  std::multiset<size_t> done;
  std::atomic<int> inside{0};
  bool overlapped = false;
  std::vector<Status> results = FanOut(
      25, 5, [](size_t i) { return i == 7 ? Unavailable("down") : Status::Ok(); },
      [&](size_t i, const Status& s) {
        if (++inside > 1) overlapped = true;
        {
          std::lock_guard<std::mutex> lock(mu);
          done.insert(i);
        }
        EXPECT_EQ(s.ok(), i != 7) << i;
        --inside;
      });
  EXPECT_FALSE(overlapped);
  ASSERT_EQ(done.size(), 25u);
  for (size_t i = 0; i < 25; ++i) EXPECT_EQ(done.count(i), 1u) << i;
  EXPECT_EQ(results[7].message(), "down");
}

TEST(FirstFailureTest, NamesTheFirstFailedItemAndCountsTheOthers) {
  std::vector<Status> results = {Status::Ok(), Unavailable("connection refused"), Status::Ok(),
                                 Internal("exit 1"), Internal("exit 2")};
  Status s = FirstFailure(results, {"master", "node001", "node002", "node003", "node004"});
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "node001: connection refused (and 2 more failed)");
}

TEST(FirstFailureTest, SingleFailureHasNoCount) {
  Status s = FirstFailure({Status::Ok(), Internal("exit 1")}, {"master", "node001"});
  EXPECT_EQ(s.message(), "node001: exit 1");
}

TEST(FirstFailureTest, MissingNamesFallBackToTheIndex) {
  EXPECT_EQ(FirstFailure({Status::Ok(), Internal("boom")}, {}).message(), "1: boom");
}

TEST(FirstFailureTest, AllOkIsOk) {
  EXPECT_TRUE(FirstFailure({Status::Ok(), Status::Ok()}, {"a", "b"}).ok());
  EXPECT_TRUE(FirstFailure({}, {}).ok());
}

}  // namespace
}  // namespace corral
