// The configuration schema: every section type and every setting with its type, required flag,
// default and allowed values, as StarCluster 0.95.6 defined them (static.py), plus corral's
// additions (CLOUD, SCHEDULER, MASTER_IS_EXEC_HOST, SLOTS_PER_HOST, SETUP_COMMAND).
// docs/config.md documents each entry; a test (config_docs_test.cc) checks that every key here
// appears there.
#ifndef CORRAL_CONFIG_CONFIG_SCHEMA_H_
#define CORRAL_CONFIG_CONFIG_SCHEMA_H_

#include <optional>
#include <string>
#include <vector>

namespace corral {

enum class SettingType { kString, kInt, kFloat, kBool, kList };

enum class SectionType { kGlobal, kAwsInfo, kKey, kVolume, kPermission, kPlugin, kCluster };

struct SettingSpec {
  std::string key;  // upper-case, as users write it: "CLUSTER_SIZE"
  SettingType type = SettingType::kString;
  bool required = false;
  std::string default_value;         // as text; "" = none
  std::vector<std::string> allowed;  // empty = any value
  bool path = false;                 // "~" and $VARS are expanded
};

struct SectionSpec {
  SectionType type;
  std::string prefix;  // "cluster"; for [global] and [aws info] the whole header
  bool named;          // "[cluster <name>]" vs "[global]"
  bool keeps_unknown;  // [plugin] passes every key on; elsewhere unknown keys are warned about
  std::vector<SettingSpec> settings;

  // The spec of `key` (any case), or nullptr.
  const SettingSpec* Find(const std::string& key) const;
};

const SectionSpec& SchemaFor(SectionType type);
const std::vector<SectionSpec>& AllSectionSpecs();

// How StarCluster classified a section header: [global] and [aws info] by equality, the others
// by prefix ("permissions http" is a permission section), the name being the second word.
struct SectionKind {
  SectionType type;
  std::string name;       // "" for [global] / [aws info]
  bool exact_prefix = true;  // the first word is exactly the canonical type ("vol" counts)
  bool extra_words = false;  // "[cluster a b]": names cannot contain spaces
};
// nullopt for a header that is no known section type. A named type without a name
// ("[cluster]") yields a kind with an empty name.
std::optional<SectionKind> ClassifySection(const std::string& header);

// The canonical header for a kind: "cluster small", "global".
std::string CanonicalHeader(SectionType type, const std::string& name);

// The closest known key (upper-case) to `key` for a "did you mean" hint, or "" when none is close.
std::string SuggestSetting(const SectionSpec& spec, const std::string& key);

const char* SettingTypeName(SettingType type);

}  // namespace corral

#endif  // CORRAL_CONFIG_CONFIG_SCHEMA_H_
