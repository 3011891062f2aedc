#include "cloud/local/local_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

namespace corral {
namespace {

// How long a statement waits for another process's write transaction before giving up. Launching
// holds no database transaction across slow steps, so waits are short; 30 s is a generous bound.
constexpr int kBusyTimeoutMs = 30000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS instances(
  id TEXT PRIMARY KEY, alias TEXT NOT NULL, group_id TEXT NOT NULL, ip TEXT NOT NULL,
  mac TEXT NOT NULL, state TEXT NOT NULL, state_reason TEXT NOT NULL, pid1 INTEGER NOT NULL,
  pid1_start INTEGER NOT NULL, boot_id TEXT NOT NULL, launch_time INTEGER NOT NULL,
  instance_type TEXT NOT NULL, image_id TEXT NOT NULL, key_name TEXT NOT NULL,
  tags TEXT NOT NULL, user_data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS security_groups(
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
  vpc_id TEXT NOT NULL, tags TEXT NOT NULL, rules TEXT NOT NULL, short_id TEXT NOT NULL,
  subnet TEXT NOT NULL, create_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS key_pairs(
  name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, public_key TEXT NOT NULL,
  create_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS volumes(
  id TEXT PRIMARY KEY, size_gb INTEGER NOT NULL, zone TEXT NOT NULL, status TEXT NOT NULL,
  create_time INTEGER NOT NULL, tags TEXT NOT NULL, instance_id TEXT NOT NULL,
  device TEXT NOT NULL, mount_path TEXT NOT NULL);
)sql";

// A prepared statement with positional binding; finalized on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt& Bind(const std::string& v) {
    sqlite3_bind_text(stmt_, ++n_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(const std::string& v) {
    sqlite3_bind_blob(stmt_, ++n_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(long long v) {
    sqlite3_bind_int64(stmt_, ++n_, v);
    return *this;
  }
  // Returns true for a row, false when done.
  Result<bool> Step() {
    if (rc_ != SQLITE_OK) return Error();
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return Error();
  }
  Status Run() {
    Result<bool> r = Step();
    return r.status();
  }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  std::string Blob(int col) {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b), sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  long long Int(int col) { return sqlite3_column_int64(stmt_, col); }

 private:
  Status Error() {
    Status st = Internal(std::string("local state database: ") + sqlite3_errmsg(db_));
    int code = sqlite3_errcode(db_) & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED ? st.Retryable() : st;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  int n_ = 0;
};

InstanceRow ReadInstance(Stmt& s) {
  InstanceRow r;
  r.id = s.Text(0);
  r.alias = s.Text(1);
  r.group_id = s.Text(2);
  r.ip = s.Text(3);
  r.mac = s.Text(4);
  r.state = ParseInstanceState(s.Text(5)).value_or(InstanceState::kStopped);
  r.state_reason = s.Text(6);
  r.pid1 = s.Int(7);
  r.pid1_start = s.Int(8);
  r.boot_id = s.Text(9);
  r.launch_time = s.Int(10);
  r.instance_type = s.Text(11);
  r.image_id = s.Text(12);
  r.key_name = s.Text(13);
  r.tags = TagsFromJson(s.Text(14));
  r.user_data = s.Blob(15);
  return r;
}

GroupRow ReadGroup(Stmt& s) {
  GroupRow g;
  g.id = s.Text(0);
  g.name = s.Text(1);
  g.description = s.Text(2);
  g.vpc_id = s.Text(3);
  g.tags = TagsFromJson(s.Text(4));
  g.permissions = PermissionsFromJson(s.Text(5));
  g.short_id = s.Text(6);
  g.subnet = s.Text(7);
  g.create_time = s.Int(8);
  return g;
}

KeyPairRow ReadKeyPair(Stmt& s) {
  return KeyPairRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3)};
}

VolumeRow ReadVolume(Stmt& s) {
  VolumeRow v;
  v.id = s.Text(0);
  v.size_gb = static_cast<int>(s.Int(1));
  v.zone = s.Text(2);
  v.status = s.Text(3);
  v.create_time = s.Int(4);
  v.tags = TagsFromJson(s.Text(5));
  v.instance_id = s.Text(6);
  v.device = s.Text(7);
  v.mount_path = s.Text(8);
  return v;
}

constexpr const char* kInstanceCols =
    "id, alias, group_id, ip, mac, state, state_reason, pid1, pid1_start, boot_id, launch_time, "
    "instance_type, image_id, key_name, tags, user_data";
constexpr const char* kGroupCols =
    "id, name, description, vpc_id, tags, rules, short_id, subnet, create_time";
constexpr const char* kKeyCols = "name, fingerprint, public_key, create_time";
constexpr const char* kVolumeCols =
    "id, size_gb, zone, status, create_time, tags, instance_id, device, mount_path";

// Runs a SELECT with one optional text key and reads every row with `read`.
template <typename Row, typename Reader>
Result<std::vector<Row>> Query(sqlite3* db, const std::string& sql, const std::string* key,
                               Reader read) {
  Stmt s(db, sql.c_str());
  if (key) s.Bind(*key);
  std::vector<Row> rows;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, s.Step());
    if (!more) break;
    rows.push_back(read(s));
  }
  return rows;
}

template <typename Row>
Result<std::optional<Row>> First(Result<std::vector<Row>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(rows->front());
}

std::string Select(const char* cols, const char* table, const char* where) {
  return std::string("SELECT ") + cols + " FROM " + table + " " + where;
}

}  // namespace

Result<std::unique_ptr<LocalStore>> LocalStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                  SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Internal("cannot open local state database '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::unique_ptr<LocalStore> store(new LocalStore(db));
  RETURN_IF_ERROR(store->Exec("PRAGMA journal_mode=WAL").WithContext(path));
  RETURN_IF_ERROR(store->Exec("PRAGMA synchronous=NORMAL"));
  RETURN_IF_ERROR(store->Exec(kSchema).WithContext(path));
  return store;
}

LocalStore::~LocalStore() { sqlite3_close(db_); }

Status LocalStore::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    Status st = Internal("local state database: " + msg);
    int code = sqlite3_errcode(db_) & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED ? st.Retryable() : st;
  }
  return Status::Ok();
}

