// A recording HttpClient for tests: answers from a queue of canned responses, then from a
// handler, and keeps every request it was sent.
#ifndef CORRAL_TESTING_FAKE_HTTP_CLIENT_H_
#define CORRAL_TESTING_FAKE_HTTP_CLIENT_H_

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/ec2/http_client.h"

namespace corral {

class FakeHttpClient : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  // Queues one answer; queued answers are used first, in order.
  void Push(Result<HttpResponse> response);
  void Push(int status, std::string body);
  // Answers everything once the queue is empty (default: HTTP 500 with an empty body).
  void SetHandler(Handler handler);

  Result<HttpResponse> Send(const HttpRequest& request) override;
  std::vector<HttpRequest> requests() const;

 private:
  mutable std::mutex mu_;
  std::deque<Result<HttpResponse>> queue_;
  Handler handler_;
  std::vector<HttpRequest> requests_;
};

// Decodes %XX escapes (and nothing else: '+' stays '+', as in SigV4's encoding).
std::string PercentDecode(const std::string& s);

// The value of form field `name` in an application/x-www-form-urlencoded body ("" if absent).
std::string FormField(const std::string& body, const std::string& name);

}  // namespace corral

#endif  // CORRAL_TESTING_FAKE_HTTP_CLIENT_H_
