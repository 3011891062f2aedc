#include "util/strings.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(StringsTest, SplitAndTrim) {
  EXPECT_EQ(SplitList(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Split("a::b", ':'), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Trim("\t x y \r\n"), "x y");
}

TEST(StringsTest, Numbers) {
  EXPECT_EQ(ParseInt(" 42 "), 42);
  EXPECT_EQ(ParseInt("-3"), -3);
  EXPECT_EQ(ParseInt("4x"), std::nullopt);
  EXPECT_EQ(ParseInt(""), std::nullopt);
  EXPECT_EQ(ParseDouble("0.25"), 0.25);
  EXPECT_EQ(ParseDouble("abc"), std::nullopt);
}

TEST(StringsTest, ShellQuote) {
  EXPECT_EQ(ShellQuote("plain/path-1.txt"), "plain/path-1.txt");
  EXPECT_EQ(ShellQuote("two words"), "'two words'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote(""), "''");
}

TEST(StringsTest, EditDistance) {
  EXPECT_EQ(EditDistance("cluster_size", "cluster_size"), 0u);
  EXPECT_EQ(EditDistance("protocol", "ip_protocol"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace corral
