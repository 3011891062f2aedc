#include "cloud/ec2/ec2_cloud.h"

#include <algorithm>

#include "cloud/ec2/ec2_cloud_impl.h"
#include "cloud/ec2/ec2_xml.h"
#include "util/crypto.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// EC2 takes up to 1000 ids per instance action; larger sets are split.
constexpr size_t kMaxIdsPerCall = 1000;

// An alias split as prefix + number of `width` digits ("node007" -> node, 7, 3).
struct Numbered {
  std::string prefix;
  long long number = -1;
  size_t width = 0;
};

Numbered SplitNumber(const std::string& alias) {
  size_t i = alias.size();
  while (i > 0 && isdigit(static_cast<unsigned char>(alias[i - 1]))) --i;
  Numbered n{alias.substr(0, i), -1, alias.size() - i};
  // Eighteen digits still fit a long long; longer runs are treated as plain names.
  if (n.width > 0 && n.width <= 18) n.number = *ParseInt(alias.substr(i));
  return n;
}

bool Follows(const Numbered& a, const Numbered& b) {
  return a.number >= 0 && b.number == a.number + 1 && a.prefix == b.prefix && a.width == b.width;
}

std::string Padded(long long n, size_t width) {
  std::string s = std::to_string(n);
  return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
}

bool KnownKeyType(const std::string& type) {
  return type == "ssh-ed25519" || type == "ssh-rsa" || StartsWith(type, "ecdsa-sha2-nistp") ||
         type == "ssh-dss";
}

}  // namespace

std::string EncodeAliasList(const std::vector<std::string>& aliases) {
  std::vector<std::string> items;
  for (size_t i = 0; i < aliases.size();) {
    size_t j = i;
    while (j + 1 < aliases.size() && Follows(SplitNumber(aliases[j]), SplitNumber(aliases[j + 1]))) ++j;
    if (j - i >= 2) {
      items.push_back(aliases[i] + ".." + aliases[j]);
    } else {
      for (size_t k = i; k <= j; ++k) items.push_back(aliases[k]);
    }
    i = j + 1;
  }
  return Join(items, ",");
}

std::vector<std::string> DecodeAliasList(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& item : Split(text, ',')) {
    size_t dots = item.find("..");
    if (dots == std::string::npos) {
      out.push_back(item);
      continue;
    }
    Numbered a = SplitNumber(item.substr(0, dots));
    Numbered b = SplitNumber(item.substr(dots + 2));
    if (a.number < 0 || a.prefix != b.prefix || a.width != b.width || b.number < a.number ||
        b.number - a.number > 100000) {
      out.push_back(item);  // not a range corral wrote; keep it verbatim
      continue;
    }
    for (long long n = a.number; n <= b.number; ++n) out.push_back(a.prefix + Padded(n, a.width));
  }
  return out;
}

std::vector<std::string> ParseConsoleHostKeys(const std::string& console) {
  const std::string begin = "-----BEGIN SSH HOST KEY KEYS-----";
  const std::string end = "-----END SSH HOST KEY KEYS-----";
  size_t b = console.rfind(begin);
  if (b == std::string::npos) return {};
  size_t e = console.find(end, b);
  if (e == std::string::npos) return {};  // still being printed
  std::vector<std::string> keys;
  for (const std::string& raw : Split(console.substr(b + begin.size(), e - b - begin.size()), '\n')) {
    std::vector<std::string> f = SplitList(ReplaceAll(raw, "\t", " "), ' ');
    // Console lines may carry a prefix (timestamps, "ec2: "); the key starts at its type.
    auto type = std::find_if(f.begin(), f.end(), KnownKeyType);
    if (type == f.end() || type + 1 == f.end() || !Base64Decode(*(type + 1))) continue;
    keys.push_back(*type + " " + *(type + 1));
  }
  return keys;
}

