// SignV4 against AWS's published test suite (../shared/reference/sigv4-test-suite): every case
// that applies to a non-S3 service, compared byte for byte (canonical request, string to sign,
// Authorization). The suite's README lists the cases and their quirks.
#include "cloud/ec2/sigv4_signer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "testing/fake_http_client.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

const char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TimePoint kSuiteTime = TimePoint(std::chrono::seconds(1440938160));  // 20150830T123600Z


// Parses a suite .req file: request line, "Name:value" headers, blank line, body.
SigV4Request ParseSuiteRequest(const std::string& text) {
  SigV4Request req;
  req.region = "us-east-1";
  req.service = "service";
  std::vector<std::string> lines = Split(text, '\n');
  std::vector<std::string> line0 = Split(lines[0], ' ');
  req.method = line0.front();
  // The target may contain spaces (normalize-path/get-space): everything between method and version.
  std::string target = Join(std::vector<std::string>(line0.begin() + 1, line0.end() - 1), " ");
  size_t q = target.find('?');
  req.path = PercentDecode(target.substr(0, q));
  if (q != std::string::npos) {
    for (const std::string& pair : Split(target.substr(q + 1), '&')) {
      size_t eq = pair.find('=');
      req.query.emplace_back(PercentDecode(pair.substr(0, eq)),
                             eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1)));
    }
  }
  size_t i = 1;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    size_t colon = lines[i].find(':');
    req.headers.emplace_back(lines[i].substr(0, colon), lines[i].substr(colon + 1));
  }
  if (i + 1 < lines.size()) {
    req.body = Join(std::vector<std::string>(lines.begin() + static_cast<long>(i) + 1, lines.end()),
                    "\n");
  }
  return req;
}

std::string Read(const std::string& path) {
  Result<std::string> r = ReadFile(path);
  EXPECT_TRUE(r.ok()) << path;
  return r.value_or("");
}

std::string ClassicDir() { return SharedDir() + "/reference/sigv4-test-suite/aws4_testsuite/"; }

// Every classic case except get-header-value-multiline (obsolete line folding; sources disagree).
const char* kClassicCases[] = {
    "get-header-key-duplicate", "get-header-value-order", "get-header-value-trim", "get-unreserved",
    "get-utf8", "get-vanilla", "get-vanilla-empty-query-key", "get-vanilla-query",
    "get-vanilla-query-order-encoded", "get-vanilla-query-order-key",
    "get-vanilla-query-order-key-case", "get-vanilla-query-order-value",
    "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-vanilla-with-session-token",
    "normalize-path/get-relative", "normalize-path/get-relative-relative", "normalize-path/get-slash",
    "normalize-path/get-slash-dot-slash", "normalize-path/get-slash-pointless-dot",
    "normalize-path/get-slashes", "normalize-path/get-space", "normalize-path/get-special-character",
    "post-header-key-case", "post-header-key-sort", "post-header-value-case",
    "post-sts-token/post-sts-header-after", "post-sts-token/post-sts-header-before", "post-vanilla",
    "post-vanilla-empty-query-value", "post-vanilla-query", "post-x-www-form-urlencoded",
    "post-x-www-form-urlencoded-parameters"};

