// SSH keys for the local provider, made with ssh-keygen(1) through the ProcessRunner: key pairs,
// the per-cluster host CA and host certificates, fingerprints as `ssh-keygen -l` prints them.
#ifndef CORRAL_CLOUD_LOCAL_SSH_KEYS_H_
#define CORRAL_CLOUD_LOCAL_SSH_KEYS_H_

#include <string>
#include <vector>

#include "util/process.h"
#include "util/status.h"

namespace corral {

// Writes a new passphrase-less ed25519 key to `path` and `path`.pub (replacing old files).
Status GenerateEd25519Key(ProcessRunner& runner, const std::string& path,
                          const std::string& comment);
// Signs `public_key_path` as a host key with CA `ca_path`, valid for `principals`; the
// certificate goes beside it as <key>-cert.pub.
Status SignHostKey(ProcessRunner& runner, const std::string& ca_path,
                   const std::string& public_key_path, const std::string& identity,
                   const std::vector<std::string>& principals);
// "SHA256:..." for an OpenSSH public key line; InvalidArgument when it is not one.
Result<std::string> KeyFingerprint(ProcessRunner& runner, const std::string& public_key);
// The fingerprint field of a `ssh-keygen -l` line ("256 SHA256:abc comment (ED25519)").
Result<std::string> ParseFingerprintLine(const std::string& line);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_SSH_KEYS_H_
