#include "scheduler/slurm/slurm_parser.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

using Hosts = std::vector<std::string>;

std::string Sample(const std::string& name) {
  Result<std::string> text = ReadFile(SharedDir() + "/reference/samples/slurm/" + name);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.value_or("");
}

// Every JobInfo field, so that a table row pins all of them.
struct JobRow {
  std::string id, name, owner, raw_state;
  JobState state;
  int slots, tasks, nodes;
  std::string queue;
  Hosts hosts;
  std::string requested_host;
  double submit_time, start_time;
};

void ExpectJob(const JobInfo& j, const JobRow& want) {
  SCOPED_TRACE("job " + want.id);
  EXPECT_EQ(j.id, want.id);
  EXPECT_EQ(j.name, want.name);
  EXPECT_EQ(j.owner, want.owner);
  EXPECT_EQ(j.raw_state, want.raw_state);
  EXPECT_EQ(j.state, want.state);
  EXPECT_EQ(j.slots, want.slots);
  EXPECT_EQ(j.tasks, want.tasks);
  EXPECT_EQ(j.nodes, want.nodes);
  EXPECT_EQ(j.queue, want.queue);
  EXPECT_EQ(j.pe, "");
  EXPECT_EQ(j.hosts, want.hosts);
  EXPECT_EQ(j.requested_host, want.requested_host);
  EXPECT_EQ(j.submit_time, want.submit_time);
  EXPECT_EQ(j.start_time, want.start_time);
}

void ExpectJobs(const Result<std::vector<JobInfo>>& jobs, const std::vector<JobRow>& want) {
  ASSERT_OK(jobs);
  ASSERT_EQ(jobs->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) ExpectJob((*jobs)[i], want[i]);
}

struct HostRow {
  std::string name;
  int slots, used_slots;
  double load;
  bool available, cloud, powered_down, powering_up;
};

void ExpectHosts(const Result<std::vector<HostInfo>>& hosts, const std::vector<HostRow>& want) {
  ASSERT_OK(hosts);
  ASSERT_EQ(hosts->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const HostInfo& h = (*hosts)[i];
    SCOPED_TRACE("host " + want[i].name);
    EXPECT_EQ(h.name, want[i].name);
    EXPECT_EQ(h.slots, want[i].slots);
    EXPECT_EQ(h.used_slots, want[i].used_slots);
    EXPECT_DOUBLE_EQ(h.load, want[i].load);
    EXPECT_EQ(h.available, want[i].available);
    EXPECT_EQ(h.cloud, want[i].cloud);
    EXPECT_EQ(h.powered_down, want[i].powered_down);
    EXPECT_EQ(h.powering_up, want[i].powering_up);
  }
}

constexpr JobState kP = JobState::kPending, kR = JobState::kRunning, kO = JobState::kOther;

TEST(SlurmParserTest, SqueueJsonSample) {
  ExpectJobs(ParseSqueueJson(Sample("squeue.json")),
             {{"1",
               "wrap",
               "root",
               "COMPLETED",
               kO,
               1,
               1,
               1,
               "main",
               {"node1"},
               "node1",
               1795580109,
               1795580109},
              {"2",
               "wrap",
               "root",
               "COMPLETED",
               kO,
               1,
               1,
               1,
               "main",
               {"node2"},
               "node2",
               1795580110,
               1795580112},
              {"3",
               "hostname",
               "root",
               "COMPLETED",
               kO,
               3,
               1,
               3,
               "main",
               {"master", "node1", "node2"},
               "",
               1795580113,
               1795580113},
              {"4", "wrap", "root", "PENDING", kP, 1, 1, 1, "main", {}, "node1", 1795580121, 0}});
}

TEST(SlurmParserTest, SqueueJsonConfiguringSample) {
  // Job 4 was cancelled while pending: cpus and tasks are null, and start_time (1795580850, its
  // end) is no start.
  ExpectJobs(
      ParseSqueueJson(Sample("squeue-configuring.json")),
      {{"4", "wrap", "root", "CANCELLED", kO, 1, 1, 1, "cloud", {}, "", 1795580745, 0},
       {"5",
        "wrap",
        "root",
        "COMPLETED",
        kO,
        1,
        1,
        1,
        "main",
        {"node3"},
        "node3",
        1795580861,
        1795580865},
       {"6", "wrap", "root", "COMPLETED", kO, 1, 1, 1, "dyn", {"dyn1"}, "", 1795580886, 1795580886},
       {"7",
        "wrap",
        "root",
        "CONFIGURING",
        kR,
        1,
        1,
        1,
        "cloud",
        {"cloud1"},
        "",
        1795580902,
        1795580902}});
}

