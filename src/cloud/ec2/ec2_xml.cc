#include "cloud/ec2/ec2_xml.h"

#include <algorithm>
#include <ctime>
#include <pugixml.hpp>

#include "util/crypto.h"
#include "util/strings.h"

namespace corral {
namespace {

using pugi::xml_node;

Result<xml_node> Load(pugi::xml_document& doc, const std::string& xml, const char* what) {
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
  if (!r) return Internal(std::string("unparsable ") + what + " response: " + r.description());
  return doc.document_element();
}

std::string Text(xml_node n, const char* name) { return Trim(n.child_value(name)); }

int Int(xml_node n, const char* name) {
  return static_cast<int>(ParseInt(n.child_value(name)).value_or(0));
}

bool Bool(xml_node n, const char* name) { return Text(n, name) == "true"; }

// The text of each <item> (or its child `field`) under `set`.
std::vector<std::string> Items(xml_node set, const char* field = nullptr) {
  std::vector<std::string> out;
  for (xml_node item : set.children("item")) {
    out.push_back(field ? Text(item, field) : Trim(item.child_value()));
  }
  return out;
}

Tags ParseTags(xml_node n) {
  Tags tags;
  for (xml_node item : n.child("tagSet").children("item")) tags[Text(item, "key")] = Text(item, "value");
  return tags;
}

Instance ParseInstance(xml_node n) {
  Instance i;
  i.id = Text(n, "instanceId");
  i.image_id = Text(n, "imageId");
  i.instance_type = Text(n, "instanceType");
  i.state = ParseInstanceState(Text(n.child("instanceState"), "name")).value_or(InstanceState::kPending);
  i.state_reason = Text(n.child("stateReason"), "message");
  if (i.state_reason.empty()) i.state_reason = Text(n, "reason");
  i.private_ip = Text(n, "privateIpAddress");
  i.public_ip = Text(n, "ipAddress");
  i.private_dns = Text(n, "privateDnsName");
  i.public_dns = Text(n, "dnsName");
  i.zone = Text(n.child("placement"), "availabilityZone");
  i.key_name = Text(n, "keyName");
  i.security_groups = Items(n.child("groupSet"), "groupName");
  i.vpc_id = Text(n, "vpcId");
  i.subnet_id = Text(n, "subnetId");
  i.spot_request_id = Text(n, "spotInstanceRequestId");
  i.root_device_type = Text(n, "rootDeviceType");
  if (i.root_device_type.empty()) i.root_device_type = "ebs";
  i.platform_details = Text(n, "platformDetails");
  i.launch_time = ParseEc2Time(Text(n, "launchTime"));
  i.tags = ParseTags(n);
  return i;
}

IpPermission BasePermission(xml_node p) {
  IpPermission perm;
  perm.protocol = Text(p, "ipProtocol");
  perm.from_port = p.child("fromPort") ? Int(p, "fromPort") : -1;
  perm.to_port = p.child("toPort") ? Int(p, "toPort") : -1;
  return perm;
}

Volume ParseVolumeNode(xml_node n) {
  Volume v;
  v.id = Text(n, "volumeId");
  v.size_gb = Int(n, "size");
  v.zone = Text(n, "availabilityZone");
  v.status = Text(n, "status");
  v.snapshot_id = Text(n, "snapshotId");
  v.create_time = ParseEc2Time(Text(n, "createTime"));
  for (xml_node a : n.child("attachmentSet").children("item")) {
    v.attachments.push_back({Text(a, "instanceId"), Text(a, "device"), Text(a, "status")});
  }
  v.tags = ParseTags(n);
  return v;
}

KeyPair ParseKeyNode(xml_node n) {
  return {Text(n, "keyName"), Text(n, "keyFingerprint"), n.child_value("keyMaterial")};
}

Snapshot ParseSnapshotNode(xml_node n) {
  return {Text(n, "snapshotId"), Text(n, "volumeId"), Text(n, "status"), Text(n, "progress"),
          Int(n, "volumeSize")};
}

// Parses every <item> of the set `set_name` under the document element with `parse`.
template <typename Fn>
auto ParseSet(const std::string& xml, const char* what, const char* set_name, Fn parse)
    -> Result<std::vector<decltype(parse(xml_node()))>> {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, what));
  std::vector<decltype(parse(xml_node()))> out;
  for (xml_node n : root.child(set_name).children("item")) out.push_back(parse(n));
  return out;
}

}  // namespace

