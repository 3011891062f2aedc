// Key pair and volume commands, on whichever provider the config selects: createkey,
// listkeypairs, removekey, createvolume, listvolumes, removevolume.
#include <ctime>
#include <ostream>

#include "cli/cluster_access.h"
#include "cli/command.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

Command CreateKeyCommand() {
  Command c;
  c.name = "createkey";
  c.aliases = {"ck"};
  c.args = "<name>";
  c.summary = "Create a key pair (or import one with -i)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto name = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    auto import = std::make_shared<std::string>();
    app.add_option("name", *name, "key pair name")->required();
    app.add_option("-o,--output-file", *output, "write the private key here (mode 0400; must not exist)");
    app.add_option("-i,--import-key", *import, "import the public part of this private (or .pub) key");
    return [=](CliContext& ctx) -> Result<int> {
      std::string out_path = ExpandUser(*output, ctx.env);
      if (!out_path.empty() && PathExists(out_path)) {
        return InvalidArgument("createkey: output file " + out_path + " already exists");
      }
      std::string pub;
      if (!import->empty()) {
        std::string path = ExpandUser(*import, ctx.env);
        if (!PathExists(path)) return InvalidArgument("createkey: key file " + path + " does not exist");
        if (EndsWith(path, ".pub")) {
          ASSIGN_OR_RETURN(pub, ReadFile(path));
        } else {
          ProcessSpec spec{{"ssh-keygen", "-y", "-f", path}};
          ASSIGN_OR_RETURN(ProcessOutput o, RunChecked(*ctx.runner, spec));
          pub = o.out;
        }
      }
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      if (!import->empty()) {
        ASSIGN_OR_RETURN(KeyPair k, s.cloud->ImportKeyPair(*name, Trim(pub)));
        ctx.log->Info("Imported key pair " + k.name);
        *ctx.out << "fingerprint: " << k.fingerprint << "\n";
        return 0;
      }
      ASSIGN_OR_RETURN(KeyPair k, s.cloud->CreateKeyPair(*name));
      ctx.log->Info("Created key pair " + k.name);
      *ctx.out << "fingerprint: " << k.fingerprint << "\n";
      if (out_path.empty()) {
        *ctx.out << k.private_key;
      } else {
        RETURN_IF_ERROR(WriteFileAtomic(out_path, k.private_key, 0400));
        ctx.log->Info("Private key written to " + out_path);
      }
      return 0;
    };
  };
  return c;
}

Command ListKeyPairsCommand() {
  Command c;
  c.name = "listkeypairs";
  c.aliases = {"lk"};
  c.summary = "List key pairs with their fingerprints";
  c.define = [](CLI::App&) -> CommandRun {
    return [](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(std::vector<KeyPair> keys, s.cloud->DescribeKeyPairs());
      size_t width = 0;
      for (const KeyPair& k : keys) width = std::max(width, k.name.size());
      for (const KeyPair& k : keys) {
        *ctx.out << std::string(width - k.name.size(), ' ') << k.name << "  " << k.fingerprint << "\n";
      }
      return 0;
    };
  };
  return c;
}

Command RemoveKeyCommand() {
  Command c;
  c.name = "removekey";
  c.aliases = {"rk"};
  c.args = "<name>";
  c.summary = "Delete a key pair";
  c.define = [](CLI::App& app) -> CommandRun {
    auto name = std::make_shared<std::string>();
    auto confirm = std::make_shared<bool>(false);
    app.add_option("name", *name, "key pair name")->required();
    app.add_flag("-c,--confirm", *confirm, "do not ask for confirmation");
    return [=](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      if (!*confirm && !Confirm(ctx, "Delete key pair " + *name)) return 0;
      RETURN_IF_ERROR(s.cloud->DeleteKeyPair(*name));
      ctx.log->Info("Deleted key pair " + *name);
      return 0;
    };
  };
  return c;
}

std::vector<std::pair<std::string, std::string>> ParseTagFlags(const std::vector<std::string>& flags,
                                                               Status* error) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& f : flags) {
    for (const std::string& kv : SplitList(f)) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        *error = InvalidArgument("-t: tag '" + kv + "' is not key=value");
        return {};
      }
      out.push_back({kv.substr(0, eq), kv.substr(eq + 1)});
    }
  }
  return out;
}

Command CreateVolumeCommand() {
  Command c;
  c.name = "createvolume";
  c.aliases = {"cv"};
  c.args = "<size_GB> <zone>";
  c.summary = "Create a volume (on the local provider: a directory kept between clusters)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto size = std::make_shared<int>(0);
    auto zone = std::make_shared<std::string>();
    auto name = std::make_shared<std::string>();
    auto tags = std::make_shared<std::vector<std::string>>();
    app.add_option("size_GB", *size, "size in GB")->required()->check(CLI::PositiveNumber);
    app.add_option("zone", *zone, "availability zone (local: 'local')")->required();
    app.add_option("-n,--name", *name, "value of the volume's Name tag");
    app.add_option("-t,--tag", *tags, "tag key=value (repeatable, comma-separated)");
    return [=](CliContext& ctx) -> Result<int> {
      Status bad;
      auto kvs = ParseTagFlags(*tags, &bad);
      RETURN_IF_ERROR(bad);
      Tags t(kvs.begin(), kvs.end());
      if (!name->empty()) t["Name"] = *name;
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(Volume v, s.cloud->CreateVolume(*size, *zone, t));
      ctx.log->Info("Created volume " + v.id);
      *ctx.out << v.id << "\n";
      return 0;
    };
  };
  return c;
}

