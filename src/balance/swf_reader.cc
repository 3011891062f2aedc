#include "balance/swf_reader.h"

#include <zlib.h>

#include <charconv>
#include <cmath>

#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr int kSwfFields = 18;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// "; MaxProcs: 1024" -> header["MaxProcs"] = "1024". Continuation lines have no key.
void ParseHeaderLine(std::string_view line, SwfTrace& trace) {
  std::string body = Trim(line.substr(1));
  size_t colon = body.find(':');
  if (colon == std::string::npos || colon == 0) return;
  std::string key = Trim(std::string_view(body).substr(0, colon));
  if (key.find(' ') != std::string::npos) return;
  std::string value = Trim(std::string_view(body).substr(colon + 1));
  if (!trace.header.emplace(key, value).second) return;
  // Values may carry a remark after the number ("18        (queues 0..17 ...)").
  std::string first = value.substr(0, value.find_first_of(" \t"));
  std::optional<long long> number = ParseInt(first);
  if (!number) return;
  if (key == "MaxNodes") trace.max_nodes = *number;
  if (key == "MaxProcs") trace.max_procs = *number;
  if (key == "UnixStartTime") trace.unix_start_time = *number;
}

Status ParseDataLine(std::string_view line, SwfJob& job) {
  double f[kSwfFields];
  int n = 0;
  size_t i = 0;
  while (true) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i == line.size()) break;
    size_t start = i;
    while (i < line.size() && !IsSpace(line[i])) ++i;
    std::string_view token = line.substr(start, i - start);
    if (n >= kSwfFields) {
      n++;  // counted for the message below
      continue;
    }
    double value = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(value)) {
      return InvalidArgument("field " + std::to_string(n + 1) + " '" + std::string(token) +
                             "' is not a number");
    }
    f[n++] = value;
  }
  if (n != kSwfFields) {
    return InvalidArgument("expected 18 fields, got " + std::to_string(n));
  }
  auto as_int = [](double v) {
    return v > 2e9 ? 2000000000 : v < -2e9 ? -2000000000 : static_cast<int>(v);
  };
  job.id = static_cast<long long>(std::fmax(-9e18, std::fmin(9e18, f[0])));
  job.submit = f[1];
  job.wait = f[2];
  job.runtime = f[3];
  job.allocated_procs = as_int(f[4]);
  job.requested_procs = as_int(f[7]);
  job.requested_time = f[8];
  job.status = as_int(f[10]);
  job.user = as_int(f[11]);
  job.queue = as_int(f[14]);
  return Status::Ok();
}

}  // namespace

Result<SwfTrace> ParseSwf(std::string_view text) {
  SwfTrace trace;
  size_t pos = 0;
  long long line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    size_t first = 0;
    while (first < line.size() && IsSpace(line[first])) ++first;
    line = line.substr(first);
    if (line.empty()) continue;
    if (line[0] == ';') {
      ParseHeaderLine(line, trace);
      continue;
    }
    SwfJob job;
    Status st = ParseDataLine(line, job);
    if (!st.ok()) return st.WithContext("line " + std::to_string(line_no));
    trace.jobs.push_back(job);
  }
  return trace;
}

Result<std::string> GunzipIfNeeded(std::string_view data, size_t limit) {
  if (data.size() < 2 || static_cast<unsigned char>(data[0]) != 0x1f ||
      static_cast<unsigned char>(data[1]) != 0x8b) {
    return std::string(data);
  }
  std::string out;
  z_stream zs{};
  // 16 + MAX_WBITS: expect a gzip wrapper.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Internal("cannot initialise zlib");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > limit) {
      inflateEnd(&zs);
      return InvalidArgument("gzip data expands beyond " + std::to_string(limit) + " bytes");
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc != Z_OK) break;
    if (zs.avail_in == 0 && zs.avail_out != 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return InvalidArgument("truncated or corrupt gzip data");
  return out;
}

Result<SwfTrace> ReadSwfFile(const std::string& path) {
  Result<std::string> raw = ReadFile(path);
  if (!raw.ok()) return raw.status();
  Result<std::string> text = GunzipIfNeeded(*raw);
  if (!text.ok()) return text.status().WithContext(path);
  Result<SwfTrace> trace = ParseSwf(*text);
  if (!trace.ok()) return trace.status().WithContext(path);
  return trace;
}

}  // namespace corral
