// The few primitives Azure's protocols need, over OpenSSL: base64, HMAC-SHA256 for Shared Key,
// MD5 for Content-MD5 (the service checks what it received against it), SHA-256 for tests.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recproc::azure {

/// Standard base64 with padding: base64_encode("hi") == "aGk=".
std::string base64_encode(std::string_view bytes);

/// Strict base64 (standard alphabet, padding required); nullopt on anything else.
std::optional<std::string> base64_decode(std::string_view text);

/// Raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view message);

/// Lower-case hex of the bytes: hex_encode("\x01\xff") == "01ff".
std::string hex_encode(std::string_view bytes);

/// A streaming hash: update() in any number of pieces, then digest() once.
class Digest {
 public:
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  void update(std::string_view bytes);
  /// The raw digest; the object must not be updated afterwards.
  std::string digest();

 protected:
  explicit Digest(const void* evp_md);

 private:
  void* ctx_;  // EVP_MD_CTX, kept opaque so OpenSSL headers stay out of this one
};

class Md5 final : public Digest {
 public:
  Md5();
};

/// Also checks sharded outputs against their manifests (issue 14).
class Sha256 final : public Digest {
 public:
  Sha256();
};

/// MD5 of one buffer, base64-encoded as Content-MD5 wants it.
std::string content_md5(std::string_view bytes);

/// SHA-256 of one buffer as lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace recproc::azure
