#include "remote/ssh_remote.h"

#include <sys/stat.h>
#include <unistd.h>

#include "testing/fake_remote.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

RemoteHost Node1() {
  RemoteHost h;
  h.alias = "node001";
  h.address = "10.0.0.5";
  h.port = 2222;
  h.user = "root";
  h.identity_file = "/keys/id";
  h.known_hosts_file = "/state/kh";
  h.host_key_alias = "node001";
  return h;
}

ProcessOutput Exit(int code, const std::string& out = "", const std::string& err = "") {
  ProcessOutput o;
  o.exit_code = code;
  o.out = out;
  o.err = err;
  return o;
}

class SshRemoteTest : public ::testing::Test {
 protected:
  SshRemoteTest() {
    opts_.control_dir = dir_.Join("ctl");
    remote_ = NewSshRemote(&runner_, opts_);
  }
  // Records the spec of every process run and answers with `reply`.
  void Reply(const std::string& needle, ProcessOutput reply) {
    runner_.On(needle, [this, reply](const ProcessSpec& spec) {
      std::lock_guard<std::mutex> lock(mu_);
      specs_.push_back(spec);
      return reply;
    });
  }
  ProcessSpec LastSpec() {
    std::lock_guard<std::mutex> lock(mu_);
    return specs_.back();
  }
  std::string ControlPath() const {
    for (const auto& argv : runner_.commands()) {
      for (const std::string& a : argv) {
        if (StartsWith(a, "ControlPath=") && a != "ControlPath=none") return a.substr(12);
      }
    }
    return "";
  }

  TempDir dir_;
  FakeProcessRunner runner_;
  SshRemoteOptions opts_;
  std::unique_ptr<Remote> remote_;
  std::mutex mu_;
  std::vector<ProcessSpec> specs_;
};

