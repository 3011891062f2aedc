// SshRemote against a real OpenSSH server on loopback: a private sshd (its own config, host key
// certified by a throw-away CA, authorized key) on 127.0.0.1 and a free high port. Needs root
// (sshd's privilege separation) and /usr/sbin/sshd; skips itself otherwise.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "cloud/local/ssh_keys.h"
#include "remote/ssh_remote.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// A port nobody listens on right now (the kernel's choice of an ephemeral port).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// One sshd started by the test, stopped (by its PID) when this object goes away. The child also
// gets SIGTERM if the test process dies first (PR_SET_PDEATHSIG), so it never outlives a crash.
class TestSshd {
 public:
  ~TestSshd() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
    if (log_fd_ >= 0) close(log_fd_);
  }

  // Starts sshd and waits until its log says it is listening (or it exited).
  Status Start(const std::string& config) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return ErrnoStatus("pipe", errno);
    std::vector<std::string> args = {"/usr/sbin/sshd", "-D", "-e", "-f", config};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) return ErrnoStatus("fork", errno);
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      dup2(fds[1], STDERR_FILENO);
      int devnull = open("/dev/null", O_RDWR);
      dup2(devnull, STDIN_FILENO);
      dup2(devnull, STDOUT_FILENO);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    log_fd_ = fds[0];
    // sshd prints this line once its socket is bound: the readiness signal, no polling.
    while (log_.find("Server listening on") == std::string::npos) {
      pollfd p = {log_fd_, POLLIN, 0};
      if (poll(&p, 1, 20000) <= 0) return DeadlineExceeded("sshd did not start: " + log_);
      char buf[4096];
      ssize_t n = read(log_fd_, buf, sizeof(buf));
      if (n <= 0) return Internal("sshd exited: " + log_);
      log_.append(buf, static_cast<size_t>(n));
    }
    fcntl(log_fd_, F_SETFL, O_NONBLOCK);
    return Status::Ok();
  }

  // Everything sshd logged so far (sshd logs each accepted login before running its session).
  std::string Log() {
    char buf[4096];
    ssize_t n;
    while ((n = read(log_fd_, buf, sizeof(buf))) > 0) log_.append(buf, static_cast<size_t>(n));
    return log_;
  }

  int Logins() {
    std::string log = Log();
    int count = 0;
    for (size_t at = log.find("Accepted publickey"); at != std::string::npos;
         at = log.find("Accepted publickey", at + 1)) {
      ++count;
    }
    return count;
  }

 private:
  pid_t pid_ = -1;
  int log_fd_ = -1;
  std::string log_;
};

class SshRemoteRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (sshd privilege separation)";
    if (!PathExists("/usr/sbin/sshd")) GTEST_SKIP() << "needs /usr/sbin/sshd (openssh-server)";
    ASSERT_OK(MakeDirs("/run/sshd", 0755));  // sshd's privilege separation directory
    for (const char* key : {"ca", "other_ca", "host_key", "client_key", "stranger_key"}) {
      ASSERT_OK(GenerateEd25519Key(runner_, dir_.Join(key), key));
    }
    ASSERT_OK(CopyKey("client_key.pub", "authorized_keys"));
    Result<std::string> ca = ReadFile(dir_.Join("ca.pub"));
    ASSERT_OK(ca);
    ASSERT_OK(WriteFileAtomic(dir_.Join("known_hosts"), "@cert-authority * " + Trim(*ca) + "\n"));
    port_ = FreePort();
    ASSERT_GT(port_, 0);
    host_.alias = "node001";
    host_.address = "127.0.0.1";
    host_.port = port_;
    host_.user = "root";
    host_.identity_file = dir_.Join("client_key");
    host_.known_hosts_file = dir_.Join("known_hosts");
    host_.host_key_alias = "node001";
    SshRemoteOptions opts;
    opts.control_dir = dir_.Join("ctl");
    remote_ = NewSshRemote(&runner_, opts);
  }

  Status CopyKey(const std::string& from, const std::string& to) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(dir_.Join(from)));
    return WriteFileAtomic(dir_.Join(to), text, 0600);
  }

  // Certifies the host key with `ca` for node001 and 127.0.0.1, then starts sshd.
  void StartSshd(const std::string& ca = "ca") {
    ASSERT_OK(SignHostKey(runner_, dir_.Join(ca), dir_.Join("host_key.pub"), "test-host",
                          {"node001", "127.0.0.1"}));
    std::string config =
        "ListenAddress 127.0.0.1:" + std::to_string(port_) + "\n" +
        "HostKey " + dir_.Join("host_key") + "\n" +
        "HostCertificate " + dir_.Join("host_key-cert.pub") + "\n" +
        "AuthorizedKeysFile " + dir_.Join("authorized_keys") + "\n" +
        "PidFile " + dir_.Join("sshd.pid") + "\n" +
        "UsePAM no\n"
        "PermitRootLogin prohibit-password\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        // The temp directory lives under world-writable /tmp, which StrictModes rejects.
        "StrictModes no\n"
        // Bash skips ~/.bashrc when SHLVL says it is not the first shell: the host's root
        // .bashrc may be slow, and it is not what is under test.
        "SetEnv SHLVL=1\n"
        "Subsystem sftp /usr/lib/openssh/sftp-server\n";
    ASSERT_OK(WriteFileAtomic(dir_.Join("sshd_config"), config, 0600));
    ASSERT_OK(sshd_.Start(dir_.Join("sshd_config")));
  }

  // The control sockets in the control directory.
  std::vector<std::string> Sockets() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Join("ctl"), ec)) {
      if (entry.is_socket()) out.push_back(entry.path().string());
    }
    return out;
  }

  TempDir dir_{"corral-ssh-test"};
  SystemProcessRunner runner_;
  SystemClock clock_;
  TestSshd sshd_;  // declared after dir_: stopped before the directory is removed
  int port_ = 0;
  RemoteHost host_;
  std::unique_ptr<Remote> remote_;
};

TEST_F(SshRemoteRootTest, RunReturnsOutputExitCodeAndDeliversStdin) {
  ASSERT_NO_FATAL_FAILURE(StartSshd());
  Result<RemoteResult> r = remote_->Run(host_, "echo hello; echo oops >&2; exit 3");
  ASSERT_OK(r);
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out, "hello\n");
  EXPECT_EQ(r->err, "oops\n");
  RunOptions o;
  o.stdin_data = "line one\nline two\n";
  r = remote_->Run(host_, "wc -l", o);
  ASSERT_OK(r);
  EXPECT_EQ(Trim(r->out), "2");
  ASSERT_OK(WaitForSsh(*remote_, host_, clock_,
                       std::chrono::seconds(30)));
}

TEST_F(SshRemoteRootTest, ReusesOneConnectionUntilClosed) {
  ASSERT_NO_FATAL_FAILURE(StartSshd());
  ASSERT_OK(remote_->Run(host_, "true"));
  std::vector<std::string> sockets = Sockets();
  ASSERT_EQ(sockets.size(), 1u) << sshd_.Log();
  ASSERT_OK(remote_->Run(host_, "true"));
  ASSERT_OK(remote_->Put(host_, {dir_.Join("ca.pub")}, dir_.Join("copied.pub")));
  EXPECT_EQ(Sockets(), sockets);
  EXPECT_EQ(sshd_.Logins(), 1) << sshd_.Log();  // one TCP connection and login for all three
  remote_->CloseConnections();
  ASSERT_OK(remote_->Run(host_, "true"));
  EXPECT_EQ(sshd_.Logins(), 2) << sshd_.Log();
}

