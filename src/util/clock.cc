#include "util/clock.h"

#include <ctime>
#include <string>
#include <thread>

namespace corral {

double Clock::NowSeconds() {
  return std::chrono::duration<double>(Now().time_since_epoch()).count();
}

TimePoint SystemClock::Now() { return std::chrono::system_clock::now(); }

void SystemClock::SleepFor(Duration d) { std::this_thread::sleep_for(d); }

FakeClock::FakeClock(TimePoint start) : now_(start) {}

TimePoint FakeClock::Now() {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void FakeClock::Advance(Duration d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
}

std::string FormatIso8601(TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace corral
