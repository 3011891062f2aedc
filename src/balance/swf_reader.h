// Standard Workload Format (SWF 2.2) traces, as the Parallel Workloads Archive publishes them:
// `;` header comments ("; MaxProcs: 1024") and data lines of 18 whitespace-separated numbers,
// -1 meaning unknown. See shared/traces/README.md for the fields.
//
// ParseSwf is pure and total: any input gives a trace or a Status naming the first malformed
// line ("line 12: expected 18 fields, got 7"). ReadSwfFile reads a file, gzip-compressed or
// plain, through zlib.
#ifndef CORRAL_BALANCE_SWF_READER_H_
#define CORRAL_BALANCE_SWF_READER_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace corral {

struct SwfJob {
  long long id = 0;            // field 1
  double submit = 0;           // field 2, seconds from the trace start
  double wait = -1;            // field 3, on the original machine (reference only)
  double runtime = -1;         // field 4
  int allocated_procs = -1;    // field 5
  int requested_procs = -1;    // field 8
  double requested_time = -1;  // field 9
  int status = -1;             // field 11
  int user = -1;               // field 12
  int queue = -1;              // field 15
  // Slots the job needs: allocated processors, or requested ones when that is unknown; <= 0
  // when both are unknown.
  int procs() const { return allocated_procs > 0 ? allocated_procs : requested_procs; }
};

struct SwfTrace {
  std::map<std::string, std::string> header;  // "MaxProcs" -> "1024" (first occurrence wins)
  long long max_nodes = -1;                   // header MaxNodes, -1 when absent
  long long max_procs = -1;                   // header MaxProcs
  long long unix_start_time = -1;             // header UnixStartTime
  std::vector<SwfJob> jobs;                   // in file order
};

Result<SwfTrace> ParseSwf(std::string_view text);

// Decompresses gzip data (one or more members); data without the gzip magic is returned as is.
// More than `limit` output bytes is an error, so a hostile file cannot exhaust memory.
Result<std::string> GunzipIfNeeded(std::string_view data, size_t limit = size_t{1} << 32);

// Reads and parses a .swf or .swf.gz file; errors carry the path: "trace.swf: line 3: ...".
Result<SwfTrace> ReadSwfFile(const std::string& path);

}  // namespace corral

#endif  // CORRAL_BALANCE_SWF_READER_H_