QueryParams InstanceFilterParams(const InstanceFilter& filter) {
  QueryParams p;
  if (!filter.ids.empty()) AddFilter(&p, "instance-id", filter.ids);
  if (!filter.security_group.empty()) AddFilter(&p, "instance.group-name", {filter.security_group});
  std::vector<std::string> states;
  for (InstanceState s : filter.states) states.push_back(InstanceStateName(s));
  if (states.empty()) states = {"pending", "running", "shutting-down", "stopping", "stopped"};
  AddFilter(&p, "instance-state-name", states);
  for (const auto& [key, value] : filter.tags) {
    if (value == "*") {
      AddFilter(&p, "tag-key", {key});
    } else {
      AddFilter(&p, "tag:" + key, {value});
    }
  }
  // The largest page EC2 serves: a 1000-node cluster is one call per poll.
  p.emplace_back("MaxResults", "1000");
  return p;
}

void AddIpPermission(QueryParams* params, const IpPermission& perm) {
  const std::string base = "IpPermissions.1.";
  params->emplace_back(base + "IpProtocol", perm.protocol);
  if (perm.protocol != "-1") {
    params->emplace_back(base + "FromPort", std::to_string(perm.from_port));
    params->emplace_back(base + "ToPort", std::to_string(perm.to_port));
  }
  if (!perm.cidr.empty()) params->emplace_back(base + "IpRanges.1.CidrIp", perm.cidr);
  if (!perm.source_group.empty()) {
    bool is_id = StartsWith(perm.source_group, "sg-");
    params->emplace_back(base + "Groups.1." + (is_id ? "GroupId" : "GroupName"), perm.source_group);
  }
}

void AddTags(QueryParams* params, const std::string& prefix, const Tags& tags) {
  int n = 1;
  for (const auto& [key, value] : tags) {
    params->emplace_back(prefix + "Tag." + std::to_string(n) + ".Key", key);
    params->emplace_back(prefix + "Tag." + std::to_string(n) + ".Value", value);
    ++n;
  }
}

Result<std::unique_ptr<Cloud>> NewEc2Cloud(const Ec2CloudOptions& options) {
  if (!options.credentials || !options.http || !options.clock || !options.log) {
    return InvalidArgument("ec2 provider: credentials, http client, clock and logger are required");
  }
  if (options.endpoint.host.empty()) return InvalidArgument("ec2 provider: no endpoint host");
  return std::unique_ptr<Cloud>(new Ec2Cloud(options));
}

Ec2Cloud::Ec2Cloud(const Ec2CloudOptions& options)
    : opt_(options),
      client_(options.endpoint, options.credentials.get(), options.http.get(), options.clock,
              options.log, options.retry, options.seed) {
  if (opt_.known_hosts_dir.empty()) opt_.known_hosts_dir = HomeDir() + "/.corral/ec2";
}

Result<std::vector<Instance>> Ec2Cloud::DescribeInstances(const InstanceFilter& filter) {
  ASSIGN_OR_RETURN(std::vector<std::string> pages,
                   client_.CallAll("DescribeInstances", InstanceFilterParams(filter)));
  std::vector<Instance> out;
  for (const std::string& page : pages) {
    ASSIGN_OR_RETURN(std::vector<Instance> instances, ParseInstances(page));
    std::map<std::string, int> index = ParseLaunchIndexes(page);
    for (Instance& i : instances) {
      auto list = i.tags.find(kAliasesTag);
      if (i.tags.count("alias") || list == i.tags.end()) continue;
      std::vector<std::string> aliases = DecodeAliasList(list->second);
      int n = index[i.id];
      if (n < 0 || static_cast<size_t>(n) >= aliases.size()) continue;
      i.tags["alias"] = aliases[n];
      i.tags.emplace("Name", aliases[n]);
    }
    for (Instance& i : instances) out.push_back(std::move(i));
  }
  return out;
}

Status Ec2Cloud::InstanceAction(const std::string& action, const std::vector<std::string>& ids) {
  for (size_t i = 0; i < ids.size(); i += kMaxIdsPerCall) {
    QueryParams p;
    AddList(&p, "InstanceId",
            std::vector<std::string>(ids.begin() + i, ids.begin() + std::min(ids.size(), i + kMaxIdsPerCall)));
    // Ids corral acts on come from its own launches, which other endpoints may not know yet.
    RETURN_IF_ERROR(client_.Call(action, p, {NotFoundPolicy::kAfterCreate}));
  }
  return Status::Ok();
}

