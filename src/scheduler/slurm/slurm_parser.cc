#include "scheduler/slurm/slurm_parser.h"

#include <algorithm>
#include <climits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "scheduler/sge/qstat_parser.h"
#include "scheduler/slurm/slurm_parser_internal.h"
#include "util/strings.h"

namespace corral {
namespace slurm_internal {

Status SetArrayTasks(JobInfo& job, std::string_view spec) {
  // Slurm's task specs are Grid Engine's ("1-9:2", "1,4-6") plus a "%N" throttle.
  std::string_view ranges = spec.substr(0, spec.find('%'));
  Result<int> n = CountArrayTasks(ranges);
  if (!n.ok()) return InvalidArgument("bad array task spec '" + Excerpt(spec) + "'");
  job.tasks = std::max(1, *n);
  return Status::Ok();
}

void FinishJob(JobInfo& job, std::string_view reason, bool priority_zero) {
  job.state = SlurmJobState(job.raw_state, reason, priority_zero);
  if (job.state != JobState::kRunning && job.state != JobState::kOther) job.hosts.clear();
  if (job.state != JobState::kRunning && job.hosts.empty()) job.start_time = 0;
}

void ApplyNodeState(const std::vector<std::string>& words, HostInfo& host) {
  // Long names (JSON, sinfo %T) and compact ones (sinfo %t) of states in which slurmctld will not
  // start new work on the node. POWER_DOWN is a requested power-down ('!').
  static const std::set<std::string, std::less<>> kUnavailable = {
      "DOWN",       "DRAIN",        "DRAINED",       "DRAINING",   "DRNG",
      "FAIL",       "FAILG",        "FAILING",       "FUTURE",     "FUTR",
      "UNKNOWN",    "UNK",          "INVAL",         "INVALID",    "NOT_RESPONDING",
      "NO_RESPOND", "POWERED_DOWN", "POWERING_DOWN", "POWER_DOWN", "INVALID_REG"};
  for (const std::string& w : words) {
    if (kUnavailable.count(w)) host.available = false;
    if (w == "CLOUD") host.cloud = true;
    if (w == "POWERED_DOWN" || w == "POWERING_DOWN") host.powered_down = true;
    if (w == "POWERING_UP") host.powering_up = true;
  }
  // A powered-down node keeps the last load it reported (sinfo-cloud-powering.json: 1.09).
  if (host.powered_down) host.load = 0;
}

int ClampToInt(long long v, int lo) {
  return static_cast<int>(std::clamp<long long>(v, lo, INT_MAX));
}

std::string Excerpt(std::string_view text) {
  std::string s = Trim(text.substr(0, 80));
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

}  // namespace slurm_internal

using namespace slurm_internal;
using nlohmann::json;

JobState SlurmJobState(std::string_view state, std::string_view reason, bool priority_zero) {
  std::string s = ToUpper(Trim(state));
  // The reason's first word: squeue prints "ReqNodeNotAvail, UnavailableNodes:node1".
  std::string why(reason.substr(0, reason.find_first_of(", (")));
  if (s == "PENDING" || s == "PD") {
    if (priority_zero || StartsWith(why, "JobHeld") || why == "Dependency" || why == "BeginTime" ||
        StartsWith(reason, "launch failed requeued held")) {
      return JobState::kHeld;
    }
    static const std::set<std::string, std::less<>> kNever = {
        "BadConstraints",  "DependencyNeverSatisfied", "PartitionTimeLimit",
        "PartitionConfig", "InvalidAccount",           "InvalidQOS",
        "PartitionDown",   "PartitionInactive"};
    return kNever.count(why) ? JobState::kError : JobState::kPending;
  }
  static const std::set<std::string, std::less<>> kHoldsNodes = {
      "RUNNING", "R",  "CONFIGURING", "CF", "COMPLETING", "CG", "SUSPENDED", "S",
      "STOPPED", "ST", "RESIZING",    "RS", "SIGNALING",  "SI", "STAGE_OUT", "SO"};
  if (kHoldsNodes.count(s)) return JobState::kRunning;
  if (s == "REQUEUE_HOLD" || s == "RH" || s == "RESV_DEL_HOLD" || s == "RD") return JobState::kHeld;
  return JobState::kOther;
}

// ---- hostlists

namespace {

// A hostlist name cut into literal text and bracketed range lists: "r[1-2]n[01,3]x" ->
// "r", [1-2], "n", [01,3], "x". Each bracket group holds its expansions.
struct NamePart {
  std::string literal;
  std::vector<std::string> values;  // empty for a literal
};

// Longer names are not host names (DNS labels stop at 63 characters, FQDNs at 253); the bound
// also caps the bytes an expansion can take at kMaxHostlistHosts * 256.
constexpr size_t kMaxHostNameLength = 256;

Status ExpandRanges(std::string_view body, std::vector<std::string>& values) {
  for (const std::string& range : Split(body, ',')) {
    size_t dash = range.find('-');
    std::string lo = range.substr(0, dash);
    std::string hi = dash == std::string::npos ? lo : range.substr(dash + 1);
    // 18 digits keep every value and count inside a long long.
    auto digits = [](const std::string& s) {
      return !s.empty() && s.size() <= 18 &&
             std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(lo) || !digits(hi)) return InvalidArgument("bad range '" + Excerpt(range) + "'");
    long long first = *ParseInt(lo), last = *ParseInt(hi);
    if (last < first) return InvalidArgument("bad range '" + Excerpt(range) + "'");
    if (last - first >= static_cast<long long>(kMaxHostlistHosts - values.size())) {
      return InvalidArgument("more than " + std::to_string(kMaxHostlistHosts) + " hosts");
    }
    for (long long v = first; v <= last; ++v) {
      std::string n = std::to_string(v);
      if (n.size() < lo.size()) n.insert(0, lo.size() - n.size(), '0');  // "001-003" keeps width
      values.push_back(std::move(n));
    }
  }
  return Status::Ok();
}

Result<std::vector<NamePart>> SplitName(std::string_view name) {
  std::vector<NamePart> parts;
  size_t pos = 0;
  while (pos < name.size()) {
    size_t open = name.find('[', pos);
    if (name.substr(pos, open - pos).find(']') != std::string_view::npos) {
      return InvalidArgument("unbalanced ']' in '" + Excerpt(name) + "'");
    }
    parts.push_back({std::string(name.substr(pos, open - pos)), {}});
    if (open == std::string_view::npos) break;
    size_t close = name.find(']', open);
    if (close == std::string_view::npos)
      return InvalidArgument("unbalanced '[' in '" + Excerpt(name) + "'");
    NamePart group;
    RETURN_IF_ERROR(ExpandRanges(name.substr(open + 1, close - open - 1), group.values));
    parts.push_back(std::move(group));
    pos = close + 1;
  }
  return parts;
}

// Appends every name `name` stands for to `out`.
Status ExpandName(std::string_view name, std::vector<std::string>& out) {
  ASSIGN_OR_RETURN(std::vector<NamePart> parts, SplitName(name));
  std::vector<std::string> names = {""};
  for (const NamePart& part : parts) {
    if (part.values.empty()) {
      for (std::string& n : names) n += part.literal;
    } else {
      if (names.size() * part.values.size() + out.size() > kMaxHostlistHosts) {
        return InvalidArgument("more than " + std::to_string(kMaxHostlistHosts) + " hosts");
      }
      std::vector<std::string> next;
      next.reserve(names.size() * part.values.size());
      for (const std::string& n : names) {
        for (const std::string& v : part.values) next.push_back(n + v);
      }
      names = std::move(next);
    }
    if (names.front().size() > kMaxHostNameLength) return InvalidArgument("host name too long");
  }
  out.insert(out.end(), names.begin(), names.end());
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> ExpandHostlist(std::string_view hostlist) {
  std::vector<std::string> out;
  bool in_brackets = false;
  size_t start = 0;
  for (size_t i = 0; i <= hostlist.size(); ++i) {
    char c = i < hostlist.size() ? hostlist[i] : ',';
    if (c == '[') {
      if (in_brackets) return InvalidArgument("hostlist '" + Excerpt(hostlist) + "': nested '['");
      in_brackets = true;
    } else if (c == ']') {
      in_brackets = false;
    } else if (c == ',' && (!in_brackets || i == hostlist.size())) {
      std::string name = Trim(hostlist.substr(start, i - start));
      Status s = name.empty() ? Status::Ok() : ExpandName(name, out);
      if (!s.ok()) return InvalidArgument("hostlist '" + Excerpt(hostlist) + "': " + s.message());
      start = i + 1;
    }
  }
  return out;
}

// ---- JSON

namespace {

// A number, or a {"set": true, "number": N} object (openapi v0.0.39 and later); nullopt for
// null, an unset object, a non-number or a value beyond long long.
std::optional<long long> Int(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  const json* v = &*it;
  if (v->is_object()) {
    auto set = v->find("set");
    auto number = v->find("number");
    if ((set != v->end() && set->is_boolean() && !set->get<bool>()) || number == v->end()) {
      return std::nullopt;
    }
    v = &*number;
  }
  if (v->is_number_unsigned()) {
    auto u = v->get<unsigned long long>();
    if (u > static_cast<unsigned long long>(LLONG_MAX)) return std::nullopt;
    return static_cast<long long>(u);
  }
  if (v->is_number_integer()) return v->get<long long>();
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (!(d > -9e18 && d < 9e18)) return std::nullopt;  // also NaN
    return static_cast<long long>(d);
  }
  return std::nullopt;
}

std::string Str(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// A string or an array of strings (v0.0.39+ state arrays), upper-cased.
std::vector<std::string> Words(const json& obj, const char* key) {
  std::vector<std::string> words;
  auto it = obj.find(key);
  if (it == obj.end()) return words;
  if (it->is_string()) words.push_back(ToUpper(it->get<std::string>()));
  if (it->is_array()) {
    for (const json& w : *it) {
      if (w.is_string()) words.push_back(ToUpper(w.get<std::string>()));
    }
  }
  return words;
}

// Parses `text` and returns its array `key` ("jobs", "nodes"); `what` names the command.
Result<json> LoadArray(std::string_view text, const char* key, std::string_view what) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    std::string msg = e.what();
    msg = msg.substr(msg.find(']') + 1);  // drops "[json.exception.parse_error.101]"
    return InvalidArgument("parsing " + std::string(what) + " output:" + msg);
  }
  auto errors = doc.find("errors");
  if (errors != doc.end() && errors->is_array() && !errors->empty()) {
    const json& e = errors->front();
    std::string text_error = Str(e, "error").empty() ? Str(e, "description") : Str(e, "error");
    return Unavailable(std::string(what) +
                       " reported: " + (text_error.empty() ? e.dump() : text_error));
  }
  auto arr = doc.find(key);
  if (arr == doc.end() || !arr->is_array()) {
    return InvalidArgument(std::string(what) + " output has no \"" + key + "\" array: '" +
                           Excerpt(text) + "'");
  }
  return std::move(*arr);
}

Result<JobInfo> JsonJob(const json& j, size_t index) {
  JobInfo job;
  std::optional<long long> id = Int(j, "job_id");
  if (!j.is_object() || !id || *id <= 0) {
    return InvalidArgument("squeue --json job #" + std::to_string(index + 1) + ": no job_id");
  }
  job.id = std::to_string(*id);
  std::optional<long long> array_id = Int(j, "array_job_id");
  std::optional<long long> task_id = Int(j, "array_task_id");
  std::string task_spec = Str(j, "array_task_string");
  // An unset task id is NO_VAL (4294967294) in some versions, null in 22.05.
  if (array_id && *array_id > 0 && task_id && *task_id >= 0 && *task_id < INT_MAX) {
    job.id = std::to_string(*array_id) + "." + std::to_string(*task_id);
  } else if (array_id && *array_id > 0 && !task_spec.empty()) {
    job.id = std::to_string(*array_id);
    Status s = SetArrayTasks(job, task_spec);
    if (!s.ok()) return InvalidArgument("squeue --json job " + job.id + ": " + s.message());
  }
  job.name = Str(j, "name");
  job.owner = Str(j, "user_name");
  job.raw_state = Join(Words(j, "job_state"), "+");
  job.queue = Str(j, "partition");
  job.requested_host = Str(j, "required_nodes");
  job.submit_time = static_cast<double>(Int(j, "submit_time").value_or(0));
  job.start_time = static_cast<double>(Int(j, "start_time").value_or(0));
  job.nodes = ClampToInt(Int(j, "node_count").value_or(1), 1);
  std::optional<long long> cpus = Int(j, "cpus");
  if (!cpus || *cpus <= 0) {  // null for a job cancelled while pending
    long long tasks = ClampToInt(Int(j, "tasks").value_or(job.nodes), 1);
    cpus = tasks * ClampToInt(Int(j, "cpus_per_task").value_or(1), 1);
  }
  job.slots = ClampToInt(*cpus, 1);

  Result<std::vector<std::string>> hosts = ExpandHostlist(Str(j, "nodes"));
  if (!hosts.ok())
    return InvalidArgument("squeue --json job " + job.id + ": " + hosts.status().message());
  job.hosts = std::move(*hosts);
  std::optional<long long> priority = Int(j, "priority");
  FinishJob(job, Str(j, "state_reason"), priority && *priority == 0);
  return job;
}

Result<HostInfo> JsonHost(const json& n, size_t index) {
  HostInfo host;
  host.name = n.is_object() ? Str(n, "name") : "";
  if (host.name.empty()) {
    return InvalidArgument("sinfo --json node #" + std::to_string(index + 1) + ": no name");
  }
  host.slots = ClampToInt(Int(n, "cpus").value_or(0), 0);
  host.used_slots = ClampToInt(Int(n, "alloc_cpus").value_or(0), 0);
  // Hundredths of the load average; NO_VAL (4294967294) when slurmd has not reported.
  std::optional<long long> load = Int(n, "cpu_load");
  if (load && *load >= 0 && *load < 0xFFFFFFFELL) host.load = static_cast<double>(*load) / 100;
  std::vector<std::string> words = Words(n, "state");
  std::vector<std::string> flags = Words(n, "state_flags");
  words.insert(words.end(), flags.begin(), flags.end());
  ApplyNodeState(words, host);
  return host;
}

}  // namespace

Result<std::vector<JobInfo>> ParseSqueueJson(std::string_view text) {
  ASSIGN_OR_RETURN(json jobs, LoadArray(text, "jobs", "squeue --json"));
  std::vector<JobInfo> out;
  for (size_t i = 0; i < jobs.size(); ++i) {
    ASSIGN_OR_RETURN(JobInfo job, JsonJob(jobs[i], i));
    out.push_back(std::move(job));
  }
  return out;
}

Result<std::vector<HostInfo>> ParseSinfoJson(std::string_view text) {
  ASSIGN_OR_RETURN(json nodes, LoadArray(text, "nodes", "sinfo --json"));
  std::vector<HostInfo> out;
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < nodes.size(); ++i) {
    ASSIGN_OR_RETURN(HostInfo host, JsonHost(nodes[i], i));
    if (seen.insert(host.name).second) out.push_back(std::move(host));
  }
  return out;
}

}  // namespace corral
