#include "scheduler/sge/qacct_parser.h"

#include <ctime>

#include "util/strings.h"

namespace corral {
namespace {

bool AllParsed(const char* end) { return end && *end == '\0'; }

// Parses with strptime (C locale: English day and month names) and converts as UTC.
bool ParseAs(const std::string& text, const char* format, double* out) {
  std::tm tm = {};
  const char* end = strptime(text.c_str(), format, &tm);
  if (!end) return false;
  double fraction = 0;
  if (*end == '.') {  // SoGE's milliseconds
    char* rest = nullptr;
    fraction = std::strtod(end, &rest);
    end = rest;
  }
  if (!AllParsed(end)) return false;
  *out = static_cast<double>(timegm(&tm)) + fraction;
  return true;
}

}  // namespace

Result<double> ParseQacctTime(std::string_view text) {
  std::string t = Trim(text);
  if (t == "-/-") return 0.0;
  double v = 0;
  if (ParseAs(t, "%a %b %d %H:%M:%S %Y", &v) || ParseAs(t, "%m/%d/%Y %H:%M:%S", &v)) return v;
  return InvalidArgument("unreadable time '" + t + "'");
}

Result<std::vector<QacctRecord>> ParseQacct(std::string_view text) {
  std::vector<QacctRecord> records;
  std::string number, task;
  QacctRecord r;
  bool open = false;
  auto finish = [&]() -> Status {
    if (!open) return Status::Ok();
    if (number.empty()) {
      return InvalidArgument("qacct record " + std::to_string(records.size() + 1) +
                             " has no jobnumber");
    }
    r.id = task.empty() || task == "undefined" ? number : number + "." + task;
    records.push_back(r);
    r = QacctRecord();
    number.clear();
    task.clear();
    return Status::Ok();
  };
  for (const std::string& raw : Split(std::string(text), '\n')) {
    std::string line = Trim(raw);
    if (line.empty()) continue;
    if (line == "Total System Usage") break;  // the summary table that ends `qacct -j`
    if (line.find_first_not_of('=') == std::string::npos) {
      RETURN_IF_ERROR(finish());
      open = true;
      continue;
    }
    size_t space = line.find_first_of(" \t");
    if (!open || space == std::string::npos) continue;  // totals or a key without a value
    std::string key = line.substr(0, space), value = Trim(line.substr(space));
    double* time = key == "qsub_time"    ? &r.submit_time
                   : key == "start_time" ? &r.start_time
                   : key == "end_time"   ? &r.end_time
                                         : nullptr;
    if (time) {
      Result<double> t = ParseQacctTime(value);
      if (!t.ok()) {
        return t.status().WithContext("qacct record of job " + (number.empty() ? "?" : number) +
                                      ": " + key);
      }
      *time = *t;
    } else if (key == "jobnumber") {
      number = value;
    } else if (key == "taskid") {
      task = value;
    } else if (key == "failed") {
      r.failed = std::atoi(value.c_str());
    }
  }
  RETURN_IF_ERROR(finish());
  return records;
}

std::string SgeQacctCommand(double since) {
  std::time_t t = static_cast<std::time_t>(since);
  std::tm tm = {};
  gmtime_r(&t, &tm);
  char begin[32];
  std::strftime(begin, sizeof begin, "%Y%m%d%H%M.%S", &tm);
  std::string script =
      "export SGE_ROOT=/var/lib/gridengine SGE_CELL=default\n"
      "PATH=/usr/lib/gridengine:/usr/sbin:/usr/bin:/sbin:/bin:$PATH\n"
      "[ -e \"$SGE_ROOT/$SGE_CELL/common/accounting\" ] || exit 0\n"
      "TZ=UTC exec qacct -j -b " +
      std::string(begin) + "\n";
  return "/bin/sh -c " + ShellQuote(script);
}

}  // namespace corral
