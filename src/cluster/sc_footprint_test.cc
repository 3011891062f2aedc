#include "cluster/sc_footprint.h"

#include <gtest/gtest.h>

#include <random>

#include "testing/test_util.h"

namespace corral {
namespace {

// What StarCluster 0.95.6 (Python 2: json.dumps, zlib.compress, str.encode('base64')) stores for
// this document; produced by the same three calls in Python.
const char kCoreJson[] =
    R"({"cluster_size": 3, "master_image_id": "ami-0123456789abcdef0", "master_instance_type": )"
    R"("c5.large", "node_image_id": "ami-0123456789abcdef0", "node_instance_type": "c5.large", )"
    R"("availability_zone": "us-east-1a", "dns_prefix": false, "subnet_id": null, "public_ips": )"
    R"(null, "disable_queue": false, "disable_cloudinit": false})";
const char kCoreTag[] =
    "eJyNjt0OgjAMhV+F7FoMiP8vs3RbMU3KQLoZ0fjuDgyRK+Ptd75z2qeyHCVgr4UeqM5ZtcpUAxOh\n"
    "Bi6oySWqoKG8KDfVdrc/HE9grMO6UAvXSwBvUYehG2eU3a0Z+guOjm8d/rf2MX9twQ2IwRBTGPSj\n"
    "9ZMQJcf0R17CqDgvuuuxpnvKamDBBCUaj+Fz30fmhLpomKymTr7MkYBh1NeIERf1mVtuoyNPYc5e\n"
    "bx15arM=\n";

TEST(ScFootprintTest, DecodesWhatStarClusterWrote) {
  Result<std::string> json = DecodeScTag({{"@sc-core", kCoreTag}, {"@sc-version", "0.95.6"}},
                                         kScCoreTag);
  ASSERT_OK(json);
  EXPECT_EQ(*json, kCoreJson);
}

TEST(ScFootprintTest, EncodesByteForByteLikeStarCluster) {
  Tags tags = EncodeScTag(kScCoreTag, kCoreJson);
  EXPECT_EQ(tags, (Tags{{"@sc-core", kCoreTag}}));
}

TEST(ScFootprintTest, LongDocumentsAreChunkedAndRoundTrip) {
  // Incompressible text: forces many 255-character chunks, past the tenth (where StarCluster's
  // string sort would misorder "-10" before "-2").
  std::mt19937 rng(7);
  std::string json = "{\"cluster_user\": \"";
  for (int i = 0; i < 5000; ++i) json += static_cast<char>('a' + rng() % 26);
  json += "\"}";
  Tags tags = EncodeScTag(kScUserTag, json);
  ASSERT_GT(tags.size(), 11u);
  for (const auto& [key, value] : tags) {
    EXPECT_LE(value.size(), kScTagChunk) << key;
  }
  EXPECT_TRUE(tags.count("@sc-user"));
  EXPECT_TRUE(tags.count("@sc-user-1"));
  EXPECT_TRUE(tags.count("@sc-user-11"));
  tags["@sc-usersomething"] = "unrelated";
  Result<std::string> back = DecodeScTag(tags, kScUserTag);
  ASSERT_OK(back);
  EXPECT_EQ(*back, json);
}

TEST(ScFootprintTest, MissingChunkIsNamed) {
  std::string json(2000, 'x');
  std::mt19937 rng(1);
  for (char& c : json) c = static_cast<char>('a' + rng() % 26);
  Tags tags = EncodeScTag(kScCoreTag, json);
  tags.erase("@sc-core-1");
  Result<std::string> back = DecodeScTag(tags, kScCoreTag);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().message(), "tag @sc-core-1 is missing");
}

TEST(ScFootprintTest, AbsentAndCorruptTags) {
  EXPECT_EQ(DecodeScTag({}, kScCoreTag).status().code(), StatusCode::kNotFound);
  Result<std::string> bad = DecodeScTag({{"@sc-core", "bm90IHpsaWI=\n"}}, kScCoreTag);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "tag @sc-core does not hold zlib-compressed data");
  EXPECT_EQ(DecodeScTag({{"@sc-core", "!!"}}, kScCoreTag).status().message(),
            "tag @sc-core is not base64");
}

TEST(ScFootprintTest, Python2Base64WrapsAt76) {
  std::string out = Python2Base64(std::string(100, '\0'));
  EXPECT_EQ(out.find('\n'), 76u);
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(ZlibDecompress(ZlibCompress("hello")).value_or(""), "hello");
  EXPECT_FALSE(ZlibDecompress("hello").has_value());
}

}  // namespace
}  // namespace corral
