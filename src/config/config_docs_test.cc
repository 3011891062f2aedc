// docs/config.md is the one place that documents every setting: each key of the schema must
// appear there as `KEY`, and each section type as its header.
#include <gtest/gtest.h>

#include "config/config_schema.h"
#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

TEST(ConfigDocsTest, EverySettingIsDocumented) {
  Result<std::string> doc = ReadFile(SourceDir() + "/docs/config.md");
  ASSERT_OK(doc);
  for (const SectionSpec& section : AllSectionSpecs()) {
    std::string header = section.named ? "[" + section.prefix + " " : "[" + section.prefix + "]";
    EXPECT_NE(doc->find(header), std::string::npos) << header;
    for (const SettingSpec& s : section.settings) {
      EXPECT_NE(doc->find("`" + s.key + "`"), std::string::npos) << s.key;
    }
  }
}

}  // namespace
}  // namespace corral
