#include <nlohmann/json.hpp>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

// Three 1-slot jobs of 1000 s at once, and a 2-slot job an hour later.
constexpr char kTrace[] =
    "; MaxProcs: 4\n"
    "1    0 -1 1000 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1\n"
    "2    0 -1 1000 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1\n"
    "3    0 -1 1000 1 -1 -1 1 -1 -1 1 1 1 -1 1 -1 -1 -1\n"
    "4 3600 -1  500 2 -1 -1 2 -1 -1 1 1 1 -1 1 -1 -1 -1\n"
    "5 3600 -1    0 2 -1 -1 2 -1 -1 1 1 1 -1 1 -1 -1 -1\n";

class SimulateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(WriteFileAtomic(trace_, kTrace)); }
  TempDir dir_;
  std::string trace_ = dir_.Join("small.swf");
  CliHarness h_;
};

TEST_F(SimulateCommandTest, TextReportHeader) {
  CliRun r = h_.Run({"simulate", trace_, "--boot-time", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find("billed")),
            "trace: " + trace_ +
                ", 4 jobs replayed (1 dropped without runtime or processors, 0 "
                "larger than max nodes)\n"
                "model: 1 slots per node, boot 100 s, per-second billing, max nodes unbounded, min "
                "nodes 1\n\n"
                "policy                                corral\n");
  EXPECT_NE(r.out.find("wait p95 (s)                             100\n"), std::string::npos)
      << r.out;
}

TEST_F(SimulateCommandTest, CompareAsJson) {
  CliRun r =
      h_.Run({"simulate", trace_, "--compare", "corral,starcluster", "--max-nodes", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["policies"].size(), 2u);
  EXPECT_EQ(j["policies"][0]["policy"], "corral");
  EXPECT_EQ(j["policies"][1]["policy"], "starcluster");
  EXPECT_EQ(j["policies"][0]["jobs"], 4);
  EXPECT_EQ(j["policies"][1]["jobs"], 4);
  EXPECT_EQ(j["model"]["max_nodes"], 3);
  EXPECT_LT(j["policies"][0]["wait"]["p95"], j["policies"][1]["wait"]["p95"]);
  EXPECT_TRUE(j["policies"][0]["ratio_lb_0"].is_number());
}

TEST_F(SimulateCommandTest, PlotWritesSvg) {
  CliRun r =
      h_.Run({"simulate", trace_, "--compare", "corral,starcluster", "--plot", dir_.Join("p.svg")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result<std::string> svg = ReadFile(dir_.Join("p.svg"));
  ASSERT_OK(svg);
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
  EXPECT_NE(svg->find("starcluster: nodes (blue), booting (orange)"), std::string::npos);
}

TEST_F(SimulateCommandTest, UsageErrors) {
  CliRun r = h_.Run({"simulate", trace_, "--policy", "eager"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - unknown policy 'eager' (expected corral or starcluster)\n");
  r = h_.Run({"simulate", trace_, "--billing", "monthly"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - unknown billing 'monthly' (expected per-second or hourly)\n");
  r = h_.Run({"simulate", trace_, "--min-nodes", "4", "--max-nodes", "2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - policy corral: min_nodes (4) is greater than max_nodes (2)\n");
  r = h_.Run({"simulate", dir_.Join("missing.swf")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.swf"), std::string::npos);
}

TEST_F(SimulateCommandTest, MalformedTraceNamesTheLine) {
  ASSERT_OK(WriteFileAtomic(dir_.Join("bad.swf"), "; x\n1 2 3\n"));
  CliRun r = h_.Run({"simulate", dir_.Join("bad.swf")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - " + dir_.Join("bad.swf") + ": line 2: expected 18 fields, got 3\n");
}

}  // namespace
}  // namespace corral