TEST(SlurmParserTest, SqueueJsonArraysHoldsAndNewerNumbers) {
  // Array task, pending array rest, a held job, and v0.0.40's number objects and state arrays.
  std::string json = R"({"jobs": [
    {"job_id": 21, "array_job_id": 20, "array_task_id": 1, "job_state": "RUNNING",
     "nodes": "node[01-02]", "node_count": 2, "cpus": 4, "start_time": 100},
    {"job_id": 20, "array_job_id": 20, "array_task_id": null, "array_task_string": "2-10%2",
     "job_state": "PENDING", "state_reason": "Resources", "cpus_per_task": 2, "tasks": 1},
    {"job_id": 30, "job_state": "PENDING", "state_reason": "JobHeldUser", "priority": 0},
    {"job_id": {"set": true, "number": 31}, "job_state": ["PENDING"],
     "cpus": {"set": true, "infinite": false, "number": 8},
     "submit_time": {"set": true, "number": 5},
     "array_task_id": {"set": false, "number": 0}}]})";
  ExpectJobs(ParseSqueueJson(json),
             {{"20.1", "", "", "RUNNING", kR, 4, 1, 2, "", {"node01", "node02"}, "", 0, 100},
              {"20", "", "", "PENDING", kP, 2, 9, 1, "", {}, "", 0, 0},
              {"30", "", "", "PENDING", JobState::kHeld, 1, 1, 1, "", {}, "", 0, 0},
              {"31", "", "", "PENDING", kP, 8, 1, 1, "", {}, "", 5, 0}});
}

TEST(SlurmParserTest, SqueueTextSample) {
  // squeue-o.txt keeps its header; its host ran in UTC, so times match squeue.json's job 4.
  ExpectJobs(ParseSqueueText(Sample("squeue-o.txt"), "%i|%P|%j|%u|%T|%M|%D|%R|%V|%S"),
             {{"4",
               "wrap",
               "root",
               "RUNNING",
               kR,
               1,
               1,
               1,
               "main",
               {"node1"},
               "",
               1795580121,
               1795580122}});
}

TEST(SlurmParserTest, SqueueTextOwnFormat) {
  std::string text =
      "7_3|cloud|alice|RUNNING|None|4|2|100|cloud[1-2]||1795580000|1795580100|a|b\n"
      "7_[4-6,9]|cloud|alice|PENDING|Resources|4|2|100|||1795580000|N/A|a|b\n"
      "8|main|bob|PENDING|JobHeldAdmin|1|1|0||node3|1795580001|2030-01-01T00:00:00|x\n"
      "9|main|bob|PD|BadConstraints|1|1|5|||1795580002|N/A|y\n";
  ExpectJobs(
      ParseSqueueText(text, kSqueueTextFormat, 3600),
      {{"7.3",
        "a|b",
        "alice",
        "RUNNING",
        kR,
        4,
        1,
        2,
        "cloud",
        {"cloud1", "cloud2"},
        "",
        1795580000,
        1795580100},
       {"7", "a|b", "alice", "PENDING", kP, 4, 4, 2, "cloud", {}, "", 1795580000, 0},
       {"8", "x", "bob", "PENDING", JobState::kHeld, 1, 1, 1, "main", {}, "node3", 1795580001, 0},
       {"9", "y", "bob", "PD", JobState::kError, 1, 1, 1, "main", {}, "", 1795580002, 0}});
}

TEST(SlurmParserTest, SqueueTextLocalTimes) {
  Result<std::vector<JobInfo>> jobs =
      ParseSqueueText("5|main|R|2026-11-25T05:15:21|2026-11-25T05:15:22\n", "%i|%P|%t|%V|%S", 3600);
  ASSERT_OK(jobs);
  EXPECT_EQ((*jobs)[0].submit_time, 1795580121);
  EXPECT_EQ((*jobs)[0].start_time, 1795580122);
}

