// Test helpers for issue 15: starts tests/azure/fake_token_server.py (Entra ID, IMDS and App
// Service token endpoints) on a free 127.0.0.1 port, reads what it recorded, and lets a test
// change its answers through its control file.
#pragma once

#include <netinet/in.h>
#include <simdjson.h>
#include <sys/socket.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "azure/crypto.h"
#include "logs_fake_server.h"

namespace recproc::azure::testing {

inline constexpr const char* kIdentityHeader = "CANARY-identity-header-7d1e";

/// A 127.0.0.1 port on which nothing listens: bound once, then closed.
inline int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class FakeTokenServer {
 public:
  FakeTokenServer() {
    record_ = dir_.path() / "requests.jsonl";
    control_ = dir_.path() / "control.json";
    server_ = std::make_unique<PythonServer>(
        "fake_token_server.py",
        std::vector<std::string>{"--record", record_.string(), "--control", control_.string()},
        std::map<std::string, std::string>{{"FAKE_TENANT_ID", kTenant},
                                           {"FAKE_CLIENT_ID", kClientId},
                                           {"FAKE_CLIENT_SECRET", kSecret},
                                           {"FAKE_IDENTITY_HEADER", kIdentityHeader}});
  }
  FakeTokenServer(const FakeTokenServer&) = delete;
  FakeTokenServer& operator=(const FakeTokenServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  /// One JSON object per request received, in order.
  std::vector<std::string> requests() const {
    return std::filesystem::exists(record_) ? lines_of(read_file(record_))
                                            : std::vector<std::string>{};
  }
  /// Replaces the control file (see fake_token_server.py): "{\"lifetime\": -600}".
  void control(const std::string& json) const { std::ofstream(control_) << json; }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::filesystem::path record_;
  std::filesystem::path control_;
  std::unique_ptr<PythonServer> server_;
};

/// The string value at `path` ("form", "client_id") in one recorded request; "" when absent.
inline std::string field(const std::string& json, std::initializer_list<const char*> path) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(json).get(e)) return "";
  for (const char* key : path) {
    if (e.at_key(key).get(e)) return "";
  }
  if (e.is_bool()) return e.get_bool().value() ? "true" : "false";
  std::string_view s;
  if (e.get_string().get(s)) return "";
  return std::string(s);
}

/// The claims of a JWT (its middle part, base64url), as JSON text.
inline std::string jwt_claims(const std::string& token) {
  auto a = token.find('.');
  auto b = token.find('.', a + 1);
  std::string part = token.substr(a + 1, b - a - 1);
  for (char& ch : part) ch = ch == '-' ? '+' : ch == '_' ? '/' : ch;
  while (part.size() % 4 != 0) part += '=';
  return base64_decode(part).value_or("");
}

}  // namespace recproc::azure::testing
