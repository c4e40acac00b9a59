#include "azure/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <new>

#include "recproc/error.h"

namespace recproc::azure {
namespace {

// OpenSSL's digests and encoders are built in: a call fails only when it cannot allocate.
void check_openssl(bool ok) {
  if (!ok) throw std::bad_alloc();
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/';
    // '=' only as one or two trailing pad characters.
    bool pad = c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=');
    if (!alpha && !pad) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes of output.
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  unsigned char* ok =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  check_openssl(ok != nullptr);
  return std::string(reinterpret_cast<char*>(mac), len);
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

Digest::Digest(const void* evp_md) : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
  check_openssl(EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_),
                                  static_cast<const EVP_MD*>(evp_md), nullptr) == 1);
}

Digest::~Digest() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Digest::update(std::string_view bytes) {
  check_openssl(EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size()) == 1);
}

std::string Digest::digest() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  check_openssl(EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len) == 1);
  return std::string(reinterpret_cast<char*>(md), len);
}

Md5::Md5() : Digest(EVP_md5()) {}
Sha256::Sha256() : Digest(EVP_sha256()) {}

std::string content_md5(std::string_view bytes) {
  Md5 md5;
  md5.update(bytes);
  return base64_encode(md5.digest());
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  check_openssl(EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) == 1);
  return hex_encode(std::string_view(reinterpret_cast<char*>(md), len));
}

namespace {

// OpenSSL loads its providers (and their locks) on first use and does not survive a failed
// allocation there: it dereferences the lock it could not create. So the digests recproc uses
// are loaded once before main, where failing is like any library's static initialiser failing.
[[maybe_unused]] const bool kDigestsLoaded = [] {
  sha256_hex("");
  content_md5("");
  hmac_sha256("k", "");
  return true;
}();

}  // namespace

}  // namespace recproc::azure
