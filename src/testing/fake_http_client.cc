#include "testing/fake_http_client.h"

#include "util/strings.h"

namespace corral {

void FakeHttpClient::Push(Result<HttpResponse> response) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(response));
}

void FakeHttpClient::Push(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  Push(Result<HttpResponse>(std::move(r)));
}

void FakeHttpClient::SetHandler(Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handler_ = std::move(handler);
}

Result<HttpResponse> FakeHttpClient::Send(const HttpRequest& request) {
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    if (!queue_.empty()) {
      Result<HttpResponse> r = std::move(queue_.front());
      queue_.pop_front();
      return r;
    }
    handler = handler_;
  }
  if (handler) return handler(request);
  HttpResponse r;
  r.status = 500;
  return r;
}

std::vector<HttpRequest> FakeHttpClient::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string FormField(const std::string& body, const std::string& name) {
  for (const std::string& pair : Split(body, '&')) {
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1));
  }
  return "";
}

}  // namespace corral