long long ParseEc2Time(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  return static_cast<long long>(timegm(&tm));
}

std::string ResponseRequestId(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return "";
  return Text(doc.document_element(), "requestId");
}

std::string ResponseNextToken(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return "";
  return Text(doc.document_element(), "nextToken");
}

Result<std::vector<Instance>> ParseInstances(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "instances"));
  std::vector<Instance> out;
  std::vector<std::pair<int, Instance>> launched;
  for (xml_node res : root.child("reservationSet").children("item")) {
    for (xml_node n : res.child("instancesSet").children("item")) out.push_back(ParseInstance(n));
  }
  for (xml_node n : root.child("instancesSet").children("item")) {
    launched.emplace_back(Int(n, "amiLaunchIndex"), ParseInstance(n));
  }
  std::stable_sort(launched.begin(), launched.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, inst] : launched) out.push_back(std::move(inst));
  return out;
}

std::map<std::string, int> ParseLaunchIndexes(const std::string& xml) {
  std::map<std::string, int> out;
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return out;
  xml_node root = doc.document_element();
  for (xml_node res : root.child("reservationSet").children("item")) {
    for (xml_node n : res.child("instancesSet").children("item")) {
      out[Text(n, "instanceId")] = Int(n, "amiLaunchIndex");
    }
  }
  for (xml_node n : root.child("instancesSet").children("item")) {
    out[Text(n, "instanceId")] = Int(n, "amiLaunchIndex");
  }
  return out;
}

Result<std::vector<SecurityGroup>> ParseSecurityGroups(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "security groups"));
  std::vector<SecurityGroup> out;
  for (xml_node n : root.child("securityGroupInfo").children("item")) {
    SecurityGroup g{Text(n, "groupId"), Text(n, "groupName"), Text(n, "groupDescription"),
                    Text(n, "vpcId"), ParseTags(n), {}};
    // One IpPermission per (rule, source): EC2 groups sources under one rule.
    for (xml_node p : n.child("ipPermissions").children("item")) {
      for (xml_node r : p.child("ipRanges").children("item")) {
        IpPermission perm = BasePermission(p);
        perm.cidr = Text(r, "cidrIp");
        g.permissions.push_back(perm);
      }
      for (xml_node s : p.child("groups").children("item")) {
        IpPermission perm = BasePermission(p);
        perm.source_group = Text(s, "groupId");
        g.permissions.push_back(perm);
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::string> ParseGroupId(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "CreateSecurityGroup"));
  std::string id = Text(root, "groupId");
  if (id.empty()) return Internal("CreateSecurityGroup response has no groupId");
  return id;
}

Result<std::vector<KeyPair>> ParseKeyPairs(const std::string& xml) {
  return ParseSet(xml, "key pairs", "keySet", ParseKeyNode);
}

Result<KeyPair> ParseKeyPair(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "key pair"));
  KeyPair k = ParseKeyNode(root);
  if (k.name.empty()) return Internal("key pair response has no keyName");
  return k;
}

Result<std::vector<Volume>> ParseVolumes(const std::string& xml) {
  return ParseSet(xml, "volumes", "volumeSet", ParseVolumeNode);
}

Result<Volume> ParseVolume(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "volume"));
  Volume v = ParseVolumeNode(root);
  if (v.id.empty()) return Internal("CreateVolume response has no volumeId");
  return v;
}

