#include "cloud/local/local_net.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace corral {
namespace {

Ipv4Net Net(const char* cidr) { return *ParseCidr(cidr); }

TEST(LocalNetTest, ParsesAndFormatsAddresses) {
  EXPECT_EQ(ParseIpv4("10.201.0.10"), 0x0ac9000au);
  EXPECT_FALSE(ParseIpv4("10.201.0"));
  EXPECT_FALSE(ParseIpv4("10.201.0.256"));
  EXPECT_FALSE(ParseIpv4("10.201.0.x"));
  EXPECT_EQ(FormatIpv4(0x0ac9000a), "10.201.0.10");
  EXPECT_EQ(FormatCidr(Net("10.1.2.3/8")), "10.0.0.0/8");
  EXPECT_EQ(FormatCidr(Net("192.0.2.2")), "192.0.2.2/32");
  EXPECT_FALSE(ParseCidr("10.0.0.0/33"));
}

TEST(LocalNetTest, Overlaps) {
  EXPECT_TRUE(Overlaps(Net("10.0.0.0/8"), Net("10.201.3.0/24")));
  EXPECT_TRUE(Overlaps(Net("10.201.3.0/24"), Net("10.201.3.7")));
  EXPECT_FALSE(Overlaps(Net("10.201.3.0/24"), Net("10.201.4.0/24")));
  EXPECT_TRUE(Contains(Net("10.201.3.0/24"), *ParseIpv4("10.201.3.254")));
  EXPECT_FALSE(Contains(Net("10.201.3.0/24"), *ParseIpv4("10.201.4.1")));
}

TEST(LocalNetTest, ParsesIpJson) {
  // Abridged from `ip -4 -j route show table all` and `ip -4 -j addr show` on a test machine.
  const std::string routes = R"([{"dst":"default","gateway":"192.0.2.1","dev":"eth0"},
    {"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link"},
    {"type":"local","dst":"127.0.0.0/8","dev":"lo","table":"local"},
    {"type":"local","dst":"10.201.0.1","dev":"cbr-1","table":"local"}])";
  Result<std::vector<Ipv4Net>> r = ParseIpRoutesJson(routes);
  ASSERT_OK(r);
  EXPECT_EQ(*r, (std::vector<Ipv4Net>{Net("192.0.2.0/24"), Net("127.0.0.0/8"),
                                      Net("10.201.0.1/32")}));
  const std::string addrs = R"([{"ifname":"lo","addr_info":[{"family":"inet","local":"127.0.0.1",
    "prefixlen":8}]},{"ifname":"br","addr_info":[{"family":"inet","local":"10.231.0.1",
    "prefixlen":24},{"family":"inet6","local":"fe80::1","prefixlen":64}]}])";
  Result<std::vector<Ipv4Net>> a = ParseIpAddrJson(addrs);
  ASSERT_OK(a);
  EXPECT_EQ(*a, (std::vector<Ipv4Net>{Net("127.0.0.0/8"), Net("10.231.0.0/24")}));
  Result<std::vector<std::string>> links =
      ParseIpLinkNamesJson(R"([{"ifname":"lo"},{"ifname":"cbr-abcdef"}])");
  ASSERT_OK(links);
  EXPECT_EQ(*links, (std::vector<std::string>{"lo", "cbr-abcdef"}));
  EXPECT_FALSE(ParseIpRoutesJson("not json").ok());
}

TEST(LocalNetTest, ChoosesFirstFreeSubnet) {
  Result<Ipv4Net> first = ChooseSubnet({Net("192.0.2.0/24"), Net("127.0.0.0/8")});
  ASSERT_OK(first);
  EXPECT_EQ(FormatCidr(*first), "10.201.0.0/24");
  // Other clusters' bridges (their /24 and the .1 host route) push the choice along.
  Result<Ipv4Net> next = ChooseSubnet({Net("10.201.0.0/24"), Net("10.201.1.1/32")});
  ASSERT_OK(next);
  EXPECT_EQ(FormatCidr(*next), "10.201.2.0/24");
  // A VPN route for all of 10/8 moves the choice to 172.16.
  Result<Ipv4Net> vpn = ChooseSubnet({Net("10.0.0.0/8")});
  ASSERT_OK(vpn);
  EXPECT_EQ(FormatCidr(*vpn), "172.16.0.0/24");
  Result<Ipv4Net> none =
      ChooseSubnet({Net("10.0.0.0/8"), Net("172.16.0.0/12"), Net("192.168.0.0/16")});
  EXPECT_EQ(none.status().code(), StatusCode::kResourceExhausted);
}

TEST(LocalNetTest, ChoosesNodeAddressesFromTen) {
  Ipv4Net subnet = Net("10.201.7.0/24");
  EXPECT_EQ(FormatIpv4(*ChooseNodeIp(subnet, {})), "10.201.7.10");
  std::set<uint32_t> taken = {*ParseIpv4("10.201.7.10"), *ParseIpv4("10.201.7.12")};
  EXPECT_EQ(FormatIpv4(*ChooseNodeIp(subnet, taken)), "10.201.7.11");
  std::set<uint32_t> full;
  for (uint32_t h = 10; h <= 254; ++h) full.insert(subnet.addr + h);
  EXPECT_EQ(ChooseNodeIp(subnet, full).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(FormatIpv4(GatewayIp(subnet)), "10.201.7.1");
}

TEST(LocalNetTest, NamesFitInterfaceLimit) {
  uint32_t ip = *ParseIpv4("10.201.7.254");
  EXPECT_EQ(MacForIp(ip), "02:e7:0a:c9:07:fe");
  EXPECT_EQ(BridgeName("1a2b3c"), "cbr-1a2b3c");
  EXPECT_EQ(VethName("1a2b3c", ip), "cve-1a2b3c-254");
  EXPECT_EQ(NetnsName("1a2b3c", ip), "corral-1a2b3c-254");
  EXPECT_LE(VethName("ffffff", ip).size(), 15u);
  EXPECT_LE(BridgeName("ffffff").size(), 15u);
  EXPECT_EQ(ShortIdFrom(0xff1a2b3c), "1a2b3c");
  EXPECT_EQ(ShortIdFrom(0x5), "000005");
  EXPECT_TRUE(ShortIdIsFree("1a2b3c", {"lo", "eth0", "cbr-aaaaaa", "cve-aaaaaa-10"}));
  EXPECT_FALSE(ShortIdIsFree("1a2b3c", {"cbr-1a2b3c"}));
  EXPECT_FALSE(ShortIdIsFree("1a2b3c", {"cve-1a2b3c-11"}));
}

}  // namespace
}  // namespace corral