Status LocalStore::PutInstance(const InstanceRow& r) {
  Stmt s(db_, (std::string("INSERT OR REPLACE INTO instances(") + kInstanceCols +
               ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").c_str());
  s.Bind(r.id).Bind(r.alias).Bind(r.group_id).Bind(r.ip).Bind(r.mac);
  s.Bind(std::string(InstanceStateName(r.state))).Bind(r.state_reason).Bind(r.pid1);
  s.Bind(r.pid1_start).Bind(r.boot_id).Bind(r.launch_time).Bind(r.instance_type);
  s.Bind(r.image_id).Bind(r.key_name).Bind(TagsToJson(r.tags)).BindBlob(r.user_data);
  return s.Run();
}

Result<std::optional<InstanceRow>> LocalStore::GetInstance(const std::string& id) {
  return First(Query<InstanceRow>(db_, Select(kInstanceCols, "instances", "WHERE id = ?"), &id,
                                  ReadInstance));
}

Result<std::vector<InstanceRow>> LocalStore::ListInstances() {
  return Query<InstanceRow>(db_, Select(kInstanceCols, "instances", "ORDER BY launch_time, id"),
                            nullptr, ReadInstance);
}

Status LocalStore::DeleteInstance(const std::string& id) {
  Stmt s(db_, "DELETE FROM instances WHERE id = ?");
  s.Bind(id);
  return s.Run();
}

Status LocalStore::PutGroup(const GroupRow& g) {
  Stmt s(db_, (std::string("INSERT OR REPLACE INTO security_groups(") + kGroupCols +
               ") VALUES(?,?,?,?,?,?,?,?,?)").c_str());
  s.Bind(g.id).Bind(g.name).Bind(g.description).Bind(g.vpc_id).Bind(TagsToJson(g.tags));
  s.Bind(PermissionsToJson(g.permissions)).Bind(g.short_id).Bind(g.subnet).Bind(g.create_time);
  return s.Run();
}

Result<std::optional<GroupRow>> LocalStore::GetGroup(const std::string& id) {
  return First(Query<GroupRow>(db_, Select(kGroupCols, "security_groups", "WHERE id = ?"), &id,
                               ReadGroup));
}

Result<std::optional<GroupRow>> LocalStore::GetGroupByName(const std::string& name) {
  return First(Query<GroupRow>(db_, Select(kGroupCols, "security_groups", "WHERE name = ?"),
                               &name, ReadGroup));
}

Result<std::vector<GroupRow>> LocalStore::ListGroups() {
  return Query<GroupRow>(db_, Select(kGroupCols, "security_groups", "ORDER BY name"), nullptr,
                         ReadGroup);
}

Status LocalStore::DeleteGroup(const std::string& id) {
  Stmt s(db_, "DELETE FROM security_groups WHERE id = ?");
  s.Bind(id);
  return s.Run();
}

Status LocalStore::PutKeyPair(const KeyPairRow& k) {
  Stmt s(db_, (std::string("INSERT OR REPLACE INTO key_pairs(") + kKeyCols + ") VALUES(?,?,?,?)")
                  .c_str());
  s.Bind(k.name).Bind(k.fingerprint).Bind(k.public_key).Bind(k.create_time);
  return s.Run();
}

Result<std::optional<KeyPairRow>> LocalStore::GetKeyPair(const std::string& name) {
  return First(Query<KeyPairRow>(db_, Select(kKeyCols, "key_pairs", "WHERE name = ?"), &name,
                                 ReadKeyPair));
}

Result<std::vector<KeyPairRow>> LocalStore::ListKeyPairs() {
  return Query<KeyPairRow>(db_, Select(kKeyCols, "key_pairs", "ORDER BY name"), nullptr,
                           ReadKeyPair);
}

Status LocalStore::DeleteKeyPair(const std::string& name) {
  Stmt s(db_, "DELETE FROM key_pairs WHERE name = ?");
  s.Bind(name);
  return s.Run();
}

Status LocalStore::PutVolume(const VolumeRow& v) {
  Stmt s(db_, (std::string("INSERT OR REPLACE INTO volumes(") + kVolumeCols +
               ") VALUES(?,?,?,?,?,?,?,?,?)").c_str());
  s.Bind(v.id).Bind(static_cast<long long>(v.size_gb)).Bind(v.zone).Bind(v.status);
  s.Bind(v.create_time).Bind(TagsToJson(v.tags)).Bind(v.instance_id).Bind(v.device);
  s.Bind(v.mount_path);
  return s.Run();
}

Result<std::optional<VolumeRow>> LocalStore::GetVolume(const std::string& id) {
  return First(Query<VolumeRow>(db_, Select(kVolumeCols, "volumes", "WHERE id = ?"), &id,
                                ReadVolume));
}

Result<std::vector<VolumeRow>> LocalStore::ListVolumes() {
  return Query<VolumeRow>(db_, Select(kVolumeCols, "volumes", "ORDER BY create_time, id"),
                          nullptr, ReadVolume);
}

Status LocalStore::DeleteVolume(const std::string& id) {
  Stmt s(db_, "DELETE FROM volumes WHERE id = ?");
  s.Bind(id);
  return s.Run();
}

std::string TagsToJson(const Tags& tags) { return nlohmann::json(tags).dump(); }

Tags TagsFromJson(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  Tags tags;
  if (!j.is_object()) return tags;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) tags[it.key()] = it.value().get<std::string>();
  }
  return tags;
}

std::string PermissionsToJson(const std::vector<IpPermission>& perms) {
  nlohmann::json arr = nlohmann::json::array();
  for (const IpPermission& p : perms) {
    arr.push_back({{"protocol", p.protocol}, {"from", p.from_port}, {"to", p.to_port},
                   {"cidr", p.cidr}, {"group", p.source_group}});
  }
  return arr.dump();
}

std::vector<IpPermission> PermissionsFromJson(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  std::vector<IpPermission> out;
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    if (!p.is_object()) continue;
    IpPermission perm;
    perm.protocol = p.value("protocol", "tcp");
    perm.from_port = p.value("from", 0);
    perm.to_port = p.value("to", 0);
    perm.cidr = p.value("cidr", "");
    perm.source_group = p.value("group", "");
    out.push_back(perm);
  }
  return out;
}

}  // namespace corral
