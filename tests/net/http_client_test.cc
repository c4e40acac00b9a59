#include "net/http_client.h"

#include <gtest/gtest.h>

namespace recproc::net {
namespace {

TEST(HttpClient, RedactsSasSignatures) {
  EXPECT_EQ(redact_url("https://a/c?sv=1&sig=abc%2B&se=2"), "https://a/c?sv=1&sig=REDACTED&se=2");
  EXPECT_EQ(redact_url("https://a/c?SIG=abc"), "https://a/c?SIG=REDACTED");
  EXPECT_EQ(redact_url("https://a/c?signature=x"), "https://a/c?signature=x");
  EXPECT_EQ(redact_url("https://a/c"), "https://a/c");
}

TEST(HttpClient, Loopback) {
  EXPECT_TRUE(is_loopback_url("http://127.0.0.1:10000/devstoreaccount1"));
  EXPECT_TRUE(is_loopback_url("http://127.1.2.3/x"));
  EXPECT_TRUE(is_loopback_url("http://localhost:8080"));
  EXPECT_TRUE(is_loopback_url("http://[::1]:10000/a"));
  EXPECT_FALSE(is_loopback_url("http://127.evil.example/a"));
  EXPECT_FALSE(is_loopback_url("http://10.0.0.1/a"));
  EXPECT_FALSE(is_loopback_url("http://user@example.com/127.0.0.1"));
  EXPECT_EQ(url_host("https://u:p@acct.blob.core.windows.net:443/c?sig=x"),
            "acct.blob.core.windows.net:443");
}

TEST(HttpClient, ServerRetryDelay) {
  HttpResponse r;
  EXPECT_FALSE(server_retry_delay(r));
  r.headers = {{"Retry-After", "2"}};
  EXPECT_EQ(server_retry_delay(r), std::chrono::milliseconds(2000));
  r.headers.push_back({"x-ms-retry-after-ms", "150"});
  EXPECT_EQ(server_retry_delay(r), std::chrono::milliseconds(150));
  r.headers.push_back({"Retry-After-Ms", "70"});
  EXPECT_EQ(server_retry_delay(r), std::chrono::milliseconds(70));
  r.headers = {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}};  // in the past
  EXPECT_EQ(server_retry_delay(r), std::chrono::milliseconds(0));
  r.headers = {{"Retry-After", "soon"}};
  EXPECT_FALSE(server_retry_delay(r));
}

}  // namespace
}  // namespace recproc::net
