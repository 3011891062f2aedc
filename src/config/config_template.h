// The configuration template that `corral` offers when no config exists (and that
// `corral config --template` prints). As written it works with the local provider: a 3-node
// `smallcluster` on this machine. Every section is explained, with commented EC2 examples.
#ifndef CORRAL_CONFIG_CONFIG_TEMPLATE_H_
#define CORRAL_CONFIG_CONFIG_TEMPLATE_H_

#include <string>

namespace corral {

const std::string& ConfigTemplate();

}  // namespace corral

#endif  // CORRAL_CONFIG_CONFIG_TEMPLATE_H_
