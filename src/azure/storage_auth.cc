#include "azure/storage_auth.h"

#include "recproc/error.h"

namespace recproc::azure {
namespace {

bool has_key_or_sas(const EnvLookup& env) {
  if (!env_value(env, "AZURE_STORAGE_CONNECTION_STRING").empty()) return true;
  return !env_value(env, "AZURE_STORAGE_ACCOUNT").empty() &&
         (!env_value(env, "AZURE_STORAGE_KEY").empty() ||
          !env_value(env, "AZURE_STORAGE_SAS_TOKEN").empty());
}

StorageCredentials entra_credentials(const CredentialOptions& options) {
  const EnvLookup& env = options.env;
  StorageCredentials c;
  c.account = env_value(env, "AZURE_STORAGE_ACCOUNT");
  if (c.account.empty()) {
    throw UsageError(
        "Microsoft Entra ID sign-in: set AZURE_STORAGE_ACCOUNT to the storage account's name (and "
        "AZURE_STORAGE_BLOB_ENDPOINT for an endpoint other than https://ACCOUNT.blob.core."
        "windows.net)");
  }
  c.blob_endpoint = env_value(env, "AZURE_STORAGE_BLOB_ENDPOINT");
  while (!c.blob_endpoint.empty() && c.blob_endpoint.back() == '/') c.blob_endpoint.pop_back();
  if (c.blob_endpoint.empty()) c.blob_endpoint = "https://" + c.account + ".blob.core.windows.net";
  c.bearer = default_credential(options);
  return c;
}

}  // namespace

AuthMode parse_auth_mode(std::string_view text) {
  if (text == "auto") return AuthMode::kAuto;
  if (text == "key") return AuthMode::kKey;
  if (text == "sas") return AuthMode::kSas;
  if (text == "entra") return AuthMode::kEntra;
  throw UsageError("\"" + std::string(text) + "\": expected auto, key, sas or entra");
}

StorageCredentials storage_credentials(AuthMode mode, const CredentialOptions& options) {
  const EnvLookup& env = options.env;
  switch (mode) {
    case AuthMode::kEntra:
      return entra_credentials(options);
    case AuthMode::kAuto:
      if (has_key_or_sas(env)) return credentials_from_env(env);
      if (!env_value(env, "AZURE_STORAGE_ACCOUNT").empty()) return entra_credentials(options);
      throw UsageError(
          "no Azure Storage credentials: set AZURE_STORAGE_CONNECTION_STRING, or "
          "AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN, or "
          "AZURE_STORAGE_ACCOUNT alone to sign in with Microsoft Entra ID");
    case AuthMode::kKey: {
      StorageCredentials c = credentials_from_env(env);
      if (c.uses_sas()) {
        throw UsageError("account key sign-in: the environment holds a SAS, not an account key");
      }
      return c;
    }
    case AuthMode::kSas: {
      StorageCredentials c = credentials_from_env(env);
      if (!c.uses_sas()) {
        throw UsageError("SAS sign-in: the environment holds an account key, not a SAS");
      }
      return c;
    }
  }
  RECPROC_ASSERT(false);
  return {};
}

}  // namespace recproc::azure
