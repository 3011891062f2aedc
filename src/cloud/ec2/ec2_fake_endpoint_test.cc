// Ec2Cloud against tests/fake_ec2/fake_ec2.py over real HTTP on loopback: signatures checked by
// botocore, parameters checked against botocore's EC2 model, state kept by the fake. Each test
// starts its own fake (a child process, stopped by PID) and asserts on what the account holds
// afterwards (GET /_state), not on call sequences.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <thread>

#include "cloud/ec2/ec2_cloud.h"
#include "cluster/sc_footprint.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

const char kAccessKey[] = "AKIAFAKEFAKEFAKEFAKE";
const char kSecretKey[] = "fake/secret/key/for/corral/tests/0000000";
const char kImage[] = "ami-0fake000000000x86";

class FakeEc2Process {
 public:
  // Starts the fake with `flags`; port() is 0 when it could not start.
  explicit FakeEc2Process(const std::vector<std::string>& flags) {
    int out[2];
    if (pipe(out) != 0) return;
    std::vector<std::string> argv = {"python3", SourceDir() + "/tests/fake_ec2/fake_ec2.py"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::vector<char*> args;
      for (std::string& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execvp("python3", args.data());
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[64] = {0};
    // The fake prints its port once it listens; a failed start closes the pipe instead.
    if (fgets(line, sizeof(line), f)) sscanf(line, "PORT %d", &port_);
    fclose(f);
  }
  ~FakeEc2Process() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

bool FakeAvailable() {
  return access("/usr/lib/python3/dist-packages/botocore/data/ec2/2016-11-15/service-2.json", R_OK) == 0;
}

class Ec2FakeEndpointTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& flags, const std::string& region = "us-east-1",
             const std::string& secret = kSecretKey) {
    if (!FakeAvailable()) GTEST_SKIP() << "python3-botocore is not installed";
    fake_ = std::make_unique<FakeEc2Process>(flags);
    ASSERT_GT(fake_->port(), 0) << "fake_ec2.py did not start";
    http_ = std::shared_ptr<HttpClient>(NewCurlHttpClient());
    Ec2CloudOptions opt;
    opt.endpoint.scheme = "http";
    opt.endpoint.host = "127.0.0.1";
    opt.endpoint.port = fake_->port();
    opt.endpoint.region = region;
    opt.credentials = StaticCredentials({kAccessKey, secret, ""}, "test");
    opt.http = http_;
    opt.clock = &clock_;
    opt.log = &log_;
    opt.known_hosts_dir = dir_.Join("known_hosts");
    // Short waits: the fake answers in milliseconds, and throttling is injected at 20%.
    opt.retry.base = std::chrono::milliseconds(5);
    opt.retry.cap = std::chrono::milliseconds(100);
    opt.retry.max_attempts = 12;
    opt.retry.not_found_attempts = 40;
    opt.poll_interval = std::chrono::milliseconds(50);
    opt.spot_timeout = std::chrono::seconds(20);
    opt.host_key_timeout = std::chrono::seconds(20);
    Result<std::unique_ptr<Cloud>> cloud = NewEc2Cloud(opt);
    ASSERT_OK(cloud);
    cloud_ = std::move(*cloud);
  }

  nlohmann::json Control(const std::string& path) {
    HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(fake_->port()) + path;
    Result<HttpResponse> r = http_->Send(req);
    if (!r.ok()) return nullptr;
    return nlohmann::json::parse(r->body);
  }

  // Polls DescribeInstances (one call per round) until `want` instances of the group are in
  // `state`; the fake moves them on after a fraction of a second.
  std::vector<Instance> WaitForState(const std::string& group, InstanceState state, size_t want) {
    InstanceFilter f;
    f.security_group = group;
    for (int round = 0; round < 400; ++round) {
      Result<std::vector<Instance>> got = cloud_->DescribeInstances(f);
      EXPECT_OK(got);
      if (!got.ok()) return {};
      size_t n = std::count_if(got->begin(), got->end(), [&](const Instance& i) { return i.state == state; });
      if (n == want && got->size() == want) return *got;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "instances of " << group << " never reached " << InstanceStateName(state);
    return {};
  }

  Status DeleteGroupWhenFree(const std::string& id) {
    Status s;
    for (int i = 0; i < 200; ++i) {
      s = cloud_->DeleteSecurityGroup(id);
      if (s.code() != StatusCode::kFailedPrecondition) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return s;
  }

  // The whole StarCluster-shaped lifecycle: group with rules and footprint tags, two launch
  // groups, volume, stop/start, terminate, clean up.
  void RunLifecycle(const std::string& tag) {
    const std::string group = "@sc-" + tag;
    ASSERT_OK(cloud_->CreateKeyPair("key-" + tag));
    Result<SecurityGroup> sg = cloud_->CreateSecurityGroup(group, "StarCluster-0_95_6", "");
    ASSERT_OK(sg);
    ASSERT_OK(cloud_->AuthorizeIngress(sg->id, {"tcp", 22, 22, "0.0.0.0/0", ""}));
    ASSERT_OK(cloud_->AuthorizeIngress(sg->id, {"tcp", 1, 65535, "", sg->id}));
    Tags footprint = EncodeScTag(kScCoreTag, R"({"cluster_size": 3})");
    footprint[kScVersionTag] = kScVersion;
    ASSERT_OK(cloud_->CreateTags({sg->id}, footprint));

    LaunchRequest master;
    master.image_id = kImage;
    master.instance_type = "c5.large";
    master.key_name = "key-" + tag;
    master.security_group = group;
    master.zone = "us-east-1a";
    master.aliases = {"master"};
    master.client_token = tag + "-master";
    ASSERT_OK(cloud_->RunInstances(master));
    LaunchRequest nodes = master;
    nodes.count = 2;
    nodes.aliases = {"node001", "node002"};
    nodes.client_token = tag + "-nodes";
    ASSERT_OK(cloud_->RunInstances(nodes));

    std::vector<Instance> running = WaitForState(group, InstanceState::kRunning, 3);
    ASSERT_EQ(running.size(), 3u);
    std::set<std::string> aliases;
    std::vector<std::string> ids;
    for (const Instance& i : running) {
      aliases.insert(i.Alias());
      ids.push_back(i.id);
    }
    EXPECT_EQ(aliases, (std::set<std::string>{"master", "node001", "node002"}));

    Result<SshEndpoint> ep = cloud_->SshEndpointFor(running[0]);
    ASSERT_OK(ep);
    nlohmann::json state = Control("/_state");
    std::string host_key = state["instances"][running[0].id]["host_key"];
    EXPECT_EQ(ReadFile(ep->known_hosts_file).value_or(""), running[0].id + " " + host_key + "\n");

    Result<std::vector<SecurityGroup>> groups = cloud_->DescribeSecurityGroups("@sc-*");
    ASSERT_OK(groups);
    ASSERT_EQ(groups->size(), 1u);
    EXPECT_EQ(DecodeScTag((*groups)[0].tags, kScCoreTag).value_or(""), R"({"cluster_size": 3})");
    EXPECT_EQ((*groups)[0].permissions.size(), 2u);

    Result<Volume> vol = cloud_->CreateVolume(5, "us-east-1a", {{"Name", "data-" + tag}});
    ASSERT_OK(vol);
    Status attached;
    for (int i = 0; i < 100; ++i) {  // "creating" for a moment
      attached = cloud_->AttachVolume(vol->id, running[0].id, "/dev/sdz", "/data");
      if (attached.code() != StatusCode::kFailedPrecondition) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ASSERT_OK(attached);
    ASSERT_OK(cloud_->DetachVolume(vol->id));

    ASSERT_OK(cloud_->StopInstances(ids));
    WaitForState(group, InstanceState::kStopped, 3);
    ASSERT_OK(cloud_->StartInstances(ids));
    WaitForState(group, InstanceState::kRunning, 3);
    ASSERT_OK(cloud_->TerminateInstances(ids));
    WaitForState(group, InstanceState::kRunning, 0);
    ASSERT_OK(DeleteGroupWhenFree(sg->id));
    ASSERT_OK(cloud_->DeleteKeyPair("key-" + tag));

    // Nothing leaks: no live instance, no cluster group, no root volume; the user's volume stays.
    state = Control("/_state");
    for (auto& [id, inst] : state["instances"].items()) {
      EXPECT_EQ(inst["state"], "terminated") << id;
    }
    for (auto& [id, g] : state["groups"].items()) EXPECT_EQ(g["name"], "default") << id;
    ASSERT_EQ(state["volumes"].size(), 1u) << state["volumes"].dump();
    EXPECT_TRUE(state["volumes"].contains(vol->id));
    EXPECT_TRUE(state["keys"].empty());
  }

  TempDir dir_;
  SystemClock clock_;  // the fake checks signing times against its own clock
  std::ostringstream log_text_;
  Logger log_{&log_text_};
  std::unique_ptr<FakeEc2Process> fake_;
  std::shared_ptr<HttpClient> http_;
  std::unique_ptr<Cloud> cloud_;
};

TEST_F(Ec2FakeEndpointTest, LifecycleLeaksNothing) {
  Start({});
  RunLifecycle("plain");
  nlohmann::json stats = Control("/_stats");
  EXPECT_EQ(stats["RunInstances"], 2);
  EXPECT_FALSE(stats.contains("CreateTags") && stats["CreateTags"] != 1);  // the group's footprint only
}

TEST_F(Ec2FakeEndpointTest, LifecycleSurvivesThrottlingAndEventualConsistency) {
  Start({"--throttle-rate", "0.2", "--consistency-delay", "0.5", "--seed", "5"});
  RunLifecycle("rough");
  nlohmann::json stats = Control("/_stats");
  EXPECT_GT(stats.value("_throttled", 0), 0);
}

TEST_F(Ec2FakeEndpointTest, BadCredentialsAreOneClearErrorAndLaunchNothing) {
  Start({}, "us-east-1", "not-the-secret");
  LaunchRequest req;
  req.image_id = kImage;
  req.instance_type = "c5.large";
  Result<std::vector<Instance>> got = cloud_->RunInstances(req);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(got.status().message(), "AuthFailure: AWS was not able to validate the provided access credentials");
  EXPECT_TRUE(Control("/_state")["instances"].empty());
}

TEST_F(Ec2FakeEndpointTest, UnknownRegionIsNamed) {
  Start({}, "xx-nowhere-1");
  Result<std::vector<KeyPair>> got = cloud_->DescribeKeyPairs();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(),
            "unknown or disabled region 'xx-nowhere-1' (AuthFailure: Credential should be scoped to "
            "a valid region, not 'xx-nowhere-1'.); 'corral listregions' lists the regions");
}

TEST_F(Ec2FakeEndpointTest, UnknownInstanceTypeLaunchesNothing) {
  Start({});
  LaunchRequest req;
  req.image_id = kImage;
  req.instance_type = "c9.huge";
  Result<std::vector<Instance>> got = cloud_->RunInstances(req);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "unknown instance type 'c9.huge' in region us-east-1");
  EXPECT_EQ(Control("/_stats").value("RunInstances", 0), 0);
}

TEST_F(Ec2FakeEndpointTest, InsufficientCapacityIsResourceExhausted) {
  Start({"--no-capacity", "c5.xlarge"});
  LaunchRequest req;
  req.image_id = kImage;
  req.instance_type = "c5.xlarge";
  Result<std::vector<Instance>> got = cloud_->RunInstances(req);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(StartsWith(got.status().message(), "InsufficientInstanceCapacity: "));
}

TEST_F(Ec2FakeEndpointTest, SpotWorkersAreFulfilledAndTagged) {
  Start({"--consistency-delay", "0.2"});
  ASSERT_OK(cloud_->CreateSecurityGroup("@sc-spot", "StarCluster-0_95_6", ""));
  LaunchRequest req;
  req.image_id = kImage;
  req.instance_type = "c5.large";
  req.security_group = "@sc-spot";
  req.count = 2;
  req.aliases = {"node001", "node002"};
  req.spot_bid = 0.5;
  Result<std::vector<Instance>> got = cloud_->RunInstances(req);
  ASSERT_OK(got);
  ASSERT_EQ(got->size(), 2u);
  std::vector<Instance> running = WaitForState("@sc-spot", InstanceState::kRunning, 2);
  std::set<std::string> aliases;
  for (const Instance& i : running) {
    aliases.insert(i.Alias());
    EXPECT_FALSE(i.spot_request_id.empty());
  }
  EXPECT_EQ(aliases, (std::set<std::string>{"node001", "node002"}));
  Result<std::vector<SpotRequest>> spots = cloud_->DescribeSpotRequests("@sc-spot");
  ASSERT_OK(spots);
  EXPECT_EQ(spots->size(), 2u);
}

TEST_F(Ec2FakeEndpointTest, PaginatedDescribeSeesEveryInstance) {
  Start({"--page-size", "5"});
  ASSERT_OK(cloud_->CreateSecurityGroup("@sc-many", "StarCluster-0_95_6", ""));
  for (int i = 0; i < 6; ++i) {
    LaunchRequest req;
    req.image_id = kImage;
    req.instance_type = "t3.micro";
    req.security_group = "@sc-many";
    req.count = 2;
    ASSERT_OK(cloud_->RunInstances(req));
  }
  EXPECT_EQ(WaitForState("@sc-many", InstanceState::kRunning, 12).size(), 12u);
}

TEST_F(Ec2FakeEndpointTest, PlacementGroupsAndKeyImport) {
  Start({});
  ASSERT_OK(cloud_->CreatePlacementGroup("@sc-pg"));
  EXPECT_EQ(cloud_->CreatePlacementGroup("@sc-pg").code(), StatusCode::kAlreadyExists);
  ASSERT_OK(cloud_->DeletePlacementGroup("@sc-pg"));
  Result<KeyPair> k = cloud_->ImportKeyPair(
      "imported", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGQjie6ZwOH2eaW3r7kzvyf1v97p5Mp7 me@host");
  ASSERT_OK(k);
  EXPECT_FALSE(k->fingerprint.empty());
  Result<std::vector<KeyPair>> keys = cloud_->DescribeKeyPairs();
  ASSERT_OK(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].name, "imported");
  EXPECT_EQ(cloud_->ImportKeyPair("bad", "not a key").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace corral
