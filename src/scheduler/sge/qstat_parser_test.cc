#include "scheduler/sge/qstat_parser.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

std::string Sample(const std::string& name) {
  Result<std::string> text = ReadFile(SharedDir() + "/reference/samples/gridengine/" + name);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.value_or("");
}

std::string Captured(const std::string& name) {
  Result<std::string> text = ReadFile(SourceDir() + "/src/scheduler/sge/testdata/" + name);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.value_or("");
}

const JobInfo* FindJob(const std::vector<JobInfo>& jobs, const std::string& id) {
  for (const JobInfo& j : jobs) {
    if (j.id == id) return &j;
  }
  return nullptr;
}

const HostInfo* FindHost(const QueueSnapshot& snap, const std::string& name) {
  for (const HostInfo& h : snap.hosts) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

TEST(SgeQstatParserTest, SharedSampleAllUsers) {
  Result<SgeQstat> q = ParseQstatXml(Sample("qstat-allusers-running.xml"));
  ASSERT_OK(q);
  ASSERT_EQ(q->jobs.size(), 3u);
  const JobInfo& run = q->jobs[0];
  EXPECT_EQ(run.id, "6");
  EXPECT_EQ(run.name, "demojob");
  EXPECT_EQ(run.owner, "sgeuser");
  EXPECT_EQ(run.state, JobState::kRunning);
  EXPECT_EQ(run.queue, "all.q");
  EXPECT_EQ(run.hosts, std::vector<std::string>{"node003"});
  EXPECT_EQ(run.start_time, 1795580739);  // 2026-11-25T04:25:39Z
  EXPECT_EQ(run.submit_time, 0);
  const JobInfo& big = q->jobs[1];
  EXPECT_EQ(big.id, "5");
  EXPECT_EQ(big.state, JobState::kPending);
  EXPECT_EQ(big.raw_state, "qw");
  EXPECT_EQ(big.slots, 64);
  EXPECT_TRUE(big.hosts.empty());
  EXPECT_EQ(big.submit_time, 1795580738);
  EXPECT_EQ(q->jobs[2].state, JobState::kHeld);
  EXPECT_TRUE(q->queues.empty());
}

TEST(SgeQstatParserTest, SharedSampleFullView) {
  Result<SgeQstat> q = ParseQstatXml(Sample("qstat-f-running.xml"));
  ASSERT_OK(q);
  ASSERT_EQ(q->queues.size(), 4u);
  EXPECT_EQ(q->queues[3].name, "all.q@node003");
  EXPECT_EQ(q->queues[3].host, "node003");
  EXPECT_EQ(q->queues[3].slots_total, 2);
  EXPECT_EQ(q->queues[3].slots_used, 1);
  const JobInfo* run = FindJob(q->jobs, "6");
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->hosts, std::vector<std::string>{"node003"});
  EXPECT_EQ(run->queue, "all.q");
  EXPECT_EQ(q->jobs.size(), 3u);
}

TEST(SgeQstatParserTest, SharedSamplesEmptyAndFinished) {
  Result<SgeQstat> empty = ParseQstatXml(Sample("qstat-as-root-no-u.xml"));
  ASSERT_OK(empty);
  EXPECT_TRUE(empty->jobs.empty());
  Result<SgeQstat> done = ParseQstatXml(Sample("qstat-finished-sz.xml"));
  ASSERT_OK(done);
  ASSERT_EQ(done->jobs.size(), 4u);
  for (const JobInfo& j : done->jobs) EXPECT_EQ(j.state, JobState::kOther) << j.id;
}

TEST(SgeQstatParserTest, SharedSampleQhost) {
  Result<std::vector<SgeHost>> hosts = ParseQhostXml(Sample("qhost.xml"));
  ASSERT_OK(hosts);
  ASSERT_EQ(hosts->size(), 4u);  // "global" skipped
  EXPECT_EQ((*hosts)[0].name, "master");
  EXPECT_EQ((*hosts)[0].num_proc, 2);
  EXPECT_DOUBLE_EQ((*hosts)[0].load, 1.97);
  EXPECT_TRUE((*hosts)[0].load_known);
}

