// Shared Key signing and the crypto under it, checked against values computed outside recproc.
#include "azure/shared_key.h"

#include <gtest/gtest.h>

#include "azure/crypto.h"

namespace recproc::azure {
namespace {

// Azurite's published development key (public, not a secret).
constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

net::HttpRequest put_block_request() {
  net::HttpRequest r;
  r.method = "PUT";
  r.url =
      "http://127.0.0.1:10000/devstoreaccount1/logs/night/"
      "a%20b.csv?comp=block&blockid=YWJj%2B%2F8%3D";
  r.headers = {{"x-ms-version", "2024-11-04"},    {"X-MS-Date", "Sun, 11 Oct 2009 21:49:13 GMT"},
               {"x-ms-blob-type", " BlockBlob "}, {"Content-MD5", "XUFAKrxLKna5cZ2REBfFkg=="},
               {"Content-Type", "text/csv"},      {"If-None-Match", "*"}};
  r.body = "hello";
  return r;
}

TEST(SharedKey, StringToSignFollowsTheBlobServiceRules) {
  // Standard headers in their fixed order, x-ms-* lower-cased and sorted with trimmed values,
  // then /account + the encoded path, then query names sorted with decoded values.
  EXPECT_EQ(shared_key_string_to_sign(put_block_request(), "devstoreaccount1"),
            "PUT\n"
            "\n"   // Content-Encoding
            "\n"   // Content-Language
            "5\n"  // Content-Length
            "XUFAKrxLKna5cZ2REBfFkg==\n"
            "text/csv\n"
            "\n"   // Date
            "\n"   // If-Modified-Since
            "\n"   // If-Match
            "*\n"  // If-None-Match
            "\n"   // If-Unmodified-Since
            "\n"   // Range
            "x-ms-blob-type:BlockBlob\n"
            "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
            "x-ms-version:2024-11-04\n"
            "/devstoreaccount1/devstoreaccount1/logs/night/a%20b.csv\n"
            "blockid:YWJj+/8=\n"
            "comp:block");
}

TEST(SharedKey, SignatureMatchesOpenSslHmac) {
  // Computed independently:
  //   KEY='Eby8vdM0...GMGw=='   (kDevKey)
  //   STS=$'PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\ntext/csv\n\n\n\n*\n\n\nx-ms-blob-type:BlockBlob\n
  //         x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2024-11-04\n
  //         /devstoreaccount1/devstoreaccount1/logs/night/a%20b.csv\nblockid:YWJj+/8=\ncomp:block'
  //   HEX=$(printf '%s' "$KEY" | base64 -d | xxd -p -c 256)
  //   printf '%s' "$STS" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$HEX -binary | base64
  net::HttpRequest r = put_block_request();
  sign_shared_key(r, "devstoreaccount1", kDevKey);
  EXPECT_EQ(r.headers.back().name, "Authorization");
  EXPECT_EQ(r.headers.back().value,
            "SharedKey devstoreaccount1:AGf0So4Hi8L58821pH+ANxCi8ozchbx+6h8oFp504p8=");
}

TEST(SharedKey, EmptyBodyAndContainerResource) {
  // Content-Length 0 is signed as "" (version 2015-02-21 and later); a URL with no blob path.
  // STS=$'PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n
  //       x-ms-version:2024-11-04\n/myaccount/mycontainer\nrestype:container'
  // printf '%s' "$STS" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key as hex> -binary |
  // base64
  net::HttpRequest r;
  r.method = "PUT";
  r.url = "https://myaccount.blob.core.windows.net/mycontainer?restype=container";
  r.headers = {{"x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT"}, {"x-ms-version", "2024-11-04"}};
  EXPECT_EQ(shared_key_string_to_sign(r, "myaccount"),
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
            "x-ms-version:2024-11-04\n/myaccount/mycontainer\nrestype:container");
  EXPECT_EQ(shared_key_signature(kDevKey, shared_key_string_to_sign(r, "myaccount")),
            "69Vh9wCLo4DKx6eLGTSYneZaXxEKqOOb6o+VfVvYY0I=");
}

TEST(SharedKey, RepeatedQueryParametersAreJoinedSorted) {
  net::HttpRequest r;
  r.method = "GET";
  r.url = "https://a.blob.core.windows.net/c?Include=snapshots&include=metadata&comp=list";
  EXPECT_TRUE(
      shared_key_string_to_sign(r, "a").ends_with("/a/c\ncomp:list\ninclude:metadata,snapshots"));
}

TEST(SharedKey, Rfc1123DateShape) {
  std::string now = rfc1123_now();
  ASSERT_EQ(now.size(), 29u) << now;
  EXPECT_TRUE(now.ends_with(" GMT")) << now;
  EXPECT_EQ(now[3], ',');
}

TEST(Crypto, Base64RoundTripAndStrictness) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("hi"), "aGk=");
  EXPECT_EQ(base64_encode("abc"), "YWJj");
  EXPECT_EQ(base64_decode("aGk="), std::optional<std::string>("hi"));
  EXPECT_EQ(base64_decode("YWJj"), std::optional<std::string>("abc"));
  EXPECT_EQ(base64_decode("YQ=="), std::optional<std::string>("a"));
  EXPECT_EQ(base64_decode(""), std::optional<std::string>(""));
  EXPECT_FALSE(base64_decode("aGk"));
  EXPECT_FALSE(base64_decode("a=Gk"));
  EXPECT_FALSE(base64_decode("not base64!"));
}

TEST(Crypto, DigestsMatchOpenSslCommandLine) {
  // printf 'hello' | openssl md5 -binary | base64
  EXPECT_EQ(content_md5("hello"), "XUFAKrxLKna5cZ2REBfFkg==");
  // printf 'hello' | sha256sum
  EXPECT_EQ(sha256_hex("hello"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  Md5 pieces;
  pieces.update("he");
  pieces.update("");
  pieces.update("llo");
  EXPECT_EQ(base64_encode(pieces.digest()), "XUFAKrxLKna5cZ2REBfFkg==");
  EXPECT_EQ(hex_encode("\x01\xff"), "01ff");
}

}  // namespace
}  // namespace recproc::azure
