// libFuzzer target: the EC2 response parsers and the error parser must never crash on any input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cloud/ec2/ec2_error.h"
#include "cloud/ec2/ec2_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string xml(reinterpret_cast<const char*>(data), size);
  (void)corral::ParseInstances(xml);
  (void)corral::ParseSecurityGroups(xml);
  (void)corral::ParseVolumes(xml);
  (void)corral::ParseSpotRequests(xml);
  (void)corral::ParseInstanceTypes(xml);
  (void)corral::ParseImages(xml);
  (void)corral::ParseConsoleOutput(xml);
  (void)corral::ParseSnapshots(xml);
  (void)corral::ParseEc2Error(xml);
  (void)corral::ResponseNextToken(xml);
  return 0;
}
