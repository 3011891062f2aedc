// Logger: console messages in StarCluster's style (">>> ", "*** WARNING - ", "!!! ERROR - ") on
// stderr, so that stdout carries only a command's real output, plus an optional debug file.
//
// Secrets registered with AddSecret are replaced by "****" in every message, on every sink, so a
// key that reaches a log line by accident never reaches a terminal or a file. Thread-safe.
#ifndef CORRAL_UTIL_LOG_H_
#define CORRAL_UTIL_LOG_H_

#include <fstream>
#include <iosfwd>
#include <mutex>
#include <string>
#include <vector>

namespace corral {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

class Logger {
 public:
  // Messages at `console_level` or above go to `console` (usually std::cerr).
  explicit Logger(std::ostream* console, LogLevel console_level = LogLevel::kInfo);

  void SetConsoleLevel(LogLevel level);
  // Also append every message (debug included) to `path`; errors opening it are ignored.
  void OpenDebugFile(const std::string& path);
  void AddSecret(const std::string& secret);

  void Debug(const std::string& msg) { Log(LogLevel::kDebug, msg); }
  void Info(const std::string& msg) { Log(LogLevel::kInfo, msg); }
  void Warn(const std::string& msg) { Log(LogLevel::kWarning, msg); }
  void Error(const std::string& msg) { Log(LogLevel::kError, msg); }
  void Log(LogLevel level, const std::string& msg);

  // The message with every registered secret masked.
  std::string Scrub(const std::string& msg) const;

 private:
  mutable std::mutex mu_;
  std::ostream* console_;
  LogLevel console_level_;
  std::ofstream file_;
  std::vector<std::string> secrets_;
};

}  // namespace corral

#endif  // CORRAL_UTIL_LOG_H_
