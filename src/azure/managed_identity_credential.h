// Managed identity (issue 15), as the Azure SDKs' ManagedIdentityCredential does it:
//   App Service / Functions / Container Apps: IDENTITY_ENDPOINT + IDENTITY_HEADER,
//     GET {IDENTITY_ENDPOINT}?resource=R&api-version=2019-08-01, header X-IDENTITY-HEADER
//     https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
//   Virtual machines and scale sets: the Instance Metadata Service,
//     GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=R,
//     header Metadata: true
//     https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token
// AZURE_CLIENT_ID picks a user-assigned identity (client_id=). RECPROC_IMDS_ENDPOINT replaces
// http://169.254.169.254, for tests only. Where there is no IMDS the connection fails within
// about a second and the chain goes on.
#pragma once

#include <string>

#include "azure/credential.h"

namespace recproc::azure {

/// Where IMDS listens on every Azure VM.
inline constexpr const char* kImdsEndpoint = "http://169.254.169.254";

class ManagedIdentityCredential : public TokenCredential {
 public:
  explicit ManagedIdentityCredential(CredentialOptions options);
  AccessToken fetch_token(const std::string& scope) override;
  std::string name() const override;

 private:
  bool app_service() const;

  CredentialOptions options_;
  net::HttpClient http_;
  bool reached_ = false;  // an endpoint answered once: later failures are errors, not absence
};

}  // namespace recproc::azure
