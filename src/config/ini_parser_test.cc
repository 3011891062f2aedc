// The INI syntax as Python 2's ConfigParser (behind StarCluster's inline-'#' filter) read it.
#include "config/ini_parser.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace corral {
namespace {

Result<IniDocument> Parse(const std::string& text) {
  return ParseIni(SplitSourceLines(text, "t.ini"));
}

// The value of `key` in section `header` of `text`, interpolated, or the error message.
std::string ValueOf(const std::string& text, const std::string& header, const std::string& key) {
  Result<IniDocument> doc = Parse(text);
  if (!doc.ok()) return "error: " + doc.status().message();
  const IniSection* s = doc->FindSection(header);
  if (s == nullptr) return "no section";
  Result<std::string> v = doc->Get(*s, key);
  return v.ok() ? *v : "error: " + v.status().message();
}

struct ValueCase {
  const char* name;
  const char* text;
  const char* key;
  const char* want;
};

class IniValueTest : public testing::TestWithParam<ValueCase> {};

TEST_P(IniValueTest, ReadsValue) {
  const ValueCase& c = GetParam();
  EXPECT_EQ(ValueOf(c.text, "s", c.key), c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Syntax, IniValueTest,
    testing::Values(
        ValueCase{"EqualsSign", "[s]\nfoo = bar\n", "foo", "bar"},
        ValueCase{"Colon", "[s]\nfoo: bar\n", "foo", "bar"},
        ValueCase{"FirstSeparatorWins", "[s]\nurl = http://x:80/a=b\n", "url", "http://x:80/a=b"},
        ValueCase{"KeysCaseInsensitive", "[s]\nCLUSTER_Size = 3\n", "cluster_size", "3"},
        ValueCase{"SpacesAroundKey", "[s]\nfoo   =   bar  \n", "foo", "bar"},
        ValueCase{"HashAfterSpaceIsComment", "[s]\nfoo = bar # comment\n", "foo", "bar"},
        ValueCase{"HashAfterTabIsComment", "[s]\nfoo = bar\t# comment\n", "foo", "bar"},
        ValueCase{"HashWithoutSpaceKept", "[s]\nfoo = bar# not a comment\n", "foo",
                  "bar# not a comment"},
        ValueCase{"SemicolonAfterSpaceIsComment", "[s]\nfoo = bar ; comment\n", "foo", "bar"},
        ValueCase{"SemicolonWithoutSpaceKept", "[s]\nfoo = a;b\n", "foo", "a;b"},
        ValueCase{"OnlyFirstSemicolonLooked", "[s]\nfoo = a;b ;c\n", "foo", "a;b ;c"},
        ValueCase{"EmptyValue", "[s]\nfoo =\n", "foo", ""},
        ValueCase{"QuotedEmptyValue", "[s]\nfoo = \"\"\n", "foo", ""},
        ValueCase{"DuplicateKeyLastWins", "[s]\nfoo = 1\nFOO = 2\n", "foo", "2"},
        ValueCase{"ReopenedSectionMerges", "[s]\nfoo = 1\n[t]\nx = 1\n[s]\nfoo = 3\n", "foo", "3"},
        ValueCase{"Continuation", "[s]\nfoo = a,\n  b,\n\tc\n", "foo", "a,\nb,\nc"},
        ValueCase{"ContinuationSkipsComment", "[s]\nfoo = a\n  # note\n  b\n", "foo", "a\nb"},
        ValueCase{"FullLineComments", "# one\n; two\n[s]\n# three\nfoo = 1\n;foo = 2\n", "foo",
                  "1"},
        ValueCase{"RemLineSkipped", "[s]\nrem foo = 2\nfoo = 1\n", "foo", "1"},
        ValueCase{"CrLf", "[s]\r\nfoo = bar\r\n\r\nlist = a,\r\n  b\r\n", "foo", "bar"},
        ValueCase{"CrLfContinuation", "[s]\r\nlist = a,\r\n  b\r\n", "list", "a,\nb"},
        ValueCase{"CrLfComment", "[s]\r\nfoo = bar # c\r\n", "foo", "bar"},
        ValueCase{"NoFinalNewline", "[s]\nfoo = bar", "foo", "bar"},
        ValueCase{"Interpolation", "[s]\nbase = /data\nfoo = %(base)s/x\n", "foo", "/data/x"},
        ValueCase{"InterpolationNameCaseInsensitive", "[s]\nbase = /d\nfoo = %(BASE)s\n", "foo",
                  "/d"},
        ValueCase{"InterpolationFromDefault", "[DEFAULT]\nhome = /h\n[s]\nfoo = %(home)s/k\n",
                  "foo", "/h/k"},
        ValueCase{"DefaultFallback", "[DEFAULT]\nfoo = d\n[s]\nbar = 1\n", "foo", "d"},
        ValueCase{"InterpolationChained", "[s]\na = x\nb = %(a)s%(a)s\nfoo = %(b)s!\n", "foo",
                  "xx!"},
        ValueCase{"InterpolationSectionName", "[s]\nfoo = %(__name__)s\n", "foo", "s"},
        ValueCase{"PercentWithoutReferenceKept", "[s]\nfoo = 100%\n", "foo", "100%"},
        ValueCase{"DoublePercentKeptWithoutReference", "[s]\nfoo = 50%%\n", "foo", "50%%"},
        ValueCase{"DoublePercentWithReference", "[s]\na = 1\nfoo = %(a)s%%\n", "foo", "1%"},
        ValueCase{"MissingReference", "[s]\nfoo = %(nope)s\n", "foo",
                  "error: t.ini:2: Bad value substitution: key 'nope' is not defined (section "
                  "[s], option foo)"},
        ValueCase{"RecursiveReference", "[s]\nfoo = %(foo)s\n", "foo",
                  "error: t.ini:2: Value interpolation too deeply recursive (section [s], option "
                  "foo)"},
        ValueCase{"BadFormat", "[s]\na = 1\nfoo = %(a)d\n", "foo",
                  "error: t.ini:3: unsupported format after '%(a)': only %(name)s is allowed "
                  "(section [s], option foo)"},
        ValueCase{"LonePercent", "[s]\na = 1\nfoo = %(a)s %\n", "foo",
                  "error: t.ini:3: incomplete format: a lone '%' at the end (section [s], option "
                  "foo)"}),
    [](const testing::TestParamInfo<ValueCase>& info) { return std::string(info.param.name); });

struct ErrorCase {
  const char* name;
  const char* text;
  const char* want;
};

class IniErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(IniErrorTest, NamesFileAndLine) {
  const ErrorCase& c = GetParam();
  Result<IniDocument> doc = Parse(c.text);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(doc.status().message(), c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, IniErrorTest,
    testing::Values(
        ErrorCase{"Empty", "", "t.ini:1: No valid sections defined in config file t.ini"},
        ErrorCase{"OnlyComments", "# nothing\n\n",
                  "t.ini:1: No valid sections defined in config file t.ini"},
        ErrorCase{"OptionBeforeSection", "# c\nfoo = 1\n[s]\n",
                  "t.ini:2: No valid sections defined in config file t.ini: 'foo = 1' comes "
                  "before the first [section]"},
        ErrorCase{"NoSeparator", "[s]\nfoo = 1\njust words\n",
                  "t.ini:3: cannot parse 'just words'; expected [section], KEY = VALUE or a "
                  "comment"},
        ErrorCase{"EmptyKey", "[s]\n= 1\n",
                  "t.ini:2: cannot parse '= 1'; expected [section], KEY = VALUE or a comment"},
        ErrorCase{"UnclosedHeader", "[s]\n[cluster x\n",
                  "t.ini:2: cannot parse '[cluster x'; expected [section], KEY = VALUE or a "
                  "comment"}),
    [](const testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST(IniParserTest, KeepsOrderAndLocations) {
  Result<IniDocument> doc = Parse("[cluster a]\nZ = 1\nb = 2\nz = 3\n[global]  trailing\nx = 1\n");
  ASSERT_OK(doc);
  ASSERT_EQ(doc->sections.size(), 2u);
  const IniSection& a = doc->sections[0];
  EXPECT_EQ(a.header, "cluster a");
  EXPECT_EQ(a.location.ToString(), "t.ini:1");
  EXPECT_EQ(a.keys, (std::vector<std::string>{"z", "b"}));
  EXPECT_EQ(a.Find("z")->location.ToString(), "t.ini:4");  // the last definition
  EXPECT_EQ(doc->sections[1].header, "global");            // text after ']' is ignored
}

TEST(IniParserTest, LocationsSurviveConcatenatedFiles) {
  std::vector<SourceLine> lines = SplitSourceLines("[s]\na = 1\n", "main.ini");
  std::vector<SourceLine> more = SplitSourceLines("[t]\n\nb = 2\n", "inc.ini");
  lines.insert(lines.end(), more.begin(), more.end());
  Result<IniDocument> doc = ParseIni(lines);
  ASSERT_OK(doc);
  EXPECT_EQ(doc->FindSection("t")->Find("b")->location.ToString(), "inc.ini:3");
}

}  // namespace
}  // namespace corral
