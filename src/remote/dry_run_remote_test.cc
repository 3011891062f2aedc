#include "remote/dry_run_remote.h"

#include <sstream>

#include "testing/test_util.h"

namespace corral {
namespace {

TEST(DryRunRemoteTest, PrintsWhatWouldRunPerHostAndSucceeds) {
  std::ostringstream out;
  std::unique_ptr<Remote> remote = NewDryRunRemote(&out);
  RemoteHost h;
  h.alias = "node001";
  RunOptions o;
  o.stdin_data = "abc";
  Result<RemoteResult> r = remote->Run(h, "hostname node001\nuseradd sgeadmin\n", o);
  ASSERT_OK(r);
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, "");
  h.alias = "master";
  ASSERT_OK(remote->Put(h, {"/tmp/a", "/tmp/b"}, "/root/"));
  ASSERT_OK(remote->Get(h, {"/var/log/*.log"}, "/tmp/logs"));
  EXPECT_EQ(out.str(),
            "[dry-run] node001: run: hostname node001\n"
            "    useradd sgeadmin (with 3 bytes on stdin)\n"
            "[dry-run] master: put: /tmp/a /tmp/b -> /root/\n"
            "[dry-run] master: get: /var/log/*.log -> /tmp/logs\n");
}

}  // namespace
}  // namespace corral
