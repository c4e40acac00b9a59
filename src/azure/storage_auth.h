// How `upload` and `run --upload` sign in to Blob Storage: `--auth auto|key|sas|entra`
// (issue 15).
//   auto   a connection string, account key or SAS from the environment when one is set (as
//          before issue 15), else Microsoft Entra ID through the CredentialChain
//   key    an account key only (AZURE_STORAGE_CONNECTION_STRING with AccountKey, or
//          AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY)
//   sas    a SAS only
//   entra  the CredentialChain only; the account comes from AZURE_STORAGE_ACCOUNT (and
//          AZURE_STORAGE_BLOB_ENDPOINT when it is not https://ACCOUNT.blob.core.windows.net)
#pragma once

#include <string>
#include <string_view>

#include "azure/connection_string.h"
#include "azure/credential.h"

namespace recproc::azure {

enum class AuthMode { kAuto, kKey, kSas, kEntra };

/// "auto", "key", "sas", "entra"; throws UsageError naming the text otherwise.
AuthMode parse_auth_mode(std::string_view text);

/// The credentials `mode` asks for, from `options.env` (else the process environment). For
/// Entra ID the chain is built but not asked for a token yet. Throws UsageError when what the
/// mode needs is not set.
StorageCredentials storage_credentials(AuthMode mode, const CredentialOptions& options);

}  // namespace recproc::azure
