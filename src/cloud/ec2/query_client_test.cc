#include "cloud/ec2/query_client.h"

#include <gtest/gtest.h>

#include <sstream>

#include "testing/fake_http_client.h"
#include "testing/test_util.h"
#include "util/strings.h"

namespace corral {
namespace {

const char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::string ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code +
         "</Code><Message>" + message + "</Message></Error></Errors><RequestID>req-" + code +
         "</RequestID></Response>";
}

std::string Ok(const std::string& action, const std::string& inner = "") {
  return "<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>" +
         "rid-1</requestId>" + inner + "</" + action + "Response>";
}

struct QueryClientTest : testing::Test {
  Ec2Endpoint endpoint;
  FakeHttpClient http;
  FakeClock clock;
  std::ostringstream console;
  Logger log{&console, LogLevel::kDebug};
  std::unique_ptr<CredentialProvider> creds = StaticCredentials({"AKIDEXAMPLE", kSecret, "TOKEN-SECRET"}, "test");
  QueryClientTest() { endpoint.host = "ec2.us-east-1.amazonaws.com"; }
  QueryClient Client(RetryPolicy retry = {}) {
    return QueryClient(endpoint, creds.get(), &http, &clock, &log, retry, /*seed=*/7);
  }
};

TEST(QueryParamsTest, ListsFiltersAndEncoding) {
  QueryParams p;
  AddList(&p, "InstanceId", {"i-1", "i-2"});
  AddFilter(&p, "instance.group-name", {"@sc-my cluster"});
  AddFilter(&p, "instance-state-name", {"pending", "running"});
  EXPECT_EQ(FormEncode(p),
            "InstanceId.1=i-1&InstanceId.2=i-2&Filter.1.Name=instance.group-name&"
            "Filter.1.Value.1=%40sc-my%20cluster&Filter.2.Name=instance-state-name&"
            "Filter.2.Value.1=pending&Filter.2.Value.2=running");
}

TEST_F(QueryClientTest, PostsSignedFormWithVersion) {
  http.Push(200, Ok("DescribeRegions"));
  QueryClient client = Client();
  ASSERT_OK(client.Call("DescribeRegions", {{"AllRegions", "true"}}));
  ASSERT_EQ(http.requests().size(), 1u);
  const HttpRequest r = http.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://ec2.us-east-1.amazonaws.com/");
  EXPECT_EQ(r.body, "Action=DescribeRegions&Version=2016-11-15&AllRegions=true");
  std::map<std::string, std::string> h(r.headers.begin(), r.headers.end());
  EXPECT_EQ(h["Content-Type"], "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(h["X-Amz-Security-Token"], "TOKEN-SECRET");
  EXPECT_EQ(h["X-Amz-Date"], "20231114T221320Z");
  EXPECT_TRUE(StartsWith(h["Authorization"],
                         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/ec2/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="));
  EXPECT_NE(console.str().find("request id rid-1"), std::string::npos) << console.str();
}

TEST_F(QueryClientTest, RetriesThrottlingWithCappedJitteredBackoff) {
  for (int i = 0; i < 5; ++i) http.Push(503, ErrorXml("RequestLimitExceeded", "Request limit exceeded."));
  http.Push(200, Ok("DescribeInstances"));
  RetryPolicy retry;
  retry.base = std::chrono::seconds(1);
  retry.cap = std::chrono::seconds(3);
  QueryClient client = Client(retry);
  TimePoint start = clock.Now();
  ASSERT_OK(client.Call("DescribeInstances", {}));
  EXPECT_EQ(http.requests().size(), 6u);
  EXPECT_EQ(client.CallCounts()["DescribeInstances"], 6);
  // Five waits, each at most min(cap, base * 2^n): 1 + 2 + 3 + 3 + 3 seconds.
  EXPECT_LE(clock.Now() - start, std::chrono::seconds(12));
  EXPECT_GT(clock.Now() - start, Duration(0));
  // Each attempt is signed anew (a retry is a new request with a new date).
  EXPECT_NE(console.str().find("retrying in"), std::string::npos);
}

TEST_F(QueryClientTest, GivesUpAfterMaxAttempts) {
  http.SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
    HttpResponse r;
    r.status = 503;
    r.body = ErrorXml("RequestLimitExceeded", "Request limit exceeded.");
    return r;
  });
  RetryPolicy retry;
  retry.max_attempts = 4;
  QueryClient client = Client(retry);
  Result<std::string> r = client.Call("DescribeInstances", {});
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(r.status().message(),
            "DescribeInstances failed after 4 attempts: RequestLimitExceeded: Request limit exceeded.");
  EXPECT_EQ(http.requests().size(), 4u);
}

TEST_F(QueryClientTest, TransportErrorsAreRetried) {
  http.Push(Unavailable("cannot reach https://x/: Connection refused").Retryable());
  http.Push(200, Ok("DescribeInstances"));
  QueryClient client = Client();
  ASSERT_OK(client.Call("DescribeInstances", {}));
  EXPECT_EQ(http.requests().size(), 2u);
}

TEST_F(QueryClientTest, NotFoundRetriedOnlyAfterCreate) {
  http.Push(400, ErrorXml("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist"));
  QueryClient client = Client();
  Result<std::string> final_nf = client.Call("CreateTags", {});
  EXPECT_EQ(final_nf.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(http.requests().size(), 1u);

  http.Push(400, ErrorXml("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist"));
  http.Push(400, ErrorXml("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist"));
  http.Push(200, Ok("CreateTags", "<return>true</return>"));
  ASSERT_OK(client.Call("CreateTags", {}, {.not_found = NotFoundPolicy::kAfterCreate}));
  EXPECT_EQ(http.requests().size(), 4u);
}

TEST_F(QueryClientTest, PaginatesWithNextToken) {
  http.Push(200, Ok("DescribeInstances", "<reservationSet/><nextToken>tok 1</nextToken>"));
  http.Push(200, Ok("DescribeInstances", "<reservationSet/><nextToken>tok2</nextToken>"));
  http.Push(200, Ok("DescribeInstances", "<reservationSet/>"));
  QueryClient client = Client();
  Result<std::vector<std::string>> pages = client.CallAll("DescribeInstances", {{"MaxResults", "5"}});
  ASSERT_OK(pages);
  EXPECT_EQ(pages->size(), 3u);
  auto reqs = http.requests();
  EXPECT_EQ(FormField(reqs[0].body, "NextToken"), "");
  EXPECT_EQ(FormField(reqs[1].body, "NextToken"), "tok 1");
  EXPECT_EQ(FormField(reqs[2].body, "NextToken"), "tok2");
  EXPECT_EQ(FormField(reqs[2].body, "MaxResults"), "5");
}

TEST_F(QueryClientTest, SecretsNeverReachTheLog) {
  http.Push(403, ErrorXml("AuthFailure", std::string("bad key ") + kSecret));
  QueryClient client = Client();
  Result<std::string> r = client.Call("DescribeInstances", {});
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  log.Error(r.status().message());
  log.Debug("token TOKEN-SECRET");
  EXPECT_EQ(console.str().find(kSecret), std::string::npos);
  EXPECT_EQ(console.str().find("TOKEN-SECRET"), std::string::npos);
  EXPECT_NE(console.str().find("req-AuthFailure"), std::string::npos);
}

TEST_F(QueryClientTest, UnknownRegionIsOneClearLine) {
  endpoint.region = "xx-nowhere-1";
  http.Push(401, ErrorXml("AuthFailure", "Credential should be scoped to a valid region."));
  QueryClient client = Client();
  Result<std::string> r = client.Call("DescribeInstances", {});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "unknown or disabled region 'xx-nowhere-1' (AuthFailure: Credential should be scoped "
            "to a valid region.); 'corral listregions' lists the regions");
}

}  // namespace
}  // namespace corral
