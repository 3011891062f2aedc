#include "scheduler/sge/qstat_parser.h"

#include <pugixml.hpp>

#include <algorithm>
#include <climits>
#include <map>

#include "util/strings.h"

namespace corral {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

// A whole number of exactly `digits` digits at text[pos...], or -1.
int Digits(std::string_view text, size_t pos, size_t digits) {
  if (pos + digits > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

Status Malformed(std::string_view what, std::string_view text) {
  std::string shown(text.substr(0, 80));
  return Internal("malformed " + std::string(what) + " '" + shown + "'");
}

// The first 200 characters of an unparsable output, on one line, for the error message.
std::string Excerpt(std::string_view text) {
  std::string s = Trim(text.substr(0, 200));
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

Result<pugi::xml_document*> Load(pugi::xml_document& doc, std::string_view xml,
                                 std::string_view what) {
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
  if (!r) {
    return Internal("parsing " + std::string(what) + " output: " + r.description() + " at offset " +
                    std::to_string(r.offset) + ": '" + Excerpt(xml) + "'");
  }
  return &doc;
}

int IntText(const pugi::xml_node& n, const char* child, int fallback) {
  std::optional<long long> v = ParseInt(Trim(n.child_value(child)));
  if (!v || *v < 0 || *v > INT_MAX) return fallback;
  return static_cast<int>(*v);
}

// "all.q@node001" -> {"all.q", "node001"}; "all.q" -> {"all.q", ""}.
std::pair<std::string, std::string> SplitQueueName(std::string_view name) {
  size_t at = name.find('@');
  if (at == std::string_view::npos) return {std::string(name), ""};
  return {std::string(name.substr(0, at)), std::string(name.substr(at + 1))};
}

// Fills one JobInfo from a <job_list> element. `queue_instance` is the enclosing Queue-List's
// name under -f, else empty (then <queue_name> says where it runs).
Result<JobInfo> ParseJob(const pugi::xml_node& jl, const std::string& queue_instance,
                         int utc_offset) {
  JobInfo job;
  std::string number = Trim(jl.child_value("JB_job_number"));
  if (number.empty()) return Internal("qstat job entry without JB_job_number");
  job.name = Trim(jl.child_value("JB_name"));
  job.owner = Trim(jl.child_value("JB_owner"));
  job.raw_state = Trim(jl.child_value("state"));
  job.state = SgeJobState(jl.attribute("state").value(), job.raw_state);
  job.slots = std::max(1, IntText(jl, "slots", 1));

  std::string tasks = Trim(jl.child_value("tasks"));
  job.id = number;
  if (!tasks.empty()) {
    ASSIGN_OR_RETURN(job.tasks, CountArrayTasks(tasks));
    if (tasks.find_first_of("-,:") == std::string::npos) job.id = number + "." + tasks;
  }

  std::string where = queue_instance.empty() ? Trim(jl.child_value("queue_name")) : queue_instance;
  if (!where.empty()) {
    auto [queue, host] = SplitQueueName(where);
    job.queue = queue;
    if (!host.empty()) job.hosts.push_back(host);
  }

  for (pugi::xml_node pe : jl.children()) {
    std::string_view tag = pe.name();
    if (tag == "granted_pe" || (tag == "requested_pe" && job.pe.empty())) {
      job.pe = pe.attribute("name").value();
    } else if (tag == "hard_request") {
      std::string name = pe.attribute("name").value();
      if (name == "hostname" || name == "h") job.requested_host = Trim(pe.child_value());
    } else if (tag == "hard_req_queue") {
      auto [queue, host] = SplitQueueName(Trim(pe.child_value()));
      if (job.queue.empty()) job.queue = queue;
      if (job.requested_host.empty()) job.requested_host = host;
    }
  }

  std::string submit = Trim(jl.child_value("JB_submission_time"));
  if (!submit.empty()) {
    ASSIGN_OR_RETURN(job.submit_time, ParseSgeTime(submit, utc_offset));
  }
  std::string start = Trim(jl.child_value("JAT_start_time"));
  if (!start.empty()) {
    ASSIGN_OR_RETURN(job.start_time, ParseSgeTime(start, utc_offset));
  }
  return job;
}

// Adds `job` to `jobs`, merging a running entry into an earlier one of the same job/task (a
// parallel job listed under each of its queue instances with the slots it holds there).
void AddJob(std::vector<JobInfo>& jobs, std::map<std::string, size_t>& running_index, JobInfo job) {
  if (job.state == JobState::kRunning) {
    auto [it, inserted] = running_index.emplace(job.id, jobs.size());
    if (!inserted) {
      JobInfo& first = jobs[it->second];
      for (const std::string& h : job.hosts) {
        if (std::find(first.hosts.begin(), first.hosts.end(), h) == first.hosts.end()) {
          first.hosts.push_back(h);
        }
      }
      first.slots += job.slots;
      return;
    }
  }
  jobs.push_back(std::move(job));
}

}  // namespace

JobState SgeJobState(std::string_view list_state, std::string_view letters) {
  if (list_state == "running") return JobState::kRunning;
  if (list_state != "pending") return JobState::kOther;
  if (letters.find('E') != std::string_view::npos) return JobState::kError;
  if (letters.find('h') != std::string_view::npos) return JobState::kHeld;
  return JobState::kPending;
}

bool SgeQueueUsable(std::string_view state) {
  // u unknown (execd silent), d/D disabled, E error, s/S/C suspended, o orphaned, c config
  // ambiguous. 'a' (load alarm) is transient and still counts as capacity.
  return state.find_first_of("udDEsSCoc") == std::string_view::npos;
}

Result<int> CountArrayTasks(std::string_view spec) {
  long long total = 0;
  for (const std::string& part : Split(spec, ',')) {
    std::string p = Trim(part);
    long long step = 1;
    size_t colon = p.find(':');
    if (colon != std::string::npos) {
      std::optional<long long> s = ParseInt(p.substr(colon + 1));
      if (!s || *s <= 0) return Malformed("array task range", spec);
      step = *s;
      p = p.substr(0, colon);
    }
    size_t dash = p.find('-', 1);
    std::optional<long long> first = ParseInt(p.substr(0, dash));
    std::optional<long long> last = dash == std::string::npos ? first : ParseInt(p.substr(dash + 1));
    if (!first || !last || *first < 0 || *last < *first) {
      return Malformed("array task range", spec);
    }
    total += (*last - *first) / step + 1;
    if (total > INT_MAX) return Malformed("array task range", spec);
  }
  return static_cast<int>(total);
}

Result<double> ParseSgeTime(std::string_view text, int utc_offset_seconds) {
  // YYYY-MM-DDTHH:MM:SS, optionally followed by fractional seconds (ignored).
  int y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  int h = Digits(text, 11, 2), mi = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
      h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return Malformed("time", text);
  }
  long long days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return static_cast<double>(days * 86400 + h * 3600 + mi * 60 + s - utc_offset_seconds);
}

Result<int> ParseUtcOffset(std::string_view text) {
  std::string t = Trim(text);
  if (t.size() != 5 || (t[0] != '+' && t[0] != '-')) return Malformed("utc offset", text);
  int hh = Digits(t, 1, 2), mm = Digits(t, 3, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return Malformed("utc offset", text);
  int seconds = hh * 3600 + mm * 60;
  return t[0] == '-' ? -seconds : seconds;
}

Result<SgeQstat> ParseQstatXml(std::string_view xml, int utc_offset_seconds) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(Load(doc, xml, "qstat -xml"));
  pugi::xml_node root = doc.child("job_info");
  if (!root) return Internal("parsing qstat -xml output: no <job_info> element: '" + Excerpt(xml) + "'");

  SgeQstat out;
  std::map<std::string, size_t> running_index;
  for (pugi::xml_node section : root.children()) {
    std::string_view tag = section.name();
    if (tag != "queue_info" && tag != "job_info") continue;
    for (pugi::xml_node n : section.children()) {
      std::string_view name = n.name();
      if (name == "job_list") {
        ASSIGN_OR_RETURN(JobInfo job, ParseJob(n, "", utc_offset_seconds));
        AddJob(out.jobs, running_index, std::move(job));
      } else if (name == "Queue-List") {
        SgeQueueInstance q;
        q.name = Trim(n.child_value("name"));
        std::tie(q.queue, q.host) = SplitQueueName(q.name);
        q.slots_total = IntText(n, "slots_total", 0);
        q.slots_used = IntText(n, "slots_used", 0);
        q.state = Trim(n.child_value("state"));
        for (pugi::xml_node jl : n.children("job_list")) {
          ASSIGN_OR_RETURN(JobInfo job, ParseJob(jl, q.name, utc_offset_seconds));
          AddJob(out.jobs, running_index, std::move(job));
        }
        out.queues.push_back(std::move(q));
      }
    }
  }
  return out;
}

Result<std::vector<SgeHost>> ParseQhostXml(std::string_view xml) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(Load(doc, xml, "qhost -xml"));
  pugi::xml_node root = doc.child("qhost");
  if (!root) return Internal("parsing qhost -xml output: no <qhost> element: '" + Excerpt(xml) + "'");
  std::vector<SgeHost> hosts;
  for (pugi::xml_node h : root.children("host")) {
    SgeHost host;
    host.name = h.attribute("name").value();
    if (host.name.empty() || host.name == "global") continue;
    for (pugi::xml_node v : h.children("hostvalue")) {
      std::string_view key = v.attribute("name").value();
      std::string text = Trim(v.child_value());
      if (key == "num_proc") {
        std::optional<long long> n = ParseInt(text);
        if (n && *n > 0 && *n <= INT_MAX) host.num_proc = static_cast<int>(*n);
      } else if (key == "load_avg") {
        std::optional<double> load = ParseDouble(text);
        if (load) {
          host.load = *load;
          host.load_known = true;
        }
      }
    }
    hosts.push_back(std::move(host));
  }
  return hosts;
}

QueueSnapshot MakeSgeSnapshot(SgeQstat qstat, const std::vector<SgeHost>& hosts, double now) {
  QueueSnapshot snap;
  snap.now = now;
  snap.jobs = std::move(qstat.jobs);
  std::map<std::string, size_t> index;
  auto host_entry = [&](const std::string& name) -> HostInfo& {
    auto [it, inserted] = index.emplace(name, snap.hosts.size());
    if (inserted) {
      HostInfo h;
      h.name = name;
      h.available = false;  // until a usable queue instance is seen
      snap.hosts.push_back(h);
    }
    return snap.hosts[it->second];
  };
  for (const SgeHost& h : hosts) host_entry(h.name);
  for (const SgeQueueInstance& q : qstat.queues) {
    if (q.host.empty()) continue;
    HostInfo& h = host_entry(q.host);
    h.slots += q.slots_total;
    h.used_slots += q.slots_used;
    if (SgeQueueUsable(q.state)) h.available = true;
  }
  for (const SgeHost& h : hosts) {
    HostInfo& info = snap.hosts[index[h.name]];
    info.load = h.load;
    if (!h.load_known) info.available = false;
  }
  return snap;
}

}  // namespace corral
