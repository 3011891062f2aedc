#include "scheduler/sge/qacct_parser.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

std::string Sample(const std::string& name) {
  Result<std::string> text = ReadFile(SourceDir() + "/src/scheduler/sge/testdata/" + name);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.ok() ? *text : "";
}

TEST(QacctParserTest, CapturedOutputGivesOneRecordPerJobOrTask) {
  Result<std::vector<QacctRecord>> r = ParseQacct(Sample("qacct-j.txt"));
  ASSERT_OK(r);
  std::vector<std::string> ids;
  for (const QacctRecord& q : *r) ids.push_back(q.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2.1", "2.2", "2.3", "3", "4", "6"}));
  const QacctRecord& job1 = (*r)[0];
  // qsub Sat Dec  5 10:37:34 2026, start 10:37:35, end 10:37:37 (UTC).
  EXPECT_DOUBLE_EQ(job1.submit_time, 1796467054);
  EXPECT_DOUBLE_EQ(job1.start_time - job1.submit_time, 1);
  EXPECT_DOUBLE_EQ(job1.end_time - job1.start_time, 2);
  EXPECT_EQ(job1.failed, 0);
  EXPECT_EQ((*r)[6].failed, 100);  // job 6 deleted while running
  EXPECT_DOUBLE_EQ((*r)[6].end_time - (*r)[6].start_time, 13);
}

TEST(QacctParserTest, TimeFormats) {
  Result<double> t = ParseQacctTime("Sat Dec  5 10:37:34 2026");
  ASSERT_OK(t);
  EXPECT_DOUBLE_EQ(*t, 1796467054);
  t = ParseQacctTime("12/05/2026 10:37:34.250");
  ASSERT_OK(t);
  EXPECT_DOUBLE_EQ(*t, 1796467054.25);
  t = ParseQacctTime("-/-");
  ASSERT_OK(t);
  EXPECT_EQ(*t, 0);
  EXPECT_EQ(ParseQacctTime("yesterday").status().message(), "unreadable time 'yesterday'");
}

TEST(QacctParserTest, EmptyAndMalformedOutput) {
  Result<std::vector<QacctRecord>> r = ParseQacct("");
  ASSERT_OK(r);
  EXPECT_TRUE(r->empty());
  r = ParseQacct("=====\njobnumber 7\nstart_time Sat Dec 32 10:00:00 2026\n");
  EXPECT_EQ(r.status().message(),
            "qacct record of job 7: start_time: unreadable time 'Sat Dec 32 10:00:00 2026'");
  r = ParseQacct("=====\njobnumber 9\nTotal System Usage\n   WALLCLOCK\n=====\n  18  0.1\n");
  ASSERT_OK(r);
  EXPECT_EQ(r->size(), 1u);
  r = ParseQacct("=====\nqname all.q\n=====\njobnumber 8\n");
  EXPECT_EQ(r.status().message(), "qacct record 1 has no jobnumber");
}

TEST(QacctParserTest, CommandAsksForJobsStartedSinceInUtc) {
  std::string c = SgeQacctCommand(1796467054);  // 2026-12-05 10:37:34 UTC
  EXPECT_EQ(c.rfind("/bin/sh -c '", 0), 0u) << c;
  EXPECT_NE(c.find("TZ=UTC exec qacct -j -b 202612051037.34\n"), std::string::npos) << c;
}

}  // namespace
}  // namespace corral
