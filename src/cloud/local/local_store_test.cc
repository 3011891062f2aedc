#include "cloud/local/local_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

InstanceRow SampleInstance(const std::string& id) {
  InstanceRow r;
  r.id = id;
  r.alias = "node001";
  r.group_id = "sg-0123456789abcdef0";
  r.ip = "10.201.0.11";
  r.mac = "02:e7:0a:c9:00:0b";
  r.state = InstanceState::kRunning;
  r.pid1 = 4242;
  r.pid1_start = 987654;
  r.boot_id = "b00t";
  r.launch_time = 1700000000;
  r.instance_type = "local";
  r.image_id = "local";
  r.key_name = "mykey";
  r.tags = {{"alias", "node001"}, {"Name", "node001"}};
  r.user_data = std::string("bin\0ary", 7);
  return r;
}

TEST(LocalStoreTest, InstancesRoundTrip) {
  TempDir dir;
  auto store = LocalStore::Open(dir.Join("state.db"));
  ASSERT_OK(store);
  InstanceRow r = SampleInstance("i-0123456789abcdef0");
  ASSERT_OK((*store)->PutInstance(r));
  auto got = (*store)->GetInstance(r.id);
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  const InstanceRow& g = **got;
  EXPECT_EQ(g.alias, "node001");
  EXPECT_EQ(g.ip, r.ip);
  EXPECT_EQ(g.state, InstanceState::kRunning);
  EXPECT_EQ(g.pid1, 4242);
  EXPECT_EQ(g.pid1_start, 987654);
  EXPECT_EQ(g.tags, r.tags);
  EXPECT_EQ(g.user_data, r.user_data);
  r.state = InstanceState::kStopped;
  ASSERT_OK((*store)->PutInstance(r));
  auto all = (*store)->ListInstances();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].state, InstanceState::kStopped);
  ASSERT_OK((*store)->DeleteInstance(r.id));
  auto gone = (*store)->GetInstance(r.id);
  ASSERT_OK(gone);
  EXPECT_FALSE(gone->has_value());
}

TEST(LocalStoreTest, GroupsKeysVolumesRoundTrip) {
  TempDir dir;
  auto store = LocalStore::Open(dir.Join("state.db"));
  ASSERT_OK(store);
  GroupRow g;
  g.id = "sg-1";
  g.name = "@sc-demo";
  g.tags = {{"corral-version", "1"}};
  g.permissions = {IpPermission{"tcp", 22, 22, "0.0.0.0/0", ""},
                   IpPermission{"-1", 0, 0, "", "sg-1"}};
  g.short_id = "1a2b3c";
  g.subnet = "10.201.0.0/24";
  ASSERT_OK((*store)->PutGroup(g));
  auto by_name = (*store)->GetGroupByName("@sc-demo");
  ASSERT_OK(by_name);
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ((*by_name)->permissions, g.permissions);
  EXPECT_EQ((*by_name)->subnet, "10.201.0.0/24");
  EXPECT_EQ((*by_name)->tags, g.tags);

  ASSERT_OK((*store)->PutKeyPair({"k", "SHA256:abc", "ssh-ed25519 AAAA k", 5}));
  auto keys = (*store)->ListKeyPairs();
  ASSERT_OK(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].fingerprint, "SHA256:abc");

  VolumeRow v;
  v.id = "vol-1";
  v.size_gb = 10;
  v.zone = "local";
  v.status = "in-use";
  v.instance_id = "i-1";
  v.mount_path = "/data";
  ASSERT_OK((*store)->PutVolume(v));
  auto vol = (*store)->GetVolume("vol-1");
  ASSERT_OK(vol);
  ASSERT_TRUE(vol->has_value());
  EXPECT_EQ((*vol)->mount_path, "/data");
  EXPECT_EQ((*vol)->size_gb, 10);
  ASSERT_OK((*store)->DeleteVolume("vol-1"));
  ASSERT_OK((*store)->DeleteKeyPair("k"));
  ASSERT_OK((*store)->DeleteGroup("sg-1"));
  auto groups = (*store)->ListGroups();
  ASSERT_OK(groups);
  EXPECT_TRUE(groups->empty());
}

TEST(LocalStoreTest, TransactionRollsBackOnError) {
  TempDir dir;
  auto store = LocalStore::Open(dir.Join("state.db"));
  ASSERT_OK(store);
  Status st = (*store)->Transaction([&]() -> Status {
    RETURN_IF_ERROR((*store)->PutInstance(SampleInstance("i-1")));
    return Internal("boom");
  });
  EXPECT_EQ(st.message(), "boom");
  auto all = (*store)->ListInstances();
  ASSERT_OK(all);
  EXPECT_TRUE(all->empty());
}

TEST(LocalStoreTest, TwoConnectionsWriteConcurrently) {
  // Two processes share a state directory; here two connections in two threads stand in for
  // them. WAL plus the busy timeout must let every write through.
  TempDir dir;
  auto a = LocalStore::Open(dir.Join("state.db"));
  auto b = LocalStore::Open(dir.Join("state.db"));
  ASSERT_OK(a);
  ASSERT_OK(b);
  auto writer = [](LocalStore* s, const std::string& prefix) {
    for (int i = 0; i < 50; ++i) {
      Status st = s->Transaction([&]() -> Status {
        return s->PutInstance(SampleInstance(prefix + std::to_string(i)));
      });
      EXPECT_OK(st);
    }
  };
  std::thread t1(writer, a->get(), "i-a");
  std::thread t2(writer, b->get(), "i-b");
  t1.join();
  t2.join();
  auto all = (*a)->ListInstances();
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 100u);
}

TEST(LocalStoreTest, TagsAndRulesJsonToleratesGarbage) {
  EXPECT_TRUE(TagsFromJson("not json").empty());
  EXPECT_TRUE(PermissionsFromJson("{}").empty());
  Tags t = {{"a", "1"}, {"b", "x y"}};
  EXPECT_EQ(TagsFromJson(TagsToJson(t)), t);
}

}  // namespace
}  // namespace corral
