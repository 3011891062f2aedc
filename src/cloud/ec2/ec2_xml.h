// Parsers for EC2 response documents (API version 2016-11-15) into corral's own types. Each takes
// the response body and returns the records it holds; malformed XML is an Internal error naming
// the action. Pure functions, tested from saved samples and fuzzed (fuzz/ec2_xml_fuzz.cc).
#ifndef CORRAL_CLOUD_EC2_EC2_XML_H_
#define CORRAL_CLOUD_EC2_EC2_XML_H_

#include <map>
#include <string>
#include <vector>

#include "cloud/cloud.h"
#include "cloud/ec2/ec2_types.h"
#include "util/status.h"

namespace corral {

// <requestId> of a success document, or "".
std::string ResponseRequestId(const std::string& xml);
// <nextToken> of a paginated response, or "" on the last page (or for unparsable input).
std::string ResponseNextToken(const std::string& xml);

// DescribeInstances (reservationSet) and RunInstances (instancesSet); RunInstances' instances come
// back ordered by launch index, so aliases can be assigned by position.
Result<std::vector<Instance>> ParseInstances(const std::string& xml);
// Instance id -> amiLaunchIndex, for DescribeInstances and RunInstances documents ({} when
// unparsable).
std::map<std::string, int> ParseLaunchIndexes(const std::string& xml);
Result<std::vector<SecurityGroup>> ParseSecurityGroups(const std::string& xml);
// CreateSecurityGroup's groupId.
Result<std::string> ParseGroupId(const std::string& xml);
// DescribeKeyPairs (keySet) or a single CreateKeyPair/ImportKeyPair document.
Result<std::vector<KeyPair>> ParseKeyPairs(const std::string& xml);
Result<KeyPair> ParseKeyPair(const std::string& xml);
// DescribeVolumes (volumeSet) or a single CreateVolume document.
Result<std::vector<Volume>> ParseVolumes(const std::string& xml);
Result<Volume> ParseVolume(const std::string& xml);
Result<std::vector<SpotRequest>> ParseSpotRequests(const std::string& xml);
Result<std::vector<Region>> ParseRegions(const std::string& xml);
Result<std::vector<Zone>> ParseZones(const std::string& xml);
Result<std::vector<Image>> ParseImages(const std::string& xml);
Result<std::vector<InstanceTypeInfo>> ParseInstanceTypes(const std::string& xml);
Result<std::vector<SpotPrice>> ParseSpotPrices(const std::string& xml);
// GetConsoleOutput: the decoded console text ("" when the instance has none yet).
Result<std::string> ParseConsoleOutput(const std::string& xml);
// CreateSnapshot (one) or DescribeSnapshots (snapshotSet).
Result<std::vector<Snapshot>> ParseSnapshots(const std::string& xml);

// "2024-01-02T03:04:05.000Z" -> seconds since the epoch (0 when malformed).
long long ParseEc2Time(const std::string& text);

}  // namespace corral

#endif  // CORRAL_CLOUD_EC2_EC2_XML_H_
