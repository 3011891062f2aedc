#include "remote/counting_remote.h"

#include "remote/fan_out.h"
#include "testing/fake_remote.h"
#include "testing/test_util.h"

namespace corral {
namespace {

RemoteHost Host(const std::string& alias) {
  RemoteHost h;
  h.alias = alias;
  return h;
}

TEST(CountingRemoteTest, CountsEachKindPerHostAndForwardsCalls) {
  auto fake = std::make_unique<FakeRemote>();
  FakeRemote* inner = fake.get();
  inner->OnReply("master", "hostname", 0, "master\n");
  CountingRemote remote(std::move(fake));

  Result<RemoteResult> r = remote.Run(Host("master"), "hostname");
  ASSERT_OK(r);
  EXPECT_EQ(r->out, "master\n");
  ASSERT_OK(remote.Run(Host("node001"), "true"));
  ASSERT_OK(remote.Put(Host("node001"), {"/tmp/a"}, "/root/"));
  ASSERT_OK(remote.Get(Host("master"), {"/etc/hosts"}, "/tmp/h"));
  ASSERT_OK(remote.Get(Host("master"), {"/etc/passwd"}, "/tmp/p"));

  RemoteOpCountsByHost want;
  want["master"] = RemoteOpCounts{.runs = 1, .puts = 0, .gets = 2};
  want["node001"] = RemoteOpCounts{.runs = 1, .puts = 1, .gets = 0};
  EXPECT_EQ(remote.counts(), want);
  EXPECT_EQ(inner->calls().size(), 5u);
  EXPECT_EQ(inner->CommandsOn("node001"), std::vector<std::string>{"true"});
}

TEST(CountingRemoteTest, CountsFailedCallsAndPassesTheirErrorsThrough) {
  auto fake = std::make_unique<FakeRemote>();
  fake->On("node002", "", [](const RemoteHost&, const std::string&) -> Result<RemoteResult> {
    return Unavailable("node002: connection refused");
  });
  CountingRemote remote(std::move(fake));
  Result<RemoteResult> r = remote.Run(Host("node002"), "uptime");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "node002: connection refused");
  EXPECT_EQ(remote.counts().at("node002").runs, 1);
}

TEST(CountingRemoteTest, IsThreadSafeUnderFanOut) {
  CountingRemote remote(std::make_unique<FakeRemote>());
  std::vector<Status> results = FanOut(64, 8, [&](size_t i) {
    RemoteHost h = Host(i % 2 == 0 ? "node001" : "node002");
    for (int k = 0; k < 10; ++k) {
      Result<RemoteResult> r = remote.Run(h, "true");
      if (!r.ok()) return r.status();
    }
    return remote.Put(h, {"/tmp/x"}, "/tmp/");
  });
  for (const Status& s : results) ASSERT_OK(s);
  EXPECT_EQ(remote.counts().at("node001"), (RemoteOpCounts{.runs = 320, .puts = 32, .gets = 0}));
  EXPECT_EQ(remote.counts().at("node002"), (RemoteOpCounts{.runs = 320, .puts = 32, .gets = 0}));
}

TEST(CountingRemoteTest, ReportsFinalCountsOnceWhenDestroyedAndForwardsClose) {
  auto fake = std::make_unique<FakeRemote>();
  FakeRemote* inner = fake.get();
  int reports = 0;
  RemoteOpCountsByHost seen;
  {
    CountingRemote remote(std::move(fake), [&](const RemoteOpCountsByHost& c) {
      ++reports;
      seen = c;
    });
    ASSERT_OK(remote.Run(Host("master"), "true"));
    remote.CloseConnections();
    EXPECT_EQ(inner->close_calls(), 1);
    EXPECT_EQ(reports, 0);
  }
  EXPECT_EQ(reports, 1);
  EXPECT_EQ(seen.at("master").runs, 1);
}

TEST(CountingRemoteTest, FormatsOneLinePerCommandInAliasOrder) {
  RemoteOpCountsByHost c;
  c["node001"] = RemoteOpCounts{.runs = 7, .puts = 0, .gets = 0};
  c["master"] = RemoteOpCounts{.runs = 11, .puts = 1, .gets = 0};
  EXPECT_EQ(FormatRemoteOpCounts(c),
            "remote operations: master 12 (run 11, put 1, get 0); node001 7 (run 7, put 0, get 0)");
  EXPECT_EQ(FormatRemoteOpCounts({}), "remote operations: none");
}

}  // namespace
}  // namespace corral