Command ListVolumesCommand() {
  Command c;
  c.name = "listvolumes";
  c.aliases = {"lv"};
  c.summary = "List volumes";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<std::map<std::string, std::string>>();
    auto deleted = std::make_shared<bool>(false);
    auto tags = std::make_shared<std::vector<std::string>>();
    app.add_option("-n,--name", (*f)["name"], "only volumes with this Name tag");
    app.add_option("-v,--volume-id", (*f)["id"], "only this volume");
    app.add_option("-s,--size", (*f)["size"], "only volumes of this size (GB)");
    app.add_option("-S,--status", (*f)["status"], "only volumes in this status");
    app.add_option("-a,--attach-status", (*f)["attach"], "only volumes with this attachment status");
    app.add_option("-z,--zone", (*f)["zone"], "only volumes in this zone");
    app.add_option("-i,--snapshot-id", (*f)["snapshot"], "only volumes made from this snapshot");
    app.add_option("-t,--tag", *tags, "only volumes with tag key=value");
    app.add_flag("-d,--show-deleted", *deleted, "include deleted volumes");
    return [=](CliContext& ctx) -> Result<int> {
      Status bad;
      auto want_tags = ParseTagFlags(*tags, &bad);
      RETURN_IF_ERROR(bad);
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      std::vector<std::string> ids;
      if (!(*f)["id"].empty()) ids.push_back((*f)["id"]);
      ASSIGN_OR_RETURN(std::vector<Volume> vols, s.cloud->DescribeVolumes(ids));
      size_t shown = 0;
      auto& m = *f;
      for (const Volume& v : vols) {
        std::string attach = v.attachments.empty() ? "N/A" : v.attachments.front().state;
        auto name_tag = v.tags.find("Name");
        if (!*deleted && (v.status == "deleting" || v.status == "deleted")) continue;
        if (!m["name"].empty() && (name_tag == v.tags.end() || name_tag->second != m["name"])) continue;
        if (!m["size"].empty() && std::to_string(v.size_gb) != m["size"]) continue;
        if (!m["status"].empty() && v.status != m["status"]) continue;
        if (!m["attach"].empty() && attach != m["attach"]) continue;
        if (!m["zone"].empty() && v.zone != m["zone"]) continue;
        if (!m["snapshot"].empty() && v.snapshot_id != m["snapshot"]) continue;
        bool tags_ok = true;
        for (const auto& [k, val] : want_tags) {
          auto it = v.tags.find(k);
          tags_ok &= it != v.tags.end() && it->second == val;
        }
        if (!tags_ok) continue;
        std::string created = "N/A";
        if (v.create_time > 0) {
          std::time_t t = v.create_time;
          std::tm tm{};
          gmtime_r(&t, &tm);
          char buf[32];
          std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
          created = buf;
        }
        std::string tag_text;
        for (const auto& [k, val] : v.tags) tag_text += (tag_text.empty() ? "" : ", ") + k + "=" + val;
        *ctx.out << "volume_id: " << v.id << "\n"
                 << "size: " << v.size_gb << "GB\n"
                 << "status: " << v.status << "\n"
                 << "attachment_status: " << attach << "\n";
        if (!v.attachments.empty()) *ctx.out << "instance_id: " << v.attachments.front().instance_id << "\n";
        *ctx.out << "availability_zone: " << (v.zone.empty() ? "N/A" : v.zone) << "\n"
                 << "snapshot_id: " << (v.snapshot_id.empty() ? "N/A" : v.snapshot_id) << "\n"
                 << "create_time: " << created << "\n"
                 << "tags: " << (tag_text.empty() ? "N/A" : tag_text) << "\n\n";
        ++shown;
      }
      *ctx.out << "Total: " << shown << "\n";
      return 0;
    };
  };
  return c;
}

Command RemoveVolumeCommand() {
  Command c;
  c.name = "removevolume";
  c.aliases = {"rv"};
  c.args = "<volume_id>...";
  c.summary = "Delete volumes (not while attached)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto ids = std::make_shared<std::vector<std::string>>();
    auto confirm = std::make_shared<bool>(false);
    app.add_option("volume_id", *ids, "volumes to delete")->required();
    app.add_flag("-c,--confirm", *confirm, "do not ask for confirmation");
    return [=](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(std::vector<Volume> vols, s.cloud->DescribeVolumes(*ids));
      for (const std::string& id : *ids) {
        auto it = std::find_if(vols.begin(), vols.end(), [&](const Volume& v) { return v.id == id; });
        if (it == vols.end()) return NotFound("volume " + id + " does not exist");
        if (!it->attachments.empty()) {
          return FailedPrecondition("volume " + id + " is " + it->attachments.front().state + " to " +
                                    it->attachments.front().instance_id + "; detach it (terminate or stop its cluster) first");
        }
      }
      for (const std::string& id : *ids) {
        if (!*confirm && !Confirm(ctx, "Delete volume " + id)) continue;
        RETURN_IF_ERROR(s.cloud->DeleteVolume(id));
        ctx.log->Info("Deleted volume " + id);
      }
      return 0;
    };
  };
  return c;
}

}  // namespace

std::vector<Command> ResourceCommands() {
  return {CreateKeyCommand(),    ListKeyPairsCommand(), RemoveKeyCommand(),
          CreateVolumeCommand(), ListVolumesCommand(),  RemoveVolumeCommand()};
}

}  // namespace corral
