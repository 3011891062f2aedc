// corral's signer and form encoder against botocore's (Debian's python3-botocore) on a few
// hundred generated EC2 Query requests: random actions, parameter names and values (Unicode,
// spaces, reserved characters), regions, times, endpoints and session tokens. botocore signs the
// same requests in tests/fake_ec2/botocore_sign.py; body, canonical request, string to sign and
// Authorization must agree exactly.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "cloud/ec2/query_client.h"
#include "testing/test_util.h"

namespace corral {
namespace {

struct Generated {
  Ec2Endpoint endpoint;
  QueryParams params;
  AwsCredentials creds;
  TimePoint time;
};

std::string RandomText(std::mt19937& rng, int max_len) {
  static const std::vector<std::string> kPieces = {
      "a", "Z", "0", "9", "-", "_", ".", "~", " ", "+", "/", "=", "&", "%", "*", "'", "\"", "@",
      ":", ",", ";", "?", "#", "[", "]", "!", "$", "(", ")", "\xc3\xa9", "\xe1\x88\xb4",
      "\xf0\x9f\x90\x84", "\t", "x", "sc", "node001"};
  std::uniform_int_distribution<int> len(0, max_len), pick(0, static_cast<int>(kPieces.size()) - 1);
  std::string out;
  for (int i = len(rng); i > 0; --i) out += kPieces[static_cast<size_t>(pick(rng))];
  return out;
}

Generated Generate(std::mt19937& rng) {
  static const char* kActions[] = {"RunInstances", "DescribeInstances", "CreateTags",
                                   "AuthorizeSecurityGroupIngress", "RequestSpotInstances",
                                   "DescribeSpotPriceHistory", "ImportKeyPair"};
  static const char* kRegions[] = {"us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1",
                                   "us-gov-west-1", "local"};
  static const char* kHosts[] = {"ec2.us-east-1.amazonaws.com", "127.0.0.1", "localhost",
                                 "ec2.example.org"};
  std::uniform_int_distribution<int> d(0, 1000000);
  Generated g;
  g.endpoint.scheme = d(rng) % 2 ? "https" : "http";
  g.endpoint.host = kHosts[d(rng) % 4];
  int port_kind = d(rng) % 4;
  g.endpoint.port = port_kind == 0 ? 0 : port_kind == 1 ? 8773 : port_kind == 2 ? 443 : 80;
  g.endpoint.path = d(rng) % 5 == 0 ? "/services/Cloud/" : "/";
  g.endpoint.region = kRegions[d(rng) % 6];
  g.params = {{"Action", kActions[d(rng) % 7]}, {"Version", kEc2ApiVersion}};
  int n = d(rng) % 12;
  for (int i = 0; i < n; ++i) {
    std::string name = d(rng) % 3 ? "Filter." + std::to_string(i + 1) + ".Value.1"
                                  : "Tag" + RandomText(rng, 3);
    g.params.emplace_back(name, RandomText(rng, 20));
  }
  g.creds.access_key_id = "AKIA" + std::to_string(d(rng));
  g.creds.secret_access_key = "secret/" + RandomText(rng, 10) + "+key";
  if (d(rng) % 2) g.creds.session_token = "FwoGZXIvYXdzE//////////" + std::to_string(d(rng)) + "+/=";
  g.time = TimePoint(std::chrono::seconds(1000000000LL + d(rng) * 1000LL));
  return g;
}

TEST(SigV4BotocoreTest, AgreesOnGeneratedEc2Requests) {
  constexpr int kRequests = 300;
  std::mt19937 rng(20161115);
  std::vector<Generated> reqs;
  nlohmann::json input = nlohmann::json::array();
  for (int i = 0; i < kRequests; ++i) {
    reqs.push_back(Generate(rng));
    const Generated& g = reqs.back();
    nlohmann::json params = nlohmann::json::array();
    for (const auto& [k, v] : g.params) params.push_back({k, v});
    input.push_back({{"url", g.endpoint.Url()}, {"params", params},
                     {"access_key", g.creds.access_key_id}, {"secret_key", g.creds.secret_access_key},
                     {"token", g.creds.session_token}, {"region", g.endpoint.region},
                     {"amz_date", AmzDate(g.time)}});
  }
  SystemProcessRunner runner;
  ProcessSpec spec{.argv = {"/usr/bin/python3", SourceDir() + "/tests/fake_ec2/botocore_sign.py"},
                   .stdin_data = input.dump()};
  Result<ProcessOutput> out = runner.Run(spec);
  ASSERT_OK(out);
  ASSERT_TRUE(out->success()) << out->err;
  nlohmann::json answers = nlohmann::json::parse(out->out);
  ASSERT_EQ(answers.size(), static_cast<size_t>(kRequests));
  int tokens = 0;
  for (int i = 0; i < kRequests; ++i) {
    const Generated& g = reqs[static_cast<size_t>(i)];
    tokens += !g.creds.session_token.empty();
    std::string body = FormEncode(g.params);
    SigV4Result sig;
    BuildQueryRequest(g.endpoint, body, g.creds, g.time, &sig);
    const nlohmann::json& want = answers[static_cast<size_t>(i)];
    ASSERT_EQ(body, want["body"].get<std::string>()) << "request " << i;
    ASSERT_EQ(sig.canonical_request, want["canonical_request"].get<std::string>()) << "request " << i;
    ASSERT_EQ(sig.string_to_sign, want["string_to_sign"].get<std::string>()) << "request " << i;
    ASSERT_EQ(sig.authorization, want["authorization"].get<std::string>()) << "request " << i;
  }
  EXPECT_GT(tokens, kRequests / 4);  // the generator really exercised session tokens
}

}  // namespace
}  // namespace corral
