// Filesystem helpers. Durable state is written atomically: temp file, fsync, rename.
#ifndef CORRAL_UTIL_FILE_UTIL_H_
#define CORRAL_UTIL_FILE_UTIL_H_

#include <map>
#include <string>
#include <sys/types.h>

#include "util/status.h"

namespace corral {

Result<std::string> ReadFile(const std::string& path);
// Writes via a temporary file in the same directory, fsync, then rename, so readers see either
// the old or the new content. `mode` applies to the new file.
Status WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode = 0644);
Status MakeDirs(const std::string& path, mode_t mode = 0755);
bool PathExists(const std::string& path);
bool IsDirectory(const std::string& path);
// Removes a file or a directory tree; a missing path is not an error.
Status RemoveAll(const std::string& path);
// Expands a leading "~" or "~/" with $HOME, and $VAR / ${VAR} references, as StarCluster does.
std::string ExpandUser(const std::string& path);
// The same with HOME and $VARS taken from `env` (a CliContext's environment), not the process's.
std::string ExpandUser(const std::string& path, const std::map<std::string, std::string>& env);
std::string HomeDir();

// A directory removed (recursively) on destruction; for tests and scratch work.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "corral");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace corral

#endif  // CORRAL_UTIL_FILE_UTIL_H_
