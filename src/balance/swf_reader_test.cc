#include "balance/swf_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

constexpr char kSmall[] =
    "; Version: 2.2\n"
    "; Computer: Test machine\n"
    "; MaxNodes: 100\n"
    "; MaxProcs: 128\n"
    "; UnixStartTime: 843480031\n"
    "; MaxQueues: 18        (queues 0..17: interactive, development)\n"
    ";              http://example.invalid/\n"
    "\n"
    "    1      0   10   3600   4  -1 -1   4  7200 -1 1  3  1 -1  2 -1 -1 -1\n"
    "    2     60   -1     30  -1  -1 -1   8    -1 -1 0  3  1 -1  2 -1 -1 -1\r\n"
    "    3    61.5 0    12.5  1  -1 -1  -1    -1 -1 5  4  1 -1  0 -1 -1 -1";

TEST(SwfReaderTest, ParsesHeaderAndJobs) {
  Result<SwfTrace> t = ParseSwf(kSmall);
  ASSERT_OK(t);
  EXPECT_EQ(t->max_nodes, 100);
  EXPECT_EQ(t->max_procs, 128);
  EXPECT_EQ(t->unix_start_time, 843480031);
  EXPECT_EQ(t->header.at("Computer"), "Test machine");
  EXPECT_EQ(t->header.at("MaxQueues"), "18        (queues 0..17: interactive, development)");
  ASSERT_EQ(t->jobs.size(), 3u);
  EXPECT_EQ(t->jobs[0].id, 1);
  EXPECT_EQ(t->jobs[0].runtime, 3600);
  EXPECT_EQ(t->jobs[0].procs(), 4);
  EXPECT_EQ(t->jobs[0].requested_time, 7200);
  EXPECT_EQ(t->jobs[1].procs(), 8);  // allocated unknown: requested
  EXPECT_EQ(t->jobs[1].status, 0);
  EXPECT_EQ(t->jobs[2].submit, 61.5);
  EXPECT_EQ(t->jobs[2].queue, 0);
}

TEST(SwfReaderTest, ReportsMalformedLinesWithTheirNumber) {
  EXPECT_EQ(ParseSwf("; c\n1 2 3\n").status().message(), "line 2: expected 18 fields, got 3");
  EXPECT_EQ(ParseSwf("\n\n1 0 0 5 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 x\n").status().message(),
            "line 3: field 18 'x' is not a number");
  EXPECT_EQ(ParseSwf("1 0 0 5 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1 7 8\n").status().message(),
            "line 1: expected 18 fields, got 20");
  EXPECT_EQ(ParseSwf("1 0 0 nan 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1\n").status().message(),
            "line 1: field 4 'nan' is not a number");
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(SwfReaderTest, GunzipHandlesPlainGzipTruncatedAndBombs) {
  EXPECT_EQ(*GunzipIfNeeded("plain"), "plain");
  std::string gz = Gzip(kSmall);
  EXPECT_EQ(*GunzipIfNeeded(gz), kSmall);
  EXPECT_EQ(*GunzipIfNeeded(gz + Gzip("more")), std::string(kSmall) + "more");
  EXPECT_EQ(GunzipIfNeeded(gz.substr(0, gz.size() / 2)).status().message(),
            "truncated or corrupt gzip data");
  EXPECT_EQ(GunzipIfNeeded(Gzip(std::string(100000, 'a')), 1000).status().message(),
            "gzip data expands beyond 1000 bytes");
}

TEST(SwfReaderTest, ReadsGzipFileAndNamesItInErrors) {
  TempDir dir;
  ASSERT_OK(WriteFileAtomic(dir.Join("t.swf.gz"), Gzip(kSmall)));
  Result<SwfTrace> t = ReadSwfFile(dir.Join("t.swf.gz"));
  ASSERT_OK(t);
  EXPECT_EQ(t->jobs.size(), 3u);
  ASSERT_OK(WriteFileAtomic(dir.Join("bad.swf"), "1 2\n"));
  EXPECT_EQ(ReadSwfFile(dir.Join("bad.swf")).status().message(),
            dir.Join("bad.swf") + ": line 1: expected 18 fields, got 2");
}

TEST(SwfReaderTest, ReadsTheSharedKthTrace) {
  Result<SwfTrace> t = ReadSwfFile(SharedDir() + "/traces/KTH-SP2-1996-2.1-cln.swf.gz");
  ASSERT_OK(t);
  EXPECT_EQ(t->jobs.size(), 28476u);
  EXPECT_EQ(t->max_procs, 100);
  EXPECT_EQ(t->max_nodes, 100);
}

}  // namespace
}  // namespace corral
