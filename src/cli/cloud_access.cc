#include "cli/cloud_access.h"

#include "cloud/ec2/ec2_cloud.h"
#include "cloud/local/local_cloud.h"

namespace corral {

std::string DefaultCloudName(const Config& config) {
  if (!config.global.cloud.empty()) return config.global.cloud;
  return config.aws.present ? "ec2" : "local";
}

Result<std::unique_ptr<Cloud>> OpenCloud(CliContext& ctx, const Config& config,
                                         const std::string& name) {
  if (name == "local") {
    LocalCloudOptions opt;
    opt.state_dir = ctx.Env("CORRAL_STATE_DIR");
    if (opt.state_dir.empty()) opt.state_dir = kDefaultLocalStateDir;
    opt.runner = ctx.runner;
    opt.clock = ctx.clock;
    opt.log = ctx.log;
    ASSIGN_OR_RETURN(opt.node_init_path, FindNodeInit());
    return NewLocalCloud(opt);
  }
  if (name == "ec2") {
    return OpenEc2Cloud({config.aws, ctx.global.region, ctx.env, ctx.clock, ctx.log});
  }
  return InvalidArgument("unknown cloud provider '" + name + "' (expected 'local' or 'ec2')");
}

}  // namespace corral
