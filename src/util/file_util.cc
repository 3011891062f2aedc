#include "util/file_util.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

namespace corral {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus("cannot read '" + path + "'", errno ? errno : ENOENT);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileAtomic(const std::string& path, const std::string& content, mode_t mode) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus("cannot write '" + path + "'", errno);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t w = write(fd, content.data() + done, content.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      unlink(tmp.c_str());
      return ErrnoStatus("cannot write '" + path + "'", err);
    }
    done += static_cast<size_t>(w);
  }
  fchmod(fd, mode);  // open() applies the umask; the caller asked for exactly `mode`
  if (fsync(fd) != 0 || close(fd) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return ErrnoStatus("cannot write '" + path + "'", err);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return ErrnoStatus("cannot write '" + path + "'", err);
  }
  return Status::Ok();
}

Status MakeDirs(const std::string& path, mode_t mode) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return ErrnoStatus("cannot create directory '" + path + "'", ec.value());
  chmod(path.c_str(), mode);
  return Status::Ok();
}

bool PathExists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Status RemoveAll(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return ErrnoStatus("cannot remove '" + path + "'", ec.value());
  return Status::Ok();
}

std::string HomeDir() {
  if (const char* h = std::getenv("HOME"); h && *h) return h;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_dir;
  return "/";
}

namespace {

std::string ExpandWith(const std::string& path, const std::string& home,
                       const std::function<const char*(const std::string&)>& getvar) {
  std::string p = path;
  if (p == "~" || p.rfind("~/", 0) == 0) p = home + p.substr(1);
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '$' || i + 1 >= p.size()) {
      out += p[i];
      continue;
    }
    size_t start = i + 1;
    bool braced = p[start] == '{';
    if (braced) ++start;
    size_t end = start;
    while (end < p.size() && (std::isalnum(static_cast<unsigned char>(p[end])) || p[end] == '_')) {
      ++end;
    }
    if (end == start || (braced && (end >= p.size() || p[end] != '}'))) {
      out += p[i];
      continue;
    }
    std::string name = p.substr(start, end - start);
    const char* value = getvar(name);
    if (value) {
      out += value;
    } else {
      out += p.substr(i, end + (braced ? 1 : 0) - i);  // unset variables stay as written
    }
    i = end + (braced ? 1 : 0) - 1;
  }
  return out;
}

}  // namespace

std::string ExpandUser(const std::string& path) {
  return ExpandWith(path, HomeDir(), [](const std::string& name) { return std::getenv(name.c_str()); });
}

std::string ExpandUser(const std::string& path, const std::map<std::string, std::string>& env) {
  auto home = env.find("HOME");
  return ExpandWith(path, home != env.end() && !home->second.empty() ? home->second : HomeDir(),
                    [&env](const std::string& name) -> const char* {
                      auto it = env.find(name);
                      return it == env.end() ? nullptr : it->second.c_str();
                    });
}

TempDir::TempDir(const std::string& prefix) {
  std::string tmpl = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : "/tmp") + "/" +
                     prefix + ".XXXXXX";
  char* made = mkdtemp(tmpl.data());
  path_ = made ? made : "";
}

TempDir::~TempDir() {
  if (!path_.empty()) RemoveAll(path_).IgnoreError();
}

}  // namespace corral