TEST(SlurmParserTest, JobStates) {
  struct Row {
    const char* state;
    const char* reason;
    bool priority_zero;
    JobState want;
  } rows[] = {
      {"PENDING", "Resources", false, kP},
      {"PENDING", "Priority", true, JobState::kHeld},
      {"PENDING", "JobHeldUser", false, JobState::kHeld},
      {"PENDING", "JobHeldAdmin", false, JobState::kHeld},
      {"PENDING", "Dependency", false, JobState::kHeld},
      {"PENDING", "BeginTime", false, JobState::kHeld},
      {"PENDING", "launch failed requeued held", false, JobState::kHeld},
      {"PENDING", "DependencyNeverSatisfied", false, JobState::kError},
      {"PENDING", "BadConstraints", false, JobState::kError},
      {"PENDING", "PartitionTimeLimit", false, JobState::kError},
      {"PENDING", "PartitionNodeLimit", false, kP},
      {"PENDING", "ReqNodeNotAvail, UnavailableNodes:cloud1", false, kP},
      {"PD", "None", false, kP},
      {"RUNNING", "None", false, kR},
      {"CONFIGURING", "None", false, kR},
      {"CG", "None", false, kR},
      {"SUSPENDED", "None", false, kR},
      {"COMPLETED", "None", false, kO},
      {"CANCELLED", "None", false, kO},
      {"FAILED", "NonZeroExitCode", false, kO},
      {"TIMEOUT", "TimeLimit", false, kO},
      {"NODE_FAIL", "None", false, kO},
      {"PREEMPTED", "None", false, kO},
      {"OUT_OF_MEMORY", "None", false, kO},
      {"BOOT_FAIL", "None", false, kO},
      {"DEADLINE", "None", false, kO},
      {"", "", false, kO},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(SlurmJobState(r.state, r.reason, r.priority_zero), r.want)
        << r.state << " " << r.reason;
  }
}

TEST(SlurmParserTest, SinfoJsonSample) {
  // Powered-down CLOUD nodes report cpu_load 4294967294 (NO_VAL): load unknown.
  ExpectHosts(ParseSinfoJson(Sample("sinfo.json")),
              {{"cloud1", 2, 0, 0, false, true, true, false},
               {"cloud2", 2, 0, 0, false, true, true, false},
               {"master", 2, 0, 0.43, true, false, false, false},
               {"node1", 2, 0, 0.43, true, false, false, false},
               {"node2", 2, 0, 0.43, true, false, false, false}});
}

TEST(SlurmParserTest, SinfoJsonCloudPoweringSample) {
  // cloud2 is powered down again but still carries its last cpu_load (109): not a load.
  ExpectHosts(ParseSinfoJson(Sample("sinfo-cloud-powering.json")),
              {{"cloud1", 2, 1, 2.41, true, true, false, false},
               {"cloud2", 2, 0, 0, false, true, true, false},
               {"master", 2, 0, 2.42, true, false, false, false},
               {"node1", 2, 0, 2.42, true, false, false, false},
               {"node2", 2, 0, 2.42, true, false, false, false}});
}

TEST(SlurmParserTest, SinfoJsonFlagsAndDuplicates) {
  std::string json = R"({"nodes": [
    {"name": "a", "state": "mixed", "state_flags": ["CLOUD", "POWERING_UP"], "cpus": 4},
    {"name": "b", "state": "idle", "state_flags": ["DRAIN"]},
    {"name": "c", "state": "down", "state_flags": ["NOT_RESPONDING"]},
    {"name": "d", "state": "future"},
    {"name": "e", "state": "idle", "state_flags": ["POWERING_DOWN"]},
    {"name": "f", "state": ["IDLE", "CLOUD", "POWERED_DOWN"]},
    {"name": "a", "state": "down"}]})";
  ExpectHosts(ParseSinfoJson(json), {{"a", 4, 0, 0, true, true, false, true},
                                     {"b", 0, 0, 0, false, false, false, false},
                                     {"c", 0, 0, 0, false, false, false, false},
                                     {"d", 0, 0, 0, false, false, false, false},
                                     {"e", 0, 0, 0, false, false, true, false},
                                     {"f", 0, 0, 0, false, true, true, false}});
}