TEST_F(SshRemoteRootTest, PutThenGetRoundTripsADirectory) {
  ASSERT_NO_FATAL_FAILURE(StartSshd());
  ASSERT_OK(MakeDirs(dir_.Join("src/sub")));
  ASSERT_OK(WriteFileAtomic(dir_.Join("src/a.txt"), "alpha\n"));
  ASSERT_OK(WriteFileAtomic(dir_.Join("src/sub/b.txt"), "beta\n", 0600));
  ASSERT_OK(MakeDirs(dir_.Join("remote")));
  ASSERT_OK(remote_->Put(host_, {dir_.Join("src")}, dir_.Join("remote/")));
  ASSERT_OK(MakeDirs(dir_.Join("back")));
  ASSERT_OK(remote_->Get(host_, {dir_.Join("remote/src")}, dir_.Join("back")));
  EXPECT_EQ(ReadFile(dir_.Join("back/src/a.txt")).value_or(""), "alpha\n");
  EXPECT_EQ(ReadFile(dir_.Join("back/src/sub/b.txt")).value_or(""), "beta\n");
  struct stat st;
  ASSERT_EQ(stat(dir_.Join("back/src/sub/b.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // -p keeps modes
  ASSERT_OK(MakeDirs(dir_.Join("globbed")));
  ASSERT_OK(remote_->Get(host_, {dir_.Join("remote/src/*.txt")}, dir_.Join("globbed")));
  EXPECT_EQ(ReadFile(dir_.Join("globbed/a.txt")).value_or(""), "alpha\n");
  Status missing = remote_->Get(host_, {dir_.Join("remote/nope")}, dir_.Join("globbed"));
  EXPECT_EQ(missing.code(), StatusCode::kInternal);
  EXPECT_TRUE(StartsWith(missing.message(), "node001: copying " + dir_.Join("remote/nope") +
                                                " from the host to " + dir_.Join("globbed") +
                                                " failed: "))
      << missing.message();
}

TEST_F(SshRemoteRootTest, HostCertifiedByAnotherCaIsRefused) {
  ASSERT_NO_FATAL_FAILURE(StartSshd("other_ca"));
  Result<RemoteResult> r = remote_->Run(host_, "touch " + dir_.Join("ran"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_FALSE(r.status().retryable());
  EXPECT_EQ(r.status().message(),
            "node001: host key of 127.0.0.1 port " + std::to_string(port_) +
                " not accepted (checked as 'node001' against '" + host_.known_hosts_file +
                "'): No ED25519 host key is known for node001 and you have requested strict "
                "checking. Host key verification failed.");
  EXPECT_FALSE(PathExists(dir_.Join("ran")));
  EXPECT_FALSE(remote_->Put(host_, {dir_.Join("ca.pub")}, dir_.Join("x")).ok());
  EXPECT_FALSE(PathExists(dir_.Join("x")));
  EXPECT_EQ(WaitForSsh(*remote_, host_, clock_,
                       std::chrono::seconds(30)).code(),
            StatusCode::kUnauthenticated);
}

TEST_F(SshRemoteRootTest, NameTheCertificateDoesNotListIsRefused) {
  ASSERT_NO_FATAL_FAILURE(StartSshd());
  host_.host_key_alias = "node002";
  Result<RemoteResult> r = remote_->Run(host_, "true");
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << r.status().message();
}

TEST_F(SshRemoteRootTest, UnknownClientKeyIsRetryableUnavailable) {
  ASSERT_NO_FATAL_FAILURE(StartSshd());
  host_.identity_file = dir_.Join("stranger_key");
  Result<RemoteResult> r = remote_->Run(host_, "true");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(r.status().retryable());
  EXPECT_EQ(r.status().message(), "node001: ssh to root@127.0.0.1 port " +
                                      std::to_string(port_) +
                                      " failed: root@127.0.0.1: Permission denied (publickey).");
}

TEST_F(SshRemoteRootTest, NothingListeningIsRetryableUnavailable) {
  Result<RemoteResult> r = remote_->Run(host_, "true");  // sshd not started
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().retryable());
  std::string port = std::to_string(port_);
  EXPECT_EQ(r.status().message(), "node001: ssh to root@127.0.0.1 port " + port +
                                      " failed: connect to host 127.0.0.1 port " + port +
                                      ": Connection refused");
}

}  // namespace
}  // namespace corral