std::string CaseName(const testing::TestParamInfo<const char*>& info) {
  std::string n = info.param;
  for (char& c : n) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

class ClassicSuiteTest : public testing::TestWithParam<const char*> {};

TEST_P(ClassicSuiteTest, MatchesExactly) {
  std::string name = GetParam();
  std::string base = ClassicDir() + name + "/" + name.substr(name.rfind('/') + 1);
  SigV4Request req = ParseSuiteRequest(Read(base + ".req"));
  AwsCredentials creds{"AKIDEXAMPLE", kSecret, ""};
  // The token of this case is given with the credentials, not in the .req (README).
  if (name == "get-vanilla-with-session-token") {
    creds.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  }
  // The signing time is a decoy: each .req carries X-Amz-Date, which must win.
  SigV4Result r = SignV4(req, creds, TimePoint(std::chrono::seconds(0)));
  EXPECT_EQ(r.canonical_request, Read(base + ".creq"));
  EXPECT_EQ(r.string_to_sign, Read(base + ".sts"));
  EXPECT_EQ(r.authorization, Read(base + ".authz"));
}

INSTANTIATE_TEST_SUITE_P(Aws4TestSuite, ClassicSuiteTest, testing::ValuesIn(kClassicCases),
                         CaseName);

TEST(ClassicSuiteTest, CoversEveryCaseButMultiline) {
  // Guards the table above: a case added to the suite must be classified here.
  std::set<std::string> found;
  for (const auto& e : std::filesystem::recursive_directory_iterator(ClassicDir())) {
    if (e.path().extension() != ".req") continue;
    std::string rel = std::filesystem::relative(e.path().parent_path(), ClassicDir()).string();
    found.insert(rel);
  }
  std::set<std::string> listed(std::begin(kClassicCases), std::end(kClassicCases));
  listed.insert("get-header-value-multiline");
  EXPECT_EQ(found, listed);
}

// The aws-c-auth layout: no X-Amz-Date in request.txt, the time comes from context.json.
class CrtSuiteTest : public testing::TestWithParam<const char*> {};

const char* kCrtCases[] = {
    "get-header-key-duplicate", "get-header-value-order", "get-header-value-trim",
    "get-relative-normalized", "get-relative-relative-normalized", "get-slash-dot-slash-normalized",
    "get-slash-normalized", "get-slash-pointless-dot-normalized", "get-slashes-normalized",
    "get-space-normalized", "get-unreserved", "get-utf8", "get-vanilla",
    "get-vanilla-empty-query-key", "get-vanilla-query", "get-vanilla-query-order-encoded",
    "get-vanilla-query-order-key-case", "get-vanilla-query-unreserved", "get-vanilla-utf8-query",
    "get-vanilla-with-session-token", "post-header-key-case", "post-header-key-sort",
    "post-header-value-case", "post-sts-header-after", "post-sts-header-before", "post-vanilla",
    "post-vanilla-empty-query-value", "post-vanilla-query"};

TEST_P(CrtSuiteTest, HeaderSigningMatches) {
  std::string dir =
      SharedDir() + "/reference/sigv4-test-suite/aws-signing-test-suite/v4/" + GetParam() + "/";
  SigV4Request req = ParseSuiteRequest(Read(dir + "request.txt"));
  nlohmann::json ctx = nlohmann::json::parse(Read(dir + "context.json"));
  ASSERT_EQ(ctx["timestamp"], "2015-08-30T12:36:00Z");
  ASSERT_TRUE(ctx["normalize"].get<bool>());
  AwsCredentials creds{ctx["credentials"]["access_key_id"],
                       ctx["credentials"]["secret_access_key"], ""};
  bool omit = ctx.value("omit_session_token", false);
  if (ctx["credentials"].contains("token") && !omit) {
    creds.session_token = ctx["credentials"]["token"];
  }
  req.region = ctx["region"];
  req.service = ctx["service"];
  SigV4Result r = SignV4(req, creds, kSuiteTime);
  EXPECT_EQ(r.canonical_request, Read(dir + "header-canonical-request.txt"));
  EXPECT_EQ(r.string_to_sign, Read(dir + "header-string-to-sign.txt"));
  EXPECT_EQ(r.signature, Read(dir + "header-signature.txt"));
  ASSERT_FALSE(r.added_headers.empty());
  EXPECT_EQ(r.added_headers[0].first, "X-Amz-Date");
  EXPECT_EQ(r.added_headers[0].second, "20150830T123600Z");
}

INSTANTIATE_TEST_SUITE_P(AwsCAuthSuite, CrtSuiteTest, testing::ValuesIn(kCrtCases),
                         CaseName);

TEST(SigV4Test, UriEncodeRules) {
  EXPECT_EQ(UriEncode("a b+c/d~e"), "a%20b%2Bc%2Fd~e");
  EXPECT_EQ(UriEncode("/a b/", true), "/a%20b/");
  EXPECT_EQ(UriEncode("\xe1\x88\xb4"), "%E1%88%B4");
}

TEST(SigV4Test, AddsDateAndTokenHeadersThatAreSigned) {
  SigV4Request req;
  req.headers = {{"Host", "ec2.us-east-1.amazonaws.com"}};
  req.region = "us-east-1";
  req.service = "ec2";
  req.body = "Action=DescribeRegions&Version=2016-11-15";
  SigV4Result r = SignV4(req, {"AKID", "SECRET", "TOKEN"}, kSuiteTime);
  ASSERT_EQ(r.added_headers.size(), 2u);
  EXPECT_EQ(r.added_headers[1], (std::pair<std::string, std::string>{"X-Amz-Security-Token",
                                                                      "TOKEN"}));
  EXPECT_NE(r.authorization.find("SignedHeaders=host;x-amz-date;x-amz-security-token,"),
            std::string::npos);
  EXPECT_NE(r.string_to_sign.find("20150830/us-east-1/ec2/aws4_request"), std::string::npos);
}

}  // namespace
}  // namespace corral
