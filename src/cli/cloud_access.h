// How commands open a provider. `local` is a LocalCloud on $CORRAL_STATE_DIR (default
// /var/lib/corral/local); `ec2` an Ec2Cloud with the [aws info] credentials and the AWS chain.
#ifndef CORRAL_CLI_CLOUD_ACCESS_H_
#define CORRAL_CLI_CLOUD_ACCESS_H_

#include <memory>
#include <string>

#include "cli/context.h"
#include "cloud/cloud.h"
#include "config/config.h"
#include "util/status.h"

namespace corral {

// The provider a command without a template uses: [global] CLOUD, else ec2 when [aws info]
// exists, else local.
std::string DefaultCloudName(const Config& config);

// Opens provider `name` ("local" or "ec2"). InvalidArgument for an unknown name.
Result<std::unique_ptr<Cloud>> OpenCloud(CliContext& ctx, const Config& config,
                                         const std::string& name);

}  // namespace corral

#endif  // CORRAL_CLI_CLOUD_ACCESS_H_