Status Ec2Cloud::StartInstances(const std::vector<std::string>& ids) {
  return InstanceAction("StartInstances", ids);
}
Status Ec2Cloud::StopInstances(const std::vector<std::string>& ids) {
  return InstanceAction("StopInstances", ids);
}
Status Ec2Cloud::RebootInstances(const std::vector<std::string>& ids) {
  return InstanceAction("RebootInstances", ids);
}
Status Ec2Cloud::TerminateInstances(const std::vector<std::string>& ids) {
  return InstanceAction("TerminateInstances", ids);
}

Status Ec2Cloud::CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags) {
  if (resource_ids.empty() || tags.empty()) return Status::Ok();
  QueryParams p;
  AddList(&p, "ResourceId", resource_ids);
  AddTags(&p, "", tags);
  return client_.Call("CreateTags", p, {NotFoundPolicy::kAfterCreate}).status();
}

Result<std::string> Ec2Cloud::GetConsoleOutput(const std::string& instance_id) {
  ASSIGN_OR_RETURN(std::string xml, client_.Call("GetConsoleOutput", {{"InstanceId", instance_id}},
                                                 {NotFoundPolicy::kAfterCreate}));
  return ParseConsoleOutput(xml);
}

std::string Ec2Cloud::KnownHostsPath(const Instance& instance) const {
  std::string cluster = "instances";
  for (const std::string& g : instance.security_groups) {
    if (StartsWith(g, "@sc-")) cluster = g.substr(4);
  }
  // Tags are user text: keep the file name to one path component.
  cluster = ReplaceAll(ReplaceAll(cluster, "/", "_"), "..", "__");
  return opt_.known_hosts_dir + "/" + opt_.endpoint.region + "/" + cluster + ".known_hosts";
}

Result<std::vector<std::string>> Ec2Cloud::WaitForHostKeys(const std::string& instance_id) {
  TimePoint deadline = opt_.clock->Now() + opt_.host_key_timeout;
  while (true) {
    ASSIGN_OR_RETURN(std::string console, GetConsoleOutput(instance_id));
    std::vector<std::string> keys = ParseConsoleHostKeys(console);
    if (!keys.empty()) return keys;
    if (opt_.clock->Now() >= deadline) {
      return DeadlineExceeded("instance " + instance_id + " printed no SSH host keys on its console "
                              "(cloud-init's BEGIN SSH HOST KEY KEYS block); corral does not trust "
                              "unverified host keys, see docs/ec2.md");
    }
    opt_.clock->SleepFor(opt_.poll_interval);
  }
}

Result<SshEndpoint> Ec2Cloud::SshEndpointFor(const Instance& instance) {
  SshEndpoint ep;
  ep.host = instance.Address();
  if (ep.host.empty()) return Unavailable("instance " + instance.id + " has no address yet").Retryable();
  ep.host_key_alias = instance.id;
  ep.known_hosts_file = KnownHostsPath(instance);
  {
    std::lock_guard<std::mutex> lock(mu_);
    Result<std::string> known = ReadFile(ep.known_hosts_file);
    if (known.ok()) {
      for (const std::string& line : Split(*known, '\n')) {
        if (StartsWith(line, instance.id + " ")) return ep;
      }
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> keys, WaitForHostKeys(instance.id));
  std::lock_guard<std::mutex> lock(mu_);
  std::string text = ReadFile(ep.known_hosts_file).value_or("");
  if (!text.empty() && text.back() != '\n') text += '\n';
  for (const std::string& key : keys) text += instance.id + " " + key + "\n";
  std::string dir = ep.known_hosts_file.substr(0, ep.known_hosts_file.rfind('/'));
  RETURN_IF_ERROR(MakeDirs(dir, 0700));
  RETURN_IF_ERROR(WriteFileAtomic(ep.known_hosts_file, text, 0600));
  return ep;
}

}  // namespace corral
