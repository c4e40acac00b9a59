// Where Azure Storage credentials come from: the environment only (issue 6), never a flag, so a
// secret never reaches /proc/PID/cmdline.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace recproc::azure {

class CredentialChain;

/// One storage account's blob endpoint and how to sign in to it: a Shared Key, a SAS, or a
/// Microsoft Entra ID bearer token (issue 15).
struct StorageCredentials {
  std::string account;        ///< account name; with Shared Key it is part of what is signed
  std::string account_key;    ///< base64 account key; empty when a SAS is used
  std::string sas_token;      ///< query string without the leading '?'; empty with Shared Key
  std::string blob_endpoint;  ///< "https://acct.blob.core.windows.net", no trailing '/'
  /// Set for Entra ID sign-in: shared by every client of a run, so one token serves them all.
  std::shared_ptr<CredentialChain> bearer;
  bool uses_bearer() const { return bearer != nullptr; }
  bool uses_sas() const { return !uses_bearer() && account_key.empty(); }
};

/// Parses an Azure Storage connection string ("AccountName=...;AccountKey=...;BlobEndpoint=...",
/// or "UseDevelopmentStorage=true" for Azurite on its default port). Throws UsageError naming the
/// missing or bad key, never quoting a value.
StorageCredentials parse_connection_string(std::string_view text);

/// Reads AZURE_STORAGE_CONNECTION_STRING, else AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or
/// AZURE_STORAGE_SAS_TOKEN (AZURE_STORAGE_BLOB_ENDPOINT overrides the endpoint). `getenv` is
/// injectable for tests. Throws UsageError when no credentials are set.
StorageCredentials credentials_from_env(
    const std::function<std::optional<std::string>(const char*)>& getenv = {});

}  // namespace recproc::azure
