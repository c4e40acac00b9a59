// One access token for one scope, for a client that sends it as "Authorization: Bearer" and asks
// for a new one when the service answers 401 (Log Analytics, issue 7). The tokens come from a
// CredentialChain (issue 15), which caches them.
#pragma once

#include <memory>
#include <string>

#include "azure/credential.h"

namespace recproc::azure {

class EntraToken {
 public:
  /// `scope` such as "https://api.loganalytics.io/.default".
  EntraToken(std::shared_ptr<CredentialChain> chain, std::string scope)
      : chain_(std::move(chain)), scope_(std::move(scope)) {}

  /// The cached token, fetched when there is none or it is about to expire. Throws as
  /// CredentialChain::token.
  std::string get() { return chain_->token(scope_); }
  /// Drops the cached token and fetches a new one: for a resource that answered 401.
  std::string refresh() {
    chain_->invalidate(scope_);
    return chain_->token(scope_);
  }
  /// How many tokens were fetched so far.
  int fetches() const { return chain_->fetches(); }
  /// The source that signed in, for messages.
  std::string source() const { return chain_->source(); }

 private:
  std::shared_ptr<CredentialChain> chain_;
  std::string scope_;
};

}  // namespace recproc::azure
