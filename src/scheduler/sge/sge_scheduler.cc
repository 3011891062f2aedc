#include "scheduler/sge/sge_scheduler.h"

namespace corral {
namespace {

class SgeScheduler : public Scheduler {
 public:
  explicit SgeScheduler(Clock* clock) : clock_(clock) {
    if (clock_ == nullptr) {
      own_clock_ = std::make_unique<SystemClock>();
      clock_ = own_clock_.get();
    }
  }
  std::string Name() const override { return "sge"; }
  Status Setup(const ClusterInfo&, Remote&) override { return NotYet(); }
  Status AddNode(const ClusterInfo&, const NodeInfo&, Remote&) override { return NotYet(); }
  Status RemoveNode(const ClusterInfo&, const NodeInfo&, Remote&, bool) override {
    return NotYet();
  }
  Status Shutdown(const ClusterInfo&, Remote&) override { return NotYet(); }
  Result<QueueSnapshot> Snapshot(const ClusterInfo&, Remote&) override { return NotYet(); }

 private:
  static Status NotYet() { return Unimplemented("grid engine support is not implemented yet"); }
  std::unique_ptr<SystemClock> own_clock_;
  Clock* clock_;
};

}  // namespace

std::unique_ptr<Scheduler> NewSgeScheduler(Clock* clock) {
  return std::make_unique<SgeScheduler>(clock);
}

}  // namespace corral