TEST(SgeQstatParserTest, CapturedFullViewWithRequests) {
  Result<SgeQstat> q = ParseQstatXml(Captured("qstat-f-r-mixed.xml"));
  ASSERT_OK(q);
  // The orte job is listed under master (2 slots) and node001 (1 slot): one job, 3 slots.
  const JobInfo* orte = FindJob(q->jobs, "2");
  ASSERT_NE(orte, nullptr);
  EXPECT_EQ(orte->slots, 3);
  EXPECT_EQ(orte->hosts, (std::vector<std::string>{"master", "node001"}));
  EXPECT_EQ(orte->pe, "orte");
  EXPECT_EQ(orte->state, JobState::kRunning);

  const JobInfo* pinned = FindJob(q->jobs, "1");
  ASSERT_NE(pinned, nullptr);
  EXPECT_EQ(pinned->requested_host, "node002");
  EXPECT_EQ(pinned->hosts, std::vector<std::string>{"node002"});

  // Array tasks: 1, 3 and 5 run (one entry each); 7-19:2 wait as one entry of 7 tasks.
  ASSERT_NE(FindJob(q->jobs, "3.1"), nullptr);
  ASSERT_NE(FindJob(q->jobs, "3.3"), nullptr);
  const JobInfo* task5 = FindJob(q->jobs, "3.5");
  ASSERT_NE(task5, nullptr);
  EXPECT_EQ(task5->hosts, std::vector<std::string>{"node002"});
  const JobInfo* waiting = FindJob(q->jobs, "3");
  ASSERT_NE(waiting, nullptr);
  EXPECT_EQ(waiting->tasks, 7);
  EXPECT_EQ(waiting->state, JobState::kPending);

  const JobInfo* smp = FindJob(q->jobs, "6");
  ASSERT_NE(smp, nullptr);
  EXPECT_EQ(smp->pe, "smp");
  EXPECT_EQ(smp->slots, 64);

  const JobInfo* mem = FindJob(q->jobs, "7");
  ASSERT_NE(mem, nullptr);
  EXPECT_EQ(mem->requested_host, "node001");
  EXPECT_EQ(mem->queue, "all.q");
  EXPECT_EQ(FindJob(q->jobs, "4")->state, JobState::kHeld);
  EXPECT_EQ(q->jobs.size(), 10u);
}

TEST(SgeQstatParserTest, CapturedPlainViewListsParallelJobOnce) {
  Result<SgeQstat> q = ParseQstatXml(Captured("qstat-plain-mixed.xml"));
  ASSERT_OK(q);
  const JobInfo* orte = FindJob(q->jobs, "2");
  ASSERT_NE(orte, nullptr);
  EXPECT_EQ(orte->slots, 3);
  EXPECT_EQ(orte->hosts, std::vector<std::string>{"master"});
  EXPECT_EQ(orte->pe, "");  // only -r says which PE
}

TEST(SgeQstatParserTest, CapturedErrorState) {
  Result<SgeQstat> q = ParseQstatXml(Captured("qstat-f-r-eqw.xml"));
  ASSERT_OK(q);
  const JobInfo* err = FindJob(q->jobs, "5");
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->raw_state, "Eqw");
  EXPECT_EQ(err->state, JobState::kError);
  const JobInfo* deleting = FindJob(q->jobs, "3.3");
  ASSERT_NE(deleting, nullptr);
  EXPECT_EQ(deleting->raw_state, "dr");
  EXPECT_EQ(deleting->state, JobState::kRunning);  // still holds its slot
}

TEST(SgeQstatParserTest, SnapshotFromCapturedOutputs) {
  Result<SgeQstat> q = ParseQstatXml(Captured("qstat-f-r-mixed.xml"));
  ASSERT_OK(q);
  Result<std::vector<SgeHost>> hosts = ParseQhostXml(Captured("qhost-3.xml"));
  ASSERT_OK(hosts);
  QueueSnapshot snap = MakeSgeSnapshot(*q, *hosts, 1795500000);
  EXPECT_EQ(snap.now, 1795500000);
  ASSERT_EQ(snap.hosts.size(), 3u);
  const HostInfo* n2 = FindHost(snap, "node002");
  ASSERT_NE(n2, nullptr);
  EXPECT_EQ(n2->slots, 3);
  EXPECT_EQ(n2->used_slots, 3);
  EXPECT_TRUE(n2->available);
  EXPECT_GT(n2->load, 0);
  EXPECT_EQ(snap.jobs.size(), 10u);
}

TEST(SgeQstatParserTest, SnapshotMarksSilentAndDisabledHostsUnavailable) {
  Result<SgeQstat> q = ParseQstatXml(Captured("qstat-f-r-host-down.xml"));
  ASSERT_OK(q);
  Result<std::vector<SgeHost>> hosts = ParseQhostXml(Captured("qhost-host-down.xml"));
  ASSERT_OK(hosts);
  EXPECT_FALSE((*hosts)[1].load_known);
  QueueSnapshot snap = MakeSgeSnapshot(*q, *hosts, 0);
  EXPECT_FALSE(FindHost(snap, "node001")->available);
  EXPECT_EQ(FindHost(snap, "node001")->slots, 2);
  EXPECT_TRUE(FindHost(snap, "master")->available);
}

TEST(SgeQstatParserTest, SnapshotHostWithoutQueueIsUnavailable) {
  SgeQstat q;
  QueueSnapshot snap = MakeSgeSnapshot(q, {{.name = "node009", .num_proc = 4, .load = 0.5,
                                            .load_known = true}}, 0);
  ASSERT_EQ(snap.hosts.size(), 1u);
  EXPECT_EQ(snap.hosts[0].slots, 0);
  EXPECT_FALSE(snap.hosts[0].available);
}

