// libFuzzer target for the Slurm output parsers: squeue/sinfo JSON and text, and hostlist
// expansion must reject any input with a Status, never crash, overflow or expand without bound.
// The text parsers also take the input's first line as their output format.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scheduler/slurm/slurm_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)corral::ParseSqueueJson(text);
  (void)corral::ParseSinfoJson(text);
  (void)corral::ParseSqueueText(text);
  (void)corral::ParseSinfoText(text);
  size_t newline = text.find('\n');
  if (newline != std::string_view::npos) {
    (void)corral::ParseSqueueText(text.substr(newline + 1), text.substr(0, newline), 3600);
    (void)corral::ParseSinfoText(text.substr(newline + 1), text.substr(0, newline));
  }
  corral::Result<std::vector<std::string>> hosts = corral::ExpandHostlist(text);
  if (hosts.ok() && hosts->size() > corral::kMaxHostlistHosts) __builtin_trap();
  (void)corral::SlurmJobState(text, text, size % 2 == 0);
  return 0;
}