TEST_F(SshRemoteTest, RunBuildsVerifiedReusedConnection) {
  Reply("ssh", Exit(0, "node001\n"));
  Result<RemoteResult> r = remote_->Run(Node1(), "hostname");
  ASSERT_OK(r);
  EXPECT_EQ(r->out, "node001\n");
  std::vector<std::string> expected = {
      "ssh", "-F", "/dev/null",
      "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=/state/kh",
      "-o", "GlobalKnownHostsFile=/dev/null", "-o", "HostKeyAlias=node001",
      "-o", "UpdateHostKeys=no", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
      "-i", "/keys/id", "-o", "User=root", "-o", "ConnectTimeout=10",
      "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-o", "LogLevel=ERROR",
      "-o", "ControlMaster=auto", "-o", "ControlPath=" + ControlPath(),
      "-o", "ControlPersist=180s", "-p", "2222", "-T", "-x", "-a", "--", "10.0.0.5", "hostname"};
  EXPECT_EQ(LastSpec().argv, expected);
  EXPECT_FALSE(LastSpec().inherit_stdio);
  EXPECT_TRUE(StartsWith(ControlPath(), opts_.control_dir + "/"));
  struct stat st;
  ASSERT_EQ(lstat(opts_.control_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(SshRemoteTest, RunPassesStdinAndTimeoutAndReportsExitStatus) {
  Reply("ssh", Exit(3, "", "no such queue\n"));
  RunOptions o;
  o.stdin_data = "script";
  o.timeout = std::chrono::seconds(30);
  Result<RemoteResult> r = remote_->Run(Node1(), "sh -s", o);
  ASSERT_OK(r);
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->err, "no such queue\n");
  EXPECT_EQ(LastSpec().stdin_data, "script");
  EXPECT_EQ(LastSpec().timeout, Duration(30000));
  EXPECT_EQ(LastSpec().argv.back(), "sh -s");
}

TEST_F(SshRemoteTest, ConnectionFailureIsRetryableUnavailable) {
  Reply("ssh", Exit(255, "", "ssh: connect to host 10.0.0.5 port 2222: Connection refused\r\n"));
  Result<RemoteResult> r = remote_->Run(Node1(), "true");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(r.status().retryable());
  EXPECT_EQ(r.status().message(),
            "node001: ssh to root@10.0.0.5 port 2222 failed: connect to host 10.0.0.5 port 2222: "
            "Connection refused");
}

TEST_F(SshRemoteTest, AuthenticationFailureIsRetryableUnavailable) {
  Reply("ssh", Exit(255, "", "root@10.0.0.5: Permission denied (publickey).\n"));
  Result<RemoteResult> r = remote_->Run(Node1(), "true");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().retryable());
  EXPECT_EQ(r.status().message(),
            "node001: ssh to root@10.0.0.5 port 2222 failed: root@10.0.0.5: Permission denied "
            "(publickey).");
}

TEST_F(SshRemoteTest, HostKeyFailureIsNotRetryable) {
  Reply("ssh", Exit(255, "",
                    "No ED25519 host key is known for node001 and you have requested strict "
                    "checking.\nHost key verification failed.\n"));
  Result<RemoteResult> r = remote_->Run(Node1(), "true");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_FALSE(r.status().retryable());
  EXPECT_EQ(r.status().message(),
            "node001: host key of 10.0.0.5 port 2222 not accepted (checked as 'node001' against "
            "'/state/kh'): No ED25519 host key is known for node001 and you have requested strict "
            "checking. Host key verification failed.");
}

TEST_F(SshRemoteTest, RemoteExit255IsAResult) {
  Reply("ssh", Exit(255, "", "custom failure\n"));
  Result<RemoteResult> r = remote_->Run(Node1(), "exit 255");
  ASSERT_OK(r);
  EXPECT_EQ(r->exit_code, 255);
}

TEST_F(SshRemoteTest, TimeoutIsDeadlineExceeded) {
  ProcessOutput killed = Exit(137);
  killed.timed_out = true;
  Reply("ssh", killed);
  RunOptions o;
  o.timeout = std::chrono::milliseconds(2500);
  Result<RemoteResult> r = remote_->Run(Node1(), "sleep 100\nexit 0", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(r.status().message(), "node001: 'sleep 100...' timed out after 3s");
}

TEST_F(SshRemoteTest, MissingSshIsReportedWithHost) {
  class Missing : public ProcessRunner {
    Result<ProcessOutput> Run(const ProcessSpec&) override {
      return NotFound("cannot run 'ssh': No such file or directory");
    }
  } runner;
  std::unique_ptr<Remote> remote = NewSshRemote(&runner, opts_);
  Result<RemoteResult> r = remote->Run(Node1(), "true");
  EXPECT_EQ(r.status().message(), "node001: cannot run 'ssh': No such file or directory");
}

TEST_F(SshRemoteTest, InteractiveSessionUsesItsOwnConnectionAndTerminal) {
  Reply("ssh", Exit(0));
  RunOptions o;
  o.interactive = true;
  o.tty = true;
  o.forward_x11 = true;
  o.forward_agent = true;
  ASSERT_OK(remote_->Run(Node1(), "", o));
  ProcessSpec spec = LastSpec();
  EXPECT_TRUE(spec.inherit_stdio);
  std::string joined = Join(spec.argv, " ");
  EXPECT_NE(joined.find("-o BatchMode=no"), std::string::npos) << joined;
  EXPECT_NE(joined.find("-o ControlMaster=no -o ControlPath=none"), std::string::npos) << joined;
  EXPECT_TRUE(EndsWith(joined, " -p 2222 -tt -Y -A -- 10.0.0.5")) << joined;
  EXPECT_EQ(spec.argv, SshArgv(Node1(), o, ""));
}

TEST_F(SshRemoteTest, PutAndGetUseScpWithTheSameVerification) {
  Reply("scp", Exit(0));
  ASSERT_OK(remote_->Put(Node1(), {"/tmp/a", "b:c"}, "/root/"));
  std::vector<std::string> put = LastSpec().argv;
  ASSERT_OK(remote_->Get(Node1(), {"/var/log/*.log"}, "/tmp/logs"));
  std::vector<std::string> get = LastSpec().argv;
  std::string p = Join(put, " "), g = Join(get, " ");
  EXPECT_TRUE(StartsWith(p, "scp -r -p -F /dev/null -o StrictHostKeyChecking=yes")) << p;
  EXPECT_TRUE(EndsWith(p, " -P 2222 -- /tmp/a ./b:c 10.0.0.5:/root/")) << p;
  EXPECT_TRUE(EndsWith(g, " -P 2222 -- 10.0.0.5:/var/log/*.log /tmp/logs")) << g;
  EXPECT_NE(p.find("-o ControlPath=" + ControlPath()), std::string::npos) << p;
  EXPECT_NE(p.find("-i /keys/id"), std::string::npos) << p;
}

TEST_F(SshRemoteTest, Ipv6AddressesAreBracketedForScp) {
  Reply("scp", Exit(0));
  RemoteHost h = Node1();
  h.address = "fd00::5";
  ASSERT_OK(remote_->Get(h, {"/etc/hostname"}, "/tmp/x"));
  EXPECT_EQ(LastSpec().argv[LastSpec().argv.size() - 2], "[fd00::5]:/etc/hostname");
}

TEST_F(SshRemoteTest, CopyFailuresNameHostAndFiles) {
  Reply("scp", Exit(1, "", "scp: /nope: No such file or directory\n"));
  Status s = remote_->Get(Node1(), {"/nope"}, "/tmp/x");
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(),
            "node001: copying /nope from the host to /tmp/x failed: scp: /nope: No such file or "
            "directory");
}

TEST_F(SshRemoteTest, CopyConnectionFailuresAreRetryable) {
  Reply("scp", Exit(255, "", "ssh: connect to host 10.0.0.5 port 2222: No route to host\n"));
  Status s = remote_->Put(Node1(), {"/tmp/a"}, "/b");
  EXPECT_TRUE(s.retryable());
  EXPECT_EQ(s.message(),
            "node001: ssh to root@10.0.0.5 port 2222 failed: connect to host 10.0.0.5 port 2222: "
            "No route to host");
}

TEST_F(SshRemoteTest, HostWithoutKnownHostsIsRefusedBeforeConnecting) {
  RemoteHost h = Node1();
  h.known_hosts_file = "";
  EXPECT_EQ(remote_->Run(h, "true").status().message(),
            "node001: no known_hosts file to verify its host key with");
  EXPECT_TRUE(runner_.commands().empty());
}

TEST_F(SshRemoteTest, ControlSocketIsPerConnectionIdentity) {
  Reply("ssh", Exit(0));
  RemoteHost a = Node1();
  RemoteHost b = Node1();
  b.user = "sgeadmin";
  RemoteHost c = Node1();
  c.known_hosts_file = "/other/kh";
  std::vector<std::string> paths;
  for (const RemoteHost& h : {a, a, b, c}) {
    ASSERT_OK(remote_->Run(h, "true"));
    for (const std::string& arg : LastSpec().argv) {
      if (StartsWith(arg, "ControlPath=")) paths.push_back(arg.substr(12));
    }
  }
  ASSERT_EQ(paths.size(), 4u);
  EXPECT_EQ(paths[0], paths[1]);
  EXPECT_NE(paths[0], paths[2]);
  EXPECT_NE(paths[0], paths[3]);
  EXPECT_LE(paths[0].size() + 17, 107u);
}

TEST_F(SshRemoteTest, CloseConnectionsStopsMastersThatExist) {
  Reply("ssh", Exit(0));
  RemoteHost other = Node1();
  other.alias = "node002";
  other.address = "10.0.0.6";
  ASSERT_OK(remote_->Run(Node1(), "true"));
  std::string live = ControlPath();
  ASSERT_OK(remote_->Run(other, "true"));  // its master never came up: no socket
  ASSERT_OK(WriteFileAtomic(live, ""));    // stands in for the master's socket
  size_t before = runner_.commands().size();
  remote_->CloseConnections();
  std::vector<std::vector<std::string>> cmds = runner_.commands();
  ASSERT_EQ(cmds.size(), before + 1);
  std::string exit = Join(cmds.back(), " ");
  EXPECT_NE(exit.find("-o ControlPath=" + live), std::string::npos) << exit;
  EXPECT_TRUE(EndsWith(exit, " -O exit -- 10.0.0.5")) << exit;
  remote_.reset();  // nothing left to close
  EXPECT_EQ(runner_.commands().size(), before + 1);
}

TEST_F(SshRemoteTest, DestructorClosesMasters) {
  Reply("ssh", Exit(0));
  ASSERT_OK(remote_->Run(Node1(), "true"));
  ASSERT_OK(WriteFileAtomic(ControlPath(), ""));
  remote_.reset();
  EXPECT_TRUE(EndsWith(Join(runner_.commands().back(), " "), " -O exit -- 10.0.0.5"));
}

TEST_F(SshRemoteTest, NoReuseMeansNoControlMaster) {
  opts_.reuse_connections = false;
  std::unique_ptr<Remote> remote = NewSshRemote(&runner_, opts_);
  Reply("ssh", Exit(0));
  ASSERT_OK(remote->Run(Node1(), "true"));
  EXPECT_NE(Join(LastSpec().argv, " ").find("-o ControlMaster=no -o ControlPath=none"),
            std::string::npos);
  EXPECT_FALSE(PathExists(opts_.control_dir));
}

TEST_F(SshRemoteTest, ControlDirectoryOthersCanWriteIsRefused) {
  ASSERT_OK(MakeDirs(opts_.control_dir, 0700));
  chmod(opts_.control_dir.c_str(), 0777);
  Result<RemoteResult> r = remote_->Run(Node1(), "true");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), "ssh control socket directory '" + opts_.control_dir +
                                      "' is not private: it must be a directory owned by uid " +
                                      std::to_string(geteuid()) + " with mode 0700");
  EXPECT_TRUE(runner_.commands().empty());
  struct stat st;
  ASSERT_EQ(lstat(opts_.control_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0777u);  // refused, not silently changed
}