TEST(SgeQstatParserTest, CountArrayTasks) {
  EXPECT_EQ(CountArrayTasks("1-20:2").value_or(-1), 10);
  EXPECT_EQ(CountArrayTasks("7-19:2").value_or(-1), 7);
  EXPECT_EQ(CountArrayTasks("5").value_or(-1), 1);
  EXPECT_EQ(CountArrayTasks("1-3").value_or(-1), 3);
  EXPECT_EQ(CountArrayTasks("1,4-6,10-20:5").value_or(-1), 7);
  EXPECT_EQ(CountArrayTasks("1-2:5").value_or(-1), 1);
  for (const char* bad : {"", "a", "5-3", "1-4:0", "1-4:-1", "-3", "1-", "1-999999999999:1"}) {
    EXPECT_FALSE(CountArrayTasks(bad).ok()) << bad;
  }
}

TEST(SgeQstatParserTest, Times) {
  EXPECT_EQ(ParseSgeTime("1970-01-01T00:00:00").value_or(-1), 0);
  EXPECT_EQ(ParseSgeTime("2000-03-01T12:30:15").value_or(-1), 951913815);
  EXPECT_EQ(ParseSgeTime("2024-02-29T23:59:59.500").value_or(-1), 1709251199);
  // 01:00 at UTC+01:00 is midnight UTC.
  EXPECT_EQ(ParseSgeTime("1970-01-02T01:00:00", 3600).value_or(-1), 86400);
  for (const char* bad : {"", "2026-11-25", "2026-13-01T00:00:00", "2026-11-25 04:25:39",
                          "2026-11-25T24:00:00", "x026-11-25T04:25:39"}) {
    EXPECT_FALSE(ParseSgeTime(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseUtcOffset("+0100\n").value_or(-1), 3600);
  EXPECT_EQ(ParseUtcOffset("-0530").value_or(-1), -19800);
  EXPECT_EQ(ParseUtcOffset("+0000").value_or(-1), 0);
  EXPECT_FALSE(ParseUtcOffset("UTC").ok());
}

TEST(SgeQstatParserTest, StateMapping) {
  EXPECT_EQ(SgeJobState("pending", "qw"), JobState::kPending);
  EXPECT_EQ(SgeJobState("pending", "hqw"), JobState::kHeld);
  EXPECT_EQ(SgeJobState("pending", "Eqw"), JobState::kError);
  EXPECT_EQ(SgeJobState("pending", "Rq"), JobState::kPending);
  EXPECT_EQ(SgeJobState("running", "t"), JobState::kRunning);
  EXPECT_EQ(SgeJobState("running", "s"), JobState::kRunning);
  EXPECT_EQ(SgeJobState("zombie", "z"), JobState::kOther);
  EXPECT_TRUE(SgeQueueUsable(""));
  EXPECT_TRUE(SgeQueueUsable("a"));
  EXPECT_FALSE(SgeQueueUsable("d"));
  EXPECT_FALSE(SgeQueueUsable("au"));
  EXPECT_FALSE(SgeQueueUsable("E"));
}

TEST(SgeQstatParserTest, HandWrittenEdgeCases) {
  // A queue request naming a host; an "h" hostname shorthand; a pending single task.
  const char* xml = R"(<?xml version='1.0'?>
<job_info><queue_info/><job_info>
  <job_list state="pending"><JB_job_number>9</JB_job_number><state>qw</state>
    <JB_submission_time>2026-01-01T00:00:00</JB_submission_time><slots>2</slots>
    <hard_req_queue>all.q@node007</hard_req_queue></job_list>
  <job_list state="pending"><JB_job_number>10</JB_job_number><state>hqw</state>
    <slots>0</slots><tasks>4</tasks><hard_request name="h">node003</hard_request></job_list>
</job_info></job_info>)";
  Result<SgeQstat> q = ParseQstatXml(xml, -3600);
  ASSERT_OK(q);
  ASSERT_EQ(q->jobs.size(), 2u);
  EXPECT_EQ(q->jobs[0].requested_host, "node007");
  EXPECT_EQ(q->jobs[0].queue, "all.q");
  EXPECT_EQ(q->jobs[0].submit_time, 1767225600 + 3600);
  EXPECT_EQ(q->jobs[1].id, "10.4");
  EXPECT_EQ(q->jobs[1].tasks, 1);
  EXPECT_EQ(q->jobs[1].slots, 1);  // a job always needs at least one slot
  EXPECT_EQ(q->jobs[1].requested_host, "node003");
}

TEST(SgeQstatParserTest, ErrorsNameTheOutput) {
  Result<SgeQstat> q = ParseQstatXml("error: commlib error: got select error (Connection refused)");
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("parsing qstat -xml output"), std::string::npos);
  EXPECT_NE(q.status().message().find("commlib error"), std::string::npos);
  EXPECT_FALSE(ParseQstatXml("<qhost/>").ok());
  EXPECT_FALSE(ParseQhostXml("<job_info/>").ok());
  Result<SgeQstat> bad = ParseQstatXml(
      "<job_info><job_info><job_list state='pending'><JB_job_number>1</JB_job_number>"
      "<tasks>3-1</tasks></job_list></job_info></job_info>");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "malformed array task range '3-1'");
  EXPECT_FALSE(ParseQstatXml("<job_info><job_info><job_list/></job_info></job_info>").ok());
}

}  // namespace
}  // namespace corral