TEST(SlurmParserTest, SinfoTextSample) {
  ExpectHosts(ParseSinfoText(Sample("sinfo-o.txt"), "%N|%P|%T|%c|%m|%f|%o|%n|%E"),
              {{"cloud1", 2, 0, 0, false, false, true, false},
               {"cloud2", 2, 0, 0, false, false, true, false},
               {"master", 2, 0, 0, true, false, false, false},
               {"node1", 2, 0, 0, true, false, false, false},
               {"node2", 2, 0, 0, true, false, false, false}});
}

TEST(SlurmParserTest, SinfoTextStatesMatchJsonFlags) {
  std::string text =
      "a|mixed#|4|1/3/0/4|0.50|none\n"
      "b|drain|2|0/0/2/2|0.00|disk|full\n"
      "c|down*|2|0/0/2/2|N/A|not responding\n"
      "d|alloc%|2|2/0/0/2|1.00|none\n"
      "e|idle|2|0/2/0/2|0.01|none\n"
      "e|idle|2|0/2/0/2|0.01|listed again for a second partition\n"
      "f|futr|2|0/0/2/2|N/A|none\n"
      "g|idle~|2|0/2/0/2|0.40|none\n"
      "h|IDLE+DRAIN|2|0/2/0/2|0.00|none\n"
      "i|draining@|2|1/1/0/2|0.30|none\n";
  ExpectHosts(ParseSinfoText(text), {{"a", 4, 1, 0.5, true, false, false, true},
                                     {"b", 2, 0, 0, false, false, false, false},
                                     {"c", 2, 0, 0, false, false, false, false},
                                     {"d", 2, 2, 0, false, false, true, false},
                                     {"e", 2, 0, 0.01, true, false, false, false},
                                     {"f", 2, 0, 0, false, false, false, false},
                                     {"g", 2, 0, 0, false, false, true, false},
                                     {"h", 2, 0, 0, false, false, false, false},
                                     {"i", 2, 1, 0.3, false, false, false, false}});
  // Without %c the total of %C counts.
  ExpectHosts(ParseSinfoText("x|mix|3/1/0/4\n", "%n|%t|%C"),
              {{"x", 4, 3, 0, true, false, false, false}});
}

TEST(SlurmHostlistTest, Expands) {
  struct Row {
    const char* list;
    Hosts want;
  } rows[] = {
      {"", {}},
      {"master", {"master"}},
      // Each range keeps its own width (Slurm itself would print "node[001-003,007]").
      {"node[001-003,7],master", {"node001", "node002", "node003", "node7", "master"}},
      {"master,node[1-2]", {"master", "node1", "node2"}},
      {"n[8-10]", {"n8", "n9", "n10"}},
      {"n[09-11]", {"n09", "n10", "n11"}},
      {"cloud[1-2]-ib", {"cloud1-ib", "cloud2-ib"}},
      {"r[1-2]n[1,3]", {"r1n1", "r1n3", "r2n1", "r2n3"}},
      {"a, b ,,c", {"a", "b", "c"}},
      {"[1-2]", {"1", "2"}},
  };
  for (const Row& r : rows) {
    Result<std::vector<std::string>> got = ExpandHostlist(r.list);
    ASSERT_OK(got);
    EXPECT_EQ(*got, r.want) << r.list;
  }
}

TEST(SlurmHostlistTest, RejectsMalformedAndHuge) {
  struct Row {
    const char* list;
    const char* message;
  } rows[] = {
      {"n[1-3", "hostlist 'n[1-3': unbalanced '[' in 'n[1-3'"},
      {"n1-3]", "hostlist 'n1-3]': unbalanced ']' in 'n1-3]'"},
      {"n[[1]]", "hostlist 'n[[1]]': nested '['"},
      {"n[3-1]", "hostlist 'n[3-1]': bad range '3-1'"},
      {"n[a-b]", "hostlist 'n[a-b]': bad range 'a-b'"},
      {"n[]", "hostlist 'n[]': bad range ''"},
      {"n[1,]", "hostlist 'n[1,]': bad range ''"},
      {"n[0-999999999]", "hostlist 'n[0-999999999]': more than 65536 hosts"},
      {"a[0-999]b[0-999]", "hostlist 'a[0-999]b[0-999]': more than 65536 hosts"},
      {"n[1-9999999999999999999]",
       "hostlist 'n[1-9999999999999999999]': bad range "
       "'1-9999999999999999999'"},
  };
  for (const Row& r : rows) {
    Result<std::vector<std::string>> got = ExpandHostlist(r.list);
    ASSERT_FALSE(got.ok()) << r.list;
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(got.status().message(), r.message);
  }
  EXPECT_FALSE(ExpandHostlist(std::string(300, 'x')).ok());
}