TEST_F(SshRemoteTest, ControlDirectoryThatIsASymlinkIsRefused) {
  ASSERT_OK(MakeDirs(dir_.Join("elsewhere"), 0700));
  ASSERT_EQ(symlink(dir_.Join("elsewhere").c_str(), opts_.control_dir.c_str()), 0);
  EXPECT_EQ(remote_->Run(Node1(), "true").status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SshRemoteTest, TooLongControlDirectoryIsRefused) {
  opts_.control_dir = "/tmp/" + std::string(80, 'x');
  std::unique_ptr<Remote> remote = NewSshRemote(&runner_, opts_);
  EXPECT_EQ(remote->Run(Node1(), "true").status().message(),
            "ssh control socket directory '" + opts_.control_dir +
                "' is too long (at most 73 characters)");
}

TEST(SshControlDirTest, PrefersShortXdgRuntimeDir) {
  EXPECT_EQ(DefaultSshControlDir({{"XDG_RUNTIME_DIR", "/run/user/1000"}}),
            "/run/user/1000/corral-ssh");
  std::string fallback = geteuid() == 0 ? "/run/corral-ssh-0"
                                        : "/tmp/corral-ssh-" + std::to_string(geteuid());
  EXPECT_EQ(DefaultSshControlDir({}), fallback);
  EXPECT_EQ(DefaultSshControlDir({{"XDG_RUNTIME_DIR", "/" + std::string(70, 'r')}}), fallback);
  EXPECT_EQ(DefaultSshControlDir({{"XDG_RUNTIME_DIR", "relative"}}), fallback);
}

// Every argv the class can build verifies host keys strictly against the host's own file.
TEST_F(SshRemoteTest, HostKeyCheckingIsNeverDisabled) {
  Reply("ssh", Exit(0));
  Reply("scp", Exit(0));
  std::vector<std::vector<std::string>> argvs;
  for (int bits = 0; bits < 32; ++bits) {
    RunOptions o;
    o.tty = bits & 1;
    o.forward_x11 = bits & 2;
    o.forward_agent = bits & 4;
    o.interactive = bits & 8;
    RemoteHost h = Node1();
    if (bits & 16) h.host_key_alias = "";
    ASSERT_OK(remote_->Run(h, "true", o));
    argvs.push_back(SshArgv(h, o, "true"));
    argvs.push_back(SshArgv(h, o, ""));
  }
  ASSERT_OK(remote_->Put(Node1(), {"/a"}, "/b"));
  ASSERT_OK(remote_->Get(Node1(), {"/a"}, "/b"));
  ASSERT_OK(WriteFileAtomic(ControlPath(), ""));
  remote_->CloseConnections();
  for (const auto& argv : runner_.commands()) argvs.push_back(argv);
  ASSERT_EQ(argvs.size(), 32u * 3 + 3);
  for (const auto& argv : argvs) {
    std::string joined = Join(argv, " ");
    int strict = 0;
    for (size_t i = 0; i < argv.size(); ++i) {
      std::string a = ToLower(argv[i]);
      if (a.find("stricthostkeychecking") != std::string::npos) {
        EXPECT_EQ(argv[i], "StrictHostKeyChecking=yes") << joined;
        EXPECT_EQ(argv[i - 1], "-o") << joined;
        ++strict;
      }
      EXPECT_EQ(a.find("userknownhostsfile=/dev/null"), std::string::npos) << joined;
      EXPECT_EQ(a.find("knownhostscommand"), std::string::npos) << joined;
      if (StartsWith(a, "userknownhostsfile=")) {
        EXPECT_EQ(argv[i], "UserKnownHostsFile=/state/kh");
      }
    }
    EXPECT_EQ(strict, 1) << joined;
    EXPECT_NE(joined.find("-F /dev/null"), std::string::npos) << joined;  // no config can undo it
  }
}

TEST(WaitForSshTest, RetriesWithBackoffUntilSshAnswers) {
  FakeRemote remote;
  FakeClock clock;
  int failures = 3;
  remote.On("node001", "true", [&](const RemoteHost&, const std::string&) -> Result<RemoteResult> {
    if (failures-- > 0) return Unavailable("node001: ssh failed: Connection refused").Retryable();
    RemoteResult ok;
    ok.exit_code = 0;
    return ok;
  });
  TimePoint start = clock.Now();
  ASSERT_OK(WaitForSsh(remote, Node1(), clock, std::chrono::seconds(60)));
  EXPECT_EQ(remote.CommandsOn("node001").size(), 4u);
  EXPECT_EQ(clock.Now() - start, std::chrono::milliseconds(250 + 500 + 1000));
}

TEST(WaitForSshTest, GivesUpAtTheDeadlineNamingTheLastError) {
  FakeRemote remote;
  FakeClock clock;
  remote.On("node001", "true", [](const RemoteHost&, const std::string&) -> Result<RemoteResult> {
    return Unavailable("node001: ssh to root@10.0.0.5 port 2222 failed: Connection refused")
        .Retryable();
  });
  TimePoint start = clock.Now();
  Status s = WaitForSsh(remote, Node1(), clock, std::chrono::seconds(20));
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(s.message(),
            "node001: no ssh connection within 20s; last error: ssh to root@10.0.0.5 port 2222 "
            "failed: Connection refused");
  EXPECT_LE(clock.Now() - start, std::chrono::seconds(20));
  // 0.25 + 0.5 + 1 + 2 + 4 + 5 + 5 s of waiting, then the next wait would pass the deadline.
  EXPECT_EQ(remote.CommandsOn("node001").size(), 8u);
}

TEST(WaitForSshTest, StopsAtOnceWhenTheHostKeyIsRefused) {
  FakeRemote remote;
  FakeClock clock;
  remote.On("node001", "true", [](const RemoteHost&, const std::string&) -> Result<RemoteResult> {
    return Unauthenticated("node001: host key of 10.0.0.5 port 2222 not accepted");
  });
  Status s = WaitForSsh(remote, Node1(), clock, std::chrono::seconds(60));
  EXPECT_EQ(s.message(), "node001: host key of 10.0.0.5 port 2222 not accepted");
  EXPECT_EQ(remote.CommandsOn("node001").size(), 1u);
}

}  // namespace
}  // namespace corral