Result<std::vector<SpotRequest>> ParseSpotRequests(const std::string& xml) {
  return ParseSet(xml, "spot requests", "spotInstanceRequestSet", [](xml_node n) {
    return SpotRequest{Text(n, "spotInstanceRequestId"), Text(n, "state"), Text(n, "instanceId"),
                       ParseDouble(n.child_value("spotPrice")).value_or(0), Text(n, "launchGroup")};
  });
}

Result<std::vector<Region>> ParseRegions(const std::string& xml) {
  return ParseSet(xml, "regions", "regionInfo", [](xml_node n) {
    return Region{Text(n, "regionName"), Text(n, "regionEndpoint"), Text(n, "optInStatus")};
  });
}

Result<std::vector<Zone>> ParseZones(const std::string& xml) {
  return ParseSet(xml, "zones", "availabilityZoneInfo", [](xml_node n) {
    return Zone{Text(n, "zoneName"), Text(n, "zoneState"), Text(n, "regionName"),
                Items(n.child("messageSet"), "message")};
  });
}

Result<std::vector<Image>> ParseImages(const std::string& xml) {
  return ParseSet(xml, "images", "imagesSet", [](xml_node n) {
    Image i;
    i.id = Text(n, "imageId");
    i.name = Text(n, "name");
    i.description = Text(n, "description");
    i.owner_id = Text(n, "imageOwnerId");
    i.state = Text(n, "imageState");
    i.architecture = Text(n, "architecture");
    i.virtualization_type = Text(n, "virtualizationType");
    i.root_device_type = Text(n, "rootDeviceType");
    i.root_device_name = Text(n, "rootDeviceName");
    i.platform = Text(n, "platform");
    i.is_public = Bool(n, "isPublic");
    i.creation_time = ParseEc2Time(Text(n, "creationDate"));
    i.tags = ParseTags(n);
    return i;
  });
}

Result<std::vector<InstanceTypeInfo>> ParseInstanceTypes(const std::string& xml) {
  return ParseSet(xml, "instance types", "instanceTypeSet", [](xml_node n) {
    InstanceTypeInfo t;
    t.name = Text(n, "instanceType");
    t.architectures = Items(n.child("processorInfo").child("supportedArchitectures"));
    t.virtualization_types = Items(n.child("supportedVirtualizationTypes"));
    t.root_device_types = Items(n.child("supportedRootDeviceTypes"));
    t.placement_strategies = Items(n.child("placementGroupInfo").child("supportedStrategies"));
    t.vcpus = Int(n.child("vCpuInfo"), "defaultVCpus");
    t.memory_mib = ParseInt(n.child("memoryInfo").child_value("sizeInMiB")).value_or(0);
    t.current_generation = Text(n, "currentGeneration") != "false";
    std::vector<std::string> classes = Items(n.child("supportedUsageClasses"));
    t.supports_spot =
        classes.empty() || std::find(classes.begin(), classes.end(), "spot") != classes.end();
    return t;
  });
}

Result<std::vector<SpotPrice>> ParseSpotPrices(const std::string& xml) {
  return ParseSet(xml, "spot price history", "spotPriceHistorySet", [](xml_node n) {
    return SpotPrice{Text(n, "instanceType"), Text(n, "productDescription"),
                     Text(n, "availabilityZone"), ParseDouble(n.child_value("spotPrice")).value_or(0),
                     ParseEc2Time(Text(n, "timestamp"))};
  });
}

Result<std::string> ParseConsoleOutput(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "console output"));
  std::string encoded = Text(root, "output");
  std::optional<std::string> text = Base64Decode(encoded);
  if (!text) return Internal("console output is not valid base64");
  return *text;
}

Result<std::vector<Snapshot>> ParseSnapshots(const std::string& xml) {
  pugi::xml_document doc;
  ASSIGN_OR_RETURN(xml_node root, Load(doc, xml, "snapshots"));
  std::vector<Snapshot> out;
  if (root.child("snapshotId")) out.push_back(ParseSnapshotNode(root));
  for (xml_node n : root.child("snapshotSet").children("item")) out.push_back(ParseSnapshotNode(n));
  return out;
}

}  // namespace corral