TEST(SlurmParserTest, RejectsMalformedInput) {
  struct Row {
    Status status;
    const char* message;
  } rows[] = {
      {internal::AsStatus(ParseSqueueJson("")),
       "parsing squeue --json output: parse error at line 1, column 1: syntax error while parsing "
       "value - unexpected end of input; expected '[', '{', or a literal"},
      {internal::AsStatus(ParseSqueueJson(R"({"jobs": 5})")),
       "squeue --json output has no \"jobs\" array: '{\"jobs\": 5}'"},
      {internal::AsStatus(ParseSqueueJson(R"({"jobs": [{"name": "x"}]})")),
       "squeue --json job #1: no job_id"},
      {internal::AsStatus(ParseSqueueJson(
           R"({"jobs": [{"job_id": 3, "job_state": "RUNNING", "nodes": "n[1-"}]})")),
       "squeue --json job 3: hostlist 'n[1-': unbalanced '[' in 'n[1-'"},
      {internal::AsStatus(ParseSqueueJson(
           R"({"jobs": [{"job_id": 3, "array_job_id": 3, "array_task_string": "x"}]})")),
       "squeue --json job 3: bad array task spec 'x'"},
      {internal::AsStatus(ParseSinfoJson(R"([1, 2])")),
       "sinfo --json output has no \"nodes\" array: '[1, 2]'"},
      {internal::AsStatus(ParseSinfoJson(R"({"nodes": [{"cpus": 2}]})")),
       "sinfo --json node #1: no name"},
      {internal::AsStatus(ParseSqueueText("1|main\n2\n", "%i|%P")),
       "squeue line 2: 1 fields, format has 2: '2'"},
      {internal::AsStatus(ParseSqueueText("1\n", "%i|P")),
       "unsupported output format '%i|P' at 'P'"},
      {internal::AsStatus(ParseSqueueText("1|x\n", "%i|%C")), "squeue line 1: bad %C 'x'"},
      {internal::AsStatus(ParseSqueueText("1|yesterday\n", "%i|%V")),
       "squeue line 1: bad time 'yesterday'"},
      {internal::AsStatus(ParseSqueueText("|main\n", "%i|%P")), "squeue line 1: no job id"},
      {internal::AsStatus(ParseSqueueText("1_[x]\n", "%i")),
       "squeue line 1: bad array task spec 'x'"},
      {internal::AsStatus(ParseSinfoText("a|idle|2|1/1\n")),
       "sinfo line 1: 4 fields, format has 6: 'a|idle|2|1/1'"},
      {internal::AsStatus(ParseSinfoText("a|idle|2|1/1|0|x\n")), "sinfo line 1: bad %C '1/1'"},
      {internal::AsStatus(ParseSinfoText("a|idle|2|0/2/0/2|high|x\n")),
       "sinfo line 1: bad load 'high'"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument) << r.message;
    EXPECT_EQ(r.status.message(), r.message);
  }
}

TEST(SlurmParserTest, ReportedErrorsAreUnavailable) {
  Result<std::vector<JobInfo>> jobs = ParseSqueueJson(
      R"({"errors": [{"error": "Unable to contact slurm controller", "error_number": 1}],
          "jobs": []})");
  ASSERT_FALSE(jobs.ok());
  EXPECT_EQ(jobs.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(jobs.status().message(), "squeue --json reported: Unable to contact slurm controller");
}

TEST(SlurmParserTest, EmptyOutputs) {
  Result<std::vector<JobInfo>> jobs = ParseSqueueText("");
  ASSERT_OK(jobs);
  EXPECT_TRUE(jobs->empty());
  Result<std::vector<HostInfo>> hosts =
      ParseSinfoJson(R"({"meta": {}, "errors": [], "nodes": []})");
  ASSERT_OK(hosts);
  EXPECT_TRUE(hosts->empty());
}

}  // namespace
}  // namespace corral
