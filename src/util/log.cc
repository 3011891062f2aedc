#include "util/log.h"

#include <ostream>

#include "util/clock.h"
#include "util/strings.h"

namespace corral {

Logger::Logger(std::ostream* console, LogLevel console_level)
    : console_(console), console_level_(console_level) {}

void Logger::SetConsoleLevel(LogLevel level) {
  std::lock_guard<std::mutex> lock(mu_);
  console_level_ = level;
}

void Logger::OpenDebugFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  file_.open(path, std::ios::app);
}

void Logger::AddSecret(const std::string& secret) {
  // Very short strings would mask ordinary words; real keys are long.
  if (secret.size() < 4) return;
  std::lock_guard<std::mutex> lock(mu_);
  secrets_.push_back(secret);
}

std::string Logger::Scrub(const std::string& msg) const {
  std::string out = msg;
  for (const std::string& s : secrets_) out = ReplaceAll(out, s, "****");
  return out;
}

void Logger::Log(LogLevel level, const std::string& raw) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string msg = Scrub(raw);
  const char* prefix = ">>> ";
  const char* name = "INFO";
  switch (level) {
    case LogLevel::kDebug: prefix = "... "; name = "DEBUG"; break;
    case LogLevel::kInfo: break;
    case LogLevel::kWarning: prefix = "*** WARNING - "; name = "WARNING"; break;
    case LogLevel::kError: prefix = "!!! ERROR - "; name = "ERROR"; break;
  }
  if (console_ && level >= console_level_) *console_ << prefix << msg << std::endl;
  if (file_.is_open()) {
    SystemClock clock;
    file_ << FormatIso8601(clock.Now()) << " " << name << " " << msg << std::endl;
  }
}

}  // namespace corral
