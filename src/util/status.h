// Status and Result<T>: errors as values, never exceptions across corral's own APIs.
//
// A Status is a code plus a human message. Messages are lower-case, specific, without a trailing
// period; each layer adds context with WithContext ("loading 'x.ini': line 12: ..."). A Status can
// be marked retryable (throttling, 5xx, eventual consistency) so that retry loops need not parse
// messages.
#ifndef CORRAL_UTIL_STATUS_H_
#define CORRAL_UTIL_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace corral {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad user input: config, flags, arguments (exit code 2)
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // creating something that is there already
  kFailedPrecondition,  // the world is not in the state the operation needs
  kPermissionDenied,    // missing privileges (e.g. root for the local provider)
  kUnauthenticated,     // bad or missing credentials
  kResourceExhausted,   // throttling, insufficient capacity, quotas
  kUnavailable,         // transient: connection refused, 5xx, not yet visible
  kDeadlineExceeded,    // a wait ran out of time
  kCancelled,           // the user interrupted (Ctrl-C) or declined a confirmation
  kUnimplemented,       // the provider or image does not support this
  kInternal,            // a bug or an unexpected response
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool retryable() const { return retryable_; }

  // Returns a copy marked as retryable (or not).
  Status Retryable(bool retryable = true) const;
  // Returns a copy whose message is "<context>: <message>"; an OK status stays OK.
  Status WithContext(const std::string& context) const;
  // "<message>" for errors, "ok" for success.
  std::string ToString() const;
  // The process exit code for this status: 0 ok, 2 invalid argument, 1 anything else.
  int ExitCode() const;

  // Marks a Status as deliberately ignored.
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  bool retryable_ = false;
};

inline bool operator==(const Status& a, const Status& b) {
  return a.code() == b.code() && a.message() == b.message();
}

// Convenience constructors, one per code that callers use often.
Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status AlreadyExists(std::string message);
Status FailedPrecondition(std::string message);
Status PermissionDenied(std::string message);
Status Unauthenticated(std::string message);
Status ResourceExhausted(std::string message);
Status Unavailable(std::string message);
Status DeadlineExceeded(std::string message);
Status Cancelled(std::string message);
Status Unimplemented(std::string message);
Status Internal(std::string message);

// Maps an errno value to a Status: "<what>: <strerror>".
Status ErrnoStatus(const std::string& what, int err);

// Either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}                       // NOLINT: implicit on purpose
  Result(Status status) : value_(std::move(status)) {}                // NOLINT: implicit on purpose
  Result(StatusCode code, std::string msg) : value_(Status(code, std::move(msg))) {}

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status() : std::get<Status>(value_); }

  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T value_or(T fallback) const { return ok() ? std::get<T>(value_) : std::move(fallback); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> value_;
};

namespace internal {
inline Status AsStatus(const Status& s) { return s; }
template <typename T>
Status AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace corral

#define CORRAL_CONCAT_INNER(a, b) a##b
#define CORRAL_CONCAT(a, b) CORRAL_CONCAT_INNER(a, b)

// Returns from the current function if `expr` (a Status or Result) is not OK.
#define RETURN_IF_ERROR(expr)                                          \
  do {                                                                 \
    ::corral::Status _st = ::corral::internal::AsStatus((expr));       \
    if (!_st.ok()) return _st;                                         \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, F());` declares x from a Result or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(CORRAL_CONCAT(_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

#endif  // CORRAL_UTIL_STATUS_H_
