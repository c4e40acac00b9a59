// The Azure CLI's signed-in account (issue 15), as the Azure SDKs' AzureCliCredential does it:
//   az account get-access-token --output json --resource R
// run directly (no shell) from PATH; its JSON holds accessToken and expires_on (seconds since the
// epoch, az 2.54 and later) or expiresOn (local time "2024-05-01 10:00:00.000000").
// https://learn.microsoft.com/cli/azure/account#az-account-get-access-token
#pragma once

#include <string>

#include "azure/credential.h"

namespace recproc::azure {

class AzureCliCredential : public TokenCredential {
 public:
  explicit AzureCliCredential(CredentialOptions options) : options_(std::move(options)) {}
  AccessToken fetch_token(const std::string& scope) override;
  std::string name() const override { return "Azure CLI (az)"; }

 private:
  CredentialOptions options_;
};

}  // namespace recproc::azure
