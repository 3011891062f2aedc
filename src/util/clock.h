// Clock: the only way corral code reads the time or waits. SystemClock is real time; FakeClock
// is advanced by tests (and by sleeps), so hours of polling run in microseconds.
#ifndef CORRAL_UTIL_CLOCK_H_
#define CORRAL_UTIL_CLOCK_H_

#include <chrono>
#include <mutex>

namespace corral {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() = 0;
  virtual void SleepFor(Duration d) = 0;
  // Seconds since the Unix epoch, as EC2 and Grid Engine report times.
  double NowSeconds();
};

// Real wall-clock time. Thread-safe.
class SystemClock : public Clock {
 public:
  TimePoint Now() override;
  void SleepFor(Duration d) override;
};

// Time that moves only when told: SleepFor advances it instantly. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint(std::chrono::seconds(1700000000)));
  TimePoint Now() override;
  void SleepFor(Duration d) override { Advance(d); }
  void Advance(Duration d);

 private:
  std::mutex mu_;
  TimePoint now_;
};

// Formats a time as UTC ISO 8601 ("2024-01-02T03:04:05Z").
std::string FormatIso8601(TimePoint t);

}  // namespace corral

#endif  // CORRAL_UTIL_CLOCK_H_
