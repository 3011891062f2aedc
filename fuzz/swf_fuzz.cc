// libFuzzer target for the SWF trace reader: any bytes, gzip or not, must give a trace or a
// Status, never a crash, an overflow or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "balance/simulator.h"
#include "balance/swf_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A small limit keeps decompression bombs cheap to reject.
  corral::Result<std::string> text = corral::GunzipIfNeeded(bytes, 1 << 20);
  if (!text.ok()) return 0;
  corral::Result<corral::SwfTrace> trace = corral::ParseSwf(*text);
  if (trace.ok()) (void)corral::WorkloadFromSwf(*trace, 4, 8);
  return 0;
}
