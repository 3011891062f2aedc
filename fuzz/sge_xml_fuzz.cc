// libFuzzer target for the Grid Engine output parsers: qstat -xml, qhost -xml, task ranges and
// times must reject any input with a Status, never crash or overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scheduler/sge/qstat_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  corral::Result<corral::SgeQstat> qstat = corral::ParseQstatXml(text, 3600);
  corral::Result<std::vector<corral::SgeHost>> hosts = corral::ParseQhostXml(text);
  if (qstat.ok()) (void)corral::MakeSgeSnapshot(*qstat, {}, 0);
  if (hosts.ok()) (void)corral::MakeSgeSnapshot({}, *hosts, 0);
  (void)corral::CountArrayTasks(text);
  (void)corral::ParseSgeTime(text);
  (void)corral::ParseUtcOffset(text);
  return 0;
}
