#include "cloud/local/ssh_keys.h"

#include <unistd.h>

#include "util/strings.h"

namespace corral {
namespace {

Result<ProcessOutput> SshKeygen(ProcessRunner& runner, std::vector<std::string> args,
                                const std::string& stdin_data = "") {
  ProcessSpec spec;
  spec.argv = {"ssh-keygen"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.stdin_data = stdin_data;
  spec.timeout = Duration(30000);
  return RunChecked(runner, spec);
}

}  // namespace

Status GenerateEd25519Key(ProcessRunner& runner, const std::string& path,
                          const std::string& comment) {
  unlink(path.c_str());
  unlink((path + ".pub").c_str());
  return SshKeygen(runner, {"-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path}).status();
}

Status SignHostKey(ProcessRunner& runner, const std::string& ca_path,
                   const std::string& public_key_path, const std::string& identity,
                   const std::vector<std::string>& principals) {
  return SshKeygen(runner, {"-q", "-s", ca_path, "-I", identity, "-h", "-n",
                            Join(principals, ","), public_key_path})
      .status();
}

Result<std::string> ParseFingerprintLine(const std::string& line) {
  std::vector<std::string> fields = SplitList(line, ' ');
  if (fields.size() < 2 || !StartsWith(fields[1], "SHA256:")) {
    return Internal("unexpected ssh-keygen -l output: " + Trim(line));
  }
  return fields[1];
}

Result<std::string> KeyFingerprint(ProcessRunner& runner, const std::string& public_key) {
  std::string key = Trim(public_key);
  if (key.empty() || key.find('\n') != std::string::npos) {
    return InvalidArgument("not an OpenSSH public key (expected one line 'TYPE BASE64 [COMMENT]')");
  }
  ProcessSpec spec;
  spec.argv = {"ssh-keygen", "-l", "-f", "-"};
  spec.stdin_data = key + "\n";
  spec.timeout = Duration(30000);
  ASSIGN_OR_RETURN(ProcessOutput out, runner.Run(spec));
  if (!out.success()) {
    return InvalidArgument("not an OpenSSH public key: " + Trim(out.err.empty() ? out.out : out.err));
  }
  return ParseFingerprintLine(out.out);
}

}  // namespace corral
