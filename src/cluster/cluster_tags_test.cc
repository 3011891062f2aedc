#include "cluster/cluster_tags.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/crypto.h"

namespace corral {
namespace {

TEST(ClusterTagsTest, SmallValueIsOneTagWithPython2Base64) {
  Tags tags = EncodeTagValue("@sc-user", {{"cluster_user", "sgeadmin"}});
  ASSERT_EQ(tags.size(), 1u);
  const std::string& v = tags.at("@sc-user");
  EXPECT_EQ(v.back(), '\n');  // Python 2's encode('base64') ends every line with a newline
  Result<nlohmann::json> back = DecodeTagValue(tags, "@sc-user");
  ASSERT_OK(back);
  EXPECT_EQ((*back)["cluster_user"], "sgeadmin");
}

TEST(ClusterTagsTest, LargeValueIsSplitIn255CharacterChunksAndReassembled) {
  nlohmann::json big = nlohmann::json::object();
  // Random-looking content does not compress, so the encoding needs several chunks.
  std::string noise = Base64Encode(Sha256("a") + Sha256("b") + Sha256("c") + Sha256("d"));
  for (int i = 0; i < 40; ++i) big["k" + std::to_string(i)] = noise + std::to_string(i);
  Tags tags = EncodeTagValue("@sc-core", big);
  ASSERT_GT(tags.size(), 2u);
  for (const auto& [name, value] : tags) EXPECT_LE(value.size(), kScTagChunk) << name;
  EXPECT_TRUE(tags.count("@sc-core-1"));
  tags["@sc-corelation"] = "not part of it";  // a different tag sharing the prefix is ignored
  Result<nlohmann::json> back = DecodeTagValue(tags, "@sc-core");
  ASSERT_OK(back);
  EXPECT_EQ(*back, big);
}

TEST(ClusterTagsTest, DecodesStarClusterWrittenValue) {
  // What StarCluster 0.95.6 stores for {"cluster_user": "sgeadmin", "cluster_shell": "bash",
  // "keyname": "mykey", "spot_bid": null}: Python's json.dumps, zlib, encode('base64').
  std::string py_json =
      "{\"cluster_shell\": \"bash\", \"spot_bid\": null, \"cluster_user\": \"sgeadmin\", "
      "\"keyname\": \"mykey\"}";
  Tags tags = EncodeTagValue("@sc-user", nlohmann::json::parse(py_json));
  ClusterTemplate base;
  base.cluster_user = "other";
  Result<ClusterTemplate> t = SettingsFromGroupTags(tags, base);
  ASSERT_OK(t);
  EXPECT_EQ(t->cluster_user, "sgeadmin");
  EXPECT_EQ(t->keyname, "mykey");
  EXPECT_FALSE(t->spot_bid.has_value());
}

TEST(ClusterTagsTest, TemplateRoundTripsThroughGroupTags) {
  ClusterTemplate t;
  t.name = "smallcluster";
  t.cluster_size = 4;
  t.node_image_id = "ami-1";
  t.master_image_id = "ami-1";
  t.node_instance_type = "t3.small";
  t.master_instance_type = "m5.large";
  t.cluster_user = "alice";
  t.keyname = "k";
  t.dns_prefix = true;
  t.spot_bid = 0.25;
  t.scheduler = "slurm";
  t.cloud = "local";
  t.master_is_exec_host = false;
  t.slots_per_host = 3;
  VolumeSettings v;
  v.name = "data";
  v.volume_id = "vol-1";
  v.mount_path = "/data";
  t.volumes.push_back(v);
  Tags tags = ClusterGroupTags(t);
  EXPECT_EQ(tags.at("@sc-version"), "0.95.6");
  Result<ClusterTemplate> back = SettingsFromGroupTags(tags, ClusterTemplate{});
  ASSERT_OK(back);
  EXPECT_EQ(back->name, "smallcluster");
  EXPECT_EQ(back->cluster_size, 4);
  EXPECT_EQ(back->master_instance_type, "m5.large");
  EXPECT_EQ(back->cluster_user, "alice");
  EXPECT_TRUE(back->dns_prefix);
  EXPECT_EQ(back->spot_bid.value_or(0), 0.25);
  EXPECT_EQ(back->scheduler, "slurm");
  EXPECT_FALSE(back->master_is_exec_host);
  EXPECT_EQ(back->slots_per_host.value_or(0), 3);
  ASSERT_EQ(back->volumes.size(), 1u);
  EXPECT_EQ(back->volumes[0].mount_path, "/data");
}

TEST(ClusterTagsTest, CorruptTagIsAnErrorNamingIt) {
  Tags tags{{"@sc-core", "!!!"}};
  Result<ClusterTemplate> t = SettingsFromGroupTags(tags, ClusterTemplate{});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "tag @sc-core is not base64");
}

}  // namespace
}  // namespace corral
